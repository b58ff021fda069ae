package nn

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestStateResumes trains N epochs in one call of Train and the same N
// epochs in k calls of N/k, the OptimizerState passed from call to call:
// every weight and bias must come out with the same bits, for momentum
// and Adam, per sample and in batches, with and without L2 (whose
// gradient goes through the moments too). Without the state, the chunks
// must differ: otherwise the test would prove nothing. The samples are
// shuffled, each call told its FirstEpoch.
func TestStateResumes(t *testing.T) {
	d, err := Builtin("circle", &ToyOptions{N: 24, Noise: 0.1, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	const epochs, k = 12, 4
	for _, method := range []string{"momentum", "adam"} {
		for _, batch := range []int{1, 5} {
			for _, l2 := range []float64{0, 0.01} {
				t.Run(fmt.Sprintf("%s/batch%d/l2=%g", method, batch, l2), func(t *testing.T) {
					cfg := Config{Inputs: 2, Layers: []LayerSpec{{Units: 5, Activation: Tanh}, {Units: 3, Activation: Tanh}, {Units: 1, Activation: Sigmoid}},
						Alpha: 0.05, Seed: 7, L2: l2}
					opt := Optimizer{Method: method}
					one, _ := New(cfg)
					if _, err := one.Train(d, &TrainOptions{Epochs: epochs, BatchSize: batch, Optimizer: opt, Shuffle: true, Seed: 3}); err != nil {
						t.Fatal(err)
					}
					chunked, _ := New(cfg)
					fresh, _ := New(cfg)
					var st OptimizerState
					for c := range k {
						first := c * epochs / k
						if _, err := chunked.Train(d, &TrainOptions{Epochs: epochs / k, BatchSize: batch, Optimizer: opt, State: &st, Shuffle: true, Seed: 3, FirstEpoch: first}); err != nil {
							t.Fatal(err)
						}
						if _, err := fresh.Train(d, &TrainOptions{Epochs: epochs / k, BatchSize: batch, Optimizer: opt, Shuffle: true, Seed: 3, FirstEpoch: first}); err != nil {
							t.Fatal(err)
						}
					}
					steps := epochs * ((d.Len() + batch - 1) / batch)
					if st.Method != method || st.Step != steps {
						t.Errorf("state of %q after %d steps, want %q after %d", st.Method, st.Step, method, steps)
					}
					if same(one.Plan(), fresh.Plan()) {
						t.Errorf("chunks without the state gave the bits of one call: the test cannot tell")
					}
					if !same(one.Plan(), chunked.Plan()) {
						t.Errorf("%d chunks with the state differ from one call", k)
					}
				})
			}
		}
	}
}

// same reports whether two plans have the same weights and biases, bit
// for bit.
func same(a, b *Plan) bool {
	for l, L := range a.Layers {
		for i, w := range L.W {
			if w != b.Layers[l].W[i] {
				return false
			}
		}
		for i, v := range L.B {
			if v != b.Layers[l].B[i] {
				return false
			}
		}
	}
	return true
}

// TestStateChecked gives Train states that do not fit the network or the
// optimizer: each is an error naming what is wrong, and the weights stay.
func TestStateChecked(t *testing.T) {
	d, _ := Builtin("xor", nil)
	cfg := Config{Inputs: 2, Layers: []LayerSpec{{Units: 3, Activation: Tanh}, {Units: 1, Activation: Sigmoid}}, Seed: 1}
	good := func(method string) OptimizerState {
		m, _ := New(cfg)
		st := OptimizerState{}
		if _, err := m.Train(d, &TrainOptions{Epochs: 1, Optimizer: Optimizer{Method: method}, State: &st}); err != nil {
			t.Fatal(err)
		}
		return st
	}
	for _, c := range []struct {
		name, method string
		st           func() OptimizerState
		want         string
	}{
		{"method", "adam", func() OptimizerState { return good("momentum") }, `state of "momentum" for the optimizer "adam"`},
		{"layers", "adam", func() OptimizerState { s := good("adam"); s.MW = s.MW[:1]; return s }, "first moment of the weights of 1 layers for 2"},
		{"width", "momentum", func() OptimizerState { s := good("momentum"); s.MB[1] = nil; return s }, "layer 2: 0 values of the velocity of the biases for 1"},
		{"negative", "adam", func() OptimizerState { s := good("adam"); s.VW[0][2] = -1; return s }, "second moment of the weights -1"},
		{"nan", "momentum", func() OptimizerState { s := good("momentum"); s.MW[1][0] = math.NaN(); return s }, "velocity of the weights NaN"},
		{"pow", "adam", func() OptimizerState { s := good("adam"); s.Pow2 = 2; return s }, "β power 2"},
		{"step", "momentum", func() OptimizerState { s := good("momentum"); s.Step = -1; return s }, "step -1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, _ := New(cfg)
			before := m.Plan()
			st := c.st()
			_, err := m.Train(d, &TrainOptions{Epochs: 1, Optimizer: Optimizer{Method: c.method}, State: &st})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
			if !same(before, m.Plan()) {
				t.Errorf("the weights moved")
			}
		})
	}
}
