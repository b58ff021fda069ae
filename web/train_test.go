package web

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/nn"
)

// trainOK posts req to /api/train and decodes the answer, failing the test
// unless it is 200.
func trainOK(t *testing.T, h http.Handler, req map[string]any) trainResponse {
	t.Helper()
	code, body := post(t, h, "/api/train", req)
	if code != 200 {
		t.Fatalf("/api/train %v: status %d: %v", req, code, body["error"])
	}
	data, _ := json.Marshal(body)
	var r trainResponse
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// TestTrainGradsFiniteDifference checks the gradient the page shows on a
// hovered weight: each returned ∂loss/∂param equals the central difference
// of the loss the server reports (the training set's mean, penalty
// included) with that one param moved by ±h, for a sigmoid network with
// features and both penalties and for a softmax classifier of blobs.
func TestTrainGradsFiniteDifference(t *testing.T) {
	s := New(nil)
	for _, req := range []map[string]any{
		{"dataset": "circle", "samples": 40, "noise": 0.2, "hidden": []int{3}, "features": []string{"x1", "x2", "x1*x2", "sin(x1)"},
			"l1": 0.003, "l2": 0.02, "test": 0.25, "seed": 3, "epochs": 5},
		{"dataset": "blobs", "classes": 3, "samples": 30, "hidden": []int{4}, "activation": "tanh", "loss": "softmax", "seed": 2, "epochs": 3, "l2": 0.01},
		{"dataset": "plane", "samples": 30, "hidden": []int{2}, "activation": "relu", "seed": 1, "epochs": 2, "lr": 0.05},
	} {
		trained := trainOK(t, s, req)
		at := clone(req)
		at["epochs"], at["params"], at["grads"] = 0, trained.Params, true
		r := trainOK(t, s, at)
		if len(r.Grads) != len(r.Params) {
			t.Fatalf("%v: %d grads for %d params", req["dataset"], len(r.Grads), len(r.Params))
		}
		// h = 1e-5: the central difference's error is O(h²·f‴) ≈ 1e-10 and
		// the rounding of the loss's sum ≈ 1e-16/h ≈ 1e-11, both far
		// under the tolerance.
		const h = 1e-5
		for i := range r.Params {
			p := append([]float64(nil), r.Params...)
			loss := func(v float64) float64 {
				p[i] = v
				q := clone(req)
				q["epochs"], q["params"] = 0, p
				return trainOK(t, s, q).Loss
			}
			fd := (loss(r.Params[i]+h) - loss(r.Params[i]-h)) / (2 * h)
			if math.Abs(fd-r.Grads[i]) > 1e-6*(1+math.Abs(fd)) {
				t.Errorf("%v: param %d: grad %v, central difference %v", req["dataset"], i, r.Grads[i], fd)
			}
		}
	}
}

// TestTrainPenalty checks L2: the penalty answered is (λ₂/2)·Σw² over the
// weights (not the biases), the loss is the data loss plus it, and
// training with it ends with smaller weights than without.
func TestTrainPenalty(t *testing.T) {
	s := New(nil)
	req := map[string]any{"dataset": "moons", "samples": 60, "hidden": []int{6}, "activation": "tanh", "seed": 1, "epochs": 200, "lr": 0.1}
	plain := trainOK(t, s, req)
	withL2 := clone(req)
	withL2["l2"] = 0.05
	reg := trainOK(t, s, withL2)
	norm := func(r trainResponse) float64 {
		sum := 0.0
		for _, l := range r.Layers {
			for _, row := range l.W {
				for _, w := range row {
					sum += w * w
				}
			}
		}
		return sum
	}
	if want := 0.05 / 2 * norm(reg); math.Abs(reg.Penalty-want) > 1e-12*want {
		t.Errorf("penalty %v, want λ₂/2·Σw² = %v", reg.Penalty, want)
	}
	if !(norm(reg) < norm(plain)/2) {
		t.Errorf("Σw² %v with λ₂ = 0.05, %v without; want it at most half", norm(reg), norm(plain))
	}
	// The same weights without the penalty: the loss drops by it exactly.
	same := clone(req)
	same["epochs"], same["params"] = 0, reg.Params
	if d := reg.Loss - trainOK(t, s, same).Loss; math.Abs(d-reg.Penalty) > 1e-12 {
		t.Errorf("loss with the penalty − without = %v, want the penalty %v", d, reg.Penalty)
	}
}

// TestTrainTestSplitMatchesNN checks that the server's train and test
// losses are nn's on the same split and the same training: the page and
// cgraph train compute the same numbers.
func TestTrainTestSplitMatchesNN(t *testing.T) {
	s := New(nil)
	r := trainOK(t, s, map[string]any{"dataset": "gauss", "samples": 100, "noise": 0.3, "data_seed": 7, "test": 0.3,
		"hidden": []int{3}, "seed": 4, "epochs": 6, "batch": 5, "optimizer": "adam", "lr": 0.05})
	all, _ := nn.Builtin("gauss", &nn.ToyOptions{N: 100, Noise: 0.3, Seed: 7})
	train, test, err := nn.Split(all, 0.3, 7)
	if err != nil {
		t.Fatal(err)
	}
	m, err := nn.New(nn.Config{Inputs: 2, Layers: []nn.LayerSpec{{Units: 3, Activation: nn.Sigmoid}, {Units: 1, Activation: nn.Sigmoid}}, Alpha: 0.05, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	var testLosses []float64
	opt, _ := nn.ParseOptimizer("adam")
	losses, err := m.Train(train, &nn.TrainOptions{Epochs: 6, BatchSize: 5, Shuffle: true, Seed: 4, Optimizer: opt, Test: test,
		Tested: func(_ int, l float64) error { testLosses = append(testLosses, l); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Points) != 70 || len(r.TestPoints) != 30 {
		t.Errorf("%d training and %d test points, want 70 and 30", len(r.Points), len(r.TestPoints))
	}
	for i := range losses {
		if r.Losses[i] != losses[i] || r.TestLosses[i] != testLosses[i] {
			t.Errorf("epoch %d: losses %v, %v; nn's %v, %v", i+1, r.Losses[i], r.TestLosses[i], losses[i], testLosses[i])
		}
	}
	ev, _ := m.Evaluate(test)
	if r.TestLoss == nil || *r.TestLoss != ev.Loss || *r.TestAcc != ev.Accuracy {
		t.Errorf("test loss %v accuracy %v, nn's %v %v", r.TestLoss, r.TestAcc, ev.Loss, ev.Accuracy)
	}
}

// TestTrainKinds checks the datasets of more than one output and none:
// blobs with a softmax (a class per boundary point), a regression set (a
// linear output, no accuracy), and the per-unit maps.
func TestTrainKinds(t *testing.T) {
	s := New(nil)
	b := trainOK(t, s, map[string]any{"dataset": "blobs", "classes": 4, "samples": 80, "hidden": []int{5}, "activation": "tanh",
		"loss": "softmax", "lr": 0.1, "epochs": 100, "grid": 10, "neurons": 6})
	if b.Classes != 4 || b.Shape[2] != 4 || len(b.Boundary.Classes) != 100 {
		t.Fatalf("blobs of 4: classes %d, shape %v, %d boundary classes", b.Classes, b.Shape, len(b.Boundary.Classes))
	}
	seen := map[int]bool{}
	for i, c := range b.Boundary.Classes {
		seen[c] = true
		if !(b.Boundary.Values[i] >= 1.0/4 && b.Boundary.Values[i] <= 1) {
			t.Fatalf("the winning class's probability %v", b.Boundary.Values[i])
		}
	}
	for i := range b.Boundary.Values {
		sum := 0.0
		for k := range 4 {
			sum += b.Boundary.Probs[k][i]
		}
		if math.Abs(sum-1) > 1e-12 || b.Boundary.Probs[b.Boundary.Classes[i]][i] != b.Boundary.Values[i] {
			t.Fatalf("point %d: probabilities sum to %v; the class's is %v, the value %v", i, sum, b.Boundary.Probs[b.Boundary.Classes[i]][i], b.Boundary.Values[i])
		}
	}
	if len(seen) != 4 || b.Accuracy < 0.9 {
		t.Errorf("boundary shows classes %v, accuracy %v; want all 4 and ≥ 90%%", seen, b.Accuracy)
	}
	if len(b.Neurons.Units) != 2 || len(b.Neurons.Units[0]) != 5 || len(b.Neurons.Units[0][4]) != 36 || len(b.Neurons.Units[1]) != 4 {
		t.Errorf("neurons: %d layers", len(b.Neurons.Units))
	}
	p := trainOK(t, s, map[string]any{"dataset": "plane", "samples": 50, "hidden": []int{}, "lr": 0.05, "epochs": 50, "grid": 6, "neurons": 6})
	if !p.Regression || p.Layers[0].Activation != "linear" || p.Accuracy != 0 || !(p.Loss < 0.01) {
		t.Errorf("plane: regression %v, output %s, accuracy %v, loss %v", p.Regression, p.Layers[0].Activation, p.Accuracy, p.Loss)
	}
	// The output unit's map on a grid as the boundary's is the boundary.
	for i, v := range p.Neurons.Units[0][0] {
		if v != p.Boundary.Values[i] {
			t.Fatalf("the output's map at %d: %v, the boundary %v", i, v, p.Boundary.Values[i])
		}
	}
	f := trainOK(t, s, map[string]any{"dataset": "circle", "features": []string{"x1^2", "x2^2"}, "hidden": []int{}, "epochs": 0})
	if strings.Join(f.Features, " ") != "x1^2 x2^2" || f.Shape[0] != 2 || len(f.Params) != 3 {
		t.Errorf("features: %v, shape %v, %d params", f.Features, f.Shape, len(f.Params))
	}
	// The inputs' maps: x1 at the grid's first row is x0, …; x1² its square.
	g := trainOK(t, s, map[string]any{"dataset": "circle", "features": []string{"x1", "x1^2"}, "hidden": []int{2}, "neurons": 3, "grid": 3})
	in := g.Neurons.Inputs
	if len(in) != 2 || in[0][0] != g.Boundary.X0 || in[0][2] != g.Boundary.X1 || in[1][2] != g.Boundary.X1*g.Boundary.X1 {
		t.Errorf("inputs' maps %v on [%v, %v]", in, g.Boundary.X0, g.Boundary.X1)
	}
}

// TestTrainCSV checks an uploaded dataset: it trains, its errors say
// file:line: field n as the CLI's, and its size is bounded.
func TestTrainCSV(t *testing.T) {
	s := New(nil)
	csv := "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"
	r := trainOK(t, s, map[string]any{"dataset": "csv", "csv": csv, "csv_name": "my xor.csv", "hidden": []int{4}, "epochs": 20})
	if len(r.Points) != 4 || r.Points[1] != [3]float64{0, 1, 1} || len(r.Losses) != 20 {
		t.Errorf("CSV: points %v, %d losses", r.Points, len(r.Losses))
	}
	for _, c := range []struct {
		name, csv, file, want string
	}{
		{"not a number", "x1,x2,y\n0,0,0\n1,oops,1\n", "up.csv", "up.csv:3: field 2"},
		{"a path as name", "0,0,1\n0,x,1\n", "/home/me/secret/d.csv", "d.csv:2: field 2"},
		{"three inputs", "0,0,0,1\n", "", "3 inputs per row"},
		{"too big", strings.Repeat("0,0,1\n", DefaultLimits.MaxCSV/6+1), "", "limit of 65536"},
	} {
		code, body := post(t, s, "/api/train", map[string]any{"dataset": "csv", "csv": c.csv, "csv_name": c.file})
		msg, _ := body["error"].(string)
		if code != 400 || !strings.Contains(msg, c.want) || strings.Contains(msg, "secret") {
			t.Errorf("%s: status %d %q; want 400 with %q", c.name, code, msg, c.want)
		}
	}
	// A CSV at the limit and the weights of a large page network fit
	// in the body limit.
	big := strings.Repeat("0.123456,-0.65432,1\n", DefaultLimits.MaxCSV/20)
	first := trainOK(t, s, map[string]any{"dataset": "csv", "csv": big, "hidden": []int{16, 16, 16}})
	req := map[string]any{"dataset": "csv", "csv": big, "hidden": []int{16, 16, 16}, "params": first.Params, "grads": true}
	data, _ := json.Marshal(req)
	if int64(len(data)) > DefaultLimits.MaxTrainBody {
		t.Fatalf("a request with a CSV at the limit is %d bytes, over the body limit %d", len(data), DefaultLimits.MaxTrainBody)
	}
	trainOK(t, s, req)
}

// TestTrainBodyLimit checks /api/train's own body limit: the weights of
// the largest network the server trains (8 layers of 64 units, 29,377
// numbers) and a CSV at its limit fit, where the other endpoints' 256 KiB
// would refuse them; past it the answer is 413, and the other endpoints
// keep their limit.
func TestTrainBodyLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the largest network")
	}
	s := New(nil)
	l := DefaultLimits
	hidden := make([]int, l.MaxLayers)
	for i := range hidden {
		hidden[i] = l.MaxUnits
	}
	csv := strings.Repeat("-0.1234567,0.7654321,1\n", l.MaxCSV/24)
	req := map[string]any{"dataset": "csv", "csv": csv, "hidden": hidden, "activation": "relu", "init": "he", "grid": 2}
	first := trainOK(t, s, req)
	params := make([]float64, len(first.Params))
	for i, p := range first.Params {
		params[i] = p - 1e-9 // full-length numbers, as training leaves them
	}
	req["params"] = params
	data, _ := json.Marshal(req)
	if int64(len(data)) <= l.MaxBody || int64(len(data)) > l.MaxTrainBody {
		t.Fatalf("the request is %d bytes; want it between the body limit %d and the training's %d", len(data), l.MaxBody, l.MaxTrainBody)
	}
	if r := trainOK(t, s, req); len(r.Params) != 29377 {
		t.Errorf("%d params, want 29377", len(r.Params))
	}
	req["csv"] = csv + strings.Repeat(" ", int(l.MaxTrainBody)-len(data)+1)
	if code, body := post(t, s, "/api/train", req); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over %d bytes: status %d %v, want 413", l.MaxTrainBody, code, body["error"])
	}
	if code, _ := post(t, s, "/api/parse", map[string]any{"program": strings.Repeat("a = b\n", int(l.MaxBody)/6)}); code != http.StatusRequestEntityTooLarge {
		t.Errorf("/api/parse with a body over %d bytes: status %d, want 413", l.MaxBody, code)
	}
}

// TestTrainBadFields checks that every new field is validated with a 400
// naming it.
func TestTrainBadFields(t *testing.T) {
	s := New(nil)
	for _, c := range []struct {
		field string
		value any
		want  string
	}{
		{"features", []string{"x3"}, "x3"},
		{"features", []string{"cos(x1)"}, "features"},
		{"l1", -1, "l1"},
		{"l2", math.MaxFloat32, "l2"},
		{"test", 1, "test"},
		{"batch", -1, "batch"},
		{"batch", 10, "batch"},
		{"optimizer", "rmsprop", "optimizer"},
		{"momentum", 1, "momentum"},
		{"beta2", -0.5, "beta2"},
		{"classes", 100, "classes"},
		{"neurons", 1000, "neurons"},
		{"loss", "softmax-nope", "loss"},
		{"csv", "0,0,1\n", "csv"},
	} {
		req := map[string]any{"dataset": "xor", "hidden": []int{2}, c.field: c.value}
		code, body := post(t, s, "/api/train", req)
		msg, _ := body["error"].(string)
		if code != 400 || !strings.Contains(msg, c.want) {
			t.Errorf("%s %v: status %d %q; want 400 naming %q", c.field, c.value, code, msg, c.want)
		}
	}
	for _, c := range []struct {
		req  map[string]any
		want string
	}{
		{map[string]any{"dataset": "blobs"}, "softmax"},
		{map[string]any{"dataset": "plane", "loss": "softmax"}, "regression"},
		{map[string]any{"dataset": "plane", "loss": "bce"}, "sigmoid"},
		{map[string]any{"dataset": "spiral", "hidden": []int{64, 64, 64, 64, 64, 64, 64, 64}, "neurons": 32}, "neurons"},
	} {
		code, body := post(t, s, "/api/train", c.req)
		msg, _ := body["error"].(string)
		if code != 400 || !strings.Contains(msg, c.want) {
			t.Errorf("%v: status %d %q; want 400 naming %q", c.req, code, msg, c.want)
		}
	}
}

// TestTrainPresets checks that every preset of /api/trainpresets is one
// /api/train takes and, trained for its epochs in the page's chunks,
// learns its dataset about as well as cgraph train --preset does (the
// chunks shuffle from other seeds than one long run: 5 points of slack).
func TestTrainPresets(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("trains every preset for its epochs, which the race detector slows tenfold")
	}
	s := New(nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, newRequest("GET", "/api/trainpresets", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	var presets []trainPreset
	if err := json.Unmarshal(rec.Body.Bytes(), &presets); err != nil || len(presets) != len(nn.Presets) {
		t.Fatalf("%d presets (%v), want %d", len(presets), err, len(nn.Presets))
	}
	for _, p := range presets {
		req := map[string]any{"dataset": p.Dataset, "hidden": p.Hidden, "features": p.Features, "activation": p.Activation,
			"loss": p.Loss, "init": p.Init, "lr": p.LR, "seed": p.Seed, "grid": 4}
		var r trainResponse
		for epoch := 0; epoch < p.Epochs; epoch += 250 {
			req["epochs"], req["epoch"] = min(250, p.Epochs-epoch), epoch
			r = trainOK(t, s, req)
			req["params"] = r.Params
		}
		if r.Accuracy < p.Accuracy-0.05 || p.About == "" {
			t.Errorf("preset %s: accuracy %v after %d epochs, want about %v", p.Name, r.Accuracy, r.Epoch, p.Accuracy)
		}
	}
}
