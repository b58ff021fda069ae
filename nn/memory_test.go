package nn

import (
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestNodesCountsTheGraph(t *testing.T) {
	for _, cfg := range []Config{
		{Inputs: 2, Layers: Dense(Sigmoid, 4, 1)},
		{Inputs: 3, Layers: Dense(Tanh, 5, 7, 2)},
		{Inputs: 1, Layers: Dense(ReLU, 1)},
	} {
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := Nodes(cfg), float64(m.Graph().Len()); got < want || got > want+1 {
			t.Errorf("Nodes(%v) = %v; the graph has %v (Nodes may count one more)", m.Shape(), got, want)
		}
	}
	// The shape of issue 17 does not overflow: 2·10^10 nodes.
	if n := Nodes(Config{Inputs: 2, Layers: Dense(Sigmoid, 100000, 100000, 1)}); n < 2e10 {
		t.Errorf("Nodes of 2-100000-100000-1 = %g", n)
	}
}

// TestMemoryEstimate checks that TrainBytes is above the resident memory
// that building and training a network of 160 000 nodes adds to the
// process: the peak (VmHWM, reset through /proc/self/clear_refs) less
// what was resident before.
func TestMemoryEstimate(t *testing.T) {
	if raceEnabled {
		t.Skip("memory is not measured under the race detector")
	}
	cfg := Config{Inputs: 2, Layers: Dense(Sigmoid, 280, 280, 1)}
	runtime.GC()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Skip("cannot reset the peak resident memory:", err)
	}
	base := residentKB(t, "VmRSS")
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Train(XOR(), &TrainOptions{Epochs: 1, BatchSize: 4}); err != nil {
		t.Fatal(err)
	}
	used := float64(residentKB(t, "VmHWM")-base) * 1024
	est := TrainBytes(cfg, 4)
	if est < used {
		t.Errorf("TrainBytes = %.0f MB; the process grew by %.0f MB", est/1e6, used/1e6)
	}
	t.Logf("TrainBytes %.0f MB, resident memory grew by %.0f MB (%.0f B a node)", est/1e6, used/1e6, used/Nodes(cfg))
	runtime.KeepAlive(m)
}

// residentKB reads a field of /proc/self/status, in kB.
func residentKB(t *testing.T, field string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skipf("no %s in /proc/self/status", field)
	return 0
}

// trainHeap returns the bytes that stay live on the heap once cfg's
// network is made, trained for an epoch on d in batches of 16, evaluated
// and saved, as cgraph train does; with graph, the gate graph is built
// after, as a diagram or eval --model would.
func trainHeap(t testing.TB, cfg Config, d *Dataset, graph bool) int64 {
	var before, after runtime.MemStats
	// Two collections, before and after: the first moves what sync.Pools
	// hold (the JSON encoder's buffer of a model) to their victim caches,
	// the second frees it.
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Train(d, &TrainOptions{Epochs: 1, BatchSize: 16}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Evaluate(d); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteModel(io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if graph {
		m.Graph()
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// TestTrainMemoryGrowsWithWeights: training a wide network keeps its
// weights and not its gate graph. A 2-256-256-1 network (66,561 weights
// and biases) keeps 8 bytes a weight (its plan) and some scratch; building
// the graph, which training no longer does, adds hundreds.
func TestTrainMemoryGrowsWithWeights(t *testing.T) {
	if raceEnabled {
		t.Skip("memory is not measured under the race detector")
	}
	cfg := Config{Inputs: 2, Layers: Dense(Tanh, 256, 256, 1), Seed: 1}
	d := Spiral(&ToyOptions{N: 64, Seed: 1})
	weights := float64((&MLP{cfg: cfg}).NumParams())
	plan := float64(trainHeap(t, cfg, d, false)) / weights
	graph := float64(trainHeap(t, cfg, d, true)) / weights
	t.Logf("live after train: %.1f B a weight; with the graph built: %.0f B a weight", plan, graph)
	if plan < 6 || plan > 16 || graph < 10*plan {
		t.Errorf("live after train %.1f B a weight (want ≤ 16: the plan's 8 and scratch), with the graph %.0f", plan, graph)
	}
}

// BenchmarkTrainMemory reports the heap that cgraph train's work keeps
// live for a 2-512-512-1 network, in bytes a weight, without the gate
// graph (the way train runs) and with it built (the baseline: what train
// kept before the graph was lazy).
func BenchmarkTrainMemory(b *testing.B) {
	cfg := Config{Inputs: 2, Layers: Dense(Tanh, 512, 512, 1), Seed: 1}
	d := Spiral(&ToyOptions{N: 64, Seed: 1})
	weights := float64((&MLP{cfg: cfg}).NumParams())
	for _, graph := range []bool{false, true} {
		name := "plan"
		if graph {
			name = "with-graph"
		}
		b.Run(name, func(b *testing.B) {
			var live int64
			for b.Loop() {
				live = trainHeap(b, cfg, d, graph)
			}
			b.ReportMetric(float64(live)/weights, "B/weight")
			b.ReportMetric(float64(live)/(1<<20), "MiB")
		})
	}
}
