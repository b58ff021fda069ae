package nn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	m, err := New(Config{Inputs: 2, Layers: []LayerSpec{{3, Tanh, nil}, {2, ReLU, nil}, {1, Sigmoid, nil}}, Loss: BCE, Alpha: 0.3, Bias: Normal, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.json")
	meta := &ModelMeta{Dataset: "xor", Epochs: 10, Loss: 0.25}
	if err := m.Save(path, meta); err != nil {
		t.Fatal(err)
	}
	got, gotMeta, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if *gotMeta != *meta {
		t.Errorf("meta %+v, want %+v", gotMeta, meta)
	}
	if got.Config().Loss != BCE || got.Config().Alpha != 0.3 {
		t.Errorf("config %+v", got.Config())
	}
	for _, x := range XOR().X {
		a, _ := m.Output(x)
		b, _ := got.Output(x)
		if math.Float64bits(a) != math.Float64bits(b) {
			t.Errorf("output for %v: %v saved, %v loaded", x, a, b)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d files after Save, want 1 (no temporary left)", len(entries))
	}
}

func TestReadModelErrors(t *testing.T) {
	var good bytes.Buffer
	m, _ := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 2, 1), Seed: 1})
	m.WriteModel(&good, nil)
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "empty or cut short"},
		{"garbage", "hello", "invalid JSON"},
		{"truncated", good.String()[:good.Len()/2], "cut short"},
		{"foreign", `{"format": "keras", "version": 1}`, `not a cgraph model (format "keras"`},
		{"future", strings.Replace(good.String(), `"version": 1`, `"version": 99`, 1), "version 99"},
		{"ragged", strings.Replace(good.String(), `"inputs": 2`, `"inputs": 3`, 1), "has 2 weights; the layer has 3 inputs"},
		{"bad activation", strings.Replace(good.String(), `"sigmoid"`, `"softmax"`, 1), "unknown activation"},
		// Issue 17: unknown fields and trailing data were accepted.
		{"unknown field", strings.Replace(good.String(), `"inputs": 2`, `"inputs": 2, "run": "rm -rf /"`, 1), `unknown field "run"`},
		{"unknown layer field", strings.Replace(good.String(), `"bias"`, `"dropout": 0.5, "bias"`, 1), `unknown field "dropout"`},
		{"trailing garbage", good.String() + "garbage", "more data after the model"},
		{"second model", good.String() + good.String(), "more data after the model"},
		{"weights not numbers", strings.Replace(good.String(), `"weights": [`, `"weights": ["x", `, 1), "want an array"},
		{"missing bias", strings.Replace(good.String(), `"bias": [`, `"bias": [1, `, 1), "rows of weights and 3 biases"},
	}
	for _, tt := range tests {
		_, _, err := ReadModel(strings.NewReader(tt.text), "m.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "m.json") {
			t.Errorf("%s: error %v, want it to name m.json and contain %q", tt.name, err, tt.want)
		}
	}
}

