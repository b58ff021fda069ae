package bench

import (
	"math"
	"runtime"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/bench/internal/exercise"
	"github.com/cgraph/cgraph/bench/internal/xor"
	"github.com/cgraph/cgraph/nn"
)

var sink float64

// exerciseGraph builds exercise 3-3 from gates.
func exerciseGraph() (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	x1, x2 := g.Input("x1", 1), g.Input("x2", 1)
	w1, w2, p0 := g.Weight("w1", 0.8, 0.1), g.Weight("w2", -1.4, 0.1), g.Weight("p0", 0.6, 0.1)
	y := g.Input("y", 1)
	p1 := g.Apply("p1", cgraph.Mul{}, w1, x1)
	p2 := g.Apply("p2", cgraph.Mul{}, w2, x2)
	z := g.Apply("z", cgraph.Add{}, p1, p2, p0)
	yhat := g.Apply("yhat", cgraph.Sigmoid{}, z)
	return g, g.Apply("L", cgraph.SquaredLoss{}, yhat, y)
}

// exerciseInputs are x1, x2, w1, w2, p0, y for the hand-written W1, read
// at run time like the graph's: given as constants, five of the six were
// folded into the hand-written arithmetic at compile time.
var exerciseInputs = [6]float64{1, 1, 0.8, -1.4, 0.6, 1}

