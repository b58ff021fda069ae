package cgraph

import (
	"math"
	"testing"
)

// TestBatchErrorConstructors: the messages of the constructors that
// batch.go is to use are those of its struct literals today, and they
// carry no Operands, whose values would be the graph's, not the sample's.
func TestBatchErrorConstructors(t *testing.T) {
	g := New()
	x := g.Input("x", 1)
	w := g.Weight("w", 2, 0.1)
	n := g.Apply("n", Mul{}, x, w)
	tests := []struct {
		made, literal *NumericError
	}{
		{newSampleError("forward", n, math.Inf(1), 3), &NumericError{Pass: "forward", Node: n, Value: math.Inf(1), Sample: 3}},
		{newSampleError("backward", n, math.Inf(-1), 1), &NumericError{Pass: "backward", Node: n, Value: math.Inf(-1), Sample: 1}},
		{newSummedError(w, math.Inf(1)), &NumericError{Pass: "backward", Node: w, Value: math.Inf(1), Summed: true}},
	}
	for _, tt := range tests {
		if got, want := tt.made.Error(), tt.literal.Error(); got != want {
			t.Errorf("constructor: %s\nliteral:     %s", got, want)
		}
		if tt.made.Operands != nil {
			t.Errorf("%s: Operands %v, want none", tt.made, tt.made.Operands)
		}
	}
}
