package cgraph

import "math/big"

// Div is in[0] / in[1].
type Div struct{}

func (Div) Kind() string          { return "div" }
func (Div) Arity() (min, max int) { return 2, 2 }

func (Div) Forward(in []float64) float64 { return in[0] / in[1] }

// ∂out/∂a = 1/b, ∂out/∂b = −a/b² = −out/b
func (Div) Backward(in []float64, out, up float64, grads []float64) {
	grads[0] += up / in[1]
	grads[1] -= up * out / in[1]
}

func (Div) Derive(b *Builder, in []*Node, out, up *Node, i int) *Node {
	if i == 0 {
		return b.Div(up, in[1])
	}
	return b.Neg(b.Div(b.Mul(up, out), in[1]))
}

func (Div) ExactForward(in []*big.Rat) *big.Rat {
	if in[1].Sign() == 0 {
		return nil
	}
	return new(big.Rat).Quo(in[0], in[1])
}

func (Div) Formula(a []string) string { return a[0] + " / " + a[1] }

func (Div) GoForward(v string, in []string) string {
	return v + " := " + in[0] + " / " + in[1] + "\n"
}

func (Div) GoBackward(_ string, in []string, out, up string) []string {
	return []string{up + " / " + in[1], "-(" + up + " * " + out + " / " + in[1] + ")"}
}

func (Div) ForwardPasses(j int) bool { return j == 0 } // a/±Inf = 0
func (Div) BackwardPasses(int) bool  { return true }
func (Div) kernel(int) opcode        { return opDiv }
