package nn

import (
	"errors"
	"math"
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
