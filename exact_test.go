package cgraph_test

import (
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/cgraph/cgraph"
)

// TestExactHandSolution checks exercise 3-3 in exact arithmetic: every value
// and gradient of the hand solution, as fractions.
func TestExactHandSolution(t *testing.T) {
	g, L := exercise()
	ex, err := g.Exact(L)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{ // value, ∂L/∂node
		"x1": {"1", "-1/5"}, "x2": {"1", "7/20"},
		"w1": {"4/5", "-1/4"}, "w2": {"-7/5", "-1/4"}, "p0": {"3/5", "-1/4"},
		"y": {"1", "1"}, "p1": {"4/5", "-1/4"}, "p2": {"-7/5", "-1/4"},
		"z": {"0", "-1/4"}, "yhat": {"1/2", "-1"}, "L": {"1/4", "1"},
	}
	for name, w := range want {
		n := g.Lookup(name)
		v, d := ex.Value(n), ex.Grad(n)
		if v == nil || d == nil || v.Cmp(rat(w[0])) != 0 || d.Cmp(rat(w[1])) != 0 {
			t.Errorf("%s: exact value %v grad %v, want %s and %s", name, v, d, w[0], w[1])
		}
	}
	// The local derivative on the edge z → ŷ is σ(0)(1−σ(0)) = 1/4.
	if l := ex.Local(g.Lookup("yhat"), 0); l == nil || l.Cmp(rat("1/4")) != 0 {
		t.Errorf("∂ŷ/∂z = %v, want 1/4", l)
	}
}

// TestExactUnknown checks that irrational values stay unknown instead of
// being made up, with what depends on them, while exact parts stay exact.
func TestExactUnknown(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 1)
	s := g.Apply("s", cgraph.Sigmoid{}, x) // σ(1) is irrational
	zero := g.Const("zero", 0)
	out := g.Apply("out", cgraph.Add{}, g.Apply("m", cgraph.Mul{}, s, zero), g.Input("b", 0.5))
	ex, err := g.Exact(out)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Value(s) != nil {
		t.Errorf("σ(1) exact = %v, want unknown", ex.Value(s))
	}
	if v := ex.Value(g.Lookup("m")); v != nil {
		t.Errorf("σ(1)·0 exact = %v, want unknown (its input is)", v)
	}
	// m = s·0 has no exact value, but its local derivative ∂m/∂s = 0 is
	// exact, and so is ∂out/∂s.
	if d := ex.Grad(s); d == nil || d.Sign() != 0 {
		t.Errorf("∂out/∂s = %v, want exactly 0", d)
	}
	if d := ex.Grad(g.Lookup("b")); d == nil || d.Cmp(rat("1")) != 0 {
		t.Errorf("∂out/∂b = %v, want 1", d)
	}
	// Upstream of σ is an exact 0, so ∂out/∂x = 0·σ'(1) = 0 exactly.
	if d := ex.Grad(x); d == nil || d.Sign() != 0 {
		t.Errorf("∂out/∂x = %v, want exactly 0", d)
	}
	g2 := cgraph.New()
	x2 := g2.Input("x", 1)
	out2 := g2.Apply("out", cgraph.Mul{}, g2.Apply("s", cgraph.Sigmoid{}, x2), g2.Input("c", 2))
	ex2, err := g2.Exact(out2)
	if err != nil {
		t.Fatal(err)
	}
	if d := ex2.Grad(x2); d != nil {
		t.Errorf("∂(2σ(x))/∂x at 1 = %v, want unknown", d)
	}
	if d := ex2.Grad(g2.Lookup("c")); d != nil {
		t.Errorf("∂(2σ(x))/∂c = σ(1) = %v, want unknown", d)
	}
}

func TestSimpleRat(t *testing.T) {
	tests := []struct {
		x    float64
		max  int64
		want string // "" for none
	}{
		{0.8, 1000, "4/5"},
		{-1.4, 1000, "-7/5"},
		{0.35, 1000, "7/20"},
		{1.0 / 3, 1000, "1/3"},
		{0.25, 1000, "1/4"},
		{3, 1000, "3"},
		{math.Pi, 1000, ""},
		{math.Pi, 1e9, "245850922/78256779"}, // the float64 nearest π, not π
		{0.1234, 1000, ""},
		{0.1234, 10000, "617/5000"},
		{math.NaN(), 1000, ""},
	}
	for _, tt := range tests {
		r := cgraph.SimpleRat(tt.x, tt.max)
		got := ""
		if r != nil {
			got = r.RatString()
		}
		if got != tt.want {
			t.Errorf("SimpleRat(%v, %d) = %q, want %q", tt.x, tt.max, got, tt.want)
		}
	}
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

// TestExactBounded runs a chain of 40 squarings of 1/3, whose exact values
// would need 3^(2^40) in their denominators: the early ones stay exact, the
// later ones are given up on, and the whole takes well under a second
// (without the bound it does not finish).
func TestExactBounded(t *testing.T) {
	g := cgraph.New()
	a := g.Input("x", 1.0/3)
	var chain []*cgraph.Node
	for i := 0; i < 40; i++ {
		a = g.Apply("", cgraph.Mul{}, a, a)
		chain = append(chain, a)
	}
	done := make(chan *cgraph.Exact, 1)
	go func() {
		ex, err := g.Exact(a)
		if err != nil {
			t.Error(err)
		}
		done <- ex
	}()
	var ex *cgraph.Exact
	select {
	case ex = <-done:
	case <-time.After(20 * time.Second): // a generous bound for -race on a busy machine
		t.Fatal("Exact did not finish: its numbers grow without bound")
	}
	if v := ex.Value(chain[0]); v == nil || v.RatString() != "1/9" {
		t.Errorf("x² = %v, want 1/9", v)
	}
	if v := ex.Value(chain[len(chain)-1]); v != nil {
		t.Errorf("x^(2^40) has an exact value of %d bits", v.Denom().BitLen())
	}
	if d := ex.Grad(g.Lookup("x")); d != nil {
		t.Errorf("∂/∂x of the chain is exact (%d bits)", d.Denom().BitLen())
	}
}
