package web

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/nn"
)

// modelFile posts req to /api/model and returns the file and its name,
// failing the test unless the answer is a 200 with a Content-Disposition.
func modelFile(t *testing.T, s *Server, req map[string]any) ([]byte, string) {
	t.Helper()
	data, _ := json.Marshal(req)
	r := newRequest("POST", "/api/model", bytes.NewReader(data))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != 200 {
		t.Fatalf("/api/model %v: status %d: %s", req, w.Code, w.Body)
	}
	cd := w.Header().Get("Content-Disposition")
	name, ok := strings.CutPrefix(cd, `attachment; filename="`)
	if !ok || !strings.HasSuffix(name, `"`) {
		t.Fatalf("Content-Disposition %q", cd)
	}
	return w.Body.Bytes(), strings.TrimSuffix(name, `"`)
}

// openModelAnswer posts a model file to /api/model/open.
func openModelAnswer(t *testing.T, s *Server, name string, file []byte) (int, map[string]any) {
	t.Helper()
	r := newRequest("POST", "/api/model/open?name="+name, bytes.NewReader(file))
	r.Header.Set("Content-Type", "application/json")
	return serve(t, s, r)
}

// TestModelDownload: the file /api/model writes for the page's network is
// nn's, loads with nn.ReadModel, and computes what /api/train answered bit
// for bit: the loss and accuracy over the training set and the output on
// the boundary's grid; its meta is the CLI's (dataset, epochs, final loss).
func TestModelDownload(t *testing.T) {
	s := New(nil)
	for _, tc := range []struct {
		req     map[string]any
		name    string
		version int
	}{
		{map[string]any{"dataset": "xor", "hidden": []int{4}, "seed": 1, "epochs": 300}, "cgraph-xor-2-4-1-epoch300.json", 1},
		{map[string]any{"dataset": "circle", "samples": 60, "noise": 0.1, "hidden": []int{3, 2}, "activation": "tanh",
			"features": []string{"x1", "x2", "x1^2", "sin(x2)"}, "l1": 0.001, "l2": 0.01, "test": 0.25, "loss": "bce",
			"lr": 0.3, "layer_lr": []float64{0.1, 0, 0.2}, "seed": 4, "epochs": 40}, "cgraph-circle-4-3-2-1-epoch40.json", 2},
		{map[string]any{"dataset": "blobs", "classes": 3, "samples": 40, "hidden": []int{5}, "activation": "relu", "loss": "softmax",
			"optimizer": "adam", "lr": 0.02, "seed": 2, "epochs": 30}, "cgraph-blobs-2-5-3-epoch30.json", 2},
		{map[string]any{"dataset": "plane", "samples": 40, "hidden": []int{2}, "seed": 1, "epochs": 10, "lr": 0.05}, "cgraph-plane-2-2-1-epoch10.json", 1},
	} {
		trained := trainOK(t, s, tc.req)
		at := clone(tc.req)
		at["epochs"], at["epoch"], at["params"] = 0, trained.Epoch, trained.Params
		file, name := modelFile(t, s, at)
		if name != tc.name {
			t.Errorf("%v: file name %q, want %q", tc.req["dataset"], name, tc.name)
		}
		var head struct{ Version int }
		json.Unmarshal(file, &head)
		if head.Version != tc.version {
			t.Errorf("%s: version %d, want %d", name, head.Version, tc.version)
		}
		m, meta, err := nn.ReadModel(bytes.NewReader(file), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if meta == nil || meta.Dataset != tc.req["dataset"] || meta.Epochs != trained.Epoch || meta.Loss != trained.Loss {
			t.Errorf("%s: meta %+v, want dataset %v, epochs %d, final loss %v", name, meta, tc.req["dataset"], trained.Epoch, trained.Loss)
		}
		if got := planParams(m.Plan()); !slices.Equal(got, trained.Params) {
			t.Errorf("%s: the file's weights differ from the page's", name)
		}
		if lr, _ := tc.req["layer_lr"].([]float64); lr != nil && !slices.Equal(m.Config().LayerAlpha, lr) {
			t.Errorf("%s: layer α %v, want %v", name, m.Config().LayerAlpha, lr)
		}
		// The page's numbers from the file's network.
		all, err := nn.Builtin(tc.req["dataset"].(string), toyOptions(tc.req))
		if err != nil {
			t.Fatal(err)
		}
		test, _ := tc.req["test"].(float64)
		d, _, _ := nn.Split(all, test, 0)
		ev, err := m.Evaluate(d)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Loss != trained.Loss || ev.Accuracy != trained.Accuracy {
			t.Errorf("%s: loss %v accuracy %v from the file, the page %v %v", name, ev.Loss, ev.Accuracy, trained.Loss, trained.Accuracy)
		}
		b, xs := square(all, trained.Boundary.N)
		got, err := boundaryOf(m, b, xs)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Values, trained.Boundary.Values) {
			t.Errorf("%s: the file's output on the grid differs from the page's", name)
		}
		if !bytes.Equal(file, writeModel(t, m, meta)) {
			t.Errorf("%s: not the bytes nn's WriteModel writes", name)
		}
	}
}

