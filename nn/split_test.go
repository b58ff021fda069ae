package nn

import (
	"fmt"
	"math"
	"testing"
)

func TestSplit(t *testing.T) {
	d, _ := Builtin("gauss", &ToyOptions{N: 101, Seed: 1})
	train, test, err := Split(d, 0.3, 9)
	if err != nil {
		t.Fatal(err)
	}
	if test.Len() != 30 || train.Len() != 71 { // round(0.3·101) = 30
		t.Fatalf("%d train, %d test samples", train.Len(), test.Len())
	}
	// Every sample is on exactly one side, each side in the dataset's order.
	seen := map[*float64]int{}
	for _, part := range []*Dataset{train, test} {
		last := -1
		for _, x := range part.X {
			i := -1
			for k := range d.X {
				if &d.X[k][0] == &x[0] {
					i = k
				}
			}
			if i <= last {
				t.Fatalf("sample %d after %d", i, last)
			}
			last = i
			seen[&x[0]]++
		}
	}
	if len(seen) != d.Len() {
		t.Errorf("%d distinct samples of %d", len(seen), d.Len())
	}
	again, _, _ := Split(d, 0.3, 9)
	other, _, _ := Split(d, 0.3, 10)
	if &again.X[5][0] != &train.X[5][0] || fmt.Sprint(other.X) == fmt.Sprint(train.X) {
		t.Error("the split does not follow its seed")
	}
	if tr, te, err := Split(d, 0, 1); tr != d || te != nil || err != nil {
		t.Error("fraction 0 does not return the dataset")
	}
	for _, frac := range []float64{-0.1, 1, math.NaN(), 0.001} {
		if _, _, err := Split(d, frac, 1); err == nil {
			t.Errorf("fraction %g accepted", frac)
		}
	}
}

// TestTestLoss checks the test loss Train reports after every epoch
// against Evaluate of a network trained for that many epochs, and the
// last against the graph's own loss node averaged over the test samples,
// on the tape (a small network) and on the plan.
func TestTestLoss(t *testing.T) {
	d, _ := Builtin("circle", &ToyOptions{N: 60, Seed: 3})
	train, test, err := Split(d, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		hidden, batch int
		l2            float64
	}{{2, 1, 0}, {8, 1, 0.01}, {8, 5, 0}} {
		t.Run(fmt.Sprintf("h%d/batch%d/l2=%g", c.hidden, c.batch, c.l2), func(t *testing.T) {
			cfg := Config{Inputs: 2, Layers: Dense(Tanh, c.hidden, 1), Alpha: 0.2, Seed: 2, L2: c.l2}
			var tested []float64
			opts := &TrainOptions{Epochs: 3, BatchSize: c.batch, Shuffle: true, Seed: 1, Test: test,
				Tested: func(_ int, loss float64) error { tested = append(tested, loss); return nil }}
			m, _ := New(cfg)
			if _, err := m.Train(train, opts); err != nil {
				t.Fatal(err)
			}
			if len(tested) != 3 {
				t.Fatalf("%d test losses for 3 epochs", len(tested))
			}
			for e := 1; e <= 3; e++ {
				ref, _ := New(cfg)
				o := *opts
				o.Epochs, o.Test = e, nil
				if _, err := ref.Train(train, &o); err != nil {
					t.Fatal(err)
				}
				res, err := ref.Evaluate(test)
				if err != nil {
					t.Fatal(err)
				}
				if res.Loss != tested[e-1] {
					t.Errorf("epoch %d: test loss %v, Evaluate %v", e, tested[e-1], res.Loss)
				}
			}
			sum := 0.0
			for i, x := range test.X {
				l, err := m.Grad(x, test.Y[i:i+1])
				if err != nil {
					t.Fatal(err)
				}
				sum += l
			}
			if g := sum / float64(test.Len()); tested[2] != g {
				t.Errorf("test loss %v, the graph's L averaged %v", tested[2], g)
			}
		})
	}
}
