package nn

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cgraph/cgraph/internal/atomicfile"
)

// ModelFormat and ModelVersion identify a saved model file. A reader
// refuses other formats and newer versions.
const (
	ModelFormat  = "cgraph-mlp"
	ModelVersion = 1
)

// modelFile is the JSON of a saved model.
type modelFile struct {
	Format  string       `json:"format"`
	Version int          `json:"version"`
	Inputs  int          `json:"inputs"`
	Loss    Loss         `json:"loss"`
	Alpha   float64      `json:"alpha"`
	Init    string       `json:"init,omitempty"` // how the weights were first drawn, for the record
	Seed    uint64       `json:"seed"`
	Layers  []layerModel `json:"layers"`
	Meta    *ModelMeta   `json:"meta,omitempty"`
}

type layerModel struct {
	Activation Activation  `json:"activation"`
	Weights    [][]float64 `json:"weights"` // weights[j][i]: unit j, input i
	Bias       []float64   `json:"bias"`
}

// ModelMeta records how a saved model was trained. It is informational.
type ModelMeta struct {
	Dataset string  `json:"dataset,omitempty"`
	Epochs  int     `json:"epochs,omitempty"`
	Loss    float64 `json:"final_loss,omitempty"`
}

// WriteModel writes m and meta (which may be nil) as versioned JSON.
// Weights are written in Go's shortest round-tripping form, so a model
// read back computes bit-identical outputs.
func (m *MLP) WriteModel(w io.Writer, meta *ModelMeta) error {
	f := modelFile{
		Format: ModelFormat, Version: ModelVersion,
		Inputs: len(m.Inputs), Loss: m.cfg.Loss, Alpha: m.cfg.Alpha,
		Init: initName(m.cfg.Init), Seed: m.cfg.Seed, Meta: meta,
	}
	for _, l := range m.Layers {
		lm := layerModel{Activation: l.Activation, Weights: make([][]float64, l.Out), Bias: make([]float64, l.Out)}
		for j := range l.Out {
			lm.Weights[j] = make([]float64, l.In)
			for i, w := range l.W[j] {
				lm.Weights[j][i] = w.Value()
			}
			lm.Bias[j] = l.B[j].Value()
		}
		f.Layers = append(f.Layers, lm)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// Save writes the model to path atomically: to a temporary file in the
// same directory, then renamed over path, so a reader never sees half a
// file.
func (m *MLP) Save(path string, meta *ModelMeta) error {
	return atomicfile.Write(path, func(w io.Writer) error { return m.WriteModel(w, meta) })
}

// ReadModel reads a model written by WriteModel; name is used in errors.
// It returns the network with the saved weights and the metadata (nil if
// none was saved).
func ReadModel(r io.Reader, name string) (*MLP, *ModelMeta, error) {
	var f modelFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, fmt.Errorf("%s: not a cgraph model: invalid JSON at byte %d: %v", name, se.Offset, err)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, nil, fmt.Errorf("%s: not a cgraph model: the file is empty or cut short", name)
		}
		return nil, nil, fmt.Errorf("%s: not a cgraph model: %v", name, err)
	}
	if f.Format != ModelFormat {
		return nil, nil, fmt.Errorf("%s: not a cgraph model (format %q, want %q)", name, f.Format, ModelFormat)
	}
	if f.Version < 1 || f.Version > ModelVersion {
		return nil, nil, fmt.Errorf("%s: model version %d; this cgraph reads versions 1 to %d", name, f.Version, ModelVersion)
	}
	cfg := Config{Inputs: f.Inputs, Loss: f.Loss, Alpha: f.Alpha, Seed: f.Seed}
	if i, err := ParseInit(f.Init); err == nil {
		cfg.Init = i
	}
	in := f.Inputs
	for l, lm := range f.Layers {
		if len(lm.Weights) == 0 || len(lm.Bias) != len(lm.Weights) {
			return nil, nil, fmt.Errorf("%s: layer %d has %d rows of weights and %d biases", name, l+1, len(lm.Weights), len(lm.Bias))
		}
		for j, row := range lm.Weights {
			if len(row) != in {
				return nil, nil, fmt.Errorf("%s: layer %d, unit %d has %d weights; the layer has %d inputs", name, l+1, j+1, len(row), in)
			}
		}
		cfg.Layers = append(cfg.Layers, LayerSpec{Units: len(lm.Weights), Activation: lm.Activation})
		in = len(lm.Weights)
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	m, err := build(cfg, func(l, j, i int, _ LayerSpec, _ int) float64 {
		if i < 0 {
			return f.Layers[l].Bias[j]
		}
		return f.Layers[l].Weights[j][i]
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	return m, f.Meta, nil
}

// Load reads the model saved at path.
func Load(path string) (*MLP, *ModelMeta, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer file.Close()
	return ReadModel(file, path)
}