// TestModelShapeCheckedFirst: a 10 MB model with --load took 3.5 GB and
// 29 s before its shape was refused (issue 17). The shape is now read
// without decoding a weight, and the check refuses it before any node is
// built: reading the 10 MB file allocates a few times its size, not GBs.
func TestModelShapeCheckedFirst(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"format": "cgraph-mlp", "version": 1, "inputs": 2500, "loss": "squared", "alpha": 0.5, "seed": 1, "layers": [`)
	row := "[" + strings.TrimSuffix(strings.Repeat("0,", 2500), ",") + "]"
	for l, units := range []int{2000, 1} {
		if l > 0 {
			b.WriteString(",")
			row = "[" + strings.TrimSuffix(strings.Repeat("0,", 2000), ",") + "]"
		}
		b.WriteString(`{"activation": "sigmoid", "weights": [`)
		for j := range units {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString(row)
		}
		b.WriteString(`], "bias": [` + strings.TrimSuffix(strings.Repeat("0,", units), ",") + `]}`)
	}
	b.WriteString("]}")
	file := b.String()
	if len(file) < 10e6 {
		t.Fatalf("the file is %d bytes, want 10 MB", len(file))
	}
	var shape Config
	refuse := func(c Config) error {
		shape = c
		return errors.New("too big")
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := ReadModelWith(strings.NewReader(file), "big.json", refuse)
	runtime.ReadMemStats(&after)
	if err == nil || err.Error() != "too big" {
		t.Fatalf("error %v, want the check's", err)
	}
	if shape.Inputs != 2500 || len(shape.Layers) != 2 || shape.Layers[0].Units != 2000 {
		t.Errorf("the check saw %+v", shape)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("reading the shape of a %d MB file allocated %d MB", len(file)>>20, alloc>>20)
	if alloc > 10*uint64(len(file)) {
		t.Errorf("reading the shape of a %d MB file allocated %d MB", len(file)>>20, alloc>>20)
	}
	if n := Nodes(shape); n < 10e6 {
		t.Errorf("Nodes = %g, want the 10 million of 2500·2000 weights", n)
	}
}

func TestModelTooLarge(t *testing.T) {
	huge := io.MultiReader(strings.NewReader(`{"format": "cgraph-mlp", "meta": {"dataset": "`), zeros{})
	_, _, err := ReadModel(huge, "zero.json")
	if err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("error %v", err)
	}
}

// zeros is an endless stream, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// FuzzReadModel: ReadModel never panics, and a model it accepts is written
// back and read again to the same shape and the same outputs.
func FuzzReadModel(f *testing.F) {
	var good bytes.Buffer
	m, _ := New(Config{Inputs: 2, Layers: Dense(Tanh, 2, 1), Seed: 1, Bias: Normal})
	m.WriteModel(&good, &ModelMeta{Dataset: "xor", Epochs: 3})
	f.Add(good.Bytes())
	f.Add([]byte(`{"format": "cgraph-mlp", "version": 1, "inputs": 1, "layers": [{"activation": "linear", "weights": [[2]], "bias": [1]}]}`))
	f.Add([]byte(`{"format": "cgraph-mlp", "version": 1, "inputs": 1, "layers": [{"activation": "relu", "weights": [[2], [3]], "bias": [1, 0]}, {"activation": "sigmoid", "weights": [[1, -1]], "bias": [0]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, _, err := ReadModelWith(bytes.NewReader(data), "fuzz.json", func(c Config) error {
			if Nodes(c) > 1e5 {
				return errors.New("too big")
			}
			return nil
		})
		if err != nil {
			return
		}
		var again bytes.Buffer
		if err := m.WriteModel(&again, nil); err != nil {
			t.Fatal(err)
		}
		m2, _, err := ReadModel(&again, "again.json")
		if err != nil {
			t.Fatalf("a model read back fails: %v\n%s", err, again.String())
		}
		if fmt.Sprint(m.Shape()) != fmt.Sprint(m2.Shape()) {
			t.Fatalf("shape %v, read back %v", m.Shape(), m2.Shape())
		}
		x := make([]float64, len(m.Inputs()))
		a, errA := m.Output(x)
		b, errB := m2.Output(x)
		if (errA == nil) != (errB == nil) || (errA == nil && math.Float64bits(a) != math.Float64bits(b)) {
			t.Fatalf("output %v, %v; read back %v, %v", a, errA, b, errB)
		}
	})
}

// TestModelVersions loads files of version 1 kept in testdata, written by
// cgraph before version 2 (train xor --hidden 2 --epochs 2000 --seed 2,
// and train circle --features 'x1^2,x2^2' --hidden "" --epochs 50 --l2
// 0.001, which has version 2's fields under version 1), checks that a
// model using none of version 2's fields is still written as version 1,
// byte for byte the old file, and that one using them is version 2.
func TestModelVersions(t *testing.T) {
	old, err := os.ReadFile("testdata/model-v1-xor.json")
	if err != nil {
		t.Fatal(err)
	}
	m, meta, err := Load("testdata/model-v1-xor.json")
	if err != nil {
		t.Fatal(err)
	}
	// The weights read are the file's: the first is 6.149376775168554.
	if w := m.Layers()[0].W[0][0].Value(); w != 6.149376775168554 {
		t.Errorf("w1_1_1 = %v", w)
	}
	var again bytes.Buffer
	if err := m.WriteModel(&again, meta); err != nil {
		t.Fatal(err)
	}
	if again.String() != string(old) {
		t.Errorf("a version 1 model written again differs from the file:\n%s", again.String())
	}
	f, _, err := Load("testdata/model-v1-features.json")
	if err != nil {
		t.Fatal(err)
	}
	if c := f.Config(); len(c.Features) != 2 || c.L2 != 0.001 {
		t.Errorf("features %v, l2 %g", c.Features, c.L2)
	}
	var buf bytes.Buffer
	f.WriteModel(&buf, nil)
	if !strings.Contains(buf.String(), `"version": 2,`) {
		t.Errorf("a model with features is written as\n%s", buf.String()[:60])
	}
	future := strings.Replace(string(old), `"version": 1`, `"version": 3`, 1)
	_, _, err = ReadModel(strings.NewReader(future), "new.json")
	if err == nil || !strings.Contains(err.Error(), "new.json: model format version 3 is newer than this cgraph reads (versions 1 to 2)") {
		t.Errorf("a version 3 file: %v", err)
	}
}

// TestModelRates saves a network whose layers and weights have their own
// learning rates and reads them back into the Weight gates.
func TestModelRates(t *testing.T) {
	m, _ := New(Config{Inputs: 2, Layers: Dense(Tanh, 2, 2, 1), Alpha: 0.5, LayerAlpha: []float64{0, 0.1}, Seed: 3})
	m.Layers()[2].W[0][1].Gate().(*cgraph.Weight).Alpha = 0.01
	var buf bytes.Buffer
	if err := m.WriteModel(&buf, nil); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{`"version": 2,`, "\"alpha\": 0.1\n", `"alphas": {`} {
		if !strings.Contains(s, want) {
			t.Errorf("no %s in\n%s", want, s)
		}
	}
	got, _, err := ReadModel(strings.NewReader(s), "rates.json")
	if err != nil {
		t.Fatal(err)
	}
	for l := range m.Layers() {
		a, b := m.Plan().Layers[l], got.Plan().Layers[l]
		if fmt.Sprint(a.AlphaW, a.AlphaB) != fmt.Sprint(b.AlphaW, b.AlphaB) {
			t.Errorf("layer %d: rates %v %v, read %v %v", l+1, a.AlphaW, a.AlphaB, b.AlphaW, b.AlphaB)
		}
	}
	if got.Config().LayerAlpha[1] != 0.1 {
		t.Errorf("LayerAlpha %v", got.Config().LayerAlpha)
	}
	for _, bad := range []struct{ from, to, want string }{
		{`"alphas": {`, `"alphas": {"extra": 1, `, "unknown field"},
		{"\"alpha\": 0.1\n", "\"alpha\": -0.1\n", "layer 2: learning rate -0.1"},
	} {
		_, _, err := ReadModel(strings.NewReader(strings.Replace(s, bad.from, bad.to, 1)), "rates.json")
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: %v, want %q", bad.to, err, bad.want)
		}
	}
}
