package cgraph_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cgraph/cgraph"
)

// TestBatchMatchesScalar runs every gate case over a batch of perturbed
// inputs, inline and through the Gate interface, on one and two workers,
// and holds every value and gradient to the scalar run of that sample, bit
// for bit.
func TestBatchMatchesScalar(t *testing.T) {
	const size = 70 // three blocks of sums, so two workers share the work
	rng := rand.New(rand.NewPCG(5, 5))
	for _, tc := range gateCases {
		for _, wrap := range []bool{false, true} {
			g := cgraph.New()
			var ins []*cgraph.Node
			for i, v := range tc.in {
				ins = append(ins, g.Input(fmt.Sprintf("in%d", i), v))
			}
			gate := tc.gate
			if wrap {
				gate = opaque{gate}
			}
			n := g.Apply("gate", gate, ins...)
			out := g.Apply("out", cgraph.Tanh{}, g.Apply("", cgraph.Mul{}, n, g.Weight("w", 0.7, 0.1)))

			samples := make([][]float64, len(ins)) // per input, per sample
			for i, in := range ins {
				for s := 0; s < size; s++ {
					// Small relative jitter keeps every case in its regime.
					samples[i] = append(samples[i], in.Value()*(1+0.1*rng.Float64()))
				}
			}
			for _, workers := range []int{1, 2} {
				b, err := g.NewBatch(size)
				if err != nil {
					t.Fatal(err)
				}
				b.SetWorkers(workers)
				for i, in := range ins {
					if err := b.Set(in, samples[i]); err != nil {
						t.Fatal(err)
					}
				}
				if err := b.Forward(); err != nil {
					t.Fatal(err)
				}
				if err := b.Backward(out); err != nil {
					t.Fatal(err)
				}
				for s := 0; s < size; s++ {
					for i, in := range ins {
						if err := g.Set(in.Name(), samples[i][s]); err != nil {
							t.Fatal(err)
						}
					}
					if err := g.Run(out); err != nil {
						t.Fatal(err)
					}
					for _, node := range g.Nodes() {
						if bv, bg := b.Values(node)[s], b.Grads(node)[s]; bv != node.Value() || bg != node.Grad() {
							t.Fatalf("%s wrap=%v workers=%d sample %d node %s: batch %v/%v, scalar %v/%v",
								tc.gate.Kind(), wrap, workers, s, node, bv, bg, node.Value(), node.Grad())
						}
					}
				}
			}
		}
	}
}

// TestBatchStep checks that a batch step with scale 1/B moves a weight by
// the mean of the per-sample gradients.
func TestBatchStep(t *testing.T) {
	g := cgraph.New()
	x, y := g.Input("x", 0), g.Input("y", 0)
	w := g.Weight("w", 0.5, 0.1)
	L := g.Apply("L", cgraph.SquaredLoss{}, g.Apply("p", cgraph.Mul{}, w, x), y)
	b, err := g.NewBatch(3)
	if err != nil {
		t.Fatal(err)
	}
	b.Set(x, []float64{1, 2, 3})
	b.Set(y, []float64{1, 1, 1})
	if err := b.Forward(); err != nil {
		t.Fatal(err)
	}
	if err := b.Backward(L); err != nil {
		t.Fatal(err)
	}
	// ∂L_s/∂w = 2(w·x_s − y_s)·x_s = −1, 0, 3.
	want := []float64{-1, 0, 3}
	for s, d := range b.Grads(w) {
		if d != want[s] {
			t.Errorf("sample %d: ∂L/∂w = %v, want %v", s, d, want[s])
		}
	}
	b.Step(1.0 / 3)
	if got, wantW := w.Value(), 0.5-0.1*(2.0/3); math.Abs(got-wantW) > 1e-15 {
		t.Errorf("w after step %v, want %v", got, wantW)
	}
}

func TestBatchErrors(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 1)
	l := g.Apply("l", cgraph.Log{}, x)
	if _, err := g.NewBatch(0); err == nil {
		t.Error("batch of 0 accepted")
	}
	b, _ := g.NewBatch(3)
	if err := b.Set(x, []float64{1, 2}); err == nil || !strings.Contains(err.Error(), "2 values") {
		t.Errorf("short Set: %v", err)
	}
	if err := b.Set(l, []float64{1, 2, 3}); err == nil || !strings.Contains(err.Error(), "computed") {
		t.Errorf("Set of computed node: %v", err)
	}
	if err := b.Set(x, []float64{1, math.NaN(), 3}); err == nil || !strings.Contains(err.Error(), `node "x" in sample 2 is not finite`) {
		t.Errorf("Set with NaN: %v", err)
	}
	b.Set(x, []float64{1, -2, 3})
	err := b.Forward()
	if err == nil || !strings.Contains(err.Error(), `node "l" (log) produced NaN in sample 2`) {
		t.Errorf("Forward: %v", err)
	}
}