func toyOptions(req map[string]any) *nn.ToyOptions {
	o := &nn.ToyOptions{}
	if v, ok := req["samples"].(int); ok {
		o.N = v
	}
	if v, ok := req["noise"].(float64); ok {
		o.Noise = v
	}
	if v, ok := req["classes"].(int); ok {
		o.Classes = v
	}
	return o
}

func writeModel(t *testing.T, m *nn.MLP, meta *nn.ModelMeta) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := m.WriteModel(&b, meta); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestModelDownloadErrors: /api/model checks the network as /api/train.
func TestModelDownloadErrors(t *testing.T) {
	s := New(nil)
	for _, tc := range []struct {
		req  map[string]any
		want string
	}{
		{map[string]any{"dataset": "xor", "hidden": []int{4}, "params": []float64{1, 2}}, "2 params for a network of 17"},
		{map[string]any{"dataset": "xor", "hidden": []int{65}}, "hidden layer of 65 units"},
		{map[string]any{"dataset": "xor", "l2": -1}, "l2 -1"},
		{map[string]any{"dataset": "xor", "hidden": []int{4}, "layer_lr": []float64{0.1}}, "layer_lr: 1 rates for 2 layers"},
		{map[string]any{"dataset": "xor", "epoch": -1}, "epoch -1"},
		{map[string]any{"dataset": "xor", "hidden": []int{4}, "layer_lr": []float64{0.1, 11}}, "layer_lr 11 of layer 2: want 0 to 10"},
		{map[string]any{"dataset": "xor", "csv": "0,0,0\n"}, `csv: given with dataset "xor"`},
		{map[string]any{"dataset": "nope"}, "nope"},
	} {
		code, body := post(t, s, "/api/model", tc.req)
		if msg, _ := body["error"].(string); code != 400 || !strings.Contains(msg, tc.want) {
			t.Errorf("%v: %d %q, want 400 with %q", tc.req, code, msg, tc.want)
		}
	}
	// A CSV's file is named after it, and the CLI's meta names it too.
	req := map[string]any{"dataset": "csv", "csv": "0,0,0\n0,1,1\n1,0,1\n1,1,0\n", "csv_name": "C:\\data\\my xor.csv", "hidden": []int{2}}
	file, name := modelFile(t, s, req)
	if name != "cgraph-my-xor-2-2-1-epoch0.json" {
		t.Errorf("CSV: file name %q", name)
	}
	if _, meta, err := nn.ReadModel(bytes.NewReader(file), name); err != nil || meta.Dataset != "my xor.csv" {
		t.Errorf("CSV: meta %+v, %v", meta, err)
	}
	// A hostile name puts nothing but letters, digits and '-' into the header.
	req["csv_name"] = "a\"b\r\nX-Evil: 1.csv"
	if _, name := modelFile(t, s, req); name != "cgraph-abX-Evil-1-2-2-1-epoch0.json" {
		t.Errorf("hostile CSV name: file name %q", name)
	}
}

