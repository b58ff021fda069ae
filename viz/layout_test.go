package viz_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/viz"
)

// chain builds exercise 3-1's chain y = σ(w4·σ(w3·σ(w2·σ(w1·x)))) at x = 1
// and every weight 1.
func chain() (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	a := g.Input("x", 1)
	for i := 1; i <= 4; i++ {
		w := g.Weight("w"+string(rune('0'+i)), 1, 0.1)
		z := g.Apply("z"+string(rune('0'+i)), cgraph.Mul{}, w, a)
		a = g.Apply("a"+string(rune('0'+i)), cgraph.Sigmoid{}, z)
	}
	return g, a
}

func TestChooseLayout(t *testing.T) {
	for _, tt := range []struct {
		name  string
		graph func() (*cgraph.Graph, *cgraph.Node)
		ask   viz.Layout
		want  viz.Layout
	}{
		// 9 ranks of at most 2 nodes: a deep narrow chain.
		{"chain auto", chain, viz.AutoLayout, viz.TopBottom},
		{"chain lr", chain, viz.LeftRight, viz.LeftRight},
		// 6 ranks of at most 4 nodes, as the exercise draws it.
		{"exercise auto", exercise, viz.AutoLayout, viz.LeftRight},
		{"exercise tb", exercise, viz.TopBottom, viz.TopBottom},
		// 4 ranks of at most 2 nodes.
		{"abdf auto", abdf, viz.AutoLayout, viz.LeftRight},
		{"fanout auto", fanout, viz.AutoLayout, viz.LeftRight},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g, out := tt.graph()
			run(t, g, out)
			got, err := viz.ChooseLayout(g, &viz.Options{Output: out, Layout: tt.ask})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("layout %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseLayout(t *testing.T) {
	for s, want := range map[string]viz.Layout{"auto": viz.AutoLayout, "lr": viz.LeftRight, "tb": viz.TopBottom} {
		got, err := viz.ParseLayout(s)
		if err != nil || got != want || got.String() != s {
			t.Errorf("ParseLayout(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := viz.ParseLayout("up"); err == nil {
		t.Error("ParseLayout(up): no error")
	}
}

// The chain top to bottom with the forward view on the left of the
// backward view, and the exercise's backward edges with their labels in
// nodes on the edges.
func TestLayoutGolden(t *testing.T) {
	for _, tt := range []struct {
		file  string
		graph func() (*cgraph.Graph, *cgraph.Node)
		opt   viz.Options
	}{
		{"chain_both_auto.dot", chain, viz.Options{View: viz.BothView}},
		{"exercise_backward_hand_labelnodes.dot", exercise, viz.Options{View: viz.BackwardView, Hand: true, LabelNodes: true}},
	} {
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

// Exercise 3-2's graph before any values are chosen: names, formulas and
// local derivatives as formulas.
func TestStructureGolden(t *testing.T) {
	for _, tt := range []struct {
		file  string
		graph func() (*cgraph.Graph, *cgraph.Node)
		view  viz.View
	}{
		{"abdf_structure_both.dot", abdf, viz.BothView},
		{"square_structure_backward.dot", square, viz.BackwardView},
	} {
		t.Run(tt.file, func(t *testing.T) {
			g, out := tt.graph() // never run: no values
			dot, err := viz.DOT(g, &viz.Options{View: tt.view, Output: out, Structure: true, LabelNodes: true})
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, dot)
		})
	}
	for _, tt := range []struct {
		file  string
		graph func() (*cgraph.Graph, *cgraph.Node)
		write func(w io.Writer, g *cgraph.Graph, opt *viz.Options) error
	}{
		{"abdf_structure_explain.txt", abdf, viz.Explain},
		{"fanout_structure_explain.txt", fanout, viz.Explain},
		{"exercise_structure_explain.md", exercise, viz.Markdown},
	} {
		t.Run(tt.file, func(t *testing.T) {
			g, out := tt.graph()
			var buf bytes.Buffer
			if err := tt.write(&buf, g, &viz.Options{Output: out, Structure: true}); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}
