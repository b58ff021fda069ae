package cgraph

import "math/big"

// Neg is −in[0].
type Neg struct{}

func (Neg) Kind() string          { return "neg" }
func (Neg) Arity() (min, max int) { return 1, 1 }

func (Neg) Forward(in []float64) float64 { return -in[0] }

// ∂out/∂a = −1
func (Neg) Backward(_ []float64, _, up float64, grads []float64) { grads[0] -= up }

func (Neg) Derive(b *Builder, _ []*Node, _, up *Node, _ int) *Node { return b.Neg(up) }

func (Neg) ExactForward(in []*big.Rat) *big.Rat { return new(big.Rat).Neg(in[0]) }

func (Neg) Formula(a []string) string { return "−" + a[0] }

func (Neg) GoForward(v string, in []string) string { return v + " := -" + in[0] + "\n" }

func (Neg) GoBackward(_ string, _ []string, _, up string) []string { return []string{"-" + up} }

func (Neg) ForwardPasses(int) bool  { return true }
func (Neg) BackwardPasses(int) bool { return true }
func (Neg) kernel(int) opcode       { return opNeg }

// −(−x) = x
func (Neg) simplify(_ *Builder, in []*Node) (*Node, bool) {
	if _, ok := in[0].gate.(Neg); ok {
		return in[0].inputs[0], true
	}
	return nil, false
}
