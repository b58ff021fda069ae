package cgraph

import (
	"fmt"
	"math/big"
	"strings"
)

// MulAdd is Σᵢ a_i·b_i + Σⱼ c_j over inputs a₁, b₁, …, a_k, b_k, c₁, …, c_m
// with k = Pairs: a neuron's weighted sum w·x + b in one step, made by
// Optimize.
type MulAdd struct{ Pairs int }

func (MulAdd) Kind() string            { return "muladd" }
func (g MulAdd) Arity() (min, max int) { return 2 * g.Pairs, -1 }

// CheckInputs refuses a negative number of pairs.
func (g MulAdd) CheckInputs(n int) error {
	if g.Pairs < 0 {
		return fmt.Errorf("muladd with %d pairs", g.Pairs)
	}
	return nil
}

func (g MulAdd) Forward(in []float64) float64 {
	s := 0.0
	k := 2 * g.Pairs
	for i := 0; i < k; i += 2 {
		s += in[i] * in[i+1]
	}
	for _, c := range in[k:] {
		s += c
	}
	return s
}

// ∂out/∂a_i = b_i, ∂out/∂b_i = a_i, ∂out/∂c_j = 1
func (g MulAdd) Backward(in []float64, _, up float64, grads []float64) {
	k := 2 * g.Pairs
	for i := 0; i < k; i += 2 {
		grads[i] += up * in[i+1]
		grads[i+1] += up * in[i]
	}
	for j := k; j < len(in); j++ {
		grads[j] += up
	}
}

func (g MulAdd) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	if i >= 2*g.Pairs {
		return up
	}
	return b.Mul(up, in[i^1]) // the other factor of the pair
}

func (g MulAdd) ExactForward(in []*big.Rat) *big.Rat {
	r := new(big.Rat)
	k := 2 * g.Pairs
	for i := 0; i < k; i += 2 {
		r.Add(r, new(big.Rat).Mul(in[i], in[i+1]))
	}
	for _, c := range in[k:] {
		r.Add(r, c)
	}
	return r
}

func (g MulAdd) Formula(a []string) string {
	terms := make([]string, 0, len(a))
	k := 2 * g.Pairs
	for i := 0; i < k; i += 2 {
		terms = append(terms, a[i]+" · "+a[i+1])
	}
	return strings.Join(append(terms, a[k:]...), " + ")
}

func (g MulAdd) GoForward(v string, in []string) string {
	terms := make([]string, 0, len(in))
	k := 2 * g.Pairs
	for j := 0; j < k; j += 2 {
		terms = append(terms, in[j]+"*"+in[j+1])
	}
	terms = append(terms, in[k:]...)
	return v + " := 0 + " + strings.Join(terms, " + ") + "\n"
}

func (g MulAdd) GoBackward(_ string, in []string, _, up string) []string {
	c := make([]string, len(in))
	k := 2 * g.Pairs
	for j := 0; j < k; j += 2 {
		c[j], c[j+1] = up+" * "+in[j+1], up+" * "+in[j]
	}
	for j := k; j < len(in); j++ {
		c[j] = up
	}
	return c
}

func (MulAdd) ForwardPasses(int) bool  { return true }
func (MulAdd) BackwardPasses(int) bool { return true }
func (MulAdd) kernel(int) opcode       { return opMulAdd }
