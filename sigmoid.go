package cgraph

import (
	"math"
	"math/big"
)

// Sigmoid is σ(x) = 1/(1+e^−x).
type Sigmoid struct{}

func (Sigmoid) Kind() string          { return "sigmoid" }
func (Sigmoid) Arity() (min, max int) { return 1, 1 }

func (Sigmoid) Forward(in []float64) float64 { return sigmoid(in[0]) }

// sigmoid never overflows: e^x is only taken of x ≤ 0.
func sigmoid(x float64) float64 { return sigmoidOf(x, math.Exp(-math.Abs(x))) }

// sigmoidOf returns σ(x) given e = e^−|x|. Split from sigmoid so that both
// are small enough for the compiler to inline into the tape's loops.
func sigmoidOf(x, e float64) float64 {
	if x >= 0 {
		return 1 / (1 + e)
	}
	return e / (1 + e)
}

// σ'(x) = σ(x)(1−σ(x)).
func (Sigmoid) Backward(in []float64, out, up float64, grads []float64) {
	grads[0] += up * sigmoidLocal(in[0], out)
}

// sigmoidLocal is σ'(x) given out = σ(x). Where σ(x) is close to 1, 1−σ(x)
// would cancel to 0 (σ rounds to 1 from x ≈ 37 on), so there 1−σ(x) =
// σ(−x) is computed directly: the gradient stays accurate, never clamped,
// until it underflows.
func sigmoidLocal(x, out float64) float64 {
	rest := 1 - out
	if out > 0.99 {
		rest = sigmoid(-x)
	}
	return out * rest
}

// SigmoidLocal returns σ'(x) given out = σ(x), as the Sigmoid gate's
// Backward computes it, for engines that run sigmoid layers themselves.
func SigmoidLocal(x, out float64) float64 { return sigmoidLocal(x, out) }

// SigmoidOf returns σ(x) as the Sigmoid gate computes it.
func SigmoidOf(x float64) float64 { return sigmoid(x) }

func (Sigmoid) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Mul(up, b.Apply(SigmoidDeriv{}, in[0]))
}

// ExactForward: σ is rational only at 0, σ(0) = 1/2.
func (Sigmoid) ExactForward(in []*big.Rat) *big.Rat { return atZero(in[0], ratHalf) }

func (Sigmoid) Formula(a []string) string { return "σ(" + a[0] + ")" }

func (Sigmoid) GoForward(v string, in []string) string { return inlineSigmoid(v, in[0]) }

// inlineSigmoid writes sigmoid's formula into the code: the Go compiler
// does not inline a function with two calls of math.Exp's size, and the
// call would cost as much as the rest of a small graph.
func inlineSigmoid(v, x string) string {
	return v + "e := math.Exp(-math.Abs(" + x + "))\n" +
		v + " := 1 / (1 + " + v + "e)\n" +
		"if " + x + " < 0 {\n" + v + " = " + v + "e / (1 + " + v + "e)\n}\n"
}

func (Sigmoid) GoBackward(_ string, in []string, out, up string) []string {
	return []string{up + " * sigmoidLocal(" + in[0] + ", " + out + ")"}
}

func (Sigmoid) GoHelpers() map[string]string { return sigmoidHelpers }

var sigmoidHelpers = map[string]string{
	"sigmoid": `// sigmoid is σ(x) = 1/(1+e^−x), taking e^x only of x ≤ 0 so that it
// never overflows.
func sigmoid(x float64) float64 {
	e := math.Exp(-math.Abs(x))
	if x >= 0 {
		return 1 / (1 + e)
	}
	return e / (1 + e)
}`,
	"sigmoidLocal": `// sigmoidLocal is σ'(x) = σ(x)(1−σ(x)) for out = σ(x); near σ = 1 it takes
// 1−σ(x) = σ(−x) directly instead of letting it cancel.
func sigmoidLocal(x, out float64) float64 {
	rest := 1 - out
	if out > 0.99 {
		rest = sigmoid(-x)
	}
	return out * rest
}`,
}

func (Sigmoid) BackwardPasses(int) bool { return true }
func (Sigmoid) ForwardPasses(int) bool  { return false } // σ(±Inf) is finite
func (Sigmoid) kernel(int) opcode       { return opSigmoid }

// SigmoidDeriv is σ'(x) = σ(x)(1 − σ(x)), computed as the Sigmoid gate's
// Backward does: the node Sigmoid's rule makes.
type SigmoidDeriv struct{}

func (SigmoidDeriv) Kind() string          { return "sigmoid'" }
func (SigmoidDeriv) Arity() (min, max int) { return 1, 1 }

func (SigmoidDeriv) Forward(in []float64) float64 { return sigmoidLocal(in[0], sigmoid(in[0])) }

// σ”(x) = σ'(x)(1 − 2σ(x))
func (SigmoidDeriv) Backward(in []float64, out, up float64, grads []float64) {
	grads[0] += up * (out * (1 - 2*sigmoid(in[0])))
}

func (SigmoidDeriv) Derive(b *Builder, in []*Node, out, up *Node, _ int) *Node {
	s := b.Apply(Sigmoid{}, in[0])
	return b.Mul(up, b.Mul(out, b.Sub(b.Const(1), b.Mul(b.Const(2), s))))
}

// ExactForward: σ'(0) = 1/4.
func (SigmoidDeriv) ExactForward(in []*big.Rat) *big.Rat {
	return atZero(in[0], big.NewRat(1, 4))
}

func (SigmoidDeriv) Formula(a []string) string {
	return "σ(" + a[0] + ")(1 − σ(" + a[0] + "))"
}

func (SigmoidDeriv) GoForward(v string, in []string) string {
	return v + " := sigmoidLocal(" + in[0] + ", sigmoid(" + in[0] + "))\n"
}

func (SigmoidDeriv) GoBackward(_ string, in []string, out, up string) []string {
	return []string{up + " * (" + out + " * (1 - 2*sigmoid(" + in[0] + ")))"}
}

func (SigmoidDeriv) GoHelpers() map[string]string { return sigmoidHelpers }
func (SigmoidDeriv) BackwardPasses(int) bool      { return true }
func (SigmoidDeriv) ForwardPasses(int) bool       { return false }

var (
	ratZero = big.NewRat(0, 1)
	ratOne  = big.NewRat(1, 1)
	ratHalf = big.NewRat(1, 2)
)

// atZero returns v where x is 0: the value of a transcendental function
// at the one point where it is rational.
func atZero(x, v *big.Rat) *big.Rat {
	if x.Sign() == 0 {
		return new(big.Rat).Set(v)
	}
	return nil
}

func (Sigmoid) Eval(x float64) float64       { return sigmoid(x) }
func (Sigmoid) Local(x, out float64) float64 { return sigmoidLocal(x, out) }
