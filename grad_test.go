package cgraph_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestKernelsMatchRules holds the float64 Backward of every built-in gate
// (and so the tape's and the batch's kernels, which TestTapeMatchesGates
// holds to Backward) to the gate's own derivative rule, bit for bit: the
// gradient graph of one gate, seeded with 1, must compute exactly the
// contributions Backward adds.
func TestKernelsMatchRules(t *testing.T) {
	for _, tc := range gateCases {
		t.Run(fmt.Sprintf("%s%v", tc.gate.Kind(), tc.in), func(t *testing.T) {
			g := cgraph.New()
			ins := make([]*cgraph.Node, len(tc.in))
			for i, v := range tc.in {
				ins[i] = g.Input(fmt.Sprintf("x%d", i), v)
			}
			n := g.Apply("n", tc.gate, ins...)
			if err := g.Run(n); err != nil {
				t.Fatal(err)
			}
			backward := make([]float64, len(ins))
			for i, x := range ins {
				backward[i] = x.Grad()
			}
			grads, err := cgraph.Grad(n, ins...)
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Forward(); err != nil {
				t.Fatal(err)
			}
			for i, d := range grads {
				if math.Float64bits(d.Value()) != math.Float64bits(backward[i]) && !(d.Value() == 0 && backward[i] == 0) {
					t.Errorf("∂n/∂x%d: rule %v (%s), Backward %v", i, d.Value(), d.Name(), backward[i])
				}
			}
		})
	}
}

// TestGradExercise builds the gradient graph of exercise 3-3 and checks
// every gradient node against the hand solution.
func TestGradExercise(t *testing.T) {
	g, L := exercise()
	var wrt []*cgraph.Node
	for _, name := range []string{"w1", "w2", "p0", "x1", "x2", "y"} {
		wrt = append(wrt, g.Lookup(name))
	}
	grads, err := cgraph.Grad(L, wrt...)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Forward(); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"∂L/∂yhat": -1, "∂L/∂z": -0.25, "∂L/∂p1": -0.25, "∂L/∂p2": -0.25,
		"∂L/∂p0": -0.25, "∂L/∂w1": -0.25, "∂L/∂w2": -0.25, "∂L/∂x1": -0.2, "∂L/∂x2": 0.35, "∂L/∂y": 1,
	}
	for name, v := range want {
		n := g.Lookup(name)
		if n == nil {
			t.Errorf("no node %s", name)
			continue
		}
		if math.Abs(n.Value()-v) > 1e-15 { // z = 2⁻⁵³ in binary, see TestExerciseHandSolution
			t.Errorf("%s = %v, want %v", name, n.Value(), v)
		}
	}
	for i, d := range grads {
		if d.Name() != "∂L/∂"+wrt[i].Name() {
			t.Errorf("gradient of %s is node %s", wrt[i].Name(), d.Name())
		}
	}
	ex, err := g.Exact(grads[4])
	if err != nil {
		t.Fatal(err)
	}
	if r := ex.Value(g.Lookup("∂L/∂x2")); r == nil || r.RatString() != "7/20" {
		t.Errorf("exact ∂L/∂x2 = %v, want 7/20", r)
	}
	if r := ex.Value(g.Lookup("∂L/∂z")); r == nil || r.RatString() != "-1/4" {
		t.Errorf("exact ∂L/∂z = %v, want -1/4", r)
	}
}

// TestGradGraphOptimizedAndExact: the gradient graph is a graph like any
// other. Optimized with one gradient as its output it computes the same
// number; evaluated exactly its nodes agree with the exact backward pass.
func TestGradGraphOptimizedAndExact(t *testing.T) {
	g, L := exercise()
	x2 := g.Lookup("x2")
	grads, err := cgraph.Grad(L, x2, g.Lookup("w1"))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Run(L); err != nil {
		t.Fatal(err)
	}
	o, err := cgraph.Optimize(g, grads[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Graph.Forward(); err != nil {
		t.Fatal(err)
	}
	if got, want := o.Output.Value(), x2.Grad(); got != want {
		t.Errorf("optimized ∂L/∂x2 = %v, Backward %v", got, want)
	}
	if o.Graph.Len() >= g.Len() {
		t.Errorf("optimizing for one gradient kept %d of %d nodes", o.Graph.Len(), g.Len())
	}
	ex, err := g.Exact(L)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []*cgraph.Node{x2, g.Lookup("w1")} {
		byGraph, byBackward := ex.Value(grads[i]), ex.Grad(w)
		if byGraph == nil || byBackward == nil || byGraph.Cmp(byBackward) != 0 {
			t.Errorf("exact ∂L/∂%s: gradient graph %v, exact backward %v", w.Name(), byGraph, byBackward)
		}
	}
}
