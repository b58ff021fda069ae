package cgraph

import "testing"

// Benchmarks of the tape's parts on the exercise graph, as built and
// optimized, to see where the time of a forward+backward goes.

func exerciseForBench() (*Graph, *Node) {
	g := New()
	x1, x2 := g.Input("x1", 1), g.Input("x2", 1)
	w1, w2, p0 := g.Weight("w1", 0.8, 0.1), g.Weight("w2", -1.4, 0.1), g.Weight("p0", 0.6, 0.1)
	y := g.Input("y", 1)
	p1 := g.Apply("p1", Mul{}, w1, x1)
	p2 := g.Apply("p2", Mul{}, w2, x2)
	z := g.Apply("z", Add{}, p1, p2, p0)
	yhat := g.Apply("yhat", Sigmoid{}, z)
	return g, g.Apply("L", SquaredLoss{}, yhat, y)
}

func BenchmarkTapeParts(b *testing.B) {
	g, L := exerciseForBench()
	o, err := Optimize(g, L)
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name string
		g    *Graph
		out  *Node
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
