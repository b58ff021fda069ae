package cgraph

import (
	"math"
	"math/big"
)

// Softplus is ln(1 + e^x), a smooth relu. It is computed as
// max(x, 0) + ln(1 + e^−|x|), which never overflows and keeps the small
// term e^−|x| that 1 + e^x would round away: softplus(30) is 30 + 9.4e-14,
// where PyTorch returns x itself above its threshold of 20. Its derivative
// is σ(x), to the bit the Sigmoid gate's value.
type Softplus struct{}

func (Softplus) Kind() string          { return "softplus" }
func (Softplus) Arity() (min, max int) { return 1, 1 }

func (Softplus) Forward(in []float64) float64 { return softplus(in[0]) }

func softplus(x float64) float64 { return max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// softplus'(x) = σ(x)
func (Softplus) Backward(in []float64, _, up float64, grads []float64) {
	grads[0] += up * sigmoid(in[0])
}

func (Softplus) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Mul(up, b.Apply(Sigmoid{}, in[0]))
}

// ExactForward: ln(1 + e^x) is never rational for a rational x (ln 2 at 0).
func (Softplus) ExactForward([]*big.Rat) *big.Rat { return nil }

func (Softplus) Formula(a []string) string { return "softplus(" + a[0] + ")" }

func (Softplus) GoForward(v string, in []string) string {
	return v + " := max(" + in[0] + ", 0) + math.Log1p(math.Exp(-math.Abs(" + in[0] + ")))\n"
}

func (Softplus) GoBackward(_ string, in []string, _, up string) []string {
	return []string{up + " * sigmoid(" + in[0] + ")"}
}

func (Softplus) GoHelpers() map[string]string {
	return map[string]string{"sigmoid": sigmoidHelpers["sigmoid"]}
}

func (Softplus) ForwardPasses(int) bool  { return false } // softplus(−Inf) = 0
func (Softplus) BackwardPasses(int) bool { return true }

func (Softplus) Eval(x float64) float64     { return softplus(x) }
func (Softplus) Local(x, _ float64) float64 { return sigmoid(x) }
