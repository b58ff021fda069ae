package web

import (
	"container/list"
	"context"
	"crypto/sha256"
	"sync"
)

// svgCache remembers the SVG of recently rendered DOT texts. Graphviz runs
// a few layouts at a time (the server's render.Pool), so a class opening
// the same preset would queue behind each other without it. The cache is
// keyed by the DOT text itself, so it holds nothing that one user could see
// and another could not have computed.
type svgCache struct {
	draw     func(ctx context.Context, dot []byte) ([]byte, error)
	mu       sync.Mutex
	max      int // entries
	maxBytes int // of all SVGs
	bytes    int
	order    *list.List // of *svgEntry, most recent first
	byKey    map[[32]byte]*list.Element
	// drawing holds the renders in flight: a class opening the same
	// preset at once waits for one layout instead of queueing for many.
	drawing map[[32]byte]*drawCall
}

type drawCall struct {
	done chan struct{}
	svg  []byte
	err  error
}

type svgEntry struct {
	key [32]byte
	svg []byte
}

func newSVGCache(max, maxBytes int, draw func(context.Context, []byte) ([]byte, error)) *svgCache {
	return &svgCache{draw: draw, max: max, maxBytes: maxBytes, order: list.New(),
		byKey: make(map[[32]byte]*list.Element), drawing: make(map[[32]byte]*drawCall)}
}

func (c *svgCache) render(ctx context.Context, dot []byte) ([]byte, error) {
	key := sha256.Sum256(dot)
	c.mu.Lock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		svg := e.Value.(*svgEntry).svg
		c.mu.Unlock()
		return svg, nil
	}
	if call, ok := c.drawing[key]; ok {
		c.mu.Unlock()
		select {
		case <-call.done:
			if call.err == nil {
				return call.svg, nil
			}
			// The drawing request failed (its deadline, say): draw anew
			// under this request's own context.
			return c.draw(ctx, dot)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	call := &drawCall{done: make(chan struct{})}
	c.drawing[key] = call
	c.mu.Unlock()
	svg, err := c.draw(ctx, dot)
	call.svg, call.err = svg, err
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.drawing, key)
	close(call.done)
	if err != nil {
		return nil, err
	}
	if _, ok := c.byKey[key]; !ok && len(svg) <= c.maxBytes/4 {
		c.byKey[key] = c.order.PushFront(&svgEntry{key: key, svg: svg})
		c.bytes += len(svg)
		for c.order.Len() > c.max || c.bytes > c.maxBytes {
			old := c.order.Remove(c.order.Back()).(*svgEntry)
			delete(c.byKey, old.key)
			c.bytes -= len(old.svg)
		}
	}
	return svg, nil
}
