package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cgraph/cgraph"
)

// planCases are networks across activations, losses, inits, outputs and
// shapes, some of them deep enough for rounding to compound.
var planCases = []Config{
	{Inputs: 2, Layers: Dense(Sigmoid, 3, 1), Init: Uniform},
	{Inputs: 3, Layers: append(Dense(Tanh, 5, 4), LayerSpec{Units: 2, Activation: Linear}), Init: XavierUniform, Loss: MSE},
	{Inputs: 4, Layers: append(Dense(ReLU, 9, 9, 9), LayerSpec{Units: 1, Activation: Sigmoid}), Init: He, Loss: BCE},
	{Inputs: 5, Layers: append(Dense(LeakyReLU, 6, 7), LayerSpec{Units: 3, Activation: Tanh}), Init: HeUniform, Bias: Uniform},
	{Inputs: 6, Layers: append(Dense(Sigmoid, 8, 8, 8, 8, 8, 8), LayerSpec{Units: 1, Activation: Linear}), Init: Normal},
	{Inputs: 7, Layers: append(Dense(Tanh, 16, 16, 16, 16), LayerSpec{Units: 2, Activation: Sigmoid}), Init: XavierNormal, Loss: BCE, Bias: Normal},
	{Inputs: 2, Layers: Dense(Linear, 3, 2), Init: Uniform, Loss: Squared},
}

// samples draws n inputs and targets for cfg (targets in [0, 1], as the
// cross-entropy wants).
func planSamples(cfg Config, n int, seed uint64) (x, y []float64) {
	r := rand.New(rand.NewPCG(seed, 1))
	k := cfg.Layers[len(cfg.Layers)-1].Units
	for range n * cfg.Inputs {
		x = append(x, 2*r.NormFloat64())
	}
	for range n * k {
		y = append(y, r.Float64())
	}
	return x, y
}

// TestPlanMatchesGraph runs every case's plan over batches of several
// sizes on several workers and compares it with the gate graph run sample
// by sample, bit for bit: forward values, per-sample ∂L/∂z (the plan adds
// the units' contributions to an input from the last unit down, as the
// graph's backward does) and the batch's gradient sums (in blocks of
// sumBlock samples, as cgraph.Batch adds them; 40 samples make two).
func TestPlanMatchesGraph(t *testing.T) {
	defer func(m int) { parallelMin = m }(parallelMin)
	parallelMin = 0 // split even the small layers between the workers
	for c, cfg := range planCases {
		cfg.Seed = uint64(c + 1)
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		k := len(m.Outputs())
		for _, n := range []int{1, 3, 4, 9, 40} {
			for _, workers := range []int{1, 2, 3} {
				t.Run(fmt.Sprintf("case%d/n%d/w%d", c, n, workers), func(t *testing.T) {
					p := m.Plan()
					p.Workers = workers
					pass := p.NewPass(n)
					x, y := planSamples(cfg, n, uint64(n))
					copy(pass.X, x)
					copy(pass.Y, y)
					pass.Forward()
					total := pass.Backward()
					// The graph, sample by sample, and the sums of its
					// gradients, block by block.
					sums, block := make([]float64, len(m.Params())), make([]float64, len(m.Params()))
					gtotal := 0.0
					for s := range n {
						loss, err := m.Grad(x[s*cfg.Inputs:(s+1)*cfg.Inputs], y[s*k:(s+1)*k])
						if err != nil {
							t.Fatal(err)
						}
						gtotal += loss
						if got := pass.Loss[s]; got != loss {
							t.Fatalf("sample %d: loss %v, graph %v", s, got, loss)
						}
						for l, L := range m.Layers() {
							for j := range L.Out {
								if got, want := pass.Z[l][s*L.Out+j], L.Z[j].Value(); got != want {
									t.Fatalf("sample %d: %s = %v, graph %v", s, L.Z[j].Name(), got, want)
								}
								if got, want := pass.A[l][s*L.Out+j], L.A[j].Value(); got != want {
									t.Fatalf("sample %d: %s = %v, graph %v", s, L.A[j].Name(), got, want)
								}
								if got, want := pass.DZ[l][s*L.Out+j], L.Z[j].Grad(); got != want {
									t.Fatalf("sample %d: ∂L/∂%s = %v, graph %v", s, L.Z[j].Name(), got, want)
								}
							}
						}
						for i, w := range m.Params() {
							block[i] += w.Grad()
						}
						if (s+1)%sumBlock == 0 || s == n-1 {
							for i, b := range block {
								sums[i] += b
							}
							clear(block)
						}
					}
					if total != gtotal {
						t.Errorf("total loss %v, graph %v", total, gtotal)
					}
					i := 0
					for l, L := range m.Layers() {
						var plan, graph []float64
						for j := range L.Out {
							plan = append(plan, pass.GW[l][j*L.In:(j+1)*L.In]...)
							plan = append(plan, pass.GB[l][j])
							graph = append(graph, sums[i:i+L.In+1]...)
							i += L.In + 1
						}
						for q := range plan {
							if plan[q] != graph[q] {
								t.Fatalf("layer %d: gradient sum %d is %v, graph %v", l+1, q, plan[q], graph[q])
							}
						}
					}
				})
			}
		}
	}
}

