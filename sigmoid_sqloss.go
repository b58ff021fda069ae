package cgraph

import "math/big"

// SigmoidSqLoss is (σ(z) − y)² of inputs z and y: a sigmoid output and the
// exercise's loss in one step, made by Optimize.
type SigmoidSqLoss struct{}

func (SigmoidSqLoss) Kind() string          { return "sigmoid_sqloss" }
func (SigmoidSqLoss) Arity() (min, max int) { return 2, 2 }
func (SigmoidSqLoss) Loss()                 {}

func (SigmoidSqLoss) Forward(in []float64) float64 {
	d := sigmoid(in[0]) - in[1]
	return d * d
}

// ∂out/∂z = 2(σ(z) − y)·σ'(z), ∂out/∂y = −2(σ(z) − y)
func (SigmoidSqLoss) Backward(in []float64, _, up float64, grads []float64) {
	s := sigmoid(in[0])
	d := 2 * (s - in[1]) * up
	grads[0] += d * sigmoidLocal(in[0], s)
	grads[1] -= d
}

func (SigmoidSqLoss) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	d := b.Mul(b.Mul(b.Const(2), b.Sub(b.Apply(Sigmoid{}, in[0]), in[1])), up)
	if i == 1 {
		return b.Neg(d)
	}
	return b.Mul(d, b.Apply(SigmoidDeriv{}, in[0]))
}

// ExactForward is rational where σ(z) is, at z = 0.
func (SigmoidSqLoss) ExactForward(in []*big.Rat) *big.Rat {
	s := atZero(in[0], ratHalf)
	if s == nil {
		return nil
	}
	s.Sub(s, in[1])
	return s.Mul(s, s)
}

func (SigmoidSqLoss) Formula(a []string) string { return "(σ(" + a[0] + ") − " + a[1] + ")²" }

// GoForward keeps σ(z) in a local of its own for the backward pass, as the
// tape keeps it.
func (SigmoidSqLoss) GoForward(v string, in []string) string {
	s := v + "s"
	return inlineSigmoid(s, in[0]) + v + " := (" + s + " - " + in[1] + ") * (" + s + " - " + in[1] + ")\n"
}

func (SigmoidSqLoss) GoBackward(v string, in []string, _, up string) []string {
	s := v + "s"
	d := "2 * (" + s + " - " + in[1] + ") * " + up
	return []string{d + " * sigmoidLocal(" + in[0] + ", " + s + ")", "-(" + d + ")"}
}

func (SigmoidSqLoss) GoHelpers() map[string]string { return sigmoidHelpers }

func (SigmoidSqLoss) ForwardPasses(j int) bool { return j == 1 } // σ(±Inf) is finite
func (SigmoidSqLoss) BackwardPasses(int) bool  { return true }
func (SigmoidSqLoss) kernel(int) opcode        { return opSigSq }
