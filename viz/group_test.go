package viz_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/program"
	"github.com/cgraph/cgraph/viz"
)

// defProgram calls g, which calls f: L = g(a·b)·c where g(u) = f(u, 1) + u
// and f(x, y) = (x − y)²/2, at a = 1, b = 3, c = 1/2. So u = 3,
// g = 2 + 3 = 5, L = 5/2, and ∂g/∂u = (u − 1) + 1 = 3: the collapsed
// edge from a·b to g carries ∂L/∂g · 3 = 1/2 · 3 = 3/2.
const defProgram = "def f(x, y) = (x - y)^2 / 2\ndef g(u) = f(u, 1) + u\nL = g(a * b) * c"

func defGraph(t *testing.T) (*expr.Built, []*viz.Group) {
	t.Helper()
	b, err := expr.Compile(defProgram)
	if err != nil {
		t.Fatal(err)
	}
	as := []program.Assignment{{Name: "a", Value: "1"}, {Name: "b", Value: "3"}, {Name: "c", Value: "1/2"}}
	if _, err := program.Evaluate(b, as); err != nil {
		t.Fatal(err)
	}
	return b, program.Groups(b)
}

func TestGroupGolden(t *testing.T) {
	tests := []struct {
		file string
		opt  viz.Options
	}{
		{"def_forward.dot", viz.Options{View: viz.ForwardView}},
		{"def_backward_hand.dot", viz.Options{View: viz.BackwardView, Hand: true}},
		{"def_expand_both.dot", viz.Options{View: viz.BothView, Expand: true, Layout: viz.LeftRight}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, groups := defGraph(t)
			tt.opt.Output, tt.opt.Groups = b.Output, groups
			dot, err := viz.DOT(b.Graph, &tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, dot)
		})
	}
	b, groups := defGraph(t)
	var buf bytes.Buffer
	if err := viz.Explain(&buf, b.Graph, &viz.Options{Output: b.Output, Groups: groups}); err != nil {
		t.Fatal(err)
	}
	golden(t, "def_explain.txt", buf.Bytes())
}

// TestGroupCollapse checks the collapsed picture: no inner node, one gate
// g(a * b) with its value and gradient, and on its edge the derivative
// through the inner paths.
func TestGroupCollapse(t *testing.T) {
	b, groups := defGraph(t)
	dot, err := viz.DOT(b.Graph, &viz.Options{View: viz.BackwardView, Output: b.Output, Groups: groups, Hand: true})
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	for _, n := range b.Groups[0].Nodes {
		if n != b.Groups[0].Result && strings.Contains(s, "n"+strconv.Itoa(n.ID())+" ") {
			t.Errorf("inner node %s is drawn", n)
		}
	}
	for _, want := range []string{
		`g(a * b) = 5\n∂L/∂(g(a * b)) = 1/2`,
		`∂(g(a * b))/∂(a * b) = 3\n1/2 × 3 = 3/2`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in\n%s", want, s)
		}
	}
	// The edge's number is ∂L/∂(a·b), which Backward computed.
	if got := b.Graph.Lookup("a * b").Grad(); got != 1.5 {
		t.Errorf("∂L/∂(a·b) = %v, want 3/2", got)
	}
	// The clusters nest: f's inside g's.
	dot, err = viz.DOT(b.Graph, &viz.Options{Output: b.Output, Groups: groups, Expand: true})
	if err != nil {
		t.Fatal(err)
	}
	s = string(dot)
	g1, f1 := strings.Index(s, `label="g(u) = f(u, 1) + u"`), strings.Index(s, `label="f(x, y) = (x - y)^2 / 2"`)
	if g1 < 0 || f1 < g1 || strings.Count(s[g1:f1], "}") != 0 {
		t.Errorf("cluster of f is not inside that of g:\n%s", s)
	}
}

// TestLiteralNames checks that every number the language writes is a
// literal: the second 2 of x^2 + x^2 and a number in a def's body too.
func TestLiteralNames(t *testing.T) {
	b, err := expr.Compile("def f(x) = 3 * x\ny = x^2 + x^2 + f(x)\nk = 2\nz = k * y")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"2": true, "2#2": true, "f#1:3": true, "k": false, "x": false} {
		if got := viz.IsLiteral(b.Graph.Lookup(name)); got != want {
			t.Errorf("IsLiteral(%s) = %v, want %v", name, got, want)
		}
	}
}
