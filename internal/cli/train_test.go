package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/nn"
)

func TestTrainXORText(t *testing.T) {
	code, out, errOut := run(t, "", "train", "xor")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"network 2-4-1 (sigmoid, sigmoid)", "squared loss", "5000 epochs", "accuracy 1 (4/4)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if errOut != "" {
		t.Errorf("stderr not a terminal, yet: %q", errOut)
	}
}

func TestTrainJSON(t *testing.T) {
	code, out, errOut := run(t, "", "train", "xor", "--hidden", "2", "--activation", "sigmoid", "--lr", "0.5", "--epochs", "300", "--seed", "1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got trainReport
	decodeOne(t, out, &got)
	if got.Dataset != "xor" || got.Epochs != 300 || len(got.Predictions) != 4 || got.Shape[1] != 2 || got.Loss <= 0 {
		t.Errorf("report %+v", got)
	}
	if p := got.Predictions[1]; p.X[0] != 0 || p.X[1] != 1 || p.Y != 1 {
		t.Errorf("prediction 2 is %+v", p)
	}
}

func TestTrainErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format": "something-else"}`), 0o644)
	csv := filepath.Join(dir, "d.csv")
	os.WriteFile(csv, []byte("1,2,0\n1,oops,1\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"train"}, "no dataset"},
		{[]string{"train", "mnist"}, `unknown dataset "mnist"`},
		{[]string{"train", "xor", "--activation", "softmax"}, "unknown activation"},
		{[]string{"train", "xor", "--hidden", "2,x"}, "--hidden"},
		{[]string{"train", "xor", "--hidden", "2,2", "--activation", "tanh,relu,relu"}, "3 names for 2 hidden layers"},
		{[]string{"train", "xor", "--loss", "bce", "--output", "tanh"}, "sigmoid output"},
		{[]string{"train", "xor", "--lr", "-1"}, "--lr"},
		{[]string{"train", "xor", "--layer-lr", "0.1"}, "--layer-lr has 1 rates for 2 layers"},
		{[]string{"train", "xor", "--layer-lr", "0.1,x"}, `--layer-lr: rate 2 "x"`},
		{[]string{"train", "xor", "--load", bad, "--layer-lr", "0.1,0.1"}, "cannot be used with --load"},
		{[]string{"train", "xor", "--epochs", "-5"}, "--epochs"},
		{[]string{"train", "xor", "--load", bad}, "not a cgraph model"},
		{[]string{"train", "xor", "--load", bad, "--hidden", "3"}, "cannot be used with --load"},
		{[]string{"train", csv}, `d.csv:2: field 2: "oops" is not a number`},
		{[]string{"train", "xor", "--plot", filepath.Join(dir, "x.gif")}, ".png or .svg"},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, "", tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error with %q", tt.args, code, errOut, tt.want)
		}
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, code, exitUsage)
		}
	}
}

// TestTrainSaveLoadFiles trains, saves and plots, then loads the model and
// evaluates it without training: the same predictions come back.
func TestTrainSaveLoadFiles(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.json")
	args := []string{"train", "xor", "--epochs", "2000", "--json", "--save", model,
		"--plot", filepath.Join(dir, "loss.svg"), "--boundary", filepath.Join(dir, "b.png")}
	code, out, errOut := run(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{"m.json", "loss.svg", "b.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	code, again, errOut := run(t, "", "train", "--load", model, "--json")
	if code != 0 {
		t.Fatalf("load: exit %d: %s", code, errOut)
	}
	var a, b trainReport
	json.Unmarshal([]byte(out), &a)
	json.Unmarshal([]byte(again), &b)
	if b.Epochs != 0 || b.Dataset != "xor" {
		t.Errorf("loaded run: %+v", b)
	}
	for i := range a.Predictions {
		if a.Predictions[i].Yhat != b.Predictions[i].Yhat {
			t.Errorf("prediction %d: %v trained, %v loaded", i, a.Predictions[i].Yhat, b.Predictions[i].Yhat)
		}
	}
}

// TestTrainFeatures trains the circle on x1², x2² alone, saves it, and
// looks for the feature nodes in eval --model, with the values of their
// formulas.
func TestTrainFeatures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.json")
	code, out, errOut := run(t, "", "train", "circle", "--features", "x1^2,x2^2,x1*x2,sin(x1)", "--hidden", "", "--epochs", "50", "--json", "--save", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep trainReport
	decodeOne(t, out, &rep)
	if strings.Join(rep.Features, " ") != "x1^2 x2^2 x1*x2 sin(x1)" || rep.Shape[0] != 4 {
		t.Errorf("features %v, shape %v", rep.Features, rep.Shape)
	}
	code, out, errOut = run(t, "", "eval", "--model", path, "--json", "x1=0.5", "x2=-2", "y1=1")
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, errOut)
	}
	var got evalJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	values := map[string]float64{}
	for _, n := range got.Nodes {
		values[n.Name] = n.Value
	}
	want := map[string]float64{"x1^2": 0.25, "x2^2": 4, "x1*x2": -1, "sin(x1)": math.Sin(0.5)}
	for name, v := range want {
		if got, ok := values[name]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", name, got, ok, v)
		}
	}
	code, _, errOut = run(t, "", "train", "xor", "--features", "x1,cos(x2)")
	if code != 2 || !strings.Contains(errOut, "--features") || !strings.Contains(errOut, "cos(x2)") {
		t.Errorf("--features x1,cos(x2): exit %d, %s", code, errOut)
	}
}

