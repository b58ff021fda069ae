package lab

import (
	"runtime"
	"testing"

	"github.com/cgraph/cgraph/nn"
)

// TestMemoryBytes holds MemoryBytes to what Run allocates: the plan's
// weights and the pass's values and gradients, nn.PlanBytes.
func TestMemoryBytes(t *testing.T) {
	for _, c := range []Config{{Depth: 1, Width: 1}, {Depth: 20, Width: 16}, {Depth: 100, Width: 64, Samples: 10000}} {
		c = c.withDefaults()
		w, p := nn.PlanBytes(c.netConfig(), c.Samples)
		if got := c.MemoryBytes(); got != float64(w+p) {
			t.Errorf("depth %d width %d: MemoryBytes %g, want %d", c.Depth, c.Width, got, w+p)
		}
	}
	// Issue 17: within the limits, but more than a gigabyte.
	if b := (Config{Depth: 100, Width: 64, Samples: 10000}).MemoryBytes(); b < 1e9 {
		t.Errorf("depth 100, width 64, 10000 samples: %g bytes", b)
	}
	// What Run allocates, against the estimate.
	c := Config{Depth: 60, Width: 96, Samples: 32, Activation: nn.Tanh, Init: nn.XavierNormal, Seed: 1}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := Run(c); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	got, est := float64(after.TotalAlloc-before.TotalAlloc), c.MemoryBytes()
	t.Logf("Run allocated %.2f MB, MemoryBytes %.2f MB", got/1e6, est/1e6)
	if got > est*1.05 || got < est*0.9 {
		t.Errorf("Run allocated %.0f bytes; MemoryBytes estimates %.0f", got, est)
	}
}
