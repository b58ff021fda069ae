package cgraph

import (
	"math"
	"math/big"
)

// Cos is the cosine of x (radians).
type Cos struct{}

func (Cos) Kind() string          { return "cos" }
func (Cos) Arity() (min, max int) { return 1, 1 }

func (Cos) Forward(in []float64) float64 { return math.Cos(in[0]) }

// cos'(x) = −sin(x)
func (Cos) Backward(in []float64, _, up float64, grads []float64) {
	grads[0] += up * -math.Sin(in[0])
}

func (Cos) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Mul(up, b.Neg(b.Apply(Sin{}, in[0])))
}

// ExactForward: cos x is rational for a rational x only at 0.
func (Cos) ExactForward(in []*big.Rat) *big.Rat { return atZero(in[0], ratOne) }

func (Cos) Formula(a []string) string { return "cos(" + a[0] + ")" }

func (Cos) GoForward(v string, in []string) string {
	return v + " := math.Cos(" + in[0] + ")\n"
}

func (Cos) GoBackward(_ string, in []string, _, up string) []string {
	return []string{up + " * -math.Sin(" + in[0] + ")"}
}

func (Cos) ForwardPasses(int) bool  { return true } // cos(±Inf) is NaN
func (Cos) BackwardPasses(int) bool { return true }

func (Cos) Eval(x float64) float64     { return math.Cos(x) }
func (Cos) Local(x, _ float64) float64 { return -math.Sin(x) }
