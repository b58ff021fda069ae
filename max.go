package cgraph

import "math/big"

// Max is the larger of two inputs. At a tie each input gets half of the
// gradient, as PyTorch's torch.maximum gives it: the derivative in a is
// step(a − b) with step(0) = 1/2, in b step(b − a).
type Max struct{}

func (Max) Kind() string          { return "max" }
func (Max) Arity() (min, max int) { return 2, 2 }

func (Max) Forward(in []float64) float64 { return max(in[0], in[1]) }

// ∂out/∂a = step(a − b), ∂out/∂b = step(b − a)
func (Max) Backward(in []float64, _, up float64, grads []float64) {
	a, b := in[0], in[1]
	grads[0] += up * tieStep(a-b)
	grads[1] += up * tieStep(b-a)
}

// tie is the step of max's and min's rules: 1/2 at 0.
var tie = Step{AtZero: 0.5}

// tieStep is tie's value at x.
func tieStep(x float64) float64 { return tie.Forward([]float64{x}) }

// tieGoStep writes tieStep(x) as Go, the call tie's GoForward writes.
func tieGoStep(x string) string { return "step(" + x + ", 0.5)" }

func (Max) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	return b.Mul(up, b.Apply(tie, b.Sub(in[i], in[1-i])))
}

func (Max) ExactForward(in []*big.Rat) *big.Rat {
	if in[0].Cmp(in[1]) >= 0 {
		return new(big.Rat).Set(in[0])
	}
	return new(big.Rat).Set(in[1])
}

func (Max) Formula(a []string) string { return "max(" + a[0] + ", " + a[1] + ")" }

func (Max) GoForward(v string, in []string) string {
	return v + " := max(" + in[0] + ", " + in[1] + ")\n"
}

func (Max) GoBackward(_ string, in []string, _, up string) []string {
	return []string{
		up + " * " + tieGoStep(in[0]+" - "+in[1]),
		up + " * " + tieGoStep(in[1]+" - "+in[0]),
	}
}

func (Max) GoHelpers() map[string]string { return tie.GoHelpers() }

// max(−Inf, b) is b: only NaN and ±Inf in the gradient always pass.
func (Max) ForwardPasses(int) bool  { return false }
func (Max) BackwardPasses(int) bool { return true }