// TestNewPlanDrawsNewsWeights holds NewPlan to New's weights, bit for bit.
func TestNewPlanDrawsNewsWeights(t *testing.T) {
	for c, cfg := range planCases {
		cfg.Seed = uint64(c + 7)
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		want := m.Plan()
		got, err := NewPlan(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for l := range want.Layers {
			for q, w := range want.Layers[l].W {
				if math.Float64bits(got.Layers[l].W[q]) != math.Float64bits(w) {
					t.Fatalf("case %d layer %d: weight %d is %v, New drew %v", c, l+1, q, got.Layers[l].W[q], w)
				}
			}
			for q, b := range want.Layers[l].B {
				if math.Float64bits(got.Layers[l].B[q]) != math.Float64bits(b) {
					t.Fatalf("case %d layer %d: bias %d is %v, New drew %v", c, l+1, q, got.Layers[l].B[q], b)
				}
			}
		}
	}
}

// TestTrainMatchesGraph trains each case on a dataset with Train (the
// dense plan) and with the graph's own loops, per sample and in
// mini-batches with a shorter last batch, and compares every weight and
// the loss history bit for bit (TestPlanTrainsAsGraph covers more cases).
func TestTrainMatchesGraph(t *testing.T) {
	for c, cfg := range planCases {
		if cfg.Inputs != 2 && cfg.Layers[len(cfg.Layers)-1].Units != 1 {
			continue
		}
		cfg.Seed = uint64(c + 1)
		cfg.Alpha = 0.1
		for _, batch := range []int{1, 8} {
			t.Run(fmt.Sprintf("case%d/batch%d", c, batch), func(t *testing.T) {
				d := planDataset(cfg, 30)
				if d == nil {
					t.Skip("more than one output")
				}
				opts := &TrainOptions{Epochs: 5, BatchSize: batch, Shuffle: true, Seed: 3, Workers: 2}
				m, _ := New(cfg)
				ref := trainedAsGraph(t, m, cfg, d, opts, (*MLP).Train)
				planWeightsSame(t, m, ref)
			})
		}
	}
}

// planDataset returns n samples for a network of one output, or nil.
func planDataset(cfg Config, n int) *Dataset {
	if cfg.Layers[len(cfg.Layers)-1].Units != 1 {
		return nil
	}
	x, y := planSamples(cfg, n, 5)
	d := &Dataset{Name: "random"}
	for s := range n {
		d.X = append(d.X, x[s*cfg.Inputs:(s+1)*cfg.Inputs])
		d.Y = append(d.Y, math.Round(y[s]))
	}
	return d
}

// planWeightsSame fails unless m's weights and biases equal ref's.
// trainedAsGraph trains m with train, and a network new from cfg on the
// gate graph with the same options; it reports each epoch whose loss
// differs and returns the graph's network, for comparing weights.
func trainedAsGraph(t *testing.T, m *MLP, cfg Config, d *Dataset, opts *TrainOptions, train func(*MLP, *Dataset, *TrainOptions) ([]float64, error)) *MLP {
	t.Helper()
	hist, err := train(m, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := New(cfg)
	want, err := ref.trainGraph(d, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != len(want) {
		t.Fatalf("%d epochs' losses, the graph %d", len(hist), len(want))
	}
	for e := range want {
		if hist[e] != want[e] {
			t.Errorf("epoch %d: loss %v, graph %v", e+1, hist[e], want[e])
		}
	}
	return ref
}

func planWeightsSame(t *testing.T, m, ref *MLP) {
	t.Helper()
	for l, L := range m.Layers() {
		var got, want []float64
		for j := range L.Out {
			for i := range L.W[j] {
				got = append(got, L.W[j][i].Value())
				want = append(want, ref.Layers()[l].W[j][i].Value())
			}
			got = append(got, L.B[j].Value())
			want = append(want, ref.Layers()[l].B[j].Value())
		}
		for q := range got {
			if got[q] != want[q] {
				t.Fatalf("layer %d: parameter %d is %v, graph %v", l+1, q, got[q], want[q])
			}
		}
	}
}

// TestTrainWorkersIndependent trains the same network on 1, 2 and 3
// workers and compares every weight bit for bit.
func TestTrainWorkersIndependent(t *testing.T) {
	defer func(m int) { parallelMin = m }(parallelMin)
	parallelMin = 0
	cfg := planCases[5]
	cfg.Seed = 11
	cfg.Layers = append(Dense(Tanh, 16, 16), LayerSpec{Units: 1, Activation: Sigmoid})
	d := planDataset(cfg, 50)
	var first []uint64
	for _, workers := range []int{1, 2, 3} {
		m, _ := New(cfg)
		if _, err := m.Train(d, &TrainOptions{Epochs: 3, BatchSize: 16, Shuffle: true, Seed: 1, Workers: workers}); err != nil {
			t.Fatal(err)
		}
		var bits []uint64
		for _, p := range m.Params() {
			bits = append(bits, math.Float64bits(p.Value()))
		}
		if first == nil {
			first = bits
			continue
		}
		for q := range bits {
			if bits[q] != first[q] {
				t.Fatalf("%d workers: parameter %d differs from 1 worker's", workers, q)
			}
		}
	}
}

// TestPlanStepAllocs: a training step of the plan allocates nothing once
// its pass exists.
func TestPlanStepAllocs(t *testing.T) {
	m := xorNet(t, 2, 1)
	d := XOR()
	p := m.Plan()
	passes := map[int]*Pass{}
	order := []int{0, 1, 2, 3}
	if _, err := m.epochPlan(p, passes, d, order, 1, nil); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := m.epochPlan(p, passes, d, order, 1, nil); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per epoch of 4 steps, want 0", allocs)
	}
}

// TestTrainOverflowNamesNode: where a dense pass overflows, the graph
// runs the batch again and names the node, as training on it did.
func TestTrainOverflowNamesNode(t *testing.T) {
	m, err := New(Config{Inputs: 1, Layers: Dense(Linear, 1), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	d := &Dataset{Name: "huge", X: [][]float64{{1e200}}, Y: []float64{0}}
	_, err = m.Train(d, &TrainOptions{Epochs: 1})
	var ne *cgraph.NumericError
	if !errors.As(err, &ne) || ne.NodeName != "L" {
		t.Fatalf("error %v; want the graph's NumericError at L", err)
	}
}

// TestEvaluateMatchesGraph: Evaluate and OutputAll on the plan give the
// graph's numbers bit for bit (forward values add in the same order), on
// more samples than one chunk.
func TestEvaluateMatchesGraph(t *testing.T) {
	for c, cfg := range planCases {
		cfg.Seed = uint64(c + 3)
		d := planDataset(cfg, evalChunk+17)
		if d == nil {
			continue
		}
		m, _ := New(cfg)
		got, err := m.Evaluate(d)
		if err != nil {
			t.Fatal(err)
		}
		want, err := m.evaluateGraph(d)
		if err != nil {
			t.Fatal(err)
		}
		if got.Loss != want.Loss || got.Accuracy != want.Accuracy {
			t.Errorf("case %d: loss %v accuracy %v, graph %v %v", c, got.Loss, got.Accuracy, want.Loss, want.Accuracy)
		}
		outs, err := m.OutputAll(d.X)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range want.Predictions {
			if got.Predictions[i].Yhat != p.Yhat || got.Predictions[i].Y != p.Y || outs[i] != p.Yhat {
				t.Fatalf("case %d sample %d: %v / %v, graph %v", c, i, got.Predictions[i].Yhat, outs[i], p.Yhat)
			}
		}
	}
}
