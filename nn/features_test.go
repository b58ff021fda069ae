package nn

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestParseFeature(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"x1", "x1"}, {" X2 ", "x2"}, {"x1^2", "x1^2"}, {"x2²", "x2^2"}, {"x1*x1", "x1^2"},
		{"x1*x2", "x1*x2"}, {"x1·x2", "x1*x2"}, {"sin(x1)", "sin(x1)"}, {"sin( x2 )", "sin(x2)"}, {"x10", "x10"},
	} {
		f, err := ParseFeature(c.in)
		if err != nil || f.String() != c.want {
			t.Errorf("ParseFeature(%q) = %v, %v; want %s", c.in, f, err, c.want)
		}
	}
	for _, in := range []string{"", "x0", "x01", "y1", "x1^3", "cos(x1)", "sin(x1", "x1*", "x1+x2", "x-1"} {
		if f, err := ParseFeature(in); err == nil {
			t.Errorf("ParseFeature(%q) = %v, want an error", in, f)
		}
	}
	if _, err := New(Config{Inputs: 2, Features: []Feature{{Op: SinOf, I: 2}}, Layers: Dense(Sigmoid, 1)}); err == nil || !strings.Contains(err.Error(), "sin(x3)") {
		t.Errorf("a feature of a third input of two: %v", err)
	}
	if _, err := New(Config{Inputs: 2, Features: []Feature{{I: 0}, {I: 0}}, Layers: Dense(Sigmoid, 1)}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("x1 twice: %v", err)
	}
}

// playground is TensorFlow Playground's seven features.
const playground = "x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)"

// TestFeatureNodes checks that the features are nodes of the graph with
// their names and the values of their formulas, taken here from math
// directly, and that the first layer takes them.
func TestFeatureNodes(t *testing.T) {
	fs, err := ParseFeatures(playground)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Config{Inputs: 2, Features: fs, Layers: Dense(Tanh, 3, 1), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(m.Shape()); got != "[7 3 1]" {
		t.Errorf("shape %s, want [7 3 1]", got)
	}
	a, b := 0.3, -1.2
	if err := m.Forward([]float64{a, b}); err != nil {
		t.Fatal(err)
	}
	want := []float64{a, b, a * a, b * b, a * b, math.Sin(a), math.Sin(b)}
	for i, n := range m.Features() {
		if n.Name() != fs[i].String() || n.Value() != want[i] {
			t.Errorf("feature %d: %s = %v, want %s = %v", i+1, n.Name(), n.Value(), fs[i], want[i])
		}
		if m.Layers()[0].P[0][i].Inputs()[1] != n {
			t.Errorf("p1_1_%d does not take %s", i+1, n.Name())
		}
	}
	if len(m.Inputs()) != 2 || m.Inputs()[0].Name() != "x1" || m.Inputs()[1].Name() != "x2" {
		t.Errorf("inputs %v, want x1 and x2", m.Inputs())
	}
}

// TestFeaturesPlanMatchesGraph trains a network of features on the dense
// plan (per sample and in batches) and on the graph, which computes the
// features by its gates, and compares the losses and weights as
// TestTrainMatchesGraph does; then Evaluate and OutputAll against the
// graph's Output, bit for bit.
func TestFeaturesPlanMatchesGraph(t *testing.T) {
	fs, _ := ParseFeatures("x1^2,x2^2,x1*x2,sin(x1),x2")
	cfg := Config{Inputs: 2, Features: fs, Layers: Dense(Tanh, 6, 1), Alpha: 0.1, Seed: 4} // 43 parameters: SGD on the plan
	d, err := Builtin("circle", &ToyOptions{N: 40, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range []int{1, 8} {
		opts := &TrainOptions{Epochs: 4, BatchSize: batch, Shuffle: true, Seed: 3, Workers: 2}
		m, _ := New(cfg)
		t.Logf("batch %d", batch) // names the batch of a failure below
		ref := trainedAsGraph(t, m, cfg, d, opts, (*MLP).Train)
		planWeightsSame(t, m, ref)
		res, err := m.Evaluate(d)
		if err != nil {
			t.Fatal(err)
		}
		outs, err := m.OutputAll(d.X)
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range d.X {
			y, err := m.Output(x)
			if err != nil {
				t.Fatal(err)
			}
			if res.Predictions[i].Yhat != y || outs[i] != y {
				t.Fatalf("sample %d: Evaluate %v, OutputAll %v, graph %v", i+1, res.Predictions[i].Yhat, outs[i], y)
			}
		}
	}
}

// TestFeaturesSaved checks that a model of features saves its features and
// loads with them, and that a file without the field (as every file before
// it) still loads as a network of its raw inputs.
func TestFeaturesSaved(t *testing.T) {
	fs, _ := ParseFeatures("x1,sin(x2),x1*x2")
	m, _ := New(Config{Inputs: 2, Features: fs, Layers: Dense(Sigmoid, 2, 1), Seed: 7})
	var buf bytes.Buffer
	if err := m.WriteModel(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"features": [`) {
		t.Fatalf("no features in\n%s", buf.String())
	}
	back, _, err := ReadModel(bytes.NewReader(buf.Bytes()), "m.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(FeatureNames(back.Config().Features)); got != "[x1 sin(x2) x1*x2]" {
		t.Errorf("features %s", got)
	}
	x := []float64{0.7, -0.4}
	y1, _ := m.Output(x)
	y2, _ := back.Output(x)
	if y1 != y2 {
		t.Errorf("loaded output %v, saved %v", y2, y1)
	}
	old := `{"format":"cgraph-mlp","version":1,"inputs":2,"loss":"squared","alpha":0.5,"seed":1,
"layers":[{"activation":"sigmoid","weights":[[1,2]],"bias":[0.5]}]}`
	o, _, err := ReadModel(strings.NewReader(old), "old.json")
	if err != nil {
		t.Fatal(err)
	}
	if y, _ := o.Output([]float64{1, -1}); y != sigmoid(1-2+0.5) {
		t.Errorf("old model: %v, want σ(−0.5)", y)
	}
	bad := strings.Replace(old, `"inputs":2,`, `"inputs":2,"features":["x3"],`, 1)
	if _, _, err := ReadModel(strings.NewReader(bad), "bad.json"); err == nil || !strings.Contains(err.Error(), "bad.json: nn: feature x3") {
		t.Errorf("feature of a missing input: %v", err)
	}
}
