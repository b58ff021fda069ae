package cgraph

import (
	"math"
	"math/big"
)

// Tanh is the hyperbolic tangent.
type Tanh struct{}

func (Tanh) Kind() string          { return "tanh" }
func (Tanh) Arity() (min, max int) { return 1, 1 }

func (Tanh) Forward(in []float64) float64 { return tanh(in[0]) }

func tanh(x float64) float64 { return math.Tanh(x) }

// tanh'(x) = 1 − tanh²(x)
func (Tanh) Backward(in []float64, out, up float64, grads []float64) {
	grads[0] += up * tanhLocal(in[0], out)
}

// tanhLocal is tanh'(x) given out = tanh(x): 1 − out², or 1/cosh²(x)
// where |out| is close to 1 and the first form would cancel.
func tanhLocal(x, out float64) float64 {
	if math.Abs(out) > 0.9 {
		c := math.Cosh(x)
		return 1 / (c * c)
	}
	return 1 - out*out
}

// TanhLocal returns tanh'(x) given out = tanh(x), as the Tanh gate's
// Backward computes it, for engines that run tanh layers themselves.
func TanhLocal(x, out float64) float64 { return tanhLocal(x, out) }

func (Tanh) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Mul(up, b.Apply(TanhDeriv{}, in[0]))
}

// ExactForward: tanh is rational only at 0.
func (Tanh) ExactForward(in []*big.Rat) *big.Rat { return atZero(in[0], ratZero) }

func (Tanh) Formula(a []string) string { return "tanh(" + a[0] + ")" }

func (Tanh) GoForward(v string, in []string) string {
	return v + " := math.Tanh(" + in[0] + ")\n"
}

func (Tanh) GoBackward(_ string, in []string, out, up string) []string {
	return []string{up + " * tanhLocal(" + in[0] + ", " + out + ")"}
}

func (Tanh) GoHelpers() map[string]string { return tanhHelpers }

var tanhHelpers = map[string]string{
	"tanhLocal": `// tanhLocal is tanh'(x) = 1 − tanh²(x) for out = tanh(x), or 1/cosh²(x)
// where |out| is close to 1 and the first form would cancel.
func tanhLocal(x, out float64) float64 {
	if math.Abs(out) > 0.9 {
		c := math.Cosh(x)
		return 1 / (c * c)
	}
	return 1 - out*out
}`,
}

func (Tanh) ForwardPasses(int) bool  { return false } // tanh(±Inf) = ±1
func (Tanh) BackwardPasses(int) bool { return true }
func (Tanh) kernel(int) opcode       { return opTanh }

// TanhDeriv is tanh'(x) = 1 − tanh²(x), computed as the Tanh gate's
// Backward does: the node Tanh's rule makes.
type TanhDeriv struct{}

func (TanhDeriv) Kind() string          { return "tanh'" }
func (TanhDeriv) Arity() (min, max int) { return 1, 1 }

func (TanhDeriv) Forward(in []float64) float64 { return tanhLocal(in[0], tanh(in[0])) }

// tanh”(x) = −2·tanh(x)·tanh'(x)
func (TanhDeriv) Backward(in []float64, out, up float64, grads []float64) {
	grads[0] += up * (-2 * tanh(in[0]) * out)
}

func (TanhDeriv) Derive(b *Builder, in []*Node, out, up *Node, _ int) *Node {
	return b.Mul(up, b.Mul(b.Const(-2), b.Apply(Tanh{}, in[0]), out))
}

// ExactForward: tanh'(0) = 1.
func (TanhDeriv) ExactForward(in []*big.Rat) *big.Rat { return atZero(in[0], ratOne) }

func (TanhDeriv) Formula(a []string) string { return "1 − tanh²(" + a[0] + ")" }

func (TanhDeriv) GoForward(v string, in []string) string {
	return v + " := tanhLocal(" + in[0] + ", math.Tanh(" + in[0] + "))\n"
}

func (TanhDeriv) GoBackward(_ string, in []string, out, up string) []string {
	return []string{up + " * (-2 * math.Tanh(" + in[0] + ") * " + out + ")"}
}

func (TanhDeriv) GoHelpers() map[string]string { return tanhHelpers }
func (TanhDeriv) ForwardPasses(int) bool       { return false }
func (TanhDeriv) BackwardPasses(int) bool      { return true }

func (Tanh) Eval(x float64) float64       { return tanh(x) }
func (Tanh) Local(x, out float64) float64 { return tanhLocal(x, out) }
