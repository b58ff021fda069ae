package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestSoftmaxGraph checks a classifier's loss node against the closed form
// ln Σ e^zᵢ − z_y of the graph's logits, and ∂L/∂zᵢ against pᵢ − [i = y].
func TestSoftmaxGraph(t *testing.T) {
	m, err := New(Config{Inputs: 2, Layers: append(Dense(Tanh, 4), LayerSpec{Units: 3, Activation: Linear}), Loss: Softmax, Bias: Uniform, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Targets()) != 1 || m.Targets()[0].Name() != "y" {
		t.Fatalf("targets %v", m.Targets())
	}
	for _, y := range []float64{0, 1, 2} {
		loss, err := m.Grad([]float64{0.3, -0.8}, []float64{y})
		if err != nil {
			t.Fatal(err)
		}
		out := m.Layers()[1].Z
		sum := 0.0
		for _, z := range out {
			sum += math.Exp(z.Value())
		}
		if want := math.Log(sum) - out[int(y)].Value(); math.Abs(loss-want) > 1e-15*math.Max(1, math.Abs(want)) {
			t.Errorf("y %v: L = %v, closed form %v", y, loss, want)
		}
		for i, z := range out {
			want := math.Exp(z.Value()) / sum
			if i == int(y) {
				want--
			}
			if math.Abs(z.Grad()-want) > 1e-15 {
				t.Errorf("y %v: ∂L/∂%s = %v, closed form %v", y, z.Name(), z.Grad(), want)
			}
		}
	}
	if _, err := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 3), Loss: Softmax}); err == nil {
		t.Error("softmax over sigmoid outputs accepted")
	}
}

// TestSoftmaxPlanMatchesGraph trains a classifier of 3 blobs on the plan
// and on the graph, as TestTrainMatchesGraph does, then checks Evaluate:
// the probabilities against the softmax of the graph's logits, the
// accuracy against the argmax, and the JSON of a prediction.
func TestSoftmaxPlanMatchesGraph(t *testing.T) {
	d := Blobs(&ToyOptions{N: 45, Noise: 0.3, Seed: 1})
	for _, c := range []struct{ hidden, batch int }{{2, 1}, {8, 1}, {8, 8}} { // 2 hidden: 15 parameters, the tape
		t.Run(fmt.Sprintf("h%d/batch%d", c.hidden, c.batch), func(t *testing.T) {
			cfg := Config{Inputs: 2, Layers: append(Dense(Tanh, c.hidden), LayerSpec{Units: 3, Activation: Linear}), Loss: Softmax, Alpha: 0.1, Seed: 5}
			opts := &TrainOptions{Epochs: 5, BatchSize: c.batch, Shuffle: true, Seed: 2, Workers: 2}
			m, _ := New(cfg)
			ref := trainedAsGraph(t, m, cfg, d, opts, (*MLP).Train)
			planWeightsSame(t, m, ref)
			res, err := m.Evaluate(d)
			if err != nil {
				t.Fatal(err)
			}
			right := 0
			for i, p := range res.Predictions {
				if err := m.Forward(d.X[i]); err != nil {
					t.Fatal(err)
				}
				sum, best := 0.0, 0
				for k, o := range m.Outputs() {
					sum += math.Exp(o.Value())
					if o.Value() > m.Outputs()[best].Value() {
						best = k
					}
				}
				for k, o := range m.Outputs() {
					if q := math.Exp(o.Value()) / sum; math.Abs(p.Probs[k]-q) > 1e-15 {
						t.Fatalf("sample %d: p%d = %v, softmax %v", i+1, k, p.Probs[k], q)
					}
				}
				if p.Yhat != float64(best) {
					t.Fatalf("sample %d: class %v, argmax %d", i+1, p.Yhat, best)
				}
				if best == int(d.Y[i]) {
					right++
				}
			}
			if res.Accuracy != float64(right)/float64(d.Len()) {
				t.Errorf("accuracy %v, argmax right %d of %d", res.Accuracy, right, d.Len())
			}
			b, _ := json.Marshal(res.Predictions[0])
			if !strings.Contains(string(b), `"yhat":[`) {
				t.Errorf("JSON %s", b)
			}
		})
	}
	m, _ := New(Config{Inputs: 2, Layers: Dense(Linear, 3), Loss: Softmax})
	for _, bad := range []float64{3, 1.5, -1} {
		d := &Dataset{Name: "bad", X: [][]float64{{0, 0}}, Y: []float64{bad}}
		if _, err := m.Train(d, &TrainOptions{Epochs: 1}); err == nil || !strings.Contains(err.Error(), "0 to 2") {
			t.Errorf("label %v: %v", bad, err)
		}
	}
}
