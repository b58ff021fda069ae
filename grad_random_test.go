package cgraph_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/randprog"
)

// TestGradMatchesBackwardOnRandomPrograms compares the gradient graph with
// Backward on 400 random programs: every node's gradient node must hold
// Backward's number bit for bit, since every rule computes its contribution
// with the operations of its gate's Backward, in the same order.
func TestGradMatchesBackwardOnRandomPrograms(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	var compared int
	for k := 0; k < 400; k++ {
		src := randprog.Program(rng, randprog.Options{Loss: true, Kinks: true})
		b, err := expr.Compile(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		g := b.Graph
		for _, in := range b.Inputs {
			if err := g.Set(in.Name(), rng.Float64()*2-1); err != nil {
				t.Fatal(err)
			}
		}
		if err := g.Run(b.Output); err != nil {
			continue // a log of a negative number, say: nothing to compare
		}
		order, _ := g.Order()
		var named []*cgraph.Node
		backward := map[*cgraph.Node]float64{}
		for _, n := range order {
			if !n.IsConst() {
				named = append(named, n)
				backward[n] = n.Grad()
			}
		}
		grads, err := cgraph.Grad(b.Output, named...)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if err := g.Forward(); err != nil {
			t.Fatalf("%s\nthe gradient graph fails where Backward did not: %v", src, err)
		}
		for i, n := range named {
			got, want := grads[i].Value(), backward[n]
			compared++
			if math.Float64bits(got) != math.Float64bits(want) && got != want { // +0 == −0
				t.Errorf("%s\n∂L/∂%s: gradient graph %v, Backward %v", src, n.Name(), got, want)
			}
		}
	}
	if compared < 1000 {
		t.Errorf("only %d gradients compared", compared)
	}
}
