package cgraph

import (
	"math/big"
	"strconv"
)

// Step is the Heaviside step of x: 1 for x > 0, 0 for x < 0 and AtZero at
// x = 0. It is the derivative of relu (AtZero 0) and of max and min at a
// tie (AtZero 1/2), and its own derivative is 0.
type Step struct{ AtZero float64 }

func (Step) Kind() string          { return "step" }
func (Step) Arity() (min, max int) { return 1, 1 }

func (s Step) Forward(in []float64) float64 {
	switch x := in[0]; {
	case x > 0:
		return 1
	case x < 0:
		return 0
	case x == 0:
		return s.AtZero
	}
	return in[0] // NaN
}

// step'(x) = 0
func (Step) Backward([]float64, float64, float64, []float64) {}

func (Step) Derive(*Builder, []*Node, *Node, *Node, int) *Node { return nil }

func (s Step) ExactForward(in []*big.Rat) *big.Rat {
	switch in[0].Sign() {
	case 1:
		return big.NewRat(1, 1)
	case -1:
		return new(big.Rat)
	}
	return SimpleRat(s.AtZero, MaxExactDenom)
}

func (s Step) Formula(a []string) string {
	if s.AtZero == 0 {
		return "[" + a[0] + " > 0]"
	}
	return "step(" + a[0] + ")"
}

func (s Step) GoForward(v string, in []string) string {
	return v + " := step(" + in[0] + ", " + strconv.FormatFloat(s.AtZero, 'g', -1, 64) + ")\n"
}

func (Step) GoBackward(string, []string, string, string) []string { return []string{""} }

func (Step) GoHelpers() map[string]string {
	return map[string]string{"step": `// step is the Heaviside step, atZero at 0.
func step(x, atZero float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return 0
	case x == 0:
		return atZero
	}
	return x
}`}
}

func (Step) ForwardPasses(int) bool { return false }
