package lab

import (
	"context"
	"fmt"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/nn"
)

// runGraph measures c on the gate graph that nn.New builds, run by
// cgraph.Batch: how Run measured before the dense plan, and the reference
// the plan is tested against.
func runGraph(c Config) (*Result, error) {
	ctx := context.Background()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	m, err := nn.New(c.netConfig())
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
		acc.loss += b.Values(m.Loss())[s]
		for l, L := range m.Layers() {
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
	b, err := m.Graph().NewBatch(c.Samples)
	if err != nil {
		return nil, err
	}
	b.SetWorkers(1)
	col := make([]float64, c.Samples)
	for i, in := range m.Inputs() {
		for s, x := range xs {
			col[s] = x[i]
		}
		if err := b.Set(in, col); err != nil {
			return nil, err
		}
	}
	if err := b.Set(m.Targets()[0], ys); err != nil {
		return nil, err
	}
	if err := b.Forward(); err != nil {
		return nil, fmt.Errorf("lab: %s/%s seed %d: %w", c.Activation, c.InitName(), c.Seed, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := b.Backward(m.Loss()); err != nil {
		return nil, fmt.Errorf("lab: %s/%s seed %d: %w", c.Activation, c.InitName(), c.Seed, err)
	}
	return b, nil
}