// TestBatchScalarLeaves covers leaves that a batch keeps as scalars (used
// only by muladd): a weight times a per-sample input, a weight times a
// constant (both scalars), and an added bias, against scalar runs.
func TestBatchScalarLeaves(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 0)
	w, c, bias := g.Weight("w", 0.7, 0.1), g.Const("c", -1.3), g.Weight("b", 0.2, 0.1)
	z := g.Apply("z", cgraph.MulAdd{Pairs: 2}, w, x, w, c, bias)
	out := g.Apply("out", cgraph.Sigmoid{}, z)
	xs := []float64{-2, -0.5, 0, 0.25, 1, 3}
	for _, workers := range []int{1, 2} {
		b, err := g.NewBatch(len(xs))
		if err != nil {
			t.Fatal(err)
		}
		b.SetWorkers(workers)
		if err := b.Set(x, xs); err != nil {
			t.Fatal(err)
		}
		if err := b.Forward(); err != nil {
			t.Fatal(err)
		}
		if err := b.Backward(out); err != nil {
			t.Fatal(err)
		}
		for s, xv := range xs {
			if err := g.Set("x", xv); err != nil {
				t.Fatal(err)
			}
			if err := g.Run(out); err != nil {
				t.Fatal(err)
			}
			for _, n := range g.Nodes() {
				if bv, bg := b.Values(n)[s], b.Grads(n)[s]; bv != n.Value() || bg != n.Grad() {
					t.Fatalf("workers=%d sample %d node %s: batch %v/%v, scalar %v/%v", workers, s, n, bv, bg, n.Value(), n.Grad())
				}
			}
		}
	}
}

// TestBatchStepIndependentOfWorkers trains the same network with one and
// two workers: the weights must come out bit for bit the same.
func TestBatchStepIndependentOfWorkers(t *testing.T) {
	var final [2][]float64
	for k, workers := range []int{1, 2} {
		g := cgraph.New()
		x, y := g.Input("x", 0), g.Input("y", 0)
		w1, w2, bias := g.Weight("w1", 0.3, 0.5), g.Weight("w2", -0.8, 0.5), g.Weight("b", 0.1, 0.5)
		h := g.Apply("h", cgraph.Tanh{}, g.Apply("z1", cgraph.MulAdd{Pairs: 1}, w1, x, bias))
		L := g.Apply("L", cgraph.SigmoidSqLoss{}, g.Apply("z2", cgraph.MulAdd{Pairs: 1}, w2, h), y)
		b, err := g.NewBatch(100)
		if err != nil {
			t.Fatal(err)
		}
		b.SetWorkers(workers)
		xs, ys := make([]float64, 100), make([]float64, 100)
		for i := range xs {
			xs[i] = math.Sin(float64(i))
			ys[i] = float64(i % 2)
		}
		b.Set(x, xs)
		b.Set(y, ys)
		for step := 0; step < 20; step++ {
			if err := b.Forward(); err != nil {
				t.Fatal(err)
			}
			if err := b.Backward(L); err != nil {
				t.Fatal(err)
			}
			if step == 0 && b.GradSum(w1) == 0 {
				t.Fatal("no gradient for w1")
			}
			b.Step(1.0 / 100)
		}
		final[k] = []float64{w1.Value(), w2.Value(), bias.Value()}
		if final[k][0] == 0.3 {
			t.Fatal("training did not move w1")
		}
	}
	for i := range final[0] {
		if final[0][i] != final[1][i] {
			t.Errorf("weight %d: %v with one worker, %v with two", i, final[0][i], final[1][i])
		}
	}
}

