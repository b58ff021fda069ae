package cgraph_test

import (
	"testing"

	"github.com/cgraph/cgraph"
)

// opaque hides a gate's type, so the tape runs it through the Gate
// interface instead of its inline case.
type opaque struct{ cgraph.Gate }

// TestTapeMatchesGates holds the tape's inline cases to the gates' own
// methods: the same graph run both ways gives bit-identical values and
// gradients.
func TestTapeMatchesGates(t *testing.T) {
	for _, tc := range gateCases {
		build := func(wrap bool) (*cgraph.Graph, *cgraph.Node) {
			g := cgraph.New()
			var ins []*cgraph.Node
			for _, v := range tc.in {
				ins = append(ins, g.Input("", v))
			}
			gate := tc.gate
			if wrap {
				gate = opaque{gate}
			}
			n := g.Apply("gate", gate, ins...)
			return g, g.Apply("out", cgraph.Tanh{}, n)
		}
		g1, out1 := build(false)
		g2, out2 := build(true)
		if err := g1.Run(out1); err != nil {
			t.Fatal(err)
		}
		if err := g2.Run(out2); err != nil {
			t.Fatal(err)
		}
		for i, n1 := range g1.Nodes() {
			n2 := g2.Nodes()[i]
			if n1.Value() != n2.Value() || n1.Grad() != n2.Grad() {
				t.Errorf("%s %v: node %s inline %v/%v, through Gate %v/%v",
					tc.gate.Kind(), tc.in, n1, n1.Value(), n1.Grad(), n2.Value(), n2.Grad())
			}
		}
	}
}

// TestPlanBytes holds the execution plan of a long chain of tanh(a·w)
// blocks, the shape of benchmark W4, to at most 64 bytes a node.
func TestPlanBytes(t *testing.T) {
	for _, blocks := range []int{1, 10, 3_333, 33_333} {
		g := cgraph.New()
		a := g.Input("x", 0.5)
		for range blocks {
			a = g.Apply("", cgraph.Tanh{}, g.Apply("", cgraph.Mul{}, a, g.Weight("", 1.5, 0.1)))
		}
		if err := g.Run(a); err != nil {
			t.Fatal(err)
		}
		perNode := float64(g.PlanBytes()) / float64(g.Len())
		if perNode > 64 || perNode < 40 {
			t.Errorf("%d blocks: %.1f plan bytes a node, want 40 to 64", blocks, perNode)
		}
	}
}
