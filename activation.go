package cgraph

import "math"

// Activation and elementary function gates, each of one input.

// Sigmoid is σ(x) = 1/(1+e^−x).
type Sigmoid struct{}

// Tanh is the hyperbolic tangent.
type Tanh struct{}

// ReLU is max(0, x).
type ReLU struct{}

// LeakyReLU is x for x > 0 and Slope·x otherwise. The zero value has slope
// DefaultLeak.
type LeakyReLU struct{ Slope float64 }

// DefaultLeak is the slope of a LeakyReLU whose Slope is 0.
const DefaultLeak = 0.01

// Exp is e^x.
type Exp struct{}

// Log is the natural logarithm.
type Log struct{}

func (Sigmoid) Kind() string   { return "sigmoid" }
func (Tanh) Kind() string      { return "tanh" }
func (ReLU) Kind() string      { return "relu" }
func (LeakyReLU) Kind() string { return "leaky_relu" }
func (Exp) Kind() string       { return "exp" }
func (Log) Kind() string       { return "log" }

func (Sigmoid) Arity() (min, max int)   { return 1, 1 }
func (Tanh) Arity() (min, max int)      { return 1, 1 }
func (ReLU) Arity() (min, max int)      { return 1, 1 }
func (LeakyReLU) Arity() (min, max int) { return 1, 1 }
func (Exp) Arity() (min, max int)       { return 1, 1 }
func (Log) Arity() (min, max int)       { return 1, 1 }

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

// σ'(x) = σ(x)(1−σ(x)). Where σ(x) is close to 1, 1−σ(x) would cancel to 0
// (σ rounds to 1 from x ≈ 37 on), so there 1−σ(x) = σ(−x) is computed
// directly: the gradient stays accurate, never clamped, until it underflows.
func (Sigmoid) Backward(in []float64, out, up float64, grads []float64) {
	grads[0] += up * sigmoidLocal(in[0], out)
}

func sigmoidLocal(x, out float64) float64 {
	rest := 1 - out
	if out > 0.99 {
		rest = sigmoid(-x)
	}
	return out * rest
}

func (Tanh) Forward(in []float64) float64 { return tanh(in[0]) }

// tanh'(x) = 1 − tanh²(x) = 1/cosh²(x). The second form is used where
// |tanh| is close to 1 and the first would cancel.
func (Tanh) Backward(in []float64, out, up float64, grads []float64) {
	grads[0] += up * tanhLocal(in[0], out)
}

func tanhLocal(x, out float64) float64 {
	if math.Abs(out) > 0.9 {
		c := math.Cosh(x)
		return 1 / (c * c)
	}
	return 1 - out*out
}

func (ReLU) Forward(in []float64) float64 { return max(in[0], 0) }

// relu'(x) = 1 for x > 0, else 0 (0 is taken at the kink).
func (ReLU) Backward(in []float64, _, up float64, grads []float64) {
	if in[0] > 0 {
		grads[0] += up
	}
}

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

// leaky'(x) = 1 for x > 0, else the slope.
func (g LeakyReLU) Backward(in []float64, _, up float64, grads []float64) {
	if in[0] > 0 {
		grads[0] += up
	} else {
		grads[0] += up * g.slope()
	}
}

func (Exp) Forward(in []float64) float64 { return math.Exp(in[0]) }

// exp'(x) = e^x = out
func (Exp) Backward(_ []float64, out, up float64, grads []float64) { grads[0] += up * out }

func (Log) Forward(in []float64) float64 { return math.Log(in[0]) }

// log'(x) = 1/x
func (Log) Backward(in []float64, _, up float64, grads []float64) { grads[0] += up / in[0] }

func tanh(x float64) float64 { return math.Tanh(x) }