// muladdNet builds a small network of muladd steps, as Optimize leaves a
// network: weights read once as a factor (with an input or a hidden value)
// or as an added bias, which a batch keeps without per-sample gradient
// rows; beside them a weight read twice and a weight times a constant,
// which keep their rows.
func muladdNet() (g *cgraph.Graph, x1, x2, y, h0, L *cgraph.Node) {
	g = cgraph.New()
	x1, x2, y = g.Input("x1", 0), g.Input("x2", 0), g.Input("y", 0)
	shared, c := g.Weight("shared", 0.4, 0.3), g.Const("c", 1.7)
	var hs []*cgraph.Node
	for j := 0; j < 3; j++ {
		w1 := g.Weight(fmt.Sprintf("w%d1", j), 0.3*float64(j)-0.5, 0.3)
		w2 := g.Weight(fmt.Sprintf("w%d2", j), 0.8-0.45*float64(j), 0.3)
		bias := g.Weight(fmt.Sprintf("b%d", j), 0.1*float64(j), 0.3)
		z := g.Apply(fmt.Sprintf("z%d", j), cgraph.MulAdd{Pairs: 2}, w1, x1, w2, x2, bias)
		hs = append(hs, g.Apply(fmt.Sprintf("h%d", j), cgraph.Tanh{}, z))
	}
	var v []*cgraph.Node
	for i, w := range []float64{0.9, -1.1, 0.6, 0.35, -0.7} {
		v = append(v, g.Weight(fmt.Sprintf("v%d", i), w, 0.3))
	}
	ws, bias := g.Weight("ws", -0.2, 0.3), g.Weight("bo", 0.05, 0.3)
	// The first four pairs run side by side (two share h0, one is the
	// other way round); the next four one by one, for the weights with
	// rows among them.
	out := g.Apply("out", cgraph.MulAdd{Pairs: 8}, v[0], hs[0], hs[1], v[1], v[2], hs[2], v[3], hs[0],
		shared, x1, hs[2], shared, ws, c, v[4], x2, bias)
	return g, x1, x2, y, hs[0], g.Apply("L", cgraph.SigmoidSqLoss{}, out, y)
}

// rampBatch returns a batch of 40 samples of g with inputs x1, x2 and y
// all set to the ramp col, s/40 in sample s.
func rampBatch(t *testing.T, g *cgraph.Graph, x1, x2, y *cgraph.Node) (b *cgraph.Batch, col []float64) {
	t.Helper()
	b, err := g.NewBatch(40)
	if err != nil {
		t.Fatal(err)
	}
	col = make([]float64, 40)
	for s := range col {
		col[s] = float64(s) / 40
	}
	for _, n := range []*cgraph.Node{x1, x2, y} {
		if err := b.Set(n, col); err != nil {
			t.Fatal(err)
		}
	}
	return b, col
}

// TestBatchWeightSums holds a batch's per-sample gradients, block sums
// and step to scalar runs, bit for bit, on 1, 2 and 3 workers, for weights
// with and without gradient rows. The sums are built from the scalar
// gradients in the batch's order: blocks of 32 samples from 0.0, then the
// block sums in order.
func TestBatchWeightSums(t *testing.T) {
	const size = 100 // four blocks, the last one short
	xs1, xs2, ys := make([]float64, size), make([]float64, size), make([]float64, size)
	for s := range size {
		xs1[s], xs2[s], ys[s] = math.Sin(float64(s)), math.Cos(1.3*float64(s)), float64(s%2)
	}
	var stepped [][]float64                   // per worker count and way: the weights after the step
	for _, run := range []bool{false, true} { // Forward and Backward, or Run
		for _, workers := range []int{1, 2, 3} {
			stepped = append(stepped, weightSumsCase(t, size, xs1, xs2, ys, workers, run))
		}
	}
	for i := 1; i < len(stepped); i++ {
		for k := range stepped[0] {
			if stepped[i][k] != stepped[0][k] {
				t.Errorf("weight %d after the step: %v on 1 worker, %v in case %d", k, stepped[0][k], stepped[i][k], i)
			}
		}
	}
}

