package web

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestGate(t *testing.T) {
	g := newGate("test", 1, 1, 50*time.Millisecond)
	ctx := context.Background()
	leave, err := g.enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// One may wait; it gets the slot when it is left.
	got := make(chan error, 1)
	go func() {
		l, err := g.enter(ctx)
		if err == nil {
			l()
		}
		got <- err
	}()
	for g.waiting.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	// A third finds the queue full: 503 at once, with Retry-After.
	_, err = g.enter(ctx)
	var he *httpError
	if !errors.As(err, &he) || he.Status != http.StatusServiceUnavailable || he.Header.Get("Retry-After") == "" {
		t.Errorf("third request: %v; want 503 with Retry-After", err)
	}
	leave()
	if err := <-got; err != nil {
		t.Errorf("the waiting request: %v", err)
	}
	// A wait longer than the gate's is turned away too.
	leave, _ = g.enter(ctx)
	if _, err := g.enter(ctx); !errors.As(err, &he) || he.Status != http.StatusServiceUnavailable {
		t.Errorf("after waiting: %v; want 503", err)
	}
	leave()
}

func TestBudget(t *testing.T) {
	b := newBudget("test", 100, 50*time.Millisecond)
	ctx := context.Background()
	var he *httpError
	if _, err := b.take(ctx, "this", 101); !errors.As(err, &he) || he.Status != http.StatusBadRequest {
		t.Errorf("more than the whole budget: %v; want 400", err)
	}
	give, err := b.take(ctx, "this", 60)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.take(ctx, "this", 60); !errors.As(err, &he) || he.Status != http.StatusServiceUnavailable {
		t.Errorf("while the bytes are taken: %v; want 503", err)
	}
	go func() { time.Sleep(10 * time.Millisecond); give() }()
	b.wait = 10 * time.Second // the bytes come back long before
	if give2, err := b.take(ctx, "this", 60); err != nil {
		t.Errorf("after they come back: %v", err)
	} else {
		give2()
	}
}

// TestVanishMemoryEstimate: a sweep's estimate is made before anything is
// allocated, and one that cannot fit this server's budget is refused with
// 400 at once.
func TestVanishMemoryEstimate(t *testing.T) {
	s := New(&Options{MaxMemory: 256 << 20})
	defer s.Close()
	start := time.Now()
	code, resp := post(t, s, "/api/vanish", map[string]any{"depth": 150, "width": 128, "samples": 64,
		"activations": []string{"sigmoid"}, "inits": []string{"normal"}})
	if code != http.StatusBadRequest || time.Since(start) > time.Second {
		t.Errorf("status %d after %v: %v; want 400 at once", code, time.Since(start), resp["error"])
	}
	t.Log(resp["error"])
	// Measured (lab.Run's allocations, see lab.Config.Bytes): 47 MiB at
	// depth 150, width 128, 64 samples.
	if got := vanishBytes(150, 128, 64); got < 47<<20 || got > 80<<20 {
		t.Errorf("vanishBytes(150, 128, 64) = %d MiB; measured 47 MiB", got>>20)
	}
}
