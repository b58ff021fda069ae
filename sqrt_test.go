package cgraph_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestSqrtExact: √x is exact where x is the square of a rational.
func TestSqrtExact(t *testing.T) {
	r2, rh := math.Sqrt(2), math.Sqrt(0.5) // not math.Sqrt2: constants are exact
	checkPoints(t, []pointCase{
		// √(9/4) = 3/2, and its derivative 1/(2·3/2) = 1/3 is exact too.
		{cgraph.Sqrt{}, []float64{2.25}, 1.5, []float64{1.0 / 3}, "3/2", []string{"1/3"}},
		{cgraph.Sqrt{}, []float64{4}, 2, []float64{0.25}, "2", []string{"1/4"}},
		{cgraph.Sqrt{}, []float64{2}, r2, []float64{1 / (2 * r2)}, "", []string{""}},
		{cgraph.Sqrt{}, []float64{0.5}, rh, []float64{1 / (2 * rh)}, "", []string{""}},
	})
}

// TestSqrtAtZero: sqrt'(0) = +Inf, as in PyTorch; the run stops with a
// *NumericError that names the node, in the backward pass. √ of a negative
// number is NaN, reported in the forward pass.
func TestSqrtAtZero(t *testing.T) {
	tests := []struct {
		x          float64
		pass, want string
	}{
		{0, "backward", `backward: node "r" (sqrt) produced +Inf as gradient for input "x"`},
		{-1, "forward", `forward: node "r" (sqrt) produced NaN from x=-1`},
	}
	for _, tt := range tests {
		g := cgraph.New()
		x := g.Input("x", tt.x)
		r := g.Apply("r", cgraph.Sqrt{}, x)
		out := g.Apply("out", cgraph.Mul{}, r, g.Input("k", 3))
		err := g.Run(out)
		var ne *cgraph.NumericError
		if !errors.As(err, &ne) || ne.Node != r || ne.Pass != tt.pass || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("√%v: error %v, want a NumericError %q", tt.x, err, tt.want)
		}
	}
	// The tape and the rule agree: the rule's 1/(2·√0) is +Inf as well.
	g := cgraph.New()
	x := g.Input("x", 0)
	r := g.Apply("r", cgraph.Sqrt{}, x)
	d, err := cgraph.Grad(r, x)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Forward(); err == nil || !math.IsInf(d[0].Value(), 1) {
		t.Errorf("the rule's ∂√x/∂x at 0 = %v (error %v), want +Inf and an error", d[0].Value(), err)
	}
}
