package viz_test

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/viz"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// exercise builds the graph of exercise 3-3 with its numbers:
// L = (σ(w1·x1 + w2·x2 + p0) − y)².
func exercise() (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	x1 := g.Input("x1", 1)
	x2 := g.Input("x2", 1)
	w1 := g.Weight("w1", 4.0/5, 0.1)
	w2 := g.Weight("w2", -7.0/5, 0.1)
	p0 := g.Weight("p0", 3.0/5, 0.1)
	y := g.Input("y", 1)
	p1 := g.Apply("p1", cgraph.Mul{}, w1, x1)
	p2 := g.Apply("p2", cgraph.Mul{}, w2, x2)
	z := g.Apply("z", cgraph.Add{}, p1, p2, p0)
	yhat := g.Apply("yhat", cgraph.Sigmoid{}, z)
	L := g.Apply("L", cgraph.SquaredLoss{}, yhat, y)
	return g, L
}

// abdf builds exercise 3-2's g = (a + b)·d − f with c and e named, at
// a = 1, b = 2, d = 3, f = 4.
func abdf() (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	a := g.Input("a", 1)
	b := g.Input("b", 2)
	c := g.Apply("c", cgraph.Add{}, a, b)
	d := g.Input("d", 3)
	e := g.Apply("e", cgraph.Mul{}, c, d)
	f := g.Input("f", 4)
	return g, g.Apply("g", cgraph.Sub{}, e, f)
}

func run(t testing.TB, g *cgraph.Graph, out *cgraph.Node) {
	t.Helper()
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./viz -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestDOTGolden(t *testing.T) {
	tests := []struct {
		file  string
		graph func() (*cgraph.Graph, *cgraph.Node)
		opt   viz.Options
	}{
		{"exercise_forward.dot", exercise, viz.Options{View: viz.ForwardView}},
		{"exercise_backward.dot", exercise, viz.Options{View: viz.BackwardView}},
		{"exercise_forward_hand.dot", exercise, viz.Options{View: viz.ForwardView, Hand: true}},
		{"exercise_backward_hand.dot", exercise, viz.Options{View: viz.BackwardView, Hand: true}},
		{"exercise_both.dot", exercise, viz.Options{View: viz.BothView}},
		{"abdf_forward.dot", abdf, viz.Options{View: viz.ForwardView}},
		{"abdf_backward_hand.dot", abdf, viz.Options{View: viz.BackwardView, Hand: true}},
		{"square_backward_hand.dot", square, viz.Options{View: viz.BackwardView, Hand: true}},
		// For a phone: no edge labels, the gradients on lines of their own.
		{"exercise_backward_compact.dot", exercise, viz.Options{View: viz.BackwardView, Hand: true, LabelNodes: true, Compact: true, Layout: viz.TopBottom}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			g, out := tt.graph()
			run(t, g, out)
			tt.opt.Output = out
			dot, err := viz.DOT(g, &tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, dot)
		})
	}
}

func TestExplainGolden(t *testing.T) {
	for _, tt := range []struct {
		file  string
		graph func() (*cgraph.Graph, *cgraph.Node)
		write func(w io.Writer, g *cgraph.Graph, opt *viz.Options) error
	}{
		{"exercise_explain.txt", exercise, viz.Explain},
		{"exercise_explain.md", exercise, viz.Markdown},
		{"fanout_explain.txt", fanout, viz.Explain},
		{"square_explain.txt", square, viz.Explain},
		{"square_explain.md", square, viz.Markdown},
	} {
		t.Run(tt.file, func(t *testing.T) {
			g, out := tt.graph()
			run(t, g, out)
			var buf bytes.Buffer
			if err := tt.write(&buf, g, &viz.Options{Output: out}); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}

// fanout builds b = a·a + a, where a feeds three edges: its gradient
// 2a + 1 = 7 at a = 3 is the sum of three contributions.
func fanout() (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	a := g.Input("a", 3)
	sq := g.Apply("sq", cgraph.Mul{}, a, a)
	return g, g.Apply("b", cgraph.Add{}, sq, a)
}

// square builds L = (a − b)^2 at a = 1, b = 3, with the 2 an unnamed
// constant as the expression language makes it: the backward pass shows
// no gradient for it (∂L/∂2 would be 0, as the base is negative).
func square() (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	d := g.Apply("d", cgraph.Sub{}, g.Input("a", 1), g.Input("b", 3))
	return g, g.Apply("L", cgraph.Pow{}, d, g.Const("", 2))
}

// Compact narrows the backward view only: the forward view, and the
// backward view of a graph without values, are drawn as without it.
func TestCompactOnlyBackward(t *testing.T) {
	g, out := exercise()
	run(t, g, out)
	for _, v := range []viz.View{viz.ForwardView, viz.BackwardView} {
		for _, structure := range []bool{false, true} {
			if v == viz.BackwardView && !structure {
				continue
			}
			opt := viz.Options{View: v, Output: out, Hand: true, LabelNodes: true, Structure: structure}
			plain, err := viz.DOT(g, &opt)
			if err != nil {
				t.Fatal(err)
			}
			opt.Compact = true
			compact, err := viz.DOT(g, &opt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(plain, compact) {
				t.Errorf("%v (structure %v): Compact changed the diagram", v, structure)
			}
		}
	}
}
