package cgraph

import "math/big"

// SquaredLoss is (ŷ − y)² of inputs ŷ = in[0] and y = in[1], the loss of
// the exercise.
type SquaredLoss struct{}

func (SquaredLoss) Kind() string          { return "sqloss" }
func (SquaredLoss) Arity() (min, max int) { return 2, 2 }
func (SquaredLoss) Loss()                 {}

func (SquaredLoss) Forward(in []float64) float64 {
	d := in[0] - in[1]
	return d * d
}

// ∂L/∂ŷ = 2(ŷ − y), ∂L/∂y = −2(ŷ − y)
func (SquaredLoss) Backward(in []float64, _, up float64, grads []float64) {
	d := 2 * (in[0] - in[1]) * up
	grads[0] += d
	grads[1] -= d
}

func (SquaredLoss) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	d := b.Mul(b.Mul(b.Const(2), b.Sub(in[0], in[1])), up)
	if i == 1 {
		return b.Neg(d)
	}
	return d
}

func (SquaredLoss) ExactForward(in []*big.Rat) *big.Rat {
	d := new(big.Rat).Sub(in[0], in[1])
	return d.Mul(d, d)
}

func (SquaredLoss) Formula(a []string) string { return "(" + a[0] + " − " + a[1] + ")²" }

func (SquaredLoss) GoForward(v string, in []string) string {
	return v + " := (" + in[0] + " - " + in[1] + ") * (" + in[0] + " - " + in[1] + ")\n"
}

func (SquaredLoss) GoBackward(_ string, in []string, _, up string) []string {
	d := "2 * (" + in[0] + " - " + in[1] + ") * " + up
	return []string{d, "-(" + d + ")"}
}

func (SquaredLoss) ForwardPasses(int) bool  { return true }
func (SquaredLoss) BackwardPasses(int) bool { return true }
func (SquaredLoss) kernel(int) opcode       { return opSqLoss }

// fusion rebuilds sqloss(σ(z), y) as sigmoid_sqloss(z, y), one step, when
// σ(z) is read by nothing else (Optimize).
func (SquaredLoss) fusion(r *rewriter, n *Node) (fusion, bool) {
	s := n.inputs[0]
	if _, ok := s.gate.(Sigmoid); !ok || !r.absorbable(s) || s == n.inputs[1] {
		return fusion{}, false
	}
	return fusion{SigmoidSqLoss{}, []*Node{s.inputs[0], n.inputs[1]}, []*Node{s}, "sigmoid + sqloss → sigmoid_sqloss"}, true
}
