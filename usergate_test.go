package cgraph_test

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/gen"
	"github.com/cgraph/cgraph/viz"
)

// userCube is x³ as a user's gate with every facet: it must get all that a
// built-in gate gets, in every engine.
type userCube struct{}

func (userCube) Kind() string                 { return "cube" }
func (userCube) Arity() (min, max int)        { return 1, 1 }
func (userCube) Forward(in []float64) float64 { return in[0] * in[0] * in[0] }
func (userCube) Backward(in []float64, _, up float64, grads []float64) {
	grads[0] += up * (3 * in[0] * in[0])
}
func (userCube) Derive(b *cgraph.Builder, in []*cgraph.Node, _, up *cgraph.Node, _ int) *cgraph.Node {
	return b.Mul(up, b.Mul(b.Const(3), in[0], in[0]))
}
func (userCube) ExactForward(in []*big.Rat) *big.Rat {
	r := new(big.Rat).Mul(in[0], in[0])
	return r.Mul(r, in[0])
}
func (userCube) Formula(a []string) string { return cgraph.PowerBase(a[0]) + "³" }
func (userCube) GoForward(v string, in []string) string {
	return v + " := " + in[0] + " * " + in[0] + " * " + in[0] + "\n"
}
func (userCube) GoBackward(_ string, in []string, _, up string) []string {
	return []string{up + " * (3 * " + in[0] + " * " + in[0] + ")"}
}

// TestUserGateFirstClass: a user's gate in a program (expr.Options.Funcs),
// with its formula and local derivative in diagrams, exact values, a
// gradient graph, a Hessian and generated Go.
func TestUserGateFirstClass(t *testing.T) {
	b, err := expr.CompileWith("L = cube(x) + x", &expr.Options{Funcs: map[string]cgraph.Gate{"cube": userCube{}}})
	if err != nil {
		t.Fatal(err)
	}
	g, L := b.Graph, b.Output
	x := g.Lookup("x")
	if err := g.Set("x", 2.0/3); err != nil {
		t.Fatal(err)
	}
	if err := g.Run(L); err != nil {
		t.Fatal(err)
	}
	if d := x.Grad(); math.Abs(d-(3*4.0/9+1)) > 1e-15 { // 3x² + 1
		t.Errorf("∂L/∂x = %v, want 7/3", d)
	}
	ex, err := g.Exact(L)
	if err != nil {
		t.Fatal(err)
	}
	if v, d := ex.Value(L), ex.Grad(x); v == nil || v.RatString() != "26/27" || d == nil || d.RatString() != "7/3" {
		t.Errorf("exact L = %v, ∂L/∂x = %v; want 26/27 and 7/3", v, d)
	}
	for view, want := range map[viz.View]string{
		viz.ForwardView:  `x³\n= (2/3)³\n= 8/27`,            // its formula, in DOT
		viz.BackwardView: "∂(cube(x))/∂x = 3 · x · x = 4/3", // its rule
	} {
		dot, err := viz.DOT(g, &viz.Options{View: view, Output: L, Hand: true})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(dot), want) {
			t.Errorf("the %v diagram lacks %q:\n%s", view, want, dot)
		}
	}
	h, err := cgraph.Hessian(L, x)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(h[0][0]-6*2.0/3) > 1e-15 { // 6x
		t.Errorf("∂²L/∂x² = %v, want 4", h[0][0])
	}
	src, err := gen.Go(g, L, gen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "* (3 *") {
		t.Errorf("generated code lacks the gate's backward:\n%s", src)
	}
}
