package nn

import (
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
		if got, want := Nodes(cfg), float64(m.Graph.Len()); got < want || got > want+1 {
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
