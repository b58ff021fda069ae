//go:build !norender

package cli

import (
	"context"
	"sync"
	"time"

	"github.com/cgraph/cgraph/viz/render"
)

// The renderer links Graphviz compiled to WebAssembly, whose init costs
// every start of the binary about 40 ms (1 s before wazero's cache in the
// user's cache directory is warm, see internal/gvcache). Building with
// -tags norender leaves it out for scripts that call cgraph often and never
// draw; --dot still works.

// Diagrams are laid out in a child process (render.Pool), as the server
// does, so that Ctrl-C stops a long layout at once: Graphviz in this
// process could not be stopped, and a garbage collection, with the signal
// handling, waited for it. The child starts on the first diagram (about
// 40 ms with a warm cache), draws the others of the process (the kernel's
// magics run here too), and dies with cgraph. Its memory is bounded only
// by the default --max-memory (in-process, nothing bounded it).
var renderPool = sync.OnceValue(func() *render.Pool {
	return render.NewPool(&render.PoolOptions{MaxRSS: defaultMaxMemory})
})

func renderSVG(ctx context.Context, dot []byte) ([]byte, error) { return renderPool().SVG(ctx, dot) }

func renderPNG(ctx context.Context, dot []byte) ([]byte, error) { return renderPool().PNG(ctx, dot, 0) }

// checkLayout refuses a diagram whose layout is predicted to take longer
// than limit (render.Estimate); limit ≤ 0 lifts it.
func checkLayout(dot []byte, limit time.Duration) error {
	if limit <= 0 {
		return nil
	}
	if c := render.Estimate(dot); c.Predicted > limit {
		unit := 100 * time.Millisecond
		if c.Predicted > time.Minute {
			unit = time.Minute
		}
		return usagef("the diagram would take about %v to lay out (%d nodes, %d edges, %d virtual nodes; --layout-limit %v): "+
			"draw one pass (--view forward or backward) or without --hand, write --dot, or give --layout-limit 0 to wait for it",
			c.Predicted.Round(unit), c.Nodes, c.Edges, c.Virtual, limit)
	}
	return nil
}

// cacheProblem says why Graphviz starts without its compilation cache; a
// variable so that a test can make it say something.
var cacheProblem = render.CacheProblem
