package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// gate admits heavy work: at most slots requests at once; up to queue
// more wait for a slot, each for at most wait; any other is turned away at
// once with 503 and Retry-After. A flood thus costs the server the memory
// and cores of slots requests, and its clients a quick answer, never a
// connection left hanging until the deadline.
type gate struct {
	name    string
	slots   chan struct{}
	queue   int64
	wait    time.Duration
	waiting atomic.Int64
}

func newGate(name string, slots, queue int, wait time.Duration) *gate {
	return &gate{name: name, slots: make(chan struct{}, max(slots, 1)), queue: int64(queue), wait: wait}
}

// enter waits for a slot; the caller must call the returned function when
// done. Its error is an *httpError (503 with Retry-After) or ctx's error.
func (g *gate) enter(ctx context.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, g.busy()
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-t.C:
		return nil, g.busy()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *gate) leave() { <-g.slots }

func (g *gate) busy() *httpError {
	secs := max(1, int(g.wait.Round(time.Second)/time.Second))
	return &httpError{
		Status: http.StatusServiceUnavailable,
		Msg:    fmt.Sprintf("the server is busy with other %s requests; try again in %d s", g.name, secs),
		Header: http.Header{"Retry-After": {strconv.Itoa(secs)}},
	}
}

// memoryError refuses a request that would need more than budget bytes.
func memoryError(what string, need, budget int64) *httpError {
	return badRequest("%s needs about %d MiB, more than this server's %d MiB for such requests (cgraph serve --max-memory): ask for less",
		what, mib(need), mib(budget))
}

func mib(b int64) int64 { return (b + 1<<20 - 1) >> 20 }

// budget is a pool of bytes that requests take before they allocate and
// give back when done; a request that cannot get its bytes within wait is
// turned away with 503, and one that asks for more than the whole pool
// with 400.
type budget struct {
	name    string
	total   int64
	wait    time.Duration
	mu      sync.Mutex
	free    int64
	changed chan struct{} // closed and replaced whenever bytes come back
}

func newBudget(name string, total int64, wait time.Duration) *budget {
	return &budget{name: name, total: total, free: total, wait: wait, changed: make(chan struct{})}
}

// take waits for n bytes; the caller must call the returned function when
// the bytes are free again.
func (b *budget) take(ctx context.Context, what string, n int64) (func(), error) {
	if n > b.total {
		return nil, memoryError(what, n, b.total)
	}
	t := time.NewTimer(b.wait)
	defer t.Stop()
	for {
		b.mu.Lock()
		if b.free >= n {
			b.free -= n
			b.mu.Unlock()
			return func() { b.give(n) }, nil
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ch:
		case <-t.C:
			secs := max(1, int(b.wait.Round(time.Second)/time.Second))
			return nil, &httpError{
				Status: http.StatusServiceUnavailable,
				Msg:    fmt.Sprintf("the server's %s memory is in use by other requests; try again in %d s", b.name, secs),
				Header: http.Header{"Retry-After": {strconv.Itoa(secs)}},
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (b *budget) give(n int64) {
	b.mu.Lock()
	b.free += n
	close(b.changed)
	b.changed = make(chan struct{})
	b.mu.Unlock()
}
