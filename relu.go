package cgraph

import "math/big"

// ReLU is max(0, x). Its derivative at the kink x = 0 is taken as 0, as
// PyTorch does.
type ReLU struct{}

func (ReLU) Kind() string          { return "relu" }
func (ReLU) Arity() (min, max int) { return 1, 1 }

func (ReLU) Forward(in []float64) float64 { return max(in[0], 0) }

// relu'(x) = 1 for x > 0, else 0
func (ReLU) Backward(in []float64, _, up float64, grads []float64) {
	if in[0] > 0 {
		grads[0] += up
	}
}

func (ReLU) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Mul(up, b.Apply(Step{}, in[0]))
}

func (ReLU) ExactForward(in []*big.Rat) *big.Rat {
	if in[0].Sign() > 0 {
		return new(big.Rat).Set(in[0])
	}
	return new(big.Rat)
}

func (ReLU) Formula(a []string) string { return "relu(" + a[0] + ")" }

func (ReLU) GoForward(v string, in []string) string {
	return v + " := max(" + in[0] + ", 0)\n"
}

func (ReLU) GoBackward(_ string, in []string, _, up string) []string {
	return []string{"reluGrad(" + in[0] + ", " + up + ")"}
}

func (ReLU) GoHelpers() map[string]string {
	return map[string]string{"reluGrad": `// reluGrad is the contribution of relu to its input's gradient.
func reluGrad(x, up float64) float64 {
	if x > 0 {
		return up
	}
	return 0
}`}
}

func (ReLU) kernel(int) opcode { return opReLU }

func (ReLU) Eval(x float64) float64 { return max(x, 0) }

func (ReLU) Local(x, _ float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}
