package cgraph_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cgraph/cgraph"
)

// exercise builds the graph of exercise 3-3: L = (σ(w1·x1 + w2·x2 + p0) − y)²
// with the exercise's numbers.
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

// TestExerciseHandSolution checks exercise 3-3 against its hand solution.
// The float64 run cannot hit z = 0 exactly (4/5 − 7/5 + 3/5 has no exact
// binary form; the sum rounds to 2⁻⁵³), so values are compared to 1e-15;
// everything from ŷ on is exact in binary and compared with ==.
func TestExerciseHandSolution(t *testing.T) {
	g, L := exercise()
	if err := g.Run(L); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		value, grad float64
		exact       bool // value and gradient are exact binary numbers
	}{
		{"x1", 1, -1.0 / 5, false},
		{"x2", 1, 7.0 / 20, false},
		{"w1", 4.0 / 5, -1.0 / 4, true},
		{"w2", -7.0 / 5, -1.0 / 4, true},
		{"p0", 3.0 / 5, -1.0 / 4, true},
		{"y", 1, 1, true},
		{"p1", 4.0 / 5, -1.0 / 4, true},
		{"p2", -7.0 / 5, -1.0 / 4, true},
		{"z", 0, -1.0 / 4, false},
		{"yhat", 1.0 / 2, -1, true},
		{"L", 1.0 / 4, 1, true},
	}
	for _, tt := range tests {
		n := g.Lookup(tt.name)
		v, d := n.Value(), n.Grad()
		if tt.exact && (v != tt.value || d != tt.grad) {
			t.Errorf("%s: value %v grad %v, want exactly %v and %v", tt.name, v, d, tt.value, tt.grad)
		}
		if math.Abs(v-tt.value) > 1e-15 || math.Abs(d-tt.grad) > 1e-15 {
			t.Errorf("%s: value %v grad %v, want %v and %v", tt.name, v, d, tt.value, tt.grad)
		}
	}
}

// TestChainRule checks exercise 3-1: for y = σ(w4·σ(w3·σ(w2·σ(w1·x)))),
// backprop's ∂y/∂x equals σ'(z4)w4·σ'(z3)w3·σ'(z2)w2·σ'(z1)w1.
func TestChainRule(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	for trial := 0; trial < 100; trial++ {
		g := cgraph.New()
		x := g.Input("x", rng.NormFloat64())
		a := x
		w := make([]float64, 4)
		for i := range w {
			w[i] = 3 * rng.NormFloat64()
			wi := g.Weight("", w[i], 0.1)
			a = g.Apply("", cgraph.Sigmoid{}, g.Apply("", cgraph.Mul{}, wi, a))
		}
		if err := g.Run(a); err != nil {
			t.Fatal(err)
		}
		want, prev := 1.0, x.Value()
		for i := range w {
			z := w[i] * prev
			s := sig(z)
			want *= s * (1 - s) * w[i]
			prev = s
		}
		if got := x.Grad(); math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
			t.Fatalf("trial %d: ∂y/∂x = %v, chain-rule product %v", trial, got, want)
		}
	}
}

// TestCourseExample checks g = (a + b)·d − f from exercise 3-2 with values
// whose results are exact in binary.
func TestCourseExample(t *testing.T) {
	g := cgraph.New()
	a, b := g.Input("a", 3), g.Input("b", 1)
	d, f := g.Input("d", -2), g.Input("f", 0.5)
	c := g.Apply("c", cgraph.Add{}, a, b)
	e := g.Apply("e", cgraph.Mul{}, c, d)
	out := g.Apply("g", cgraph.Sub{}, e, f)
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
	want := map[*cgraph.Node][2]float64{ // value, ∂g/∂node
		a: {3, -2}, b: {1, -2}, d: {-2, 4}, f: {0.5, -1},
		c: {4, -2}, e: {-8, 1}, out: {-8.5, 1},
	}
	for n, w := range want {
		if n.Value() != w[0] || n.Grad() != w[1] {
			t.Errorf("%s: value %v grad %v, want %v %v", n, n.Value(), n.Grad(), w[0], w[1])
		}
	}
}

func TestFanOutSums(t *testing.T) {
	tests := []struct {
		name string
		gate cgraph.Gate
		a    float64
		want float64 // ∂out/∂a when a feeds both inputs
	}{
		{"a+a", cgraph.Add{}, 3, 2},
		{"a*a", cgraph.Mul{}, 3, 6},
		{"a-a", cgraph.Sub{}, 3, 0},
		{"a/a", cgraph.Div{}, 3, 0},
		{"sqloss(a,a)", cgraph.SquaredLoss{}, 3, 0},
	}
	for _, tt := range tests {
		g := cgraph.New()
		a := g.Input("a", tt.a)
		out := g.Apply("out", tt.gate, a, a)
		if err := g.Run(out); err != nil {
			t.Fatal(err)
		}
		if a.Grad() != tt.want {
			t.Errorf("%s: ∂/∂a = %v, want %v", tt.name, a.Grad(), tt.want)
		}
	}
}

func TestMulGradientWithZeroInput(t *testing.T) {
	g := cgraph.New()
	a, b, c := g.Input("a", 0), g.Input("b", 5), g.Input("c", -3)
	p := g.Apply("p", cgraph.Mul{}, a, b, c)
	if err := g.Run(p); err != nil {
		t.Fatal(err)
	}
	if a.Grad() != -15 || b.Grad() != 0 || c.Grad() != 0 {
		t.Errorf("grads %v %v %v, want -15 0 0", a.Grad(), b.Grad(), c.Grad())
	}
}

func TestBackwardTwiceAndStep(t *testing.T) {
	g, L := exercise()
	if err := g.Run(L); err != nil {
		t.Fatal(err)
	}
	first := g.Lookup("w1").Grad()
	if err := g.Backward(L); err != nil {
		t.Fatal(err)
	}
	if got := g.Lookup("w1").Grad(); got != first {
		t.Fatalf("second Backward: %v, first %v", got, first)
	}
	if err := g.Step(); err != nil {
		t.Fatal(err)
	}
	// w ← w − α·∂L/∂w with α = 0.1 and ∂L/∂w = −1/4, in float64 arithmetic.
	w, alpha, grad := 4.0/5, 0.1, -1.0/4
	if got, want := g.Lookup("w1").Value(), w-alpha*grad; got != want {
		t.Errorf("w1 after Step = %v, want %v", got, want)
	}
	if got := g.Lookup("x1").Value(); got != 1 {
		t.Errorf("Step changed input x1 to %v", got)
	}
	if err := g.Backward(L); !errors.Is(err, cgraph.ErrStale) {
		t.Errorf("Backward after Step without Forward: %v, want ErrStale", err)
	}
	before := L.Value()
	if err := g.Run(L); err != nil {
		t.Fatal(err)
	}
	if L.Value() >= before {
		t.Errorf("loss did not fall after a step: %v → %v", before, L.Value())
	}
	g.Lookup("w2").Gate().(*cgraph.Weight).Value = 0.5 // not through Set
	if err := g.Backward(L); !errors.Is(err, cgraph.ErrStale) {
		t.Errorf("Backward after writing a weight's Value field: %v, want ErrStale", err)
	}
}