// TestTrainPenalty checks that --l2 lowers the weights' norm against the
// same run without it, that --l1 and --l2 reach the saved model and its
// diagram's nodes, and that a negative rate is refused.
func TestTrainPenalty(t *testing.T) {
	dir := t.TempDir()
	norm := func(path string) float64 {
		m, _, err := nn.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		s := 0.0
		for _, L := range m.Layers() {
			for _, row := range L.W {
				for _, w := range row {
					s += w.Value() * w.Value()
				}
			}
		}
		return s
	}
	args := []string{"train", "moons", "--hidden", "8", "--epochs", "100", "--samples", "50"}
	plain, reg := filepath.Join(dir, "plain.json"), filepath.Join(dir, "reg.json")
	if code, _, errOut := run(t, "", append(args, "--save", plain)...); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := run(t, "", append(args, "--save", reg, "--l1", "0.001", "--l2", "0.05")...)
	if code != 0 {
		t.Fatal(errOut)
	}
	if !strings.Contains(out, "penalty λ₁ = 0.001, λ₂ = 0.05") {
		t.Errorf("the report does not name the penalty:\n%s", out)
	}
	if a, b := norm(plain), norm(reg); !(b < a) {
		t.Errorf("Σw² is %v with --l2 0.05, %v without", b, a)
	}
	code, out, errOut = run(t, "", "eval", "--model", reg, "--json", "x1=0.5", "x2=-0.5", "y1=1")
	if code != 0 {
		t.Fatal(errOut)
	}
	for _, name := range []string{`"Ldata"`, `"R1"`, `"R2"`, `"sq_w1_1_1"`, `"abs_w2_1_8"`} {
		if !strings.Contains(out, name) {
			t.Errorf("eval --model lacks %s", name)
		}
	}
	if code, _, errOut := run(t, "", "train", "xor", "--l1", "-1"); code != 2 || !strings.Contains(errOut, "--l1") {
		t.Errorf("--l1 -1: exit %d, %s", code, errOut)
	}
}

