package cgraph

import (
	"math"
	"math/big"
)

// Abs is |x|. Its derivative at the kink x = 0 is taken as 0, the
// subgradient PyTorch's sgn(0) = 0 picks.
type Abs struct{}

func (Abs) Kind() string          { return "abs" }
func (Abs) Arity() (min, max int) { return 1, 1 }

func (Abs) Forward(in []float64) float64 { return math.Abs(in[0]) }

// abs'(x) = sgn(x)
func (Abs) Backward(in []float64, _, up float64, grads []float64) {
	grads[0] += up * sign(in[0])
}

func (Abs) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Mul(up, b.Apply(Sign{}, in[0]))
}

func (Abs) ExactForward(in []*big.Rat) *big.Rat { return new(big.Rat).Abs(in[0]) }

func (Abs) Formula(a []string) string { return "abs(" + a[0] + ")" }

func (Abs) GoForward(v string, in []string) string {
	return v + " := math.Abs(" + in[0] + ")\n"
}

func (Abs) GoBackward(_ string, in []string, _, up string) []string {
	return []string{up + " * sign(" + in[0] + ")"}
}

func (Abs) GoHelpers() map[string]string { return signHelpers }

func (Abs) ForwardPasses(int) bool  { return true }
func (Abs) BackwardPasses(int) bool { return true } // Inf·0 is NaN

func (Abs) Eval(x float64) float64     { return math.Abs(x) }
func (Abs) Local(x, _ float64) float64 { return sign(x) }

// Sign is sgn(x): 1 for x > 0, −1 for x < 0 and 0 at 0. It is the
// derivative of abs, the node Abs's rule makes; its own derivative is 0.
type Sign struct{}

func (Sign) Kind() string          { return "sign" }
func (Sign) Arity() (min, max int) { return 1, 1 }

func (Sign) Forward(in []float64) float64 { return sign(in[0]) }

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	case x == 0:
		return 0
	}
	return x // NaN
}

// sgn'(x) = 0
func (Sign) Backward([]float64, float64, float64, []float64) {}

func (Sign) Derive(*Builder, []*Node, *Node, *Node, int) *Node { return nil }

func (Sign) ExactForward(in []*big.Rat) *big.Rat { return big.NewRat(int64(in[0].Sign()), 1) }

func (Sign) Formula(a []string) string { return "sgn(" + a[0] + ")" }

func (Sign) GoForward(v string, in []string) string {
	return v + " := sign(" + in[0] + ")\n"
}

func (Sign) GoBackward(string, []string, string, string) []string { return []string{""} }

func (Sign) GoHelpers() map[string]string { return signHelpers }

var signHelpers = map[string]string{
	"sign": `// sign is sgn(x): 1, −1, or 0 at 0.
func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	case x == 0:
		return 0
	}
	return x
}`,
}
