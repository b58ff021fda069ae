package cgraph

import "math"

// Arithmetic gates. Above each Backward: the local derivatives it applies.

// Add is the sum of one or more inputs.
type Add struct{}

// Mul is the product of one or more inputs.
type Mul struct{}

// Sub is in[0] − in[1].
type Sub struct{}

// Neg is −in[0].
type Neg struct{}

// Div is in[0] / in[1].
type Div struct{}

// Pow is in[0] ^ in[1].
type Pow struct{}

func (Add) Kind() string { return "add" }
func (Mul) Kind() string { return "mul" }
func (Sub) Kind() string { return "sub" }
func (Neg) Kind() string { return "neg" }
func (Div) Kind() string { return "div" }
func (Pow) Kind() string { return "pow" }

func (Add) Arity() (min, max int) { return 1, -1 }
func (Mul) Arity() (min, max int) { return 1, -1 }
func (Sub) Arity() (min, max int) { return 2, 2 }
func (Neg) Arity() (min, max int) { return 1, 1 }
func (Div) Arity() (min, max int) { return 2, 2 }
func (Pow) Arity() (min, max int) { return 2, 2 }

func (Add) Forward(in []float64) float64 {
	s := 0.0
	for _, x := range in {
		s += x
	}
	return s
}

// ∂out/∂in[i] = 1
func (Add) Backward(in []float64, _, up float64, grads []float64) {
	for i := range in {
		grads[i] += up
	}
}

func (Mul) Forward(in []float64) float64 {
	p := 1.0
	for _, x := range in {
		p *= x
	}
	return p
}

// ∂out/∂in[i] = Π_{j≠i} in[j]. Computed as a product of the others, never as
// out/in[i], so an input of 0 still gets its gradient.
func (Mul) Backward(in []float64, _, up float64, grads []float64) {
	if len(in) == 2 {
		grads[0] += up * in[1]
		grads[1] += up * in[0]
		return
	}
	for i := range in {
		p := up
		for j, x := range in {
			if j != i {
				p *= x
			}
		}
		grads[i] += p
	}
}

func (Sub) Forward(in []float64) float64 { return in[0] - in[1] }

// ∂out/∂a = 1, ∂out/∂b = −1
func (Sub) Backward(_ []float64, _, up float64, grads []float64) {
	grads[0] += up
	grads[1] -= up
}

func (Neg) Forward(in []float64) float64 { return -in[0] }

// ∂out/∂a = −1
func (Neg) Backward(_ []float64, _, up float64, grads []float64) { grads[0] -= up }

func (Div) Forward(in []float64) float64 { return in[0] / in[1] }

// ∂out/∂a = 1/b, ∂out/∂b = −a/b² = −out/b
func (Div) Backward(in []float64, out, up float64, grads []float64) {
	grads[0] += up / in[1]
	grads[1] -= up * out / in[1]
}

func (Pow) Forward(in []float64) float64 {
	if in[1] == 2 {
		return in[0] * in[0] // exact, and the common case of squared errors
	}
	return math.Pow(in[0], in[1])
}

// ∂out/∂a = b·a^(b−1), ∂out/∂b = a^b·ln a.
//
// For a ≤ 0 the exponent's derivative is taken as 0: a^b is then only
// defined for integer b (a = 0: for b > 0, where it is constantly 0), so
// there is no real derivative in b, and exponents are almost always
// constants whose gradient nobody reads.
func (Pow) Backward(in []float64, out, up float64, grads []float64) {
	a, b := in[0], in[1]
	switch b {
	case 2:
		grads[0] += up * 2 * a
	case 1:
		grads[0] += up
	default:
		grads[0] += up * b * math.Pow(a, b-1)
	}
	if a > 0 {
		grads[1] += up * out * math.Log(a)
	}
}