// TestTrainTestSplit checks --test's JSON: the sizes, a train and a test
// loss per epoch, the last test loss equal to the test result, and that
// the test result is the saved network's loss on the samples nn.Split
// holds out with --data-seed, computed again here.
func TestTrainTestSplit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.json")
	code, out, errOut := run(t, "", "train", "circle", "--test", "0.25", "--samples", "80", "--data-seed", "3",
		"--hidden", "8", "--activation", "tanh", "--epochs", "20", "--json", "--save", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep trainReport
	decodeOne(t, out, &rep)
	if rep.Samples != 60 || rep.Test == nil || rep.Test.Samples != 20 || len(rep.Predictions) != 60 {
		t.Fatalf("report %+v", rep)
	}
	if len(rep.TrainLoss) != 20 || len(rep.TestLoss) != 20 || rep.TestLoss[19] != rep.Test.Loss {
		t.Errorf("%d train and %d test losses; last test loss %v, test result %v", len(rep.TrainLoss), len(rep.TestLoss), rep.TestLoss[len(rep.TestLoss)-1], rep.Test.Loss)
	}
	d, _ := nn.Builtin("circle", &nn.ToyOptions{N: 80, Seed: 3})
	_, test, err := nn.Split(d, 0.25, 3)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := nn.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for i, x := range test.X {
		yhat, err := m.Output(x)
		if err != nil {
			t.Fatal(err)
		}
		sum += (yhat - test.Y[i]) * (yhat - test.Y[i])
	}
	if want := sum / 20; math.Abs(rep.Test.Loss-want) > 1e-15*want { // the same sum of 20 squares, rounded alike
		t.Errorf("test loss %v, recomputed %v", rep.Test.Loss, want)
	}
	code, out, _ = run(t, "", "train", "xor", "--test", "0.5", "--epochs", "10")
	if code != 0 || !strings.Contains(out, "train accuracy") || !strings.Contains(out, "test accuracy") || !strings.Contains(out, "/2)") {
		t.Errorf("text output:\n%s", out)
	}
	for _, bad := range []string{"1", "-0.5", "0.1"} { // 0.1 of xor's 4 samples leaves none for testing
		if code, _, errOut := run(t, "", "train", "xor", "--test", bad); code != 2 || !strings.Contains(errOut, "--test") {
			t.Errorf("--test %s: exit %d, %s", bad, code, errOut)
		}
	}
	if code, _, _ := run(t, "", "train", "xor", "--test", "0.5", "--epochs", "5", "--plot", filepath.Join(t.TempDir(), "l.svg")); code != 0 {
		t.Error("--plot with --test fails")
	}
	// --boundary draws the test points (rings) and says so in its legend
	// and title; plot's tests read the markers' pixels.
	svg := filepath.Join(t.TempDir(), "b.svg")
	if code, _, errOut := run(t, "", "train", "xor", "--test", "0.25", "--epochs", "5", "--boundary", svg); code != 0 {
		t.Fatalf("--boundary with --test: exit %d, %s", code, errOut)
	}
	data, _ := os.ReadFile(svg)
	for _, want := range []string{"train (3)", "test (1)", " train, "} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the boundary lacks %q", want)
		}
	}
}

// TestTrainOptimizer checks --optimizer: Adam and momentum train XOR and
// say so in --json, SGD's report has no optimizer field (as before the
// flag), and an unknown name is refused.
func TestTrainOptimizer(t *testing.T) {
	for _, c := range []struct{ name, lr, field string }{{"adam", "0.05", "adam"}, {"momentum", "0.1", "momentum"}, {"sgd", "0.5", ""}} {
		code, out, errOut := run(t, "", "train", "xor", "--optimizer", c.name, "--lr", c.lr, "--epochs", "1000", "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.name, code, errOut)
		}
		var rep trainReport
		decodeOne(t, out, &rep)
		if rep.Optimizer != c.field || rep.Accuracy != 1 {
			t.Errorf("%s: optimizer %q, accuracy %v", c.name, rep.Optimizer, rep.Accuracy)
		}
		if c.field == "" && strings.Contains(out, `"optimizer"`) {
			t.Errorf("sgd's report has an optimizer field")
		}
	}
	if code, _, errOut := run(t, "", "train", "xor", "--optimizer", "rmsprop"); code != 2 || !strings.Contains(errOut, "--optimizer") {
		t.Errorf("--optimizer rmsprop: exit %d, %s", code, errOut)
	}
}

