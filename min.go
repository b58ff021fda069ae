package cgraph

import "math/big"

// Min is the smaller of two inputs. At a tie each input gets half of the
// gradient, as PyTorch's torch.minimum gives it: the derivative in a is
// [b > a] with 1/2 at a tie (Greater), in b [a > b].
type Min struct{}

func (Min) Kind() string          { return "min" }
func (Min) Arity() (min, max int) { return 2, 2 }

func (Min) Forward(in []float64) float64 { return min(in[0], in[1]) }

// ∂out/∂a = [b > a], ∂out/∂b = [a > b], 1/2 each at a tie
func (Min) Backward(in []float64, _, up float64, grads []float64) {
	a, b := in[0], in[1]
	grads[0] += up * greater(b, a, 0.5)
	grads[1] += up * greater(a, b, 0.5)
}

func (Min) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	return b.Mul(up, b.Apply(tie, in[1-i], in[i]))
}

func (Min) ExactForward(in []*big.Rat) *big.Rat {
	if in[0].Cmp(in[1]) <= 0 {
		return new(big.Rat).Set(in[0])
	}
	return new(big.Rat).Set(in[1])
}

func (Min) Formula(a []string) string { return "min(" + a[0] + ", " + a[1] + ")" }

func (Min) GoForward(v string, in []string) string {
	return v + " := min(" + in[0] + ", " + in[1] + ")\n"
}

func (Min) GoBackward(_ string, in []string, _, up string) []string {
	return []string{
		up + " * greater(" + in[1] + ", " + in[0] + ", 0.5)",
		up + " * greater(" + in[0] + ", " + in[1] + ", 0.5)",
	}
}

func (Min) GoHelpers() map[string]string { return tie.GoHelpers() }

// min(+Inf, b) is b: only NaN and ±Inf in the gradient always pass.
func (Min) ForwardPasses(int) bool  { return false }
func (Min) BackwardPasses(int) bool { return true }