// TestModelOpen: a file /api/model wrote opens as the settings and
// weights it was written from; /api/train then answers the same numbers.
func TestModelOpen(t *testing.T) {
	s := New(nil)
	req := map[string]any{"dataset": "circle", "samples": 60, "noise": 0.1, "hidden": []int{3, 2}, "activation": "tanh",
		"features": []string{"x1", "x2", "x1^2", "sin(x2)"}, "l1": 0.001, "l2": 0.01, "loss": "bce", "init": "xavier-normal",
		"lr": 0.3, "layer_lr": []float64{0.1, 0, 0.2}, "seed": 4, "epochs": 40}
	trained := trainOK(t, s, req)
	at := clone(req)
	at["epochs"], at["epoch"], at["params"] = 0, trained.Epoch, trained.Params
	file, name := modelFile(t, s, at)
	code, body := openModelAnswer(t, s, name, file)
	if code != 200 {
		t.Fatalf("open: %d %v", code, body["error"])
	}
	data, _ := json.Marshal(body)
	var a openAnswer
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	want := openAnswer{Name: name, Dataset: "circle", Shape: []int{4, 3, 2, 1}, Features: []string{"x1", "x2", "x1^2", "sin(x2)"},
		Hidden: []int{3, 2}, Activation: "tanh", Loss: "bce", Init: "xavier-normal", LR: 0.3, LayerLR: []float64{0.1, 0, 0.2},
		L1: 0.001, L2: 0.01, Seed: 4, Epoch: 40, FinalLoss: trained.Loss, Params: trained.Params}
	if got, w := mustJSON(a), mustJSON(want); got != w {
		t.Errorf("open answered\n%s\nwant\n%s", got, w)
	}
	// The page's next request, from the answer: the same numbers.
	again := map[string]any{"dataset": a.Dataset, "samples": 60, "noise": 0.1, "hidden": a.Hidden, "activation": a.Activation,
		"features": a.Features, "l1": a.L1, "l2": a.L2, "loss": a.Loss, "init": a.Init, "lr": a.LR, "layer_lr": a.LayerLR,
		"seed": a.Seed, "epoch": a.Epoch, "params": a.Params}
	r := trainOK(t, s, again)
	if r.Loss != trained.Loss || r.Accuracy != trained.Accuracy || !slices.Equal(r.Boundary.Values, trained.Boundary.Values) {
		t.Errorf("after opening: loss %v accuracy %v, before %v %v", r.Loss, r.Accuracy, trained.Loss, trained.Accuracy)
	}
	// Training goes on as it would have from the download.
	at["epochs"], again["epochs"] = 5, 5
	if x, y := trainOK(t, s, at), trainOK(t, s, again); !slices.Equal(x.Params, y.Params) {
		t.Errorf("5 more epochs from the opened model differ from 5 more before the download")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestModelOpenRefused: the CLI's errors for a file that is not a model,
// and clear ones for a network the page cannot show.
func TestModelOpenRefused(t *testing.T) {
	s := New(nil)
	net := func(inputs int, layers string) string {
		return `{"format": "cgraph-mlp", "version": 1, "inputs": ` + strconv.Itoa(inputs) + `, "loss": "squared", "alpha": 0.5, "seed": 1, "layers": [` + layers + `]}`
	}
	layer := func(act string, units, in int) string {
		row := "[" + strings.TrimSuffix(strings.Repeat("0.1,", in), ",") + "]"
		return `{"activation": "` + act + `", "weights": [` + strings.TrimSuffix(strings.Repeat(row+",", units), ",") + `], "bias": [` +
			strings.TrimSuffix(strings.Repeat("0,", units), ",") + `]}`
	}
	deep := strings.TrimSuffix(strings.Repeat(layer("tanh", 2, 2)+",", 9), ",") + "," + layer("sigmoid", 1, 2)
	for _, tc := range []struct {
		name, file, want string
	}{
		{"notes.txt", "hello", "notes.txt: not a cgraph model: invalid JSON"},
		{"other.json", `{"format": "keras", "version": 1}`, `other.json: not a cgraph model (format "keras", want "cgraph-mlp")`},
		{"new.json", `{"format": "cgraph-mlp", "version": 3}`, "new.json: model format version 3 is newer than this cgraph reads"},
		{"cut.json", net(2, layer("sigmoid", 1, 2))[:40], "cut.json: not a cgraph model"},
		{"three.json", net(3, layer("sigmoid", 1, 3)), "three.json: the 3-1 network has 3 inputs; the page draws networks of 2"},
		{"deep.json", net(2, deep), "deep.json: the 2-2-2-2-2-2-2-2-2-2-1 network has 9 hidden layers, more than the page's limit of 8"},
		{"wide.json", net(2, layer("tanh", 65, 2)+","+layer("sigmoid", 1, 65)), "hidden layer 1 of the 2-65-1 network has 65 units, more than the page's limit of 64"},
		{"mixed.json", net(2, layer("tanh", 2, 2)+","+layer("relu", 2, 2)+","+layer("sigmoid", 1, 2)), "the hidden layers have the activations tanh and relu"},
		{"tanhout.json", net(2, layer("sigmoid", 2, 2)+","+layer("tanh", 1, 2)), "a tanh output"},
		{"", "{}", "model.json: not a cgraph model"},
	} {
		code, body := openModelAnswer(t, s, tc.name, []byte(tc.file))
		if msg, _ := body["error"].(string); code != 400 || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %q, want 400 with %q", tc.name, code, msg, tc.want)
		}
	}
	// Too large a file: 413, naming the limit.
	big := net(2, layer("sigmoid", 1, 2)) + strings.Repeat(" ", int(DefaultLimits.MaxModel))
	code, body := openModelAnswer(t, s, "big.json", []byte(big))
	if msg, _ := body["error"].(string); code != 413 || !strings.Contains(msg, "big.json: larger than the limit of 2097152 bytes") {
		t.Errorf("big: %d %q", code, msg)
	}
}

// TestModelLargest: the page's largest network writes a file within the
// limit of /api/model/open, and it opens.
func TestModelLargest(t *testing.T) {
	s := New(nil)
	hidden := slices.Repeat([]int{DefaultLimits.MaxUnits}, DefaultLimits.MaxLayers)
	feats := []string{"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"}
	req := map[string]any{"dataset": "xor", "hidden": hidden, "features": feats, "init": "normal", "seed": 7}
	r := trainOK(t, s, req)
	for i := range r.Params {
		r.Params[i] = -math.Pi * math.Sqrt(float64(i+1)) / 1e3 // long numbers
	}
	req["params"] = r.Params
	file, name := modelFile(t, s, req)
	t.Logf("%s: %d bytes", name, len(file))
	if len(file) > int(DefaultLimits.MaxModel) {
		t.Fatalf("%d bytes, over the limit %d", len(file), DefaultLimits.MaxModel)
	}
	if code, body := openModelAnswer(t, s, name, file); code != 200 {
		t.Fatalf("open: %d %v", code, body["error"])
	}
}
