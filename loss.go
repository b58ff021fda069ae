package cgraph

import "fmt"

// Loss gates.

// SquaredLoss is (ŷ − y)² of inputs ŷ = in[0] and y = in[1], the loss of
// the exercise.
type SquaredLoss struct{}

// MSE is the mean squared error (1/k)·Σ(ŷᵢ − yᵢ)² of k pairs, given as
// inputs ŷ₁, y₁, ŷ₂, y₂, ….
type MSE struct{}

func (SquaredLoss) Kind() string { return "sqloss" }
func (MSE) Kind() string         { return "mse" }

func (SquaredLoss) Arity() (min, max int) { return 2, 2 }
func (MSE) Arity() (min, max int)         { return 2, -1 }

func (SquaredLoss) Forward(in []float64) float64 {
	d := in[0] - in[1]
	return d * d
}

// ∂L/∂ŷ = 2(ŷ − y), ∂L/∂y = −2(ŷ − y)
func (SquaredLoss) Backward(in []float64, _, up float64, grads []float64) {
	d := 2 * (in[0] - in[1]) * up
	grads[0] += d
	grads[1] -= d
}

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
