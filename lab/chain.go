package lab

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/cgraph/cgraph"
)

// ChainTerm is one link of the chain a_i = σ(w_i·a_{i−1}).
type ChainTerm struct {
	W      float64 // w_i
	Z      float64 // z_i = w_i·a_{i−1}
	A      float64 // a_i = σ(z_i)
	DSig   float64 // σ'(z_i) = a_i(1 − a_i), ≤ 1/4
	Factor float64 // σ'(z_i)·w_i = ∂a_i/∂a_{i−1}
}

// ChainResult is exercise 3-1 evaluated: the chain's terms, ∂y/∂x from
// cgraph's Backward, the chain-rule product of the factors and the bound
// |∂y/∂x| ≤ (1/4)^n·Π|w_i|.
type ChainResult struct {
	X, Y     float64
	Terms    []ChainTerm // i = 1 … n
	Backprop float64     // ∂y/∂x by Graph.Backward
	Product  float64     // Π σ'(z_i)·w_i, multiplied from i = n down to 1
	Bound    float64     // (1/4)^n·Π|w_i|
	// Graph is the chain after Forward and Backward from Output, y: the
	// nodes x, w1 … wn, z1 … zn and a1 … an, for the diagrams.
	Graph  *cgraph.Graph
	Output *cgraph.Node
}

// ExerciseWeights are the weights of Chain when none are given: the
// exercise leaves them open, so all four are 1 and the bound is (1/4)^4.
var ExerciseWeights = []float64{1, 1, 1, 1}

// Chain builds the exercise's network x → σ(w1·x) → … → σ(wn·a_{n−1}) = y
// as a cgraph graph, runs Forward and Backward from y, and returns ∂y/∂x
// together with the chain rule's factors read off the graph's values.
func Chain(x float64, w []float64) (*ChainResult, error) {
	if len(w) == 0 {
		return nil, errors.New("lab: a chain needs at least one weight")
	}
	g := cgraph.New()
	in := g.Input("x", x)
	a := in
	zs := make([]*cgraph.Node, len(w))
	as := make([]*cgraph.Node, len(w))
	for i, wi := range w {
		s := strconv.Itoa(i + 1)
		wn := g.Weight("w"+s, wi, 0)
		zs[i] = g.Apply("z"+s, cgraph.Mul{}, wn, a)
		name := "a" + s
		if i == len(w)-1 {
			name = "y" // a_n is the output y, as the exercise names it
		}
		as[i] = g.Apply(name, cgraph.Sigmoid{}, zs[i])
		a = as[i]
	}
	y := a
	if err := g.Run(y); err != nil {
		return nil, fmt.Errorf("lab: chain: %w", err)
	}
	r := &ChainResult{X: x, Y: y.Value(), Backprop: in.Grad(), Product: 1, Bound: 1, Graph: g, Output: y}
	for i, wi := range w {
		s := as[i].LocalGrads()[0] // σ'(z_i), from the gate's own Backward
		r.Terms = append(r.Terms, ChainTerm{W: wi, Z: zs[i].Value(), A: as[i].Value(), DSig: s, Factor: s * wi})
	}
	// The chain rule multiplies from the output back to the input, first
	// σ'(z_i) then w_i, as Backward does, so the two agree to the last bit.
	for i := len(r.Terms) - 1; i >= 0; i-- {
		r.Product = r.Product * r.Terms[i].DSig * r.Terms[i].W
		r.Bound *= 0.25 * math.Abs(r.Terms[i].W)
	}
	return r, nil
}

// MaxSigmoidPrime finds the maximum of σ'(z) = σ(z)(1 − σ(z)) numerically,
// with σ' evaluated by the cgraph Sigmoid gate's Backward: a grid over
// [−10, 10] locates the peak, golden-section search refines it. It returns
// the place z and the value σ'(z), which the exercise says are 0 and 1/4.
func MaxSigmoidPrime() (z, max float64) {
	d := func(z float64) float64 {
		grads := []float64{0}
		s := cgraph.Sigmoid{}
		in := []float64{z}
		s.Backward(in, s.Forward(in), 1, grads)
		return grads[0]
	}
	const lo, hi, n = -10.0, 10.0, 2000
	best := lo
	for i := range n + 1 {
		z := lo + (hi-lo)*float64(i)/n
		if d(z) > d(best) {
			best = z
		}
	}
	step := (hi - lo) / n
	a, b := best-step, best+step
	phi := (math.Sqrt(5) - 1) / 2
	for b-a > 1e-9 {
		c, e := b-phi*(b-a), a+phi*(b-a)
		if d(c) > d(e) {
			b = e
		} else {
			a = c
		}
	}
	z = (a + b) / 2
	return z, d(z)
}
