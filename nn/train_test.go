package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// xorNet returns the default network of cgraph train: 2-4-1 sigmoid,
// squared loss, U(−1, 1) weights, zero biases, α = 0.5.
func xorNet(t testing.TB, hidden int, seed uint64) *MLP {
	m, err := New(Config{Inputs: 2, Layers: Dense(Sigmoid, hidden, 1), Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestXORLearned trains the defaults on real runs and asserts all four
// predictions end on the right side of 0.5.
func TestXORLearned(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5}
	if testing.Short() {
		seeds = seeds[:2]
	}
	for _, seed := range seeds {
		m := xorNet(t, 4, seed)
		hist, err := m.Train(XOR(), &TrainOptions{Epochs: 5000, Shuffle: true, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Evaluate(XOR())
		if err != nil {
			t.Fatal(err)
		}
		if res.Accuracy != 1 {
			t.Errorf("seed %d: accuracy %v, predictions %+v", seed, res.Accuracy, res.Predictions)
		}
		if !(hist[len(hist)-1] < hist[0]/10) {
			t.Errorf("seed %d: loss went from %v to %v", seed, hist[0], hist[len(hist)-1])
		}
	}
}

// TestReproducible trains twice with the same seeds and compares every
// weight bit for bit, for per-sample and mini-batch SGD.
func TestReproducible(t *testing.T) {
	for _, batch := range []int{1, 2} {
		run := func() []float64 {
			m := xorNet(t, 3, 42)
			if _, err := m.Train(XOR(), &TrainOptions{Epochs: 300, Shuffle: true, Seed: 42, BatchSize: batch}); err != nil {
				t.Fatal(err)
			}
			var w []float64
			for _, p := range m.Params() {
				w = append(w, p.Value())
			}
			return w
		}
		a, b := run(), run()
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Fatalf("batch %d: weight %d differs: %v vs %v", batch, i, a[i], b[i])
			}
		}
		c := func() float64 {
			m := xorNet(t, 3, 43)
			m.Train(XOR(), &TrainOptions{Epochs: 300, Shuffle: true, Seed: 43, BatchSize: batch})
			return m.Params()[0].Value()
		}()
		if c == a[0] {
			t.Errorf("batch %d: another seed gives the same first weight", batch)
		}
	}
}

// TestBatchIsMeanGradient checks one full-batch step against the mean of
// the per-sample gradients taken on an untouched copy of the network.
func TestBatchIsMeanGradient(t *testing.T) {
	d := XOR()
	ref := xorNet(t, 2, 9)
	mean := make([]float64, len(ref.Params()))
	for i, x := range d.X {
		if _, err := ref.Grad(x, []float64{d.Y[i]}); err != nil {
			t.Fatal(err)
		}
		for k, p := range ref.Params() {
			mean[k] += p.Grad() / float64(d.Len())
		}
	}
	m := xorNet(t, 2, 9)
	if _, err := m.Train(d, &TrainOptions{Epochs: 1, BatchSize: 4}); err != nil {
		t.Fatal(err)
	}
	for k, p := range m.Params() {
		want := ref.Params()[k].Value() - DefaultAlpha*mean[k]
		if math.Abs(p.Value()-want) > 1e-15 {
			t.Errorf("%s = %v, want %v", p.Name(), p.Value(), want)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	m := xorNet(t, 2, 1)
	three := &Dataset{Name: "three", X: [][]float64{{1, 2, 3}}, Y: []float64{1}}
	if _, err := m.Train(three, nil); err == nil {
		t.Error("3 inputs for a 2-input net: no error")
	}
	if _, err := m.Train(&Dataset{Name: "empty"}, nil); err == nil {
		t.Error("empty dataset: no error")
	}
	if _, err := m.Train(XOR(), &TrainOptions{Epochs: -1}); err == nil {
		t.Error("negative epochs: no error")
	}
	stop := errors.New("stop")
	hist, err := m.Train(XOR(), &TrainOptions{Epochs: 10, Progress: func(epoch int, _ float64) error {
		if epoch == 3 {
			return stop
		}
		return nil
	}})
	if err != stop || len(hist) != 3 {
		t.Errorf("stopped at epoch 3: err %v, %d epochs of history", err, len(hist))
	}
}

// TestSGDStepAllocs asserts that one SGD step of a built network —
// setting the sample, Forward, Backward and Step — does not allocate.
func TestSGDStepAllocs(t *testing.T) {
	m := xorNet(t, 2, 1)
	d := XOR()
	order := []int{0, 1, 2, 3}
	if _, err := m.epochSGD(d, order); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := m.epochSGD(d, order); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per epoch of 4 steps, want 0", allocs)
	}
}

// TestChunksShuffleAsOneCall trains N epochs with shuffling in one call
// and in k calls of N/k epochs, each told its FirstEpoch: the losses and
// every weight must have the same bits, on the graph's tape (2-4-1 per
// sample) and on the plan (a wider network, and batches of 3). A chunk
// told FirstEpoch 0 again must differ, or the test proves nothing.
func TestChunksShuffleAsOneCall(t *testing.T) {
	d, err := Builtin("spiral", &ToyOptions{N: 30, Noise: 0.1, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	const epochs, k = 12, 3
	for _, c := range []struct {
		name   string
		hidden []int
		batch  int
	}{{"tape", []int{4}, 1}, {"plan", []int{8, 8}, 1}, {"batch3", []int{4}, 3}} {
		t.Run(c.name, func(t *testing.T) {
			cfg := Config{Inputs: 2, Layers: append(Dense(Tanh, c.hidden...), LayerSpec{Units: 1, Activation: Sigmoid}), Alpha: 0.1, Seed: 5}
			one, _ := New(cfg)
			want, err := one.Train(d, &TrainOptions{Epochs: epochs, BatchSize: c.batch, Shuffle: true, Seed: 11})
			if err != nil {
				t.Fatal(err)
			}
			chunked, _ := New(cfg)
			restarted, _ := New(cfg)
			var got []float64
			for i := range k {
				h, err := chunked.Train(d, &TrainOptions{Epochs: epochs / k, BatchSize: c.batch, Shuffle: true, Seed: 11, FirstEpoch: i * epochs / k})
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, h...)
				restarted.Train(d, &TrainOptions{Epochs: epochs / k, BatchSize: c.batch, Shuffle: true, Seed: 11})
			}
			for e := range want {
				if math.Float64bits(got[e]) != math.Float64bits(want[e]) {
					t.Errorf("epoch %d: loss %v in chunks, %v in one call", e+1, got[e], want[e])
				}
			}
			if !same(one.Plan(), chunked.Plan()) {
				t.Errorf("%d chunks differ from one call", k)
			}
			if same(one.Plan(), restarted.Plan()) {
				t.Errorf("chunks all from epoch 0 gave the bits of one call: the test cannot tell")
			}
		})
	}
}

// TestEpochOrder checks that an epoch's order is a permutation that
// depends on the seed and the epoch's number only.
func TestEpochOrder(t *testing.T) {
	a, b := make([]int, 50), make([]int, 50)
	epochOrder(a, &TrainOptions{Shuffle: true, Seed: 4, FirstEpoch: 7}, 3, new(rand.PCG))
	copy(b, a) // any previous contents are ignored
	epochOrder(b, &TrainOptions{Shuffle: true, Seed: 4}, 10, new(rand.PCG))
	seen := map[int]bool{}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("epoch 10 as 7+3 and 0+10: %v vs %v", a, b)
		}
		seen[a[i]] = true
	}
	if len(seen) != len(a) {
		t.Fatalf("not a permutation: %v", a)
	}
	epochOrder(b, &TrainOptions{Shuffle: true, Seed: 4}, 11, new(rand.PCG))
	c := make([]int, 50)
	epochOrder(c, &TrainOptions{Shuffle: true, Seed: 5}, 10, new(rand.PCG))
	if slicesEqual(a, b) || slicesEqual(a, c) {
		t.Errorf("another epoch or seed gave the same order")
	}
	epochOrder(c, &TrainOptions{Seed: 5}, 10, new(rand.PCG))
	for i, v := range c {
		if v != i {
			t.Fatalf("without Shuffle: %v, want the dataset's order", c)
		}
	}
}

func slicesEqual(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
