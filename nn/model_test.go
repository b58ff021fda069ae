package nn

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	}
	for _, tt := range tests {
		_, _, err := ReadModel(strings.NewReader(tt.text), "m.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "m.json") {
			t.Errorf("%s: error %v, want it to name m.json and contain %q", tt.name, err, tt.want)
		}
	}
}