// weightSumsCase is one case of TestBatchWeightSums; it returns the
// weights after the step.
func weightSumsCase(t *testing.T, size int, xs1, xs2, ys []float64, workers int, run bool) []float64 {
	g, x1, x2, y, _, L := muladdNet()
	weights, err := g.Weights()
	if err != nil {
		t.Fatal(err)
	}
	scalar := make([][]float64, len(weights)) // [weight][sample]
	for s := range size {
		g.Set("x1", xs1[s])
		g.Set("x2", xs2[s])
		g.Set("y", ys[s])
		if err := g.Run(L); err != nil {
			t.Fatal(err)
		}
		for k, w := range weights {
			scalar[k] = append(scalar[k], w.Grad())
		}
	}
	b, err := g.NewBatch(size)
	if err != nil {
		t.Fatal(err)
	}
	b.SetWorkers(workers)
	for _, in := range []struct {
		n  *cgraph.Node
		xs []float64
	}{{x1, xs1}, {x2, xs2}, {y, ys}} {
		if err := b.Set(in.n, in.xs); err != nil {
			t.Fatal(err)
		}
	}
	if run {
		if err := b.Run(L); err != nil {
			t.Fatal(err)
		}
	} else {
		if err := b.Forward(); err != nil {
			t.Fatal(err)
		}
		if err := b.Backward(L); err != nil {
			t.Fatal(err)
		}
	}
	var after []float64
	for k, w := range weights {
		want := 0.0
		for lo := 0; lo < size; lo += 32 {
			blk := 0.0
			for _, d := range scalar[k][lo:min(lo+32, size)] {
				blk += d
			}
			want += blk
		}
		if want == 0 {
			t.Fatalf("weight %s has no gradient", w)
		}
		if got := b.GradSum(w); got != want {
			t.Errorf("workers=%d: GradSum(%s) = %v, scalar runs add up to %v", workers, w, got, want)
		}
		for s, d := range b.Grads(w) {
			if d != scalar[k][s] {
				t.Fatalf("workers=%d: sample %d: ∂L/∂%s = %v, scalar %v", workers, s, w, d, scalar[k][s])
			}
		}
		gate := w.Gate().(*cgraph.Weight)
		after = append(after, gate.Value-gate.Alpha*(1.0/float64(size))*want)
	}
	b.Step(1.0 / float64(size))
	for k, w := range weights {
		if w.Value() != after[k] {
			t.Errorf("workers=%d: %s after the step %v, want %v", workers, w, w.Value(), after[k])
		}
	}
	return after
}

// TestBatchGradsAfterForward: a weight without a gradient row reads as
// zero gradients after a further Forward (its row is made from the last
// Forward's values), while GradSum still gives the last Backward's sum.
func TestBatchGradsAfterForward(t *testing.T) {
	g, x1, x2, y, _, L := muladdNet()
	b, _ := rampBatch(t, g, x1, x2, y)
	if err := b.Forward(); err != nil {
		t.Fatal(err)
	}
	if err := b.Backward(L); err != nil {
		t.Fatal(err)
	}
	v0 := g.Lookup("v0")
	sum := b.GradSum(v0)
	if b.Grads(v0)[39] == 0 || sum == 0 {
		t.Fatal("no gradient for v0")
	}
	if err := b.Forward(); err != nil {
		t.Fatal(err)
	}
	for s, d := range b.Grads(v0) {
		if d != 0 {
			t.Fatalf("sample %d: ∂L/∂v0 = %v after Forward, want 0", s, d)
		}
	}
	if got := b.GradSum(v0); got != sum {
		t.Errorf("GradSum(v0) after Forward %v, want the last Backward's %v", got, sum)
	}
}

// TestBatchBackwardFromInner runs Backward from a hidden node: weights
// that only later steps read get zero gradients, the others those of
// scalar runs.
func TestBatchBackwardFromInner(t *testing.T) {
	const size = 50
	g, x1, x2, _, h0, _ := muladdNet()
	xs1, xs2 := make([]float64, size), make([]float64, size)
	for s := range size {
		xs1[s], xs2[s] = float64(s)/size-0.5, math.Sin(float64(s))
	}
	b, err := g.NewBatch(size)
	if err != nil {
		t.Fatal(err)
	}
	b.SetWorkers(2)
	b.Set(x1, xs1)
	b.Set(x2, xs2)
	if err := b.Forward(); err != nil {
		t.Fatal(err)
	}
	if err := b.Backward(h0); err != nil {
		t.Fatal(err)
	}
	weights, _ := g.Weights()
	for s := range size {
		g.Set("x1", xs1[s])
		g.Set("x2", xs2[s])
		if err := g.Run(h0); err != nil {
			t.Fatal(err)
		}
		for _, w := range weights {
			if got := b.Grads(w)[s]; got != w.Grad() {
				t.Fatalf("sample %d: ∂h0/∂%s = %v, scalar %v", s, w, got, w.Grad())
			}
		}
	}
	if b.GradSum(g.Lookup("w01")) == 0 || b.GradSum(g.Lookup("v0")) != 0 {
		t.Errorf("∂h0/∂w01 summed %v (want ≠ 0), ∂h0/∂v0 summed %v (want 0)", b.GradSum(g.Lookup("w01")), b.GradSum(g.Lookup("v0")))
	}
}

