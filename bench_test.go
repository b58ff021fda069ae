package cgraph_test

import (
	"math"
	"testing"
	"time"

	"github.com/cgraph/cgraph"
)

// Benchmarks of Forward+Backward against the same computation written by
// hand in plain Go, each pair in one run. The Ratio benchmarks report
// graph-time / hand-time as the metric "x-hand"; compare runs with
// benchstat.

// handExercise is exercise 3-3 forward and backward in plain Go: the
// baseline every gate-based run is compared with.
func handExercise(x1, x2, w1, w2, p0, y float64) (L, dw1, dw2, dp0 float64) {
	z := w1*x1 + w2*x2 + p0
	yhat := 1 / (1 + math.Exp(-z))
	d := yhat - y
	L = d * d
	dz := 2 * d * yhat * (1 - yhat)
	return L, dz * x1, dz * x2, dz
}

var sink float64

func BenchmarkExercise(b *testing.B) {
	b.Run("hand", func(b *testing.B) {
		w1 := 0.8
		for b.Loop() {
			L, d1, _, _ := handExercise(1, 1, w1, -1.4, 0.6, 1)
			sink += L + d1
		}
	})
	b.Run("graph", func(b *testing.B) {
		g, L := exercise()
		b.ReportAllocs()
		for b.Loop() {
			if err := g.Run(L); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkExerciseRatio times both in one benchmark and reports the ratio.
func BenchmarkExerciseRatio(b *testing.B) {
	g, L := exercise()
	x1 := 1.0 // a variable, so the compiler cannot fold the hand version away
	ratio(b, func() {
		L, d1, _, _ := handExercise(x1, 1, 0.8, -1.4, 0.6, 1)
		sink += L + d1
	}, func() {
		if err := g.Run(L); err != nil {
			b.Fatal(err)
		}
	})
}

// chainNodes is the size of the large graph: a chain of blocks
// a_i = tanh(a_{i−1}·w_i), three nodes a block, about a million in all.
const chainNodes = 1_000_000

func buildChain(ws []float64) (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	a := g.Input("x", 0.5)
	for _, w := range ws {
		a = g.Apply("", cgraph.Tanh{}, g.Apply("", cgraph.Mul{}, a, g.Weight("", w, 0.01)))
	}
	return g, a
}

func chainWeights() []float64 {
	ws := make([]float64, chainNodes/3)
	for i := range ws {
		ws[i] = 1 + 0.5*math.Sin(float64(i)) // gains around 1 keep values alive
	}
	return ws
}

// handChain computes the chain forward and backward with slices, returning
// ∂out/∂x; grads of the weights land in dw.
func handChain(x float64, ws, as, dw []float64) float64 {
	a := x
	for i, w := range ws {
		as[i] = a
		a = math.Tanh(a * w)
		as[i] = a // keep the output: tanh' = 1 − out²
	}
	up := 1.0
	for i := len(ws) - 1; i >= 0; i-- {
		prev := x
		if i > 0 {
			prev = as[i-1]
		}
		dm := up * (1 - as[i]*as[i])
		dw[i] = dm * prev
		up = dm * ws[i]
	}
	return up
}

func BenchmarkMillionRatio(b *testing.B) {
	ws := chainWeights()
	g, out := buildChain(ws)
	as, dw := make([]float64, len(ws)), make([]float64, len(ws))
	if err := g.Run(out); err != nil {
		b.Fatal(err)
	}
	want := handChain(0.5, ws, as, dw)
	if got := g.Lookup("x").Grad(); math.Abs(got-want) > 1e-9*math.Abs(want) {
		b.Fatalf("graph ∂out/∂x = %v, hand %v", got, want)
	}
	ratio(b, func() { handChain(0.5, ws, as, dw) }, func() {
		if err := g.Run(out); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(g.Len()), "nodes")
}

func BenchmarkMillionBuild(b *testing.B) {
	ws := chainWeights()
	b.ReportAllocs()
	for b.Loop() {
		g, out := buildChain(ws)
		if _, err := g.Order(); err != nil || out == nil {
			b.Fatal(err)
		}
	}
}

// ratio times graph and hand for b.N runs each, interleaved in chunks so
// that both see the same load on a busy machine, and reports graph-time /
// hand-time as "x-hand" next to the graph's ns/op (which excludes hand).
func ratio(b *testing.B, hand, graph func()) {
	b.ReportAllocs()
	b.ResetTimer()
	var tHand time.Duration
	const chunk = 256
	for done := 0; done < b.N; {
		n := min(chunk, b.N-done)
		for i := 0; i < n; i++ {
			graph()
		}
		b.StopTimer()
		t0 := time.Now()
		for i := 0; i < n; i++ {
			hand()
		}
		tHand += time.Since(t0)
		b.StartTimer()
		done += n
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed())/float64(tHand), "x-hand")
}