// BenchmarkW1_Exercise: forward+backward of the exercise graph, as built,
// as optimized (6 operations fused into 2) and as Go generated from it by
// package gen (internal/exercise).
func BenchmarkW1_Exercise(b *testing.B) {
	hand := func() {
		in := &exerciseInputs
		L, dw1, dw2, dp0 := exerciseHand(in[0], in[1], in[2], in[3], in[4], in[5])
		sink += L + dw1 + dw2 + dp0
	}
	g, L := exerciseGraph()
	o, err := cgraph.Optimize(g, L)
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name string
		g    *cgraph.Graph
		out  *cgraph.Node
	}{{"graph", g, L}, {"optimized", o.Graph, o.Output}} {
		b.Run(v.name, func(b *testing.B) {
			Compare(b, 1024, hand, func() {
				if err := v.g.Run(v.out); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
	b.Run("generated", func(b *testing.B) {
		e := exercise.NewExercise()
		for _, n := range []*cgraph.Node{g.Lookup("x1"), g.Lookup("x2"), g.Lookup("w1"), g.Lookup("w2"), g.Lookup("p0"), g.Lookup("y")} {
			e.Value[indexOf(b, exercise.ExerciseNames[:], n.Name())] = n.Value()
		}
		if err := e.Run(); err != nil {
			b.Fatal(err)
		}
		if err := g.Run(L); err != nil {
			b.Fatal(err)
		}
		if got, want := e.Grad[exercise.W1], g.Lookup("w1").Grad(); got != want {
			b.Fatalf("∂L/∂w1: generated %v, graph %v", got, want)
		}
		Compare(b, 1024, hand, func() {
			if err := e.Run(); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// indexOf returns the index of name in names.
func indexOf(b testing.TB, names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	b.Fatalf("no node %q", name)
	return -1
}

// xorNet returns a 2-2-1 sigmoid net and the hand-written one with the same
// initial weights.
func xorNet(b testing.TB) (*nn.MLP, *xorHand) {
	m, err := nn.New(nn.Config{Inputs: 2, Layers: nn.Dense(nn.Sigmoid, 2, 1), Alpha: 0.5, Seed: 3})
	if err != nil {
		b.Fatal(err)
	}
	h := &xorHand{alpha: 0.5}
	hid, out := m.Layers()[0], m.Layers()[1]
	for j := 0; j < 2; j++ {
		h.w1[j][0], h.w1[j][1] = hid.W[j][0].Value(), hid.W[j][1].Value()
		h.b1[j] = hid.B[j].Value()
		h.w2[j] = out.W[0][j].Value()
	}
	h.b2 = out.B[0].Value()
	return m, h
}

// BenchmarkW2_XOR: 10,000 epochs of per-sample SGD on XOR (40,000 steps),
// by nn's Train on the graph and by the Go generated from the same
// network (internal/xor).
func BenchmarkW2_XOR(b *testing.B) {
	const epochs = 10_000
	d := nn.XOR()
	handRun := func(h *xorHand) func() {
		return func() {
			for e := 0; e < epochs; e++ {
				for i, x := range d.X {
					sink += h.step([2]float64{x[0], x[1]}, d.Y[i])
				}
			}
		}
	}
	// Both trained from the same weights the same number of steps.
	same := func(b *testing.B, got, want float64) {
		if math.Abs(got-want) > 1e-6*max(1, math.Abs(want)) {
			b.Fatalf("graph and hand diverged: output bias %v vs %v", got, want)
		}
	}
	b.Run("graph", func(b *testing.B) {
		m, h := xorNet(b)
		opts := &nn.TrainOptions{Epochs: epochs}
		Compare(b, 1, handRun(h), func() {
			if _, err := m.Train(d, opts); err != nil {
				b.Fatal(err)
			}
		})
		same(b, m.Layers()[1].B[0].Value(), h.b2)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(4*epochs), "ns/step")
	})
	b.Run("generated", func(b *testing.B) {
		_, h := xorNet(b)
		n := xor.NewNet() // the weights of seed 3, as xorNet's
		Compare(b, 1, handRun(h), func() {
			for e := 0; e < epochs; e++ {
				for i, x := range d.X {
					n.Value[xor.X1], n.Value[xor.X2], n.Value[xor.Y1] = x[0], x[1], d.Y[i]
					if err := n.Run(); err != nil {
						b.Fatal(err)
					}
					n.Step()
				}
			}
		})
		same(b, n.Value[xor.B2_1], h.b2)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(4*epochs), "ns/step")
	})
}

// deepNet returns a depth-50, width-16 sigmoid MLP with 16 inputs and one
// sigmoid output, its hand-written twin with the same weights, and a sample.
func deepNet(b *testing.B) (*nn.MLP, *deepHand, []float64) {
	layers := append(nn.Dense(nn.Sigmoid, repeat(16, 50)...), nn.LayerSpec{Units: 1, Activation: nn.Sigmoid})
	m, err := nn.New(nn.Config{Inputs: 16, Layers: layers, Init: nn.Normal, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var w [][][]float64
	var bias [][]float64
	for _, l := range m.Layers() {
		wl := make([][]float64, l.Out)
		bl := make([]float64, l.Out)
		for j := range wl {
			wl[j] = make([]float64, l.In)
			for i := range wl[j] {
				wl[j][i] = l.W[j][i].Value()
			}
			bl[j] = l.B[j].Value()
		}
		w, bias = append(w, wl), append(bias, bl)
	}
	x := make([]float64, 16)
	for i := range x {
		x[i] = math.Sin(float64(i))
	}
	return m, newDeepHand(w, bias, 16), x
}

func repeat(v, n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// BenchmarkW3_Deep: the gradients of every weight of a depth-50, width-16
// sigmoid MLP for one sample, as built and optimized.
func BenchmarkW3_Deep(b *testing.B) {
	m, h, x := deepNet(b)
	y := []float64{1}
	if _, err := m.Grad(x, y); err != nil {
		b.Fatal(err)
	}
	h.grad(x, 1)
	w := m.Layers()[0].W[3][5]
	if got, want := w.Grad(), h.gw[0][3][5]; math.Abs(got-want) > 1e-9*math.Abs(want)+1e-300 {
		b.Fatalf("first-layer gradient: graph %v, hand %v", got, want)
	}
	o, err := cgraph.Optimize(m.Graph(), m.Loss())
	if err != nil {
		b.Fatal(err)
	}
	hand := func() { sink += h.grad(x, 1) }
	b.Run("graph", func(b *testing.B) {
		Compare(b, 16, hand, func() {
			if _, err := m.Grad(x, y); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(float64(m.Graph().Len()), "nodes")
	})
	b.Run("optimized", func(b *testing.B) {
		Compare(b, 16, hand, func() {
			if err := o.Graph.Run(o.Output); err != nil { // inputs are shared with m
				b.Fatal(err)
			}
		})
		b.ReportMetric(float64(o.Graph.Len()), "nodes")
	})
}

// chainSize is W4's size: blocks a_i = tanh(a_{i−1}·w_i) of three nodes.
const chainSize = 1_000_000

// chainWeights returns W4's weights, w_i = 1.5 + 0.5·sin i in [1, 2], so
// that the activations stay near 0.8–0.96, where tanh does its full work.
// (Weights 1 + 0.5·sin i, used until 2026-11-27, let the activations decay
// into subnormal numbers after some 10,000 blocks: 97% of the chain ran on
// tanh's shortcut for tiny arguments, and the gradient the benchmark
// compared was 5e-324 on both sides.)
func chainWeights() []float64 {
	ws := make([]float64, chainSize/3)
	for i := range ws {
		ws[i] = 1.5 + 0.5*math.Sin(float64(i))
	}
	return ws
}

func buildChain(ws []float64) (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	a := g.Input("x", 0.5)
	for _, w := range ws {
		a = g.Apply("", cgraph.Tanh{}, g.Apply("", cgraph.Mul{}, a, g.Weight("", w, 0.01)))
	}
	return g, a
}

// BenchmarkW4_Million: build a graph of a million nodes; run it forward
// and backward against slices; bytes of heap per node.
func BenchmarkW4_Million(b *testing.B) {
	ws := chainWeights()
	b.Run("build", func(b *testing.B) {
		var before, after runtime.MemStats
		for b.Loop() {
			runtime.GC()
			runtime.ReadMemStats(&before)
			g, out := buildChain(ws)
			if err := g.Run(out); err != nil { // includes compiling the tape
				b.Fatal(err)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(g.Len()), "bytes/node")
			b.ReportMetric(float64(g.PlanBytes())/float64(g.Len()), "plan-bytes/node")
			runtime.KeepAlive(g)
		}
	})
	b.Run("run", func(b *testing.B) {
		g, out := buildChain(ws)
		as, dw := make([]float64, len(ws)), make([]float64, len(ws))
		if err := g.Run(out); err != nil {
			b.Fatal(err)
		}
		chainHand(0.5, ws, as, dw)
		checkChain(b, g, out, as, dw)
		Compare(b, 1, func() { sink += chainHand(0.5, ws, as, dw) }, func() {
			if err := g.Run(out); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// checkChain fails b unless the graph's output and every weight's gradient
// agree with the hand-written pass's. The two compute 1 − a² differently
// near |a| = 1 (the graph more exactly), hence the tolerance.
func checkChain(b *testing.B, g *cgraph.Graph, out *cgraph.Node, as, dw []float64) {
	if got, want := out.Value(), as[len(as)-1]; got != want {
		b.Fatalf("output: graph %v, hand %v", got, want)
	}
	ws, err := g.Weights()
	if err != nil {
		b.Fatal(err)
	}
	nonzero := 0 // normal, not subnormal
	for i, w := range ws {
		got, want := w.Grad(), dw[i]
		if math.Abs(got-want) > 1e-12*math.Abs(want) {
			b.Fatalf("∂out/∂w%d: graph %v, hand %v", i, got, want)
		}
		if want != 0 && math.Abs(want) >= 0x1p-1022 {
			nonzero++
		}
	}
	if nonzero < 100 {
		b.Fatalf("only %d weights have a normal gradient: the check compares nothing", nonzero)
	}
}

// spiralNet is the network of the spiral benchmarks: 2-16-16-1, tanh and a
// sigmoid output, Xavier initialisation, cross-entropy loss.
func spiralNet(b *testing.B) *nn.MLP {
	m, err := nn.New(nn.Config{Inputs: 2, Layers: []nn.LayerSpec{
		{Units: 16, Activation: nn.Tanh}, {Units: 16, Activation: nn.Tanh}, {Units: 1, Activation: nn.Sigmoid},
	}, Init: nn.XavierUniform, Alpha: 0.1, Loss: nn.BCE, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// spiralData is the spiral benchmarks' dataset, 2,048 samples.
func spiralData() *nn.Dataset { return nn.Spiral(&nn.ToyOptions{N: 2048, Noise: 0.1, Seed: 1}) }

// BenchmarkSpiralBatch trains a 2-16-16-1 network on the spiral in
// mini-batches of 256 for ten epochs of 2,048 samples, on two cores
// (ns/op) against one core (hand-ns/op); "speedup" is one core's time over
// two's. Ten epochs a run, not one: between runs the one-core network
// trains, the two-core one's helper goroutines leave, and a run of one
// epoch paid for starting them again as no training does.
func BenchmarkSpiralBatch(b *testing.B) {
	d := spiralData()
	one, two := spiralNet(b), spiralNet(b)
	const epochs = 10
	opt1 := &nn.TrainOptions{Epochs: epochs, BatchSize: 256, Workers: 1}
	opt2 := &nn.TrainOptions{Epochs: epochs, BatchSize: 256, Workers: 2}
	tTwo, tOne := Compare(b, 1, func() {
		if _, err := one.Train(d, opt1); err != nil {
			b.Fatal(err)
		}
	}, func() {
		if _, err := two.Train(d, opt2); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(epochs*d.Len()), "ns/sample")
	b.ReportMetric(float64(tOne)/float64(tTwo), "speedup")
	b.ReportMetric(float64(runtime.NumCPU()), "cpus")
}