// TestBatchWeightGradOverflow: a weight without a gradient row whose
// gradient overflows in one sample, from finite factors, is reported like
// any other node.
func TestBatchWeightGradOverflow(t *testing.T) {
	g := cgraph.New()
	x, k := g.Input("x", 0), g.Input("k", 0)
	w, bias := g.Weight("w", 0.5, 0.1), g.Weight("b", 0, 0.1)
	L := g.Apply("L", cgraph.Mul{}, g.Apply("z", cgraph.MulAdd{Pairs: 1}, w, x, bias), k)
	b, err := g.NewBatch(40)
	if err != nil {
		t.Fatal(err)
	}
	xs, ks := make([]float64, 40), make([]float64, 40)
	for s := range xs {
		xs[s], ks[s] = 1, 1
	}
	// ∂L/∂w = k·x = 2.5e308 overflows; L = 0.5·x·k and the rest stay finite.
	xs[36], ks[36] = 2.5e10, 1e298
	b.Set(x, xs)
	b.Set(k, ks)
	if err := b.Forward(); err != nil {
		t.Fatal(err)
	}
	err = b.Backward(L)
	var ne *cgraph.NumericError
	if !errors.As(err, &ne) || ne.Node != w || ne.Sample != 37 || !math.IsInf(ne.Value, 1) {
		t.Fatalf("Backward: %v, want +Inf for w in sample 37", err)
	}
	b.SetWorkers(2)
	if err := b.Run(L); !errors.As(err, &ne) || ne.Pass != "backward" || ne.Node != w || ne.Sample != 37 {
		t.Fatalf("Run: %v, want the same error as Backward", err)
	}
}

// TestBatchWorkersComeAndGo runs a batch with pauses long enough for the
// helper goroutines to leave, and with changes of the number of workers:
// the numbers stay those of one worker, and a training step allocates
// nothing.
func TestBatchWorkersComeAndGo(t *testing.T) {
	g, x1, x2, y, _, L := muladdNet()
	b, err := g.NewBatch(200)
	if err != nil {
		t.Fatal(err)
	}
	col := make([]float64, 200)
	for s := range col {
		col[s] = math.Sin(float64(s))
	}
	for _, n := range []*cgraph.Node{x1, x2, y} {
		b.Set(n, col)
	}
	run := func() float64 {
		if err := b.Forward(); err != nil {
			t.Fatal(err)
		}
		if err := b.Backward(L); err != nil {
			t.Fatal(err)
		}
		return b.GradSum(g.Lookup("v1"))
	}
	b.SetWorkers(1)
	want := run()
	for i, workers := range []int{3, 3, 2, 4, 2, 1, 2} {
		b.SetWorkers(workers)
		if got := run(); got != want {
			t.Fatalf("run %d on %d workers: ∂L/∂v1 summed %v, on one worker %v", i, workers, got, want)
		}
		if i%2 == 0 {
			time.Sleep(5 * time.Millisecond)
		}
	}
	for _, workers := range []int{1, 2} {
		b.SetWorkers(workers)
		allocs := testing.AllocsPerRun(100, func() {
			run()
			b.Step(1.0 / 200)
		})
		if allocs != 0 {
			t.Errorf("%d workers: %v allocations per step", workers, allocs)
		}
	}
}

