package cgraph_test

import (
	"testing"

	"github.com/cgraph/cgraph"
)

// TestMaxMinTies: at a tie each input gets half of the gradient, as
// PyTorch's torch.maximum and torch.minimum give it, by the tape, the rule
// and the exact view alike; elsewhere all of it goes to the larger
// (smaller) input.
func TestMaxMinTies(t *testing.T) {
	checkPoints(t, []pointCase{
		{cgraph.Max{}, []float64{0.5, 0.5}, 0.5, []float64{0.5, 0.5}, "1/2", []string{"1/2", "1/2"}},
		{cgraph.Min{}, []float64{0.5, 0.5}, 0.5, []float64{0.5, 0.5}, "1/2", []string{"1/2", "1/2"}},
		{cgraph.Max{}, []float64{-0.25, 0.5}, 0.5, []float64{0, 1}, "1/2", []string{"0", "1"}},
		{cgraph.Min{}, []float64{-0.25, 0.5}, -0.25, []float64{1, 0}, "-1/4", []string{"1", "0"}},
	})
}

// TestMaxOfOneNode: max(a, a) and min(a, a) are a, whose gradient is the
// two halves, 1.
func TestMaxOfOneNode(t *testing.T) {
	for _, gate := range []cgraph.Gate{cgraph.Max{}, cgraph.Min{}} {
		g := cgraph.New()
		a := g.Input("a", 0.3)
		m := g.Apply("m", gate, a, a)
		if err := g.Run(m); err != nil {
			t.Fatal(err)
		}
		if m.Value() != 0.3 || a.Grad() != 1 {
			t.Errorf("%s(a, a) = %v, ∂/∂a = %v; want 0.3, 1", gate.Kind(), m.Value(), a.Grad())
		}
	}
}

// TestMaxNoOverflowInRule: the rule compares a and b, so max(1e308,
// −1e308) has a gradient graph as finite as its Backward (a − b would
// overflow to +Inf).
func TestMaxNoOverflowInRule(t *testing.T) {
	for _, gate := range []cgraph.Gate{cgraph.Max{}, cgraph.Min{}} {
		g := cgraph.New()
		a, b := g.Input("a", 1e308), g.Input("b", -1e308)
		m := g.Apply("m", gate, a, b)
		grads, err := cgraph.Grad(m, a, b)
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Run(m); err != nil {
			t.Fatalf("%s: %v", gate.Kind(), err)
		}
		for i, x := range []*cgraph.Node{a, b} {
			if grads[i].Value() != x.Grad() {
				t.Errorf("%s: ∂m/∂%s graph %v, Backward %v", gate.Kind(), x.Name(), grads[i].Value(), x.Grad())
			}
		}
	}
}
