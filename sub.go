package cgraph

import "math/big"

// Sub is in[0] − in[1].
type Sub struct{}

func (Sub) Kind() string          { return "sub" }
func (Sub) Arity() (min, max int) { return 2, 2 }

func (Sub) Forward(in []float64) float64 { return in[0] - in[1] }

// ∂out/∂a = 1, ∂out/∂b = −1
func (Sub) Backward(_ []float64, _, up float64, grads []float64) {
	grads[0] += up
	grads[1] -= up
}

func (Sub) Derive(b *Builder, _ []*Node, _, up *Node, i int) *Node {
	if i == 1 {
		return b.Neg(up)
	}
	return up
}

func (Sub) ExactForward(in []*big.Rat) *big.Rat { return new(big.Rat).Sub(in[0], in[1]) }

func (Sub) Formula(a []string) string { return a[0] + " − " + a[1] }

func (Sub) GoForward(v string, in []string) string {
	return v + " := " + in[0] + " - " + in[1] + "\n"
}

func (Sub) GoBackward(_ string, _ []string, _, up string) []string {
	return []string{up, "-" + up}
}

func (Sub) ForwardPasses(int) bool  { return true }
func (Sub) BackwardPasses(int) bool { return true }
func (Sub) kernel(int) opcode       { return opSub }
