package nn

import (
	"cmp"
	"math"
	"slices"

	"github.com/cgraph/cgraph"
)

// batch runs the network's graph over many samples at once.
type batch struct {
	*cgraph.Batch
	m    *MLP
	fast *cgraph.Optimized // the graph the batch runs
	cols [][]float64       // per input feature, then the target: one value per sample
	slot []int             // slot[k]: where the k-th sample of a run goes, see spread
}

// spread returns where each of n samples goes in a batch. The workers of
// a batch take contiguous slots, and datasets often come sorted (by class,
// by time, the toys by radius), with the samples that cost more (tanh and
// its derivative take longer for large inputs) bunched together: on the
// spiral the second half of every batch took 10-30% longer than the first,
// and one core waited for the other. So sample k goes to the rank of
// frac(k·φ) among those of all n samples: the k of any run of ranks are
// spread evenly over 0..n−1 (a Kronecker sequence), and every worker gets
// its share of each part of the data. The mean gradient is the same up to
// the order of the additions.
func spread(n int) []int {
	const invPhi = 0.6180339887498949
	frac := func(k int) float64 { _, f := math.Modf(float64(k) * invPhi); return f }
	order := make([]int, n)
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(frac(a), frac(b)) })
	slot := make([]int, n)
	for s, k := range order {
		slot[k] = s
	}
	return slot
}

// batchOf returns the network's batch runner for n samples on the given
// number of goroutines (0: one per CPU), made once per size and kept.
func (m *MLP) batchOf(n, workers int) (*batch, error) {
	net := m.built()
	if b := net.batches[n]; b != nil {
		if workers > 0 {
			b.SetWorkers(workers)
		}
		return b, nil
	}
	f, err := m.fast()
	if err != nil {
		return nil, err
	}
	cb, err := f.Graph.NewBatch(n)
	if err != nil {
		return nil, err
	}
	if workers > 0 {
		cb.SetWorkers(workers)
	}
	b := &batch{Batch: cb, m: m, fast: f, cols: make([][]float64, m.cfg.Inputs+1), slot: spread(n)}
	for i := range b.cols {
		b.cols[i] = make([]float64, n)
	}
	if net.batches == nil {
		net.batches = map[int]*batch{}
	}
	net.batches[n] = b
	return b, nil
}

// run loads the samples idx of d, runs forward and backward, and returns
// the sum of their losses.
func (b *batch) run(d *Dataset, idx []int) (float64, error) {
	m := b.m
	target := b.cols[m.cfg.Inputs]
	for k, i := range idx {
		s := b.slot[k]
		for f, v := range d.X[i] {
			b.cols[f][s] = v
		}
		target[s] = d.Y[i]
	}
	for f, in := range m.net.inputs {
		n := b.fast.Of(in)
		if n == nil {
			continue // the loss does not depend on this input
		}
		if err := b.Set(n, b.cols[f]); err != nil {
			return 0, err
		}
	}
	if err := b.Set(b.fast.Of(m.net.targets[0]), target); err != nil {
		return 0, err
	}
	if err := b.Run(b.fast.Output); err != nil { // forward and backward in one pass of the cores
		return 0, err
	}
	sum := 0.0
	for _, l := range b.Values(b.fast.Output) {
		sum += l
	}
	return sum, nil
}

// fast returns the network's graph optimized for training (products and
// sums fused into muladd steps, see cgraph.Optimize), made once. It shares
// the inputs, targets and weights with the graph, and its fused steps add
// in the same order, so training on it gives the same numbers, faster.
func (m *MLP) fast() (*cgraph.Optimized, error) {
	net := m.built()
	if net.fast == nil {
		o, err := cgraph.Optimize(net.graph, net.loss)
		if err != nil {
			return nil, err
		}
		net.fast = o
	}
	return net.fast, nil
}