// TestBatchScalarLeafNotFinite: a weight kept as a scalar whose value is
// not finite is reported by Forward, and a leaf Set per sample after a
// first run turns from a scalar into a row.
func TestBatchScalarLeafNotFinite(t *testing.T) {
	g, x1, x2, y, _, L := muladdNet()
	b, col := rampBatch(t, g, x1, x2, y)
	if err := b.Forward(); err != nil {
		t.Fatal(err)
	}
	v2 := g.Lookup("v2")
	v2.Gate().(*cgraph.Weight).Value = math.Inf(-1)
	var ne *cgraph.NumericError
	if err := b.Forward(); !errors.As(err, &ne) || ne.Node != v2 || ne.Sample != 1 {
		t.Fatalf("Forward with v2 = -Inf: %v", err)
	}
	v2.Gate().(*cgraph.Weight).Value = 0.6
	// The constant c and the weight ws become rows.
	c, ws := g.Lookup("c"), g.Lookup("ws")
	b.Set(c, col)
	b.Set(ws, col)
	if err := b.Forward(); err != nil {
		t.Fatal(err)
	}
	if err := b.Backward(L); err != nil {
		t.Fatal(err)
	}
	for s := range col {
		g.Set("x1", col[s])
		g.Set("x2", col[s])
		g.Set("y", col[s])
		c.Gate().(*cgraph.Constant).Value = col[s]
		ws.Gate().(*cgraph.Weight).Value = col[s]
		if err := g.Run(L); err != nil {
			t.Fatal(err)
		}
		for _, n := range g.Nodes() {
			if bv, bg := b.Values(n)[s], b.Grads(n)[s]; bv != n.Value() || bg != n.Grad() {
				t.Fatalf("sample %d node %s: batch %v/%v, scalar %v/%v", s, n, bv, bg, n.Value(), n.Grad())
			}
		}
	}
}

// TestBatchForwardOverflowBehindTanh: a muladd that overflows in one
// sample is reported even though the tanh after it is finite there.
func TestBatchForwardOverflowBehindTanh(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 0)
	z := g.Apply("z", cgraph.MulAdd{Pairs: 1}, g.Weight("w", 10, 0.1), x, g.Weight("b", 0, 0.1))
	h := g.Apply("h", cgraph.Tanh{}, z)
	out := g.Apply("out", cgraph.Sigmoid{}, g.Apply("", cgraph.MulAdd{Pairs: 1}, g.Weight("v", 1, 0.1), h))
	b, err := g.NewBatch(64)
	if err != nil {
		t.Fatal(err)
	}
	b.SetWorkers(2)
	xs := make([]float64, 64)
	xs[50] = 1e308
	b.Set(x, xs)
	var ne *cgraph.NumericError
	if err := b.Forward(); !errors.As(err, &ne) || ne.Node != z || ne.Sample != 51 || !math.IsInf(ne.Value, 1) {
		t.Fatalf("Forward: %v, want +Inf for z in sample 51", err)
	}
	if v := b.Values(h)[50]; v != 1 {
		t.Fatalf("tanh(+Inf) = %v in the batch, want 1", v)
	}
	if err := b.Run(out); !errors.As(err, &ne) || ne.Pass != "forward" || ne.Node != z || ne.Sample != 51 {
		t.Fatalf("Run: %v, want the same error as Forward", err)
	}
}

// TestBatchGradSumOverflows: every sample's gradient of w is finite, but
// their sum is not, within one block of 32 samples or only across blocks.
// Run must say so instead of letting Step move w to ±Inf.
func TestBatchGradSumOverflows(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    float64 // every sample's x, and ∂L/∂w
	}{
		{"within a block", 1e308}, // 32·1e308 overflows
		{"across blocks", 5e306},  // 32·5e306 = 1.6e308, twice that overflows
	} {
		for _, optimized := range []bool{false, true} {
			g := cgraph.New()
			x := g.Input("x", 1)
			w := g.Weight("w", 1, 0.1)
			L := g.Apply("L", cgraph.Mul{}, w, x)
			if optimized {
				o, err := cgraph.Optimize(g, L)
				if err != nil {
					t.Fatal(err)
				}
				g, x, w, L = o.Graph, o.Of(x), o.Of(w), o.Output
			}
			b, err := g.NewBatch(64)
			if err != nil {
				t.Fatal(err)
			}
			xs := make([]float64, 64)
			for i := range xs {
				xs[i] = tc.x
			}
			if err := b.Set(x, xs); err != nil {
				t.Fatal(err)
			}
			err = b.Run(L)
			var ne *cgraph.NumericError
			if !errors.As(err, &ne) || ne.Node != w || !ne.Summed || !math.IsInf(ne.Value, 1) {
				t.Fatalf("%s, optimized %v: error %v, want the sum of w's gradients, +Inf", tc.name, optimized, err)
			}
			if want := `the gradient of node "w" (weight) summed over the batch's samples is +Inf`; !strings.Contains(err.Error(), want) {
				t.Errorf("%s: message %q, want it to contain %q", tc.name, err, want)
			}
			if got := b.GradSum(w); !math.IsInf(got, 1) {
				t.Errorf("%s: GradSum %v, want +Inf", tc.name, got)
			}
		}
	}
}
