package cgraph_test

import (
	"math"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestSoftplusTails checks softplus and its derivative σ far out, where
// ln(1 + eˣ) overflows (x = 800) or loses its small term (x = 30: PyTorch's
// threshold of 20 would return x itself). The closed forms are those of
// the tails: softplus(x) = x + e^−x + O(e^−2x) for large x, e^x + O(e^2x)
// for very negative x, and σ(x) = e^x + O(e^2x) there.
func TestSoftplusTails(t *testing.T) {
	tests := []struct {
		x, value, grad float64
		tol            float64 // relative; the neglected O(e^−2|x|) term, or exact
	}{
		{800, 800, 1, 0},
		{30, 30 + math.Exp(-30), 1 - math.Exp(-30), 1e-15}, // 30 + 9.4e-14: 26 ulps above 30
		{0, math.Ln2, 0.5, 1e-16},
		{-40, math.Exp(-40), math.Exp(-40), 1e-15},
		{-745, 5e-324, 5e-324, 0}, // e^−745 rounds to the smallest subnormal
		{-800, 0, 0, 0},
	}
	for _, tt := range tests {
		g := cgraph.New()
		x := g.Input("x", tt.x)
		s := g.Apply("s", cgraph.Softplus{}, x)
		if err := g.Run(s); err != nil {
			t.Fatalf("x=%v: %v", tt.x, err)
		}
		if math.Abs(s.Value()-tt.value) > tt.tol*tt.value {
			t.Errorf("softplus(%v) = %v, want %v", tt.x, s.Value(), tt.value)
		}
		if math.Abs(x.Grad()-tt.grad) > tt.tol*tt.grad {
			t.Errorf("softplus'(%v) = %v, want %v", tt.x, x.Grad(), tt.grad)
		}
	}
}

// TestSoftplusRuleIsSigmoid: the rule's node is a sigmoid of the input,
// shared with the graph's own σ(x) where there is one.
func TestSoftplusRuleIsSigmoid(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 0.3)
	sig := g.Apply("sig", cgraph.Sigmoid{}, x)
	s := g.Apply("s", cgraph.Softplus{}, x)
	d, err := cgraph.Grad(s, x)
	if err != nil {
		t.Fatal(err)
	}
	if in := d[0].Inputs(); d[0] != sig && (len(in) != 1 || in[0] != sig) {
		t.Errorf("∂s/∂x is %s of %v, want the node sig", d[0].Kind(), in)
	}
}
