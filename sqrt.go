package cgraph

import (
	"math"
	"math/big"
)

// Sqrt is √x. Its derivative 1/(2√x) is +Inf at 0, as PyTorch's is: a
// run through √0 reports a *NumericError naming the node in the backward
// pass, rather than inventing a finite slope.
type Sqrt struct{}

func (Sqrt) Kind() string          { return "sqrt" }
func (Sqrt) Arity() (min, max int) { return 1, 1 }

func (Sqrt) Forward(in []float64) float64 { return math.Sqrt(in[0]) }

// sqrt'(x) = 1/(2√x): the contribution is up/(2·out), as PyTorch computes
// it (2·out is exact).
func (Sqrt) Backward(_ []float64, out, up float64, grads []float64) {
	grads[0] += up / (2 * out)
}

func (Sqrt) Derive(b *Builder, _ []*Node, out, up *Node, _ int) *Node {
	return b.Div(up, b.Mul(b.Const(2), out))
}

// ExactForward: √x is rational where x is the square of a rational, that
// is where x ≥ 0 and its numerator and denominator (in lowest terms) are
// perfect squares.
func (Sqrt) ExactForward(in []*big.Rat) *big.Rat {
	x := in[0]
	if x.Sign() < 0 {
		return nil
	}
	num, ok := intSqrt(x.Num())
	if !ok {
		return nil
	}
	den, ok := intSqrt(x.Denom())
	if !ok {
		return nil
	}
	return new(big.Rat).SetFrac(num, den)
}

// intSqrt returns √n and true where n ≥ 0 is a perfect square.
func intSqrt(n *big.Int) (*big.Int, bool) {
	r := new(big.Int).Sqrt(n)
	return r, new(big.Int).Mul(r, r).Cmp(n) == 0
}

func (Sqrt) Formula(a []string) string { return "sqrt(" + a[0] + ")" }

func (Sqrt) GoForward(v string, in []string) string {
	return v + " := math.Sqrt(" + in[0] + ")\n"
}

func (Sqrt) GoBackward(_ string, _ []string, out, up string) []string {
	return []string{up + " / (2 * " + out + ")"}
}

func (Sqrt) ForwardPasses(int) bool  { return true } // √+Inf = +Inf, √−Inf = NaN
func (Sqrt) BackwardPasses(int) bool { return true }

func (Sqrt) Eval(x float64) float64       { return math.Sqrt(x) }
func (Sqrt) Local(_, out float64) float64 { return 1 / (2 * out) }
