package lab

import (
	"fmt"
	"math"
	"testing"
)

// sigma is σ written out, independent of cgraph's gate.
func sigma(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func TestChainEqualsProductFormula(t *testing.T) {
	cases := []struct {
		x float64
		w []float64
	}{
		{1, ExerciseWeights},
		{0.5, []float64{0.8, -1.4, 0.6, 2}},
		{-2, []float64{3, -0.5, 1.5, -4}},
		{0, []float64{1, 1, 1, 1}},
		{1, []float64{10, 10, 10, 10}}, // saturated: tiny factors
		{0.3, []float64{2}},
	}
	for _, tc := range cases {
		r, err := Chain(tc.x, tc.w)
		if err != nil {
			t.Fatal(err)
		}
		// The closed form of exercise 3-1 (a): ∂y/∂x = Π σ'(z_i)·w_i with
		// σ' = σ(1−σ), computed here from scratch.
		a, want, bound := tc.x, 1.0, 1.0
		for _, w := range tc.w {
			z := w * a
			a = sigma(z)
			want *= sigma(z) * sigma(-z) * w // σ(1−σ), without cancelling
			bound *= math.Abs(w) / 4
		}
		// Backprop multiplies the same factors in the same order as
		// Product, so they agree exactly; the scratch formula's σ is a
		// different expression of the same number, so to rounding.
		if r.Backprop != r.Product {
			t.Errorf("x=%g w=%v: backprop %g, product %g", tc.x, tc.w, r.Backprop, r.Product)
		}
		if math.Abs(r.Backprop-want) > 1e-12*math.Abs(want) {
			t.Errorf("x=%g w=%v: backprop %g, closed form %g", tc.x, tc.w, r.Backprop, want)
		}
		if math.Abs(r.Y-a) > 1e-15 {
			t.Errorf("x=%g w=%v: y %g, want %g", tc.x, tc.w, r.Y, a)
		}
		if r.Bound != bound && math.Abs(r.Bound-bound) > 1e-15*bound {
			t.Errorf("bound %g, want %g", r.Bound, bound)
		}
		if math.Abs(r.Backprop) > r.Bound {
			t.Errorf("x=%g w=%v: |∂y/∂x| = %g above the bound %g", tc.x, tc.w, math.Abs(r.Backprop), r.Bound)
		}
		for i, term := range r.Terms {
			if term.DSig > 0.25 || term.Factor != term.DSig*term.W {
				t.Errorf("term %d: %+v", i+1, term)
			}
		}
	}
	if _, err := Chain(1, nil); err == nil {
		t.Error("a chain without weights: no error")
	}
}

func TestMaxSigmoidPrime(t *testing.T) {
	z, m := MaxSigmoidPrime()
	// σ'(z) = 1/4 − z²/16 + O(z⁴) near 0, so the search, which cannot
	// tell values apart closer than float64's ε = 2.2e-16, places the peak
	// only to within about 4·√ε ≈ 6e-8 of 0; the value is 1/4 exactly.
	if math.Abs(z) > 1e-7 {
		t.Errorf("argmax σ' = %g, want 0", z)
	}
	if m != 0.25 {
		t.Errorf("max σ' = %.17g, want 1/4", m)
	}
}

func ExampleChain() {
	r, _ := Chain(1, ExerciseWeights)
	for i, t := range r.Terms {
		fmt.Printf("σ'(z%d)·w%d = %.4f · %g\n", i+1, i+1, t.DSig, t.W)
	}
	fmt.Printf("∂y/∂x = %.3e by backprop, %.3e by the product, bound %.3e\n", r.Backprop, r.Product, r.Bound)
	// Output:
	// σ'(z1)·w1 = 0.1966 · 1
	// σ'(z2)·w2 = 0.2194 · 1
	// σ'(z3)·w3 = 0.2236 · 1
	// σ'(z4)·w4 = 0.2244 · 1
	// ∂y/∂x = 2.164e-03 by backprop, 2.164e-03 by the product, bound 3.906e-03
}
