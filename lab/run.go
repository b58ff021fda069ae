package lab

import (
	"context"
	"fmt"
	"math"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/nn"
)

// LayerStats are the measurements of one hidden layer.
type LayerStats struct {
	Layer int `json:"layer"` // counted from 1 at the input
	// Grad is the root mean square of ∂L/∂w over the layer's weights and
	// the samples: √(Σ_s Σ_w (∂L_s/∂w)² / (samples·weights)).
	Grad float64 `json:"grad"`
	// Saturated is the fraction of (sample, unit) pairs of a sigmoid or
	// tanh layer whose local derivative is below SaturatedBelow; 0 for
	// ReLUs.
	Saturated float64 `json:"saturated"`
	// Dead is the fraction of a ReLU or leaky ReLU layer's units whose
	// pre-activation is ≤ 0 on every sample, so that (for ReLU) no
	// gradient reaches their weights; 0 for sigmoid and tanh.
	Dead float64 `json:"dead"`
}

// Result is the measurement of one Config.
type Result struct {
	Config Config
	Layers []LayerStats // hidden layers 1 … Depth
	Output float64      // RMS gradient of the output unit's weights
	Loss   float64      // mean loss over the samples
}

// Run builds the network of c with package nn as a cgraph graph, runs
// Forward and Backward on all samples at once and measures each hidden
// layer.
func Run(c Config) (*Result, error) { return RunContext(context.Background(), c) }

// RunContext is Run that stops with ctx's error when ctx is done: it looks
// between building the network, its forward pass, its backward pass and
// each layer of the measurements, so a network of the largest size (depth
// 100, width 64) stops within one of these steps, not at its end.
func RunContext(ctx context.Context, c Config) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	layers := append(nn.Dense(c.Activation, repeat(c.Width, c.Depth)...), nn.LayerSpec{Units: 1, Activation: nn.Linear})
	m, err := nn.New(nn.Config{Inputs: c.Width, Layers: layers, Init: c.initializer(), Seed: c.Seed})
	if err != nil {
		return nil, err
	}
	acc := newAccumulator(c)
	b, err := batchOf(ctx, m, c)
	if err != nil {
		return nil, err
	}
	in, local := make([]float64, 1), make([]float64, 1) // for the activations' local derivatives
	for s := range c.Samples {
		acc.loss += b.Values(m.Loss)[s]
		for l, L := range m.Layers {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for j := range L.Out {
				for _, w := range L.W[j] {
					g := b.Grads(w)[s]
					acc.sq[l] += g * g
				}
				if l < c.Depth {
					// ∂a/∂z from the activation gate's own Backward.
					a := L.A[j]
					in[0], local[0] = b.Values(L.Z[j])[s], 0
					a.Gate().Backward(in, b.Values(a)[s], 1, local)
					acc.unit(l, j, in[0], local[0])
				}
			}
		}
	}
	return acc.result(), nil
}

// batchOf runs the network on all of c's samples at once (cgraph.Batch, on
// one goroutine: sweeps already spread configurations over the cores) and
// returns the batch after Forward and Backward.
func batchOf(ctx context.Context, m *nn.MLP, c Config) (*cgraph.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	xs, ys := c.samples()
	b, err := m.Graph.NewBatch(c.Samples)
	if err != nil {
		return nil, err
	}
	b.SetWorkers(1)
	col := make([]float64, c.Samples)
	for i, in := range m.Inputs {
		for s, x := range xs {
			col[s] = x[i]
		}
		if err := b.Set(in, col); err != nil {
			return nil, err
		}
	}
	if err := b.Set(m.Targets[0], ys); err != nil {
		return nil, err
	}
	if err := b.Forward(); err != nil {
		return nil, fmt.Errorf("lab: %s/%s seed %d: %w", c.Activation, c.InitName(), c.Seed, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := b.Backward(m.Loss); err != nil {
		return nil, fmt.Errorf("lab: %s/%s seed %d: %w", c.Activation, c.InitName(), c.Seed, err)
	}
	return b, nil
}

func repeat(n, times int) []int {
	s := make([]int, times)
	for i := range s {
		s[i] = n
	}
	return s
}

// accumulator gathers the sums of a Result over the samples. Run and
// Matrix share it, so they differ only in how they compute gradients.
type accumulator struct {
	c      Config
	sq     []float64 // Σ (∂L/∂w)² per layer, the output layer last
	sat    []int     // saturated (sample, unit) pairs per hidden layer
	alive  [][]bool  // alive[l][j]: unit j of layer l had z > 0 on a sample
	loss   float64
	counts []int // weights per layer
}

func newAccumulator(c Config) *accumulator {
	a := &accumulator{c: c, sq: make([]float64, c.Depth+1), sat: make([]int, c.Depth), alive: make([][]bool, c.Depth)}
	for l := range c.Depth {
		a.alive[l] = make([]bool, c.Width)
		a.counts = append(a.counts, c.Width*c.Width)
	}
	a.counts = append(a.counts, c.Width)
	return a
}

// unit records unit j of hidden layer l on one sample: its pre-activation
// z and its local derivative d = ∂a/∂z.
func (a *accumulator) unit(l, j int, z, d float64) {
	if z > 0 {
		a.alive[l][j] = true
	}
	if d < SaturatedBelow {
		a.sat[l]++
	}
}

func (a *accumulator) result() *Result {
	c := a.c
	r := &Result{Config: c, Loss: a.loss / float64(c.Samples)}
	sigmoidal := c.Activation == nn.Sigmoid || c.Activation == nn.Tanh
	for l := range c.Depth {
		st := LayerStats{Layer: l + 1, Grad: math.Sqrt(a.sq[l] / float64(a.counts[l]*c.Samples))}
		if sigmoidal {
			st.Saturated = float64(a.sat[l]) / float64(c.Width*c.Samples)
		} else {
			dead := 0
			for _, alive := range a.alive[l] {
				if !alive {
					dead++
				}
			}
			st.Dead = float64(dead) / float64(c.Width)
		}
		r.Layers = append(r.Layers, st)
	}
	r.Output = math.Sqrt(a.sq[c.Depth] / float64(a.counts[c.Depth]*c.Samples))
	return r
}
