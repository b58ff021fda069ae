package cgraph_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

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
