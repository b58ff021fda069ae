package nn

import (
	"fmt"
	"testing"
)

// BenchmarkPassW6 is one training step of W6's network (2-64-64-1 tanh,
// batch 64) on 1 and 2 workers, to see what the second core gives.
func BenchmarkPassW6(b *testing.B) {
	cfg := Config{Inputs: 2, Layers: []LayerSpec{{Units: 64, Activation: Tanh}, {Units: 64, Activation: Tanh}, {Units: 1, Activation: Sigmoid}}, Loss: BCE, Seed: 1}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers%d", w), func(b *testing.B) {
			p, _ := NewPlan(cfg)
			p.Workers = w
			pass := p.NewPass(64)
			x, y := planSamples(cfg, 64, 1)
			copy(pass.X, x)
			copy(pass.Y, y)
			for b.Loop() {
				pass.Forward()
				pass.Backward()
			}
		})
	}
}
