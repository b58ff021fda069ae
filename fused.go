package cgraph

import "fmt"

// Fused gates: one step for a pattern of several gates, made by Optimize.

// MulAdd is Σᵢ a_i·b_i + Σⱼ c_j over inputs a₁, b₁, …, a_k, b_k, c₁, …, c_m
// with k = Pairs: a neuron's weighted sum w·x + b in one step.
type MulAdd struct{ Pairs int }

// SigmoidSqLoss is (σ(z) − y)² of inputs z and y: a sigmoid output and the
// exercise's loss in one step.
type SigmoidSqLoss struct{}

func (MulAdd) Kind() string        { return "muladd" }
func (SigmoidSqLoss) Kind() string { return "sigmoid_sqloss" }

func (g MulAdd) Arity() (min, max int)      { return 2 * g.Pairs, -1 }
func (SigmoidSqLoss) Arity() (min, max int) { return 2, 2 }

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
