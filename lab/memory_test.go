package lab

import (
	"testing"

	"github.com/cgraph/cgraph/nn"
)

// TestMemoryBytesCountsNodes holds MemoryBytes's node count to nn.Nodes of
// the network Run builds.
func TestMemoryBytesCountsNodes(t *testing.T) {
	for _, c := range []Config{{Depth: 1, Width: 1}, {Depth: 20, Width: 16}, {Depth: 100, Width: 64, Samples: 10000}} {
		c = c.withDefaults()
		layers := append(nn.Dense(nn.Sigmoid, repeat(c.Width, c.Depth)...), nn.LayerSpec{Units: 1, Activation: nn.Linear})
		want := nn.Nodes(nn.Config{Inputs: c.Width, Layers: layers}) * (runNodeBytes + runNodeSampleBytes*float64(c.Samples))
		if got := c.MemoryBytes(); got != want {
			t.Errorf("depth %d width %d: MemoryBytes %g, want %g", c.Depth, c.Width, got, want)
		}
	}
	// Issue 17: within the limits, but 200 GB.
	if b := (Config{Depth: 100, Width: 64, Samples: 10000}).MemoryBytes(); b < 100e9 {
		t.Errorf("depth 100, width 64, 10000 samples: %g bytes", b)
	}
}
