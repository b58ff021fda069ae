package cgraph_test

import (
	"math"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestSoftmaxCE against its closed form: L = ln Σ e^zᵢ − z_y and
// ∂L/∂zᵢ = pᵢ − [i = y]; for equal logits the gradient graph is exact:
// p = 1/3, so ∂L/∂z_y = −2/3 and the others 1/3.
func TestSoftmaxCE(t *testing.T) {
	g := cgraph.New()
	z := []*cgraph.Node{g.Input("z0", 1), g.Input("z1", 2), g.Input("z2", 3)}
	y := g.Input("y", 0)
	L := g.Apply("L", cgraph.SoftmaxCE{}, append(z, y)...)
	if err := g.Run(L); err != nil {
		t.Fatal(err)
	}
	s := math.Exp(1) + math.Exp(2) + math.Exp(3)
	if want := math.Log(s) - 1; math.Abs(L.Value()-want) > 1e-15 {
		t.Errorf("L = %v, want %v", L.Value(), want)
	}
	for i, zi := range z {
		want := math.Exp(float64(i+1)) / s
		if i == 0 {
			want--
		}
		if math.Abs(zi.Grad()-want) > 1e-15 {
			t.Errorf("∂L/∂z%d = %v, want %v", i, zi.Grad(), want)
		}
	}
	if y.Grad() != 0 {
		t.Errorf("the class has gradient %v", y.Grad())
	}

	for _, zi := range z {
		if err := g.Set(zi.Name(), 0.5); err != nil {
			t.Fatal(err)
		}
	}
	grads, err := cgraph.Grad(L, z...)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := g.Exact(L)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range grads {
		want := "1/3"
		if i == 0 {
			want = "-2/3"
		}
		if r := ex.Value(d); r == nil || r.RatString() != want {
			t.Errorf("exact ∂L/∂z%d = %v, want %s", i, r, want)
		}
	}

	if err := g.Set("y", 3); err != nil {
		t.Fatal(err)
	}
	if err := g.Forward(); err == nil {
		t.Error("class 3 of 3 logits: no error")
	}
}

// TestSoftmaxCEHessian: the Hessian of L in the logits is diag(p) − p pᵀ.
func TestSoftmaxCEHessian(t *testing.T) {
	g := cgraph.New()
	v := []float64{0.3, -1.2, 2.5}
	var z []*cgraph.Node
	for i, x := range v {
		z = append(z, g.Input(string(rune('a'+i)), x))
	}
	L := g.Apply("L", cgraph.SoftmaxCE{}, append(z, g.Input("y", 2))...)
	h, err := cgraph.Hessian(L, z...)
	if err != nil {
		t.Fatal(err)
	}
	var s float64
	for _, x := range v {
		s += math.Exp(x)
	}
	for i := range v {
		for j := range v {
			pi, pj := math.Exp(v[i])/s, math.Exp(v[j])/s
			want := -pi * pj
			if i == j {
				want += pi
			}
			if math.Abs(h[i][j]-want) > 1e-15 {
				t.Errorf("H[%d][%d] = %v, want %v", i, j, h[i][j], want)
			}
		}
	}
}
