package bench

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/cgraph/cgraph/lab"
	"github.com/cgraph/cgraph/nn"
)

// The wide workloads of issue 15, W5–W7 and the width series, which
// bench/torch_bench.py runs in PyTorch in the same run of bench/run.sh.

// w5Grid is W5: the vanishing sweep at the old limits of the lab, depth
// 100, width 64, 16 samples, sigmoid, tanh, relu × normal, xavier, he ×
// 10 seeds: 90 networks.
var w5Grid = lab.Grid{
	Depth: 100, Width: 64, Samples: 16,
	Activations: []nn.Activation{nn.Sigmoid, nn.Tanh, nn.ReLU},
	Inits:       []lab.InitSpec{{Init: nn.Normal}, {Init: nn.XavierUniform}, {Init: nn.He}},
	Seeds:       []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
}

// BenchmarkW5_Sweep runs W5 on every core (lab.Sweep with the dense
// plan, weights drawn included), interleaved with the hand-written
// per-sample matrix code (lab.Matrix) on every core as its baseline.
func BenchmarkW5_Sweep(b *testing.B) {
	cs := w5Grid.Configs()
	sweep := func(run func(lab.Config) (*lab.Result, error)) func() {
		return func() {
			if _, err := lab.Sweep(context.Background(), cs, &lab.SweepOptions{Run: run}); err != nil {
				b.Fatal(err)
			}
		}
	}
	Compare(b, 1, sweep(lab.Matrix), sweep(nil))
	b.ReportMetric(float64(len(cs)), "networks")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cpus")
}

// w6Net is W6's network: 2-64-64-1, tanh, a sigmoid output under the
// cross-entropy, Xavier weights, α = 0.1.
func w6Net(b *testing.B) *nn.MLP {
	m, err := nn.New(nn.Config{Inputs: 2, Layers: []nn.LayerSpec{
		{Units: 64, Activation: nn.Tanh}, {Units: 64, Activation: nn.Tanh}, {Units: 1, Activation: nn.Sigmoid},
	}, Init: nn.XavierUniform, Alpha: 0.1, Loss: nn.BCE, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkW6_Spiral64 trains W6: 10 epochs of 10,000 spiral samples in
// shuffled mini-batches of 64, on one core and on two.
func BenchmarkW6_Spiral64(b *testing.B) {
	d := nn.Spiral(&nn.ToyOptions{N: 10_000, Noise: 0.1, Seed: 1})
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("cores%d", workers), func(b *testing.B) {
			m := w6Net(b)
			opts := &nn.TrainOptions{Epochs: 10, BatchSize: 64, Shuffle: true, Seed: 1, Workers: workers}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Train(d, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// deepPlan is a network of depth hidden tanh layers of width units (and
// one linear output), Xavier weights, as a dense plan with a pass over n
// samples that sums the gradients: a training step's work.
func deepPlan(b *testing.B, depth, width, n, workers int) (*nn.Pass, float64) {
	var layers []nn.LayerSpec
	for range depth {
		layers = append(layers, nn.LayerSpec{Units: width, Activation: nn.Tanh})
	}
	cfg := nn.Config{Inputs: width, Layers: append(layers, nn.LayerSpec{Units: 1, Activation: nn.Linear}), Init: nn.XavierNormal, Seed: 1}
	p, err := nn.NewPlan(cfg)
	if err != nil {
		b.Fatal(err)
	}
	p.Workers = workers
	pass := p.NewPass(n)
	for i := range pass.X {
		pass.X[i] = float64(i%7) / 7
	}
	w, s := nn.PlanBytes(cfg, n)
	return pass, float64(2*w+s) / (1 << 20)
}

// BenchmarkW7_Deep1000 is W7: forward and backward (every weight's
// gradient) of one sample through 1,000 tanh layers of 256 units, on one
// core and on two. MiB is the plan's memory: weights, their gradients and
// the pass.
func BenchmarkW7_Deep1000(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("cores%d", workers), func(b *testing.B) {
			pass, mib := deepPlan(b, 1000, 256, 1, workers)
			for b.Loop() {
				pass.Forward()
				pass.Backward()
			}
			b.ReportMetric(mib, "MiB")
		})
	}
}

// BenchmarkWidth is the width series of docs/benchmarks.md's plot: a
// training step's forward and backward of 16 samples through 20 tanh
// layers of 8 … 512 units, on one core.
func BenchmarkWidth(b *testing.B) {
	for width := 8; width <= 512; width *= 2 {
		b.Run(fmt.Sprintf("w%d", width), func(b *testing.B) {
			pass, _ := deepPlan(b, 20, width, 16, 1)
			for b.Loop() {
				pass.Forward()
				pass.Backward()
			}
		})
	}
}
