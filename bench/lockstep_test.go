package bench

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cgraph/cgraph"
)

// BenchmarkSpiralLockstep asks what two cores can give synchronous
// mini-batch training here. It times the training step of the spiral
// network (2-16-16-1, as BenchmarkSpiralBatch) four ways, interleaved, and
// reports each one's speed over the first:
//
//   - a batch of 256 on one worker;
//   - the same batch on two workers ("batch-speedup");
//   - two separate batches of 128, two networks that share nothing, one per
//     goroutine, which wait for each other after every step as the workers
//     of one batch must ("lockstep-speedup");
//   - the same two without waiting ("free-speedup").
//
// If lockstep matches batch, what the batch loses to a perfect 2× is the
// wait at each step for the slower core, not its own work or data.
func BenchmarkSpiralLockstep(b *testing.B) {
	one, two := newSpiralRig(b, 256, 1), newSpiralRig(b, 256, 2)
	left, right := newSpiralRig(b, 128, 1), newSpiralRig(b, 128, 1)
	const steps = 50
	var tOne, tTwo, tLock, tFree time.Duration
	timed := func(total *time.Duration, f func()) {
		t0 := time.Now()
		f()
		*total += time.Since(t0)
	}
	for b.Loop() {
		timed(&tOne, func() { one.steps(b, steps, nil) })
		timed(&tTwo, func() { two.steps(b, steps, nil) })
		timed(&tLock, func() { pair(b, left, right, steps, true) })
		timed(&tFree, func() { pair(b, left, right, steps, false) })
	}
	b.ReportMetric(float64(tOne)/float64(tTwo), "batch-speedup")
	b.ReportMetric(float64(tOne)/float64(tLock), "lockstep-speedup")
	b.ReportMetric(float64(tOne)/float64(tFree), "free-speedup")
}

// pair runs steps training steps of left and right at once, waiting for
// each other after every step if lockstep.
func pair(b *testing.B, left, right *spiralRig, steps int, lockstep bool) {
	var arrived *atomic.Int64
	if lockstep {
		arrived = new(atomic.Int64)
	}
	var wg sync.WaitGroup
	wg.Go(func() { right.steps(b, steps, arrived) })
	left.steps(b, steps, arrived)
	wg.Wait()
}

// spiralRig is the spiral network's optimized graph on a batch, with fixed
// samples.
type spiralRig struct {
	batch  *cgraph.Batch
	output *cgraph.Node
	leaves []*cgraph.Node // x1, x2, y
	cols   [][]float64
}

func newSpiralRig(b *testing.B, size, workers int) *spiralRig {
	m := spiralNet(b)
	o, err := cgraph.Optimize(m.Graph(), m.Loss())
	if err != nil {
		b.Fatal(err)
	}
	batch, err := o.Graph.NewBatch(size)
	if err != nil {
		b.Fatal(err)
	}
	batch.SetWorkers(workers)
	r := &spiralRig{batch: batch, output: o.Output}
	r.leaves = []*cgraph.Node{o.Of(m.Inputs()[0]), o.Of(m.Inputs()[1]), o.Of(m.Targets()[0])}
	d := spiralData()
	for f := range r.leaves {
		col := make([]float64, size)
		for s := range col {
			k := s * 8 % d.Len() // every eighth sample: all of the spiral
			if f < 2 {
				col[s] = d.X[k][f]
			} else {
				col[s] = d.Y[k]
			}
		}
		r.cols = append(r.cols, col)
	}
	return r
}

// steps runs n training steps (set the samples, forward and backward, SGD
// on the mean gradient); if arrived is not nil, it waits after every step
// until two goroutines have finished it.
func (r *spiralRig) steps(b *testing.B, n int, arrived *atomic.Int64) {
	for s := int64(1); s <= int64(n); s++ {
		for f, leaf := range r.leaves {
			if err := r.batch.Set(leaf, r.cols[f]); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.batch.Run(r.output); err != nil {
			b.Fatal(err)
		}
		r.batch.Step(1 / float64(r.batch.Size()))
		if arrived != nil {
			arrived.Add(1)
			for arrived.Load() < 2*s {
				runtime.Gosched()
			}
		}
	}
}