// TestTrainRegression checks the regression sets: a linear output by
// default, no accuracy in the text, "regression" in the JSON with the
// labels of nn's set, and --boundary refused.
func TestTrainRegression(t *testing.T) {
	code, out, errOut := run(t, "", "train", "plane", "--hidden", "", "--lr", "0.05", "--epochs", "200", "--samples", "50", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep trainReport
	decodeOne(t, out, &rep)
	want, _ := nn.BuiltinRegression("plane", &nn.ToyOptions{N: 50, Seed: 1})
	if !rep.Regression || rep.Activations[0] != nn.Linear || rep.Loss > 1e-12 || rep.Predictions[3].Y != want.Y[3] {
		t.Errorf("report %+v", rep)
	}
	code, out, _ = run(t, "", "train", "gauss-mix", "--epochs", "5", "--output", "tanh")
	if code != 0 || strings.Contains(out, "accuracy") || !strings.Contains(out, "(sigmoid, tanh)") {
		t.Errorf("text:\n%s", out)
	}
	code, _, errOut = run(t, "", "train", "plane", "--epochs", "1", "--boundary", filepath.Join(t.TempDir(), "b.png"))
	if code != 2 || !strings.Contains(errOut, "regression") {
		t.Errorf("--boundary on plane: exit %d, %s", code, errOut)
	}
}

// TestTrainHistory checks --history: snapshots at 0, every k epochs and
// the last, the last being the saved model's weights bit for bit.
func TestTrainHistory(t *testing.T) {
	dir := t.TempDir()
	hist, model := filepath.Join(dir, "h.json"), filepath.Join(dir, "m.json")
	code, _, errOut := run(t, "", "train", "xor", "--epochs", "25", "--history", hist, "--history-every", "10", "--save", model)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	var h nn.History
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	var epochs []int
	for _, s := range h.Snapshots {
		epochs = append(epochs, s.Epoch)
	}
	if h.Format != nn.HistoryFormat || h.Every != 10 || len(epochs) != 4 || epochs[0] != 0 || epochs[1] != 10 || epochs[2] != 20 || epochs[3] != 25 {
		t.Fatalf("format %q, every %d, epochs %v", h.Format, h.Every, epochs)
	}
	m, _, err := nn.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	last := h.Snapshots[3]
	for l, L := range m.Layers() {
		for j := range L.Out {
			for i, w := range L.W[j] {
				if last.Layers[l].Weights[j][i] != w.Value() {
					t.Fatalf("%s: snapshot %v, saved %v", w.Name(), last.Layers[l].Weights[j][i], w.Value())
				}
			}
			if last.Layers[l].Bias[j] != L.B[j].Value() {
				t.Fatalf("%s: snapshot %v, saved %v", L.B[j].Name(), last.Layers[l].Bias[j], L.B[j].Value())
			}
		}
	}
	if code, _, errOut := run(t, "", "train", "xor", "--epochs", "0", "--history", hist); code != 2 || !strings.Contains(errOut, "--history") {
		t.Errorf("--history with --epochs 0: exit %d, %s", code, errOut)
	}
}

// TestTrainNeurons checks that --neurons writes an image, and refuses a
// dataset of other than 2 inputs.
func TestTrainNeurons(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "n.svg")
	if code, _, errOut := run(t, "", "train", "xor", "--epochs", "5", "--neurons", path); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "a1_4") || !strings.Contains(string(b), "yhat1") {
		t.Errorf("the image lacks a unit's name (%v)", err)
	}
	csv := filepath.Join(dir, "d.csv")
	os.WriteFile(csv, []byte("1,2,3,0\n0,1,0,1\n"), 0o644)
	if code, _, errOut := run(t, "", "train", csv, "--epochs", "1", "--neurons", path); code != 2 || !strings.Contains(errOut, "--neurons") {
		t.Errorf("3 inputs: exit %d, %s", code, errOut)
	}
}

// TestTrainDiscretize checks that --discretize reaches the boundary: the
// PNG differs from the smooth one of the same run.
func TestTrainDiscretize(t *testing.T) {
	dir := t.TempDir()
	smooth, discrete := filepath.Join(dir, "s.png"), filepath.Join(dir, "d.png")
	args := []string{"train", "xor", "--epochs", "50"}
	if code, _, errOut := run(t, "", append(args, "--boundary", smooth)...); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, "", append(args, "--boundary", discrete, "--discretize")...); code != 0 {
		t.Fatal(errOut)
	}
	a, _ := os.ReadFile(smooth)
	b, _ := os.ReadFile(discrete)
	if len(a) == 0 || string(a) == string(b) {
		t.Error("--discretize changes nothing")
	}
}

