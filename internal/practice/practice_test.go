package practice

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

// exercise is exercise 3-3's graph after forward and backward, with its
// exact view: L = (σ(w1·x1 + w2·x2 + p0) − y)² at x = (1, 1),
// w = (4/5, −7/5), p0 = 3/5, y = 1.
func exercise(t *testing.T) (*cgraph.Graph, *cgraph.Node, *cgraph.Exact) {
	t.Helper()
	g := cgraph.New()
	x1, x2 := g.Input("x1", 1), g.Input("x2", 1)
	w1, w2, p0 := g.Weight("w1", 0.8, 0.1), g.Weight("w2", -1.4, 0.1), g.Weight("p0", 0.6, 0.1)
	y := g.Input("y", 1)
	p1 := g.Apply("p1", cgraph.Mul{}, w1, x1)
	p2 := g.Apply("p2", cgraph.Mul{}, w2, x2)
	z := g.Apply("z", cgraph.Add{}, p1, p2, p0)
	yhat := g.Apply("yhat", cgraph.Sigmoid{}, z)
	L := g.Apply("L", cgraph.SquaredLoss{}, yhat, y)
	return runExact(t, g, L)
}

// fanout is b = a·a + a at a = 3: a feeds three edges, ∂b/∂a = 2a + 1 = 7,
// the sum of 3 (via sq, first input), 3 (via sq, second) and 1 (via b).
func fanout(t *testing.T) (*cgraph.Graph, *cgraph.Node, *cgraph.Exact) {
	t.Helper()
	g := cgraph.New()
	a := g.Input("a", 3)
	sq := g.Apply("sq", cgraph.Mul{}, a, a)
	return runExact(t, g, g.Apply("b", cgraph.Add{}, sq, a))
}

func runExact(t *testing.T, g *cgraph.Graph, out *cgraph.Node) (*cgraph.Graph, *cgraph.Node, *cgraph.Exact) {
	t.Helper()
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
	ex, err := g.Exact(out)
	if err != nil {
		t.Fatal(err)
	}
	return g, out, ex
}

func TestCheck(t *testing.T) {
	type graphFunc func(*testing.T) (*cgraph.Graph, *cgraph.Node, *cgraph.Exact)
	for _, tt := range []struct {
		name    string
		graph   graphFunc
		answers Answers
		node    string // the verdict looked at
		right   bool
		want    string
		rule    Rule
		why     string // part of the explanation
	}{
		{"value exact", exercise, Answers{Values: map[string]string{"p1": "4/5"}}, "p1", true, "4/5", "", ""},
		{"value as decimal", exercise, Answers{Values: map[string]string{"yhat": "0.5"}}, "yhat", true, "1/2", "", ""},
		{"z is 0, not 1.1e-16", exercise, Answers{Values: map[string]string{"z": "0"}}, "z", true, "0", "", ""},
		{"value wrong", exercise, Answers{Values: map[string]string{"z": "1/10"}}, "z", false, "0", "",
			"z = p1 + p2 + p0 = 4/5 + (−7/5) + 3/5 = 0"},
		{"grad right", exercise, Answers{Grads: map[string]string{"x2": "7/20"}}, "x2", true, "7/20", "", ""},
		{"grad right as decimal", exercise, Answers{Grads: map[string]string{"x2": "0.35"}}, "x2", true, "7/20", "", ""},
		// ∂L/∂x1 = ∂L/∂p1 · w1 = −1/4 · 4/5.
		{"upstream alone", exercise, Answers{Grads: map[string]string{"x1": "-1/4"}}, "x1", false, "−1/5", Local,
			"upstream gradient ∂L/∂p1 = −1/4 alone; multiply it by the local derivative ∂p1/∂x1 = w1 = 4/5"},
		{"local alone", exercise, Answers{Grads: map[string]string{"x1": "4/5"}}, "x1", false, "−1/5", Upstream,
			"local derivative ∂p1/∂x1 = w1 = 4/5 alone; multiply it by the upstream gradient ∂L/∂p1 = −1/4"},
		// ∂L/∂z = ∂L/∂yhat · σ'(z) = −1 · 1/4.
		{"σ' alone", exercise, Answers{Grads: map[string]string{"z": "1/4"}}, "z", false, "−1/4", Upstream, "σ(z)(1 − σ(z))"},
		{"σ' left out", exercise, Answers{Grads: map[string]string{"z": "-1"}}, "z", false, "−1/4", Local, "∂yhat/∂z"},
		{"wrong sign of the local", exercise, Answers{Grads: map[string]string{"x2": "-7/20"}}, "x2", false, "7/20", Local,
			"needs a local derivative of 7/5; ∂p2/∂x2 = w2 = −7/5"},
		{"seed", exercise, Answers{Grads: map[string]string{"L": "0"}}, "L", false, "1", Seed, "∂L/∂L = 1"},
		{"carried", exercise, Answers{Grads: map[string]string{"p1": "-1/2", "x1": "-2/5"}}, "x1", false, "−1/5", Carried,
			"your ∂L/∂p1, which is wrong"},
		{"the wrong upstream itself", exercise, Answers{Grads: map[string]string{"p1": "-1/2"}}, "p1", false, "−1/4", Local, ""},
		{"fan-out: one contribution", fanout, Answers{Grads: map[string]string{"a": "1"}}, "a", false, "7", FanOut,
			"a feeds 3 gates and its gradient is the sum of what flows back from each: 3 + 3 + 1 = 7; your answer is only what comes through b"},
		{"fan-out: one input of a·a", fanout, Answers{Grads: map[string]string{"a": "3"}}, "a", false, "7", FanOut, "through sq"},
		{"fan-out: the product only", fanout, Answers{Grads: map[string]string{"a": "6"}}, "a", false, "7", FanOut, "through sq, sq"},
		{"fan-out right", fanout, Answers{Grads: map[string]string{"a": "7"}}, "a", true, "7", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g, out, ex := tt.graph(t)
			vs, err := Check(g, out, ex, &tt.answers)
			if err != nil {
				t.Fatal(err)
			}
			var v *Verdict
			for i := range vs {
				if vs[i].Node == tt.node {
					v = &vs[i]
				}
			}
			if v == nil {
				t.Fatalf("no verdict for %s in %+v", tt.node, vs)
			}
			if v.Right != tt.right || v.Want != tt.want || v.Rule != tt.rule || !strings.Contains(v.Why, tt.why) {
				t.Errorf("got right=%v want=%q rule=%q why=%q\nwant right=%v want=%q rule=%q why containing %q",
					v.Right, v.Want, v.Rule, v.Why, tt.right, tt.want, tt.rule, tt.why)
			}
		})
	}
}

