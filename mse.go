package cgraph

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// MSE is the mean squared error (1/k)·Σ(ŷᵢ − yᵢ)² of k pairs, given as
// inputs ŷ₁, y₁, ŷ₂, y₂, ….
type MSE struct{}

func (MSE) Kind() string          { return "mse" }
func (MSE) Arity() (min, max int) { return 2, -1 }
func (MSE) Loss()                 {}

// CheckInputs refuses an odd number of inputs: MSE takes pairs (ŷᵢ, yᵢ).
func (MSE) CheckInputs(n int) error {
	if n%2 != 0 {
		return fmt.Errorf("mse takes pairs (ŷ, y), got %d inputs", n)
	}
	return nil
}

func (MSE) Forward(in []float64) float64 {
	s := 0.0
	for i := 0; i+1 < len(in); i += 2 {
		d := in[i] - in[i+1]
		s += d * d
	}
	return s / float64(len(in)/2)
}

// ∂L/∂ŷᵢ = (2/k)(ŷᵢ − yᵢ), ∂L/∂yᵢ = −(2/k)(ŷᵢ − yᵢ)
func (MSE) Backward(in []float64, _, up float64, grads []float64) {
	scale := 2 * up / float64(len(in)/2)
	for i := 0; i+1 < len(in); i += 2 {
		d := scale * (in[i] - in[i+1])
		grads[i] += d
		grads[i+1] -= d
	}
}

func (MSE) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	j := i &^ 1 // the pair (ŷ, y) that input i belongs to
	scale := b.Div(b.Mul(b.Const(2), up), b.Const(float64(len(in)/2)))
	d := b.Mul(scale, b.Sub(in[j], in[j+1]))
	if i&1 == 1 {
		return b.Neg(d)
	}
	return d
}

func (MSE) ExactForward(in []*big.Rat) *big.Rat {
	r := new(big.Rat)
	for i := 0; i+1 < len(in); i += 2 {
		d := new(big.Rat).Sub(in[i], in[i+1])
		r.Add(r, d.Mul(d, d))
	}
	return r.Quo(r, big.NewRat(int64(len(in)/2), 1))
}

func (MSE) Formula(a []string) string {
	terms := make([]string, 0, len(a)/2)
	for i := 0; i+1 < len(a); i += 2 {
		terms = append(terms, "("+a[i]+" − "+a[i+1]+")²")
	}
	return "(" + strings.Join(terms, " + ") + ")/" + strconv.Itoa(len(a)/2)
}

func (MSE) GoForward(v string, in []string) string {
	terms := make([]string, 0, len(in)/2)
	for j := 0; j+1 < len(in); j += 2 {
		terms = append(terms, fmt.Sprintf("(%s-%s)*(%s-%s)", in[j], in[j+1], in[j], in[j+1]))
	}
	return fmt.Sprintf("%s := (0 + %s) / %d\n", v, strings.Join(terms, " + "), len(in)/2)
}

func (MSE) GoBackward(_ string, in []string, _, up string) []string {
	c := make([]string, len(in))
	scale := fmt.Sprintf("(2 * %s / %d)", up, len(in)/2)
	for j := 0; j+1 < len(in); j += 2 {
		d := fmt.Sprintf("%s * (%s - %s)", scale, in[j], in[j+1])
		c[j], c[j+1] = d, "-("+d+")"
	}
	return c
}

func (MSE) ForwardPasses(int) bool  { return true }
func (MSE) BackwardPasses(int) bool { return true }
