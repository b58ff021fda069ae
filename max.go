package cgraph

import "math/big"

// Max is the larger of two inputs. At a tie each input gets half of the
// gradient, as PyTorch's torch.maximum gives it: the derivative in a is
// [a > b] with 1/2 at a tie (Greater), in b [b > a].
type Max struct{}

func (Max) Kind() string          { return "max" }
func (Max) Arity() (min, max int) { return 2, 2 }

func (Max) Forward(in []float64) float64 { return max(in[0], in[1]) }

// ∂out/∂a = [a > b], ∂out/∂b = [b > a], 1/2 each at a tie
func (Max) Backward(in []float64, _, up float64, grads []float64) {
	a, b := in[0], in[1]
	grads[0] += up * greater(a, b, 0.5)
	grads[1] += up * greater(b, a, 0.5)
}

// tie is the comparison of max's and min's rules: 1/2 at a tie. It
// compares a and b themselves, not a − b, which would overflow for
// max(1e308, −1e308).
var tie = Greater{AtTie: 0.5}

func (Max) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	return b.Mul(up, b.Apply(tie, in[i], in[1-i]))
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
		up + " * greater(" + in[0] + ", " + in[1] + ", 0.5)",
		up + " * greater(" + in[1] + ", " + in[0] + ", 0.5)",
	}
}

func (Max) GoHelpers() map[string]string { return tie.GoHelpers() }

// max(−Inf, b) is b: only NaN and ±Inf in the gradient always pass.
func (Max) ForwardPasses(int) bool  { return false }
func (Max) BackwardPasses(int) bool { return true }

// Greater is 1 where in[0] > in[1], 0 where in[0] < in[1] and AtTie where
// they are equal: the derivative of max and min. Its own derivative is 0.
type Greater struct{ AtTie float64 }

func (Greater) Kind() string          { return "greater" }
func (Greater) Arity() (min, max int) { return 2, 2 }

func (g Greater) Forward(in []float64) float64 { return greater(in[0], in[1], g.AtTie) }

func greater(a, b, atTie float64) float64 {
	switch {
	case a > b:
		return 1
	case a < b:
		return 0
	case a == b:
		return atTie
	}
	return a + b // NaN
}

func (Greater) Backward([]float64, float64, float64, []float64) {}

func (Greater) Derive(*Builder, []*Node, *Node, *Node, int) *Node { return nil }

func (g Greater) ExactForward(in []*big.Rat) *big.Rat {
	switch in[0].Cmp(in[1]) {
	case 1:
		return big.NewRat(1, 1)
	case -1:
		return new(big.Rat)
	}
	return SimpleRat(g.AtTie, MaxExactDenom)
}

func (g Greater) Formula(a []string) string {
	if g.AtTie == 0 {
		return "[" + a[0] + " > " + a[1] + "]"
	}
	return "[" + a[0] + " > " + a[1] + "] (" + NumberText(g.AtTie) + " if equal)"
}

func (g Greater) GoForward(v string, in []string) string {
	return v + " := greater(" + in[0] + ", " + in[1] + ", " + goFloat(g.AtTie) + ")\n"
}

func (Greater) GoBackward(string, []string, string, string) []string { return []string{"", ""} }

func (Greater) GoHelpers() map[string]string {
	return map[string]string{"greater": `// greater is 1 for a > b, 0 for a < b and atTie for a = b.
func greater(a, b, atTie float64) float64 {
	switch {
	case a > b:
		return 1
	case a < b:
		return 0
	case a == b:
		return atTie
	}
	return a + b
}`}
}
