package cgraph_test

import (
	"math"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestSinCosExact: sin and cos are rational at 0 only, and there so are
// their derivatives cos 0 = 1 and −sin 0 = 0.
func TestSinCosExact(t *testing.T) {
	checkPoints(t, []pointCase{
		{cgraph.Sin{}, []float64{0}, 0, []float64{1}, "0", []string{"1"}},
		{cgraph.Cos{}, []float64{0}, 1, []float64{0}, "1", []string{"0"}},
		{cgraph.Sin{}, []float64{0.5}, math.Sin(0.5), []float64{math.Cos(0.5)}, "", []string{""}},
		{cgraph.Cos{}, []float64{0.5}, math.Cos(0.5), []float64{-math.Sin(0.5)}, "", []string{""}},
	})
}

// TestSinSecondDerivative differentiates sin twice through the rules:
// sin” = −sin.
func TestSinSecondDerivative(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 0.7)
	s := g.Apply("s", cgraph.Sin{}, x)
	d1, err := cgraph.Grad(s, x)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := cgraph.Grad(d1[0], x)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Forward(); err != nil {
		t.Fatal(err)
	}
	if d1[0].Value() != math.Cos(0.7) || d2[0].Value() != -math.Sin(0.7) {
		t.Errorf("sin'(0.7) = %v, sin''(0.7) = %v; want %v, %v", d1[0].Value(), d2[0].Value(), math.Cos(0.7), -math.Sin(0.7))
	}
}
