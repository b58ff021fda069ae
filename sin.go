package cgraph

import (
	"math"
	"math/big"
)

// Sin is the sine of x (radians).
type Sin struct{}

func (Sin) Kind() string          { return "sin" }
func (Sin) Arity() (min, max int) { return 1, 1 }

func (Sin) Forward(in []float64) float64 { return math.Sin(in[0]) }

// sin'(x) = cos(x)
func (Sin) Backward(in []float64, _, up float64, grads []float64) {
	grads[0] += up * math.Cos(in[0])
}

func (Sin) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Mul(up, b.Apply(Cos{}, in[0]))
}

// ExactForward: sin x is rational for a rational x only at 0.
func (Sin) ExactForward(in []*big.Rat) *big.Rat { return atZero(in[0], ratZero) }

func (Sin) Formula(a []string) string { return "sin(" + a[0] + ")" }

func (Sin) GoForward(v string, in []string) string {
	return v + " := math.Sin(" + in[0] + ")\n"
}

func (Sin) GoBackward(_ string, in []string, _, up string) []string {
	return []string{up + " * math.Cos(" + in[0] + ")"}
}

func (Sin) ForwardPasses(int) bool  { return true } // sin(±Inf) is NaN
func (Sin) BackwardPasses(int) bool { return true }

func (Sin) Eval(x float64) float64     { return math.Sin(x) }
func (Sin) Local(x, _ float64) float64 { return math.Cos(x) }