func TestCheckOrderAndErrors(t *testing.T) {
	g, out, ex := exercise(t)
	vs, err := Check(g, out, ex, &Answers{
		Values: map[string]string{"L": "1/4", "p1": "4/5"},
		Grads:  map[string]string{"x2": "7/20", "yhat": "-1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, v := range vs {
		cells = append(cells, v.Cell)
	}
	// Values in forward order, then gradients in backward order.
	if got := strings.Join(cells, " "); got != "p1 L ∂L/∂yhat ∂L/∂x2" {
		t.Errorf("cells in order %q", got)
	}
	for _, tt := range []struct {
		answers Answers
		msg     string
	}{
		{Answers{Values: map[string]string{"q": "1"}}, "q is not a node"},
		{Answers{Grads: map[string]string{"x1": "one"}}, "answer for x1"},
		{Answers{Values: map[string]string{"z": "1/0"}}, "divides by zero"},
		{Answers{Grads: map[string]string{"L": "1"}, Values: map[string]string{"yhat": ""}}, "answer for yhat"},
	} {
		if _, err := Check(g, out, ex, &tt.answers); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%+v: error %v, want %q", tt.answers, err, tt.msg)
		}
	}
	g.Apply("sq", cgraph.Pow{}, g.Lookup("z"), g.Const("2", 2)) // a named constant
	if _, err := Check(g, out, ex, &Answers{Grads: map[string]string{"2": "0"}}); err == nil || !strings.Contains(err.Error(), "constant") {
		t.Errorf("gradient of a constant: %v", err)
	}
}

func TestSame(t *testing.T) {
	sigma1 := 1 / (1 + math.Exp(-1)) // 0.731059, not rational
	third := number{f: 1.0 / 3, ex: big.NewRat(1, 3)}
	zero := number{f: 1.1102230246251565e-16, ex: new(big.Rat)} // z of the exercise
	for _, tt := range []struct {
		answer string
		v      number
		right  bool
	}{
		{"0.731", number{f: sigma1}, true},
		{"0.73", number{f: sigma1}, true}, // 0.14% off
		{"0.72", number{f: sigma1}, false},
		{"1/3", third, true},
		{"0.333", third, true}, // 0.1% off
		{"0.33", third, false}, // 1% off
		{"0", zero, true},
		{"1e-10", zero, true},
		{"0.001", zero, false},
		{"-1/4", number{f: -0.25, ex: big.NewRat(-1, 4)}, true},
		{"1/4", number{f: -0.25, ex: big.NewRat(-1, 4)}, false},
	} {
		a, err := parse("x", tt.answer)
		if err != nil {
			t.Fatal(err)
		}
		if got := same(a, tt.v); got != tt.right {
			t.Errorf("same(%s, %v) = %v, want %v", tt.answer, tt.v, got, tt.right)
		}
	}
}
