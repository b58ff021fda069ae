package cgraph

import (
	"math"
	"testing"
)

// TestAllFinite checks the NaN/Inf scan at every position of short slices.
func TestAllFinite(t *testing.T) {
	for n := 0; n < 11; n++ {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(i) - 3.5
		}
		if !allFinite(xs) {
			t.Fatalf("n=%d: finite values reported", n)
		}
		for i := range xs {
			for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				old := xs[i]
				xs[i] = bad
				if allFinite(xs) {
					t.Fatalf("n=%d: %v at %d missed", n, bad, i)
				}
				xs[i] = old
			}
		}
	}
	if !allFinite([]float64{math.MaxFloat64, -math.MaxFloat64, 5e-324}) {
		t.Fatal("extreme finite values reported")
	}
}
