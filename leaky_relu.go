package cgraph

import (
	"math/big"
	"strconv"
)

// LeakyReLU is x for x > 0 and Slope·x otherwise. The zero value has slope
// DefaultLeak.
type LeakyReLU struct{ Slope float64 }

// DefaultLeak is the slope of a LeakyReLU whose Slope is 0.
const DefaultLeak = 0.01

func (LeakyReLU) Kind() string          { return "leaky_relu" }
func (LeakyReLU) Arity() (min, max int) { return 1, 1 }

func (g LeakyReLU) slope() float64 {
	if g.Slope == 0 {
		return DefaultLeak
	}
	return g.Slope
}

func (g LeakyReLU) Forward(in []float64) float64 {
	if in[0] > 0 {
		return in[0]
	}
	return g.slope() * in[0]
}

// leaky'(x) = 1 for x > 0, else the slope (also at the kink, as PyTorch).
func (g LeakyReLU) Backward(in []float64, _, up float64, grads []float64) {
	if in[0] > 0 {
		grads[0] += up
	} else {
		grads[0] += up * g.slope()
	}
}

// The rule is slope + (1 − slope)·[x > 0], which is 1 or the slope.
func (g LeakyReLU) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Mul(up, b.Apply(LeakyStep{Slope: g.slope()}, in[0]))
}

func (g LeakyReLU) ExactForward(in []*big.Rat) *big.Rat {
	r := new(big.Rat).Set(in[0])
	if in[0].Sign() <= 0 {
		s := SimpleRat(g.slope(), MaxExactDenom)
		if s == nil {
			return nil
		}
		r.Mul(r, s)
	}
	return r
}

func (LeakyReLU) Formula(a []string) string { return "leaky_relu(" + a[0] + ")" }

func (g LeakyReLU) GoForward(v string, in []string) string {
	return v + " := leaky(" + in[0] + ", " + goFloat(g.slope()) + ")\n"
}

func (g LeakyReLU) GoBackward(_ string, in []string, _, up string) []string {
	return []string{"leakyGrad(" + in[0] + ", " + up + ", " + goFloat(g.slope()) + ")"}
}

func (LeakyReLU) GoHelpers() map[string]string {
	return map[string]string{
		"leaky": `// leaky is x for x > 0 and slope·x otherwise.
func leaky(x, slope float64) float64 {
	if x > 0 {
		return x
	}
	return slope * x
}`,
		"leakyGrad": `// leakyGrad is the contribution of leaky relu to its input's gradient.
func leakyGrad(x, up, slope float64) float64 {
	if x > 0 {
		return up
	}
	return up * slope
}`,
		"leakyStep": `// leakyStep is 1 for x > 0 and slope otherwise.
func leakyStep(x, slope float64) float64 {
	if x > 0 {
		return 1
	}
	return slope
}`,
	}
}

// LeakyStep is leaky relu's derivative: 1 for x > 0, else Slope. Its own
// derivative is 0.
type LeakyStep struct{ Slope float64 }

func (LeakyStep) Kind() string          { return "leaky_step" }
func (LeakyStep) Arity() (min, max int) { return 1, 1 }

func (g LeakyStep) Forward(in []float64) float64 {
	if in[0] > 0 {
		return 1
	}
	return g.Slope
}

func (LeakyStep) Backward([]float64, float64, float64, []float64) {}

func (LeakyStep) Derive(*Builder, []*Node, *Node, *Node, int) *Node { return nil }

func (g LeakyStep) ExactForward(in []*big.Rat) *big.Rat {
	if in[0].Sign() > 0 {
		return big.NewRat(1, 1)
	}
	return SimpleRat(g.Slope, MaxExactDenom)
}

func (g LeakyStep) Formula(a []string) string {
	return "1 if " + a[0] + " > 0, else " + strconv.FormatFloat(g.Slope, 'g', -1, 64)
}

func (g LeakyStep) GoForward(v string, in []string) string {
	return v + " := leakyStep(" + in[0] + ", " + goFloat(g.Slope) + ")\n"
}

func (LeakyStep) GoBackward(string, []string, string, string) []string { return []string{""} }

func (LeakyStep) GoHelpers() map[string]string { return LeakyReLU{}.GoHelpers() }

// goFloat writes x as a Go float64 literal that reads back as x.
func goFloat(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	for _, r := range s {
		if r == '.' || r == 'e' || r == 'n' || r == 'I' {
			return s
		}
	}
	return s + ".0"
}

func (g LeakyReLU) Eval(x float64) float64 { return g.Forward([]float64{x}) }

func (g LeakyReLU) Local(x, _ float64) float64 {
	return LeakyStep{Slope: g.slope()}.Forward([]float64{x})
}
