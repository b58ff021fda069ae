package cgraph_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestHessianClosedForm: f = x²·y + e^(x·y), whose Hessian is
// [[2y + y²e^(xy), 2x + e^(xy)(1 + xy)], [·, x²e^(xy)]].
func TestHessianClosedForm(t *testing.T) {
	for _, p := range [][2]float64{{0.3, -0.7}, {1.1, 0.4}, {-2, 0.5}} {
		g := cgraph.New()
		x, y := g.Input("x", p[0]), g.Input("y", p[1])
		xy := g.Apply("xy", cgraph.Mul{}, x, y)
		f := g.Apply("f", cgraph.Add{}, g.Apply("", cgraph.Mul{}, x, x, y), g.Apply("", cgraph.Exp{}, xy))
		h, err := cgraph.Hessian(f, x, y)
		if err != nil {
			t.Fatal(err)
		}
		a, b := p[0], p[1]
		e := math.Exp(a * b)
		want := [][]float64{{2*b + b*b*e, 2*a + e*(1+a*b)}, {2*a + e*(1+a*b), a * a * e}}
		for i := range want {
			for j := range want[i] {
				if d := math.Abs(h[i][j] - want[i][j]); d > 1e-14*max(1, math.Abs(want[i][j])) {
					t.Errorf("%v: H[%d][%d] = %v, want %v", p, i, j, h[i][j], want[i][j])
				}
			}
		}
	}
}

// TestHessianExercise: the Hessian of the exercise's loss with respect to
// w1, w2, p0 is ∂²L/∂z² · x xᵀ with x = (1, 1, 1) and ∂²L/∂z² =
// 2σ'(0)² + 2(σ(0) − y)σ”(0) = 2/16 + 0: every entry is exactly 1/8.
func TestHessianExercise(t *testing.T) {
	g, L := exercise()
	wrt := []*cgraph.Node{g.Lookup("w1"), g.Lookup("w2"), g.Lookup("p0")}
	h, _, err := cgraph.HessianGraph(L, wrt...)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Forward(); err != nil {
		t.Fatal(err)
	}
	ex, err := g.Exact(L)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range h {
		for j, n := range row {
			if math.Abs(n.Value()-0.125) > 1e-15 {
				t.Errorf("H[%d][%d] = %v, want 1/8", i, j, n.Value())
			}
			if r := ex.Value(n); r == nil || r.RatString() != "1/8" {
				t.Errorf("exact H[%d][%d] = %v, want 1/8", i, j, r)
			}
		}
	}
}

// TestHVPMatchesHessian: H·v from the product graph equals the matrix
// times v, on a graph with fan-out, sigmoid, tanh, division and powers.
func TestHVPMatchesHessian(t *testing.T) {
	build := func() (*cgraph.Graph, *cgraph.Node, []*cgraph.Node) {
		g := cgraph.New()
		a, b, c := g.Weight("a", 0.3, 1), g.Weight("b", -1.2, 1), g.Weight("c", 0.8, 1)
		s := g.Apply("s", cgraph.Sigmoid{}, g.Apply("", cgraph.Mul{}, a, b))
		q := g.Apply("q", cgraph.Div{}, g.Apply("", cgraph.Tanh{}, c), g.Apply("", cgraph.Add{}, s, g.Const("", 2)))
		f := g.Apply("f", cgraph.Pow{}, g.Apply("", cgraph.Add{}, q, s, a), g.Const("", 3))
		return g, f, []*cgraph.Node{a, b, c}
	}
	g, f, wrt := build()
	h, err := cgraph.Hessian(f, wrt...)
	if err != nil {
		t.Fatal(err)
	}
	v := []float64{0.5, -2, 1.25}
	g2, f2, wrt2 := build()
	vn, hv, err := cgraph.HVP(f2, wrt2...)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range vn {
		if err := g2.Set(n.Name(), v[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := g2.Forward(); err != nil {
		t.Fatal(err)
	}
	for i := range h {
		want := 0.0
		for j := range v {
			want += h[i][j] * v[j]
		}
		if d := math.Abs(hv[i].Value() - want); d > 1e-13*max(1, math.Abs(want)) {
			t.Errorf("(Hv)[%d] = %v, want %v", i, hv[i].Value(), want)
		}
	}
	_ = g
}

// TestCheckHessianCatchesAWrongRule: a gate whose rule is wrong in its
// second derivative only (its first derivative is right) passes the first
// order check of Backward but fails CheckHessian.
func TestCheckHessianCatchesAWrongRule(t *testing.T) {
	g := cgraph.New()
	x := g.Weight("x", 0.7, 1)
	f := g.Apply("f", cube{wrongSecond: true}, x)
	if _, err := cgraph.CheckHessian(f, []*cgraph.Node{x}, 0); err == nil {
		t.Error("a wrong second derivative passed")
	}
	g2 := cgraph.New()
	x2 := g2.Weight("x", 0.7, 1)
	f2 := g2.Apply("f", cube{}, x2)
	if _, err := cgraph.CheckHessian(f2, []*cgraph.Node{x2}, 0); err != nil {
		t.Error(err)
	}
}

// cube is x³ written as a user's gate. Its rule builds 3x² as 3·x·x, or,
// if wrongSecond, as 3·x·c with c a constant of x's current value: the
// right first derivative, but half the second.
type cube struct{ wrongSecond bool }

func (cube) Kind() string                 { return "cube" }
func (cube) Forward(in []float64) float64 { return in[0] * in[0] * in[0] }
func (cube) Backward(in []float64, _, up float64, grads []float64) {
	grads[0] += up * 3 * in[0] * in[0]
}
func (c cube) Derive(b *cgraph.Builder, in []*cgraph.Node, _, up *cgraph.Node, _ int) *cgraph.Node {
	if c.wrongSecond {
		frozen := b.Const(in[0].Value()) // right value, but no derivative
		return b.Mul(up, b.Const(3), in[0], frozen)
	}
	return b.Mul(up, b.Const(3), in[0], in[0])
}

// Newton's method on a least-squares line fit: L = Σ (w·xᵢ + b − yᵢ)² is
// quadratic in (w, b), so one Newton step w ← w − H⁻¹∇L lands on the
// minimum, the line through the data's least-squares fit.
func ExampleHessian() {
	g := cgraph.New()
	w, b := g.Weight("w", 0, 1), g.Weight("b", 0, 1)
	var terms []*cgraph.Node
	for _, p := range [][2]float64{{0, 1}, {1, 3}, {2, 4}} {
		x, y := g.Const("", p[0]), g.Const("", p[1])
		r := g.Apply("", cgraph.Sub{}, g.Apply("", cgraph.Add{}, g.Apply("", cgraph.Mul{}, w, x), b), y)
		terms = append(terms, g.Apply("", cgraph.Mul{}, r, r))
	}
	L := g.Apply("L", cgraph.Add{}, terms...)

	h, grads, _ := cgraph.HessianGraph(L, w, b)
	_ = g.Forward()
	// Solve H·d = ∇L for the 2×2 matrix.
	a, c, d := h[0][0].Value(), h[0][1].Value(), h[1][1].Value()
	gw, gb := grads[0].Value(), grads[1].Value()
	det := a*d - c*c
	_ = g.Set("w", w.Value()-(d*gw-c*gb)/det)
	_ = g.Set("b", b.Value()-(a*gb-c*gw)/det)
	_ = g.Forward()
	fmt.Printf("w = %.4f, b = %.4f, L = %.4f\n", w.Value(), b.Value(), L.Value())
	// Output: w = 1.5000, b = 1.1667, L = 0.1667
}
