package expr_test

import (
	"math"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
)

// TestNewFunctions evaluates softplus, abs, sqrt, sin, cos, max and min in
// programs and holds each to two oracles: the closed form of its value and
// gradient, and central differences (cgraph.Check).
func TestNewFunctions(t *testing.T) {
	sigma := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	tests := []struct {
		src  string
		x, y float64
		// The closed forms of the output and of ∂out/∂x and ∂out/∂y.
		value, dx, dy float64
	}{
		{"out = softplus(2*x) + y", 0.3, 1, math.Log(1+math.Exp(0.6)) + 1, 2 * sigma(0.6), 1},
		{"out = softplus(x - y)", -3, 2, math.Log(1 + math.Exp(-5)), sigma(-5), -sigma(-5)},
		{"out = abs(x - y)", 0.3, 1, 0.7, -1, 1},
		{"out = abs(x*y)", -0.5, 3, 1.5, -3, 0.5},
		{"out = sqrt(x*x + y*y)", 0.3, 0.4, 0.5, 0.6, 0.8},
		{"out = sqrt(x) * y", 2.25, 2, 3, 2 / 3.0, 1.5},
		{"out = sin(x) * cos(y)", 0.3, 1.1, math.Sin(0.3) * math.Cos(1.1), math.Cos(0.3) * math.Cos(1.1), -math.Sin(0.3) * math.Sin(1.1)},
		{"out = sin(x)^2 + cos(x)^2 + y", 0.7, 2, 3, 0, 1},
		{"out = max(x, 1 - x) * y", 0.3, 2, 1.4, -2, 0.7},
		{"out = max(x, y^2)", 0.8, 0.5, 0.8, 1, 0},
		{"out = min(x, x^2) + y", 0.3, 1, 1.09, 0.6, 1},
		{"out = min(x*y, 1)", 0.3, 2, 0.6, 2, 0.3},
		// max + min is x + y, also at a tie, where each gets half from both.
		{"out = max(x, y) + min(x, y)", 0.5, 0.5, 1, 1, 1},
		{"out = max(x, y) + min(x, y)", 0.2, 0.5, 0.7, 1, 1},
	}
	for _, tt := range tests {
		b, err := expr.Compile(tt.src)
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		g := b.Graph
		if err := g.Set("x", tt.x); err != nil {
			t.Fatal(err)
		}
		if err := g.Set("y", tt.y); err != nil {
			t.Fatal(err)
		}
		results, err := cgraph.Check(g, b.Output, nil)
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		// The closed forms round differently from the graph: a few ulps.
		const tol = 1e-14
		close := func(got, want float64) bool { return math.Abs(got-want) <= tol*max(1, math.Abs(want)) }
		x, y := g.Lookup("x"), g.Lookup("y")
		if !close(b.Output.Value(), tt.value) || !close(x.Grad(), tt.dx) || !close(y.Grad(), tt.dy) {
			t.Errorf("%s at x=%v, y=%v: %v, ∂/∂x %v, ∂/∂y %v; want %v, %v, %v", tt.src, tt.x, tt.y,
				b.Output.Value(), x.Grad(), y.Grad(), tt.value, tt.dx, tt.dy)
		}
		for _, r := range results {
			if !r.OK {
				t.Errorf("%s at x=%v, y=%v: %s: grad %v, numeric %v", tt.src, tt.x, tt.y, r.Node, r.Grad, r.Numeric)
			}
		}
	}
}
