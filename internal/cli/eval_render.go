//go:build !norender

package cli

import (
	"context"

	"github.com/cgraph/cgraph/viz/render"
)

// The renderer links Graphviz compiled to WebAssembly, whose init costs
// every start of the binary about 40 ms (1 s before wazero's cache in the
// user's cache directory is warm, see internal/gvcache). Building with
// -tags norender leaves it out for scripts that call cgraph often and never
// draw; --dot still works.

func renderSVG(ctx context.Context, dot []byte) ([]byte, error) { return render.SVG(ctx, dot) }

func renderPNG(ctx context.Context, dot []byte) ([]byte, error) { return render.PNG(ctx, dot, 0) }

// cacheProblem says why Graphviz starts without its compilation cache; a
// variable so that a test can make it say something.
var cacheProblem = render.CacheProblem