// TestTrainBlobs checks a classifier of K classes: blobs takes the
// softmax loss and K linear outputs by default, each prediction's yhat in
// --json is K probabilities summing to 1, the accuracy counts the argmax,
// a CSV of labels 0…2 trains with --loss softmax, and --boundary draws
// the classes' regions.
func TestTrainBlobs(t *testing.T) {
	code, out, errOut := run(t, "", "train", "blobs", "--classes", "4", "--samples", "40", "--hidden", "6", "--activation", "tanh", "--lr", "0.1", "--epochs", "100", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Shape       []int
		LossFn      string `json:"loss_fn"`
		Activations []string
		Accuracy    float64
		Predictions []struct {
			Y    float64
			Yhat []float64
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.LossFn != "softmax" || rep.Shape[2] != 4 || rep.Activations[1] != "linear" || len(rep.Predictions) != 40 {
		t.Fatalf("report %+v", rep)
	}
	right := 0
	for _, p := range rep.Predictions {
		sum, best := 0.0, 0
		for k, q := range p.Yhat {
			sum += q
			if q > p.Yhat[best] {
				best = k
			}
		}
		if len(p.Yhat) != 4 || math.Abs(sum-1) > 1e-15 {
			t.Fatalf("yhat %v", p.Yhat)
		}
		if float64(best) == p.Y {
			right++
		}
	}
	if rep.Accuracy != float64(right)/40 || rep.Accuracy < 0.9 {
		t.Errorf("accuracy %v, argmax right %d of 40", rep.Accuracy, right)
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "three.csv")
	os.WriteFile(csv, []byte("0,0,0\n1,0,1\n0,1,2\n1,1,1\n"), 0o644)
	code, out, errOut = run(t, "", "train", csv, "--loss", "softmax", "--hidden", "", "--epochs", "10")
	if code != 0 || !strings.Contains(out, "network 2-3 (linear)") {
		t.Errorf("CSV: exit %d, %s%s", code, out, errOut)
	}
	b := filepath.Join(dir, "b.png")
	if code, _, errOut := run(t, "", "train", "blobs", "--epochs", "1", "--samples", "30", "--boundary", b); code != 0 {
		t.Errorf("--boundary on blobs: exit %d, %s", code, errOut)
	}
	if st, err := os.Stat(b); err != nil || st.Size() < 1000 {
		t.Errorf("--boundary on blobs: %v %v", st, err)
	}
}

// TestTrainPresets runs every preset and holds it to the accuracy it
// claims; a flag given overrides the preset's, and an unknown name or
// --load is refused.
func TestTrainPresets(t *testing.T) {
	for _, p := range nn.Presets {
		code, out, errOut := run(t, "", "train", "--preset", p.Name, "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", p.Name, code, errOut)
		}
		var rep trainReport
		decodeOne(t, out, &rep)
		if rep.Dataset != p.Dataset || rep.Accuracy < p.Accuracy || rep.Epochs != p.Epochs {
			t.Errorf("%s: dataset %s, %d epochs, accuracy %v; the preset claims %v", p.Name, rep.Dataset, rep.Epochs, rep.Accuracy, p.Accuracy)
		}
	}
	code, out, _ := run(t, "", "train", "--preset", "xor-2-4-1", "--epochs", "3", "--hidden", "3", "--json")
	var rep trainReport
	decodeOne(t, out, &rep)
	if code != 0 || rep.Epochs != 3 || rep.Shape[1] != 3 {
		t.Errorf("flags over a preset: %d epochs, shape %v", rep.Epochs, rep.Shape)
	}
	if code, _, errOut := run(t, "", "train", "--preset", "moon"); code != 2 || !strings.Contains(errOut, "xor-2-2-1") {
		t.Errorf("unknown preset: exit %d, %s", code, errOut)
	}
}

// TestTrainLayerLR trains XOR with a learning rate per layer and checks
// the report, the saved model's rates (the Weight gates' α) and that a
// layer rate of 0 is --lr's.
func TestTrainLayerLR(t *testing.T) {
	model := filepath.Join(t.TempDir(), "m.json")
	code, out, errOut := run(t, "", "train", "xor", "--layer-lr", "0,2", "--epochs", "20", "--json", "--save", model)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got trainReport
	decodeOne(t, out, &got)
	if got.LR != 0.5 || len(got.LayerLR) != 2 || got.LayerLR[0] != 0 || got.LayerLR[1] != 2 {
		t.Errorf("lr %g, layer_lr %v", got.LR, got.LayerLR)
	}
	m, _, err := nn.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	for l, want := range []float64{0.5, 2} {
		if a := m.Layers()[l].W[0][0].Gate().(*cgraph.Weight).Alpha; a != want {
			t.Errorf("layer %d: α %g, want %g", l+1, a, want)
		}
	}
	code, out, _ = run(t, "", "train", "xor", "--layer-lr", "0.25,2", "--epochs", "1")
	if code != 0 || !strings.Contains(out, "α per layer 0.25, 2\n") {
		t.Errorf("exit %d, text:\n%s", code, out)
	}
}
