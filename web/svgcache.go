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
}

type svgEntry struct {
	key [32]byte
	svg []byte
}

func newSVGCache(max, maxBytes int, draw func(context.Context, []byte) ([]byte, error)) *svgCache {
	return &svgCache{draw: draw, max: max, maxBytes: maxBytes, order: list.New(), byKey: make(map[[32]byte]*list.Element)}
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
	c.mu.Unlock()
	svg, err := c.draw(ctx, dot)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
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
