package cgraph_test

import (
	"testing"

	"github.com/cgraph/cgraph"
)

// BenchmarkTapeParts times Forward, Backward and Run of the exercise graph
// (exercise, in exercise_test.go), as built and optimized, to see where
// the time of a forward+backward pass goes.
func BenchmarkTapeParts(b *testing.B) {
	g, L := exercise()
	o, err := cgraph.Optimize(g, L)
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name string
		g    *cgraph.Graph
		out  *cgraph.Node
	}{{"graph", g, L}, {"optimized", o.Graph, o.Output}} {
		gr, out := v.g, v.out
		if err := gr.Run(out); err != nil {
			b.Fatal(err)
		}
		b.Run(v.name+"/forward", func(b *testing.B) {
			for b.Loop() {
				gr.Forward()
			}
		})
		b.Run(v.name+"/backward", func(b *testing.B) {
			for b.Loop() {
				gr.Backward(out)
			}
		})
		b.Run(v.name+"/run", func(b *testing.B) {
			for b.Loop() {
				gr.Run(out)
			}
		})
	}
}
