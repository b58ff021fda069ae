package lab

import (
	"context"
	"testing"
	"time"

	"github.com/cgraph/cgraph/nn"
)

// benchGrid is the sweep of the benchmarks: depth 50, width 16, the four
// activations × four initialisations × three seeds, 48 networks of about
// 26 000 nodes each.
var benchGrid = Grid{
	Depth: 50, Width: 16,
	Activations: []nn.Activation{nn.Sigmoid, nn.Tanh, nn.ReLU, nn.LeakyReLU},
	Inits:       []InitSpec{{Init: nn.Uniform}, {Init: nn.Normal}, {Init: nn.XavierUniform}, {Init: nn.He}},
	Seeds:       []uint64{1, 2, 3},
}

// timeSweep runs one sweep of benchGrid and returns how long it took.
func timeSweep(b *testing.B, run func(Config) (*Result, error), workers int) time.Duration {
	b.Helper()
	start := time.Now()
	if _, err := Sweep(context.Background(), benchGrid.Configs(), &SweepOptions{Workers: workers, Run: run}); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkSweep_Depth50_GraphVsMatrix measures the sweep on graphs built
// by nn (building included: that is what a sweep costs) against the
// hand-written matrix code, both on one goroutine, interleaved in every
// iteration so that load from elsewhere hits both. graph/matrix is how
// many times slower the graphs are.
func BenchmarkSweep_Depth50_GraphVsMatrix(b *testing.B) {
	var graph, matrix time.Duration
	for b.Loop() {
		graph += timeSweep(b, Run, 1)
		matrix += timeSweep(b, Matrix, 1)
	}
	b.ReportMetric(float64(graph.Nanoseconds())/float64(b.N), "graph-ns/sweep")
	b.ReportMetric(float64(matrix.Nanoseconds())/float64(b.N), "matrix-ns/sweep")
	b.ReportMetric(float64(graph)/float64(matrix), "graph/matrix")
}

// BenchmarkSweep_Depth50_Cores measures the speed-up of the graph sweep
// from one goroutine to two (the machine's two cores), interleaved.
func BenchmarkSweep_Depth50_Cores(b *testing.B) {
	var one, two time.Duration
	for b.Loop() {
		one += timeSweep(b, Run, 1)
		two += timeSweep(b, Run, 2)
	}
	b.ReportMetric(float64(one.Nanoseconds())/float64(b.N), "1worker-ns/sweep")
	b.ReportMetric(float64(two.Nanoseconds())/float64(b.N), "2workers-ns/sweep")
	b.ReportMetric(float64(one)/float64(two), "speedup")
}

// BenchmarkSweep_Depth50_MatrixCores is the same for the matrix code,
// whose networks are small enough to stay in cache.
func BenchmarkSweep_Depth50_MatrixCores(b *testing.B) {
	var one, two time.Duration
	for b.Loop() {
		one += timeSweep(b, Matrix, 1)
		two += timeSweep(b, Matrix, 2)
	}
	b.ReportMetric(float64(one)/float64(two), "speedup")
}
