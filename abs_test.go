package cgraph_test

import (
	"testing"

	"github.com/cgraph/cgraph"
)

// TestAbsAtZero: abs'(0) = sgn(0) = 0, PyTorch's choice, by the tape, the
// rule and the exact view alike.
func TestAbsAtZero(t *testing.T) {
	checkPoints(t, []pointCase{
		{cgraph.Abs{}, []float64{0}, 0, []float64{0}, "0", []string{"0"}},
		{cgraph.Abs{}, []float64{-0.75}, 0.75, []float64{-1}, "3/4", []string{"-1"}},
		{cgraph.Abs{}, []float64{0.5}, 0.5, []float64{1}, "1/2", []string{"1"}},
		{cgraph.Sign{}, []float64{0}, 0, []float64{0}, "0", []string{"0"}},
		{cgraph.Sign{}, []float64{-0.75}, -1, []float64{0}, "-1", []string{"0"}},
	})
}
