package nn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/cgraph/cgraph/internal/atomicfile"
)

// ModelFormat and ModelVersion identify a saved model file. A reader
// refuses other formats and newer versions.
//
// Version 1 has inputs, loss (squared, mse, bce), alpha, init, seed, the
// layers' activation, weights and bias, and meta. Version 2 adds
// features, l1, l2, the softmax loss and a layer's own learning rates
// (alpha, alphas); a file is written as version 1 when it uses none of
// them, so that older cgraphs read it. Files of version 1 with the fields
// of version 2, written before the version was raised, still load.
const (
	ModelFormat  = "cgraph-mlp"
	ModelVersion = 2
)

// modelFile is the JSON of a saved model.
type modelFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Inputs  int    `json:"inputs"`
	// Features (version 2) name the first layer's inputs.
	Features []string `json:"features,omitempty"`
	Loss     Loss     `json:"loss"`
	Alpha    float64  `json:"alpha"`
	// L1 and L2 (version 2), optional like Features, are the penalty's rates.
	L1     float64      `json:"l1,omitempty"`
	L2     float64      `json:"l2,omitempty"`
	Init   string       `json:"init,omitempty"` // how the weights were first drawn, for the record
	Seed   uint64       `json:"seed"`
	Layers []layerModel `json:"layers"`
	Meta   *ModelMeta   `json:"meta,omitempty"`
}

type layerModel struct {
	Activation Activation  `json:"activation"`
	Weights    [][]float64 `json:"weights"` // weights[j][i]: unit j, input i
	Bias       []float64   `json:"bias"`
	// Alpha (version 2) is the learning rate of all the layer's weights
	// and biases where it is not the model's; Alphas (version 2) each
	// one's, laid out as Weights and Bias, where they differ in the layer.
	Alpha  float64     `json:"alpha,omitempty"`
	Alphas *layerRates `json:"alphas,omitempty"`
}

// layerRates is the learning rate of each weight and bias of a layer.
type layerRates struct {
	Weights [][]float64 `json:"weights"`
	Bias    []float64   `json:"bias"`
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
		Format: ModelFormat, Version: 1,
		Inputs: m.cfg.Inputs, Features: FeatureNames(m.cfg.Features), Loss: m.cfg.Loss, Alpha: m.cfg.Alpha, L1: m.cfg.L1, L2: m.cfg.L2,
		Init: initName(m.cfg.Init), Seed: m.cfg.Seed, Meta: meta,
	}
	p := m.weights()
	for _, L := range p.Layers {
		lm := layerModel{Activation: L.Activation, Weights: rows(L.W, L.Out, L.In), Bias: append([]float64{}, L.B...)}
		lm.Alpha, lm.Alphas = layerAlphas(L, p.Alpha)
		f.Layers = append(f.Layers, lm)
		if lm.Alpha != 0 || lm.Alphas != nil {
			f.Version = ModelVersion
		}
	}
	if len(f.Features) > 0 || f.L1 != 0 || f.L2 != 0 || f.Loss == Softmax {
		f.Version = ModelVersion
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

// MaxModelBytes is the largest model file read: about two million
// weights, more than a network within the CLI's default memory budget.
const MaxModelBytes = 64 << 20

// rawModel is modelFile with every layer's numbers left unread, so that
// the shape can be checked before any weight is decoded.
type rawModel struct {
	Format   string     `json:"format"`
	Version  int        `json:"version"`
	Inputs   int        `json:"inputs"`
	Features []string   `json:"features,omitempty"`
	Loss     Loss       `json:"loss"`
	Alpha    float64    `json:"alpha"`
	L1       float64    `json:"l1,omitempty"`
	L2       float64    `json:"l2,omitempty"`
	Init     string     `json:"init,omitempty"`
	Seed     uint64     `json:"seed"`
	Layers   []rawLayer `json:"layers"`
	Meta     *ModelMeta `json:"meta,omitempty"`
}

type rawLayer struct {
	Activation Activation      `json:"activation"`
	Weights    json.RawMessage `json:"weights"`
	Bias       json.RawMessage `json:"bias"`
	Alpha      float64         `json:"alpha,omitempty"`
	Alphas     *rawRates       `json:"alphas,omitempty"`
}

type rawRates struct {
	Weights json.RawMessage `json:"weights"`
	Bias    json.RawMessage `json:"bias"`
}

// ReadModel reads a model written by WriteModel; name is used in errors.
// It returns the network with the saved weights and the metadata (nil if
// none was saved).
func ReadModel(r io.Reader, name string) (*MLP, *ModelMeta, error) {
	return ReadModelWith(r, name, nil)
}

// ReadModelWith is ReadModel with a check of the network's configuration
// (its shape, see Nodes and TrainBytes), called after the shape is read and
// before any weight is decoded or any node built; its error is returned.
// The file is refused if it is larger than MaxModelBytes, has fields that
// a model does not have, or anything but white space after the model.
func ReadModelWith(r io.Reader, name string, check func(Config) error) (*MLP, *ModelMeta, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxModelBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxModelBytes {
		return nil, nil, fmt.Errorf("%s: larger than %d MiB; not a model this cgraph reads", name, MaxModelBytes>>20)
	}
	var f rawModel
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
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
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("%s: not a cgraph model: more data after the model, at byte %d", name, dec.InputOffset())
	}
	if f.Format != ModelFormat {
		return nil, nil, fmt.Errorf("%s: not a cgraph model (format %q, want %q)", name, f.Format, ModelFormat)
	}
	if f.Version > ModelVersion {
		return nil, nil, fmt.Errorf("%s: model format version %d is newer than this cgraph reads (versions 1 to %d); a newer cgraph wrote it", name, f.Version, ModelVersion)
	}
	if f.Version < 1 {
		return nil, nil, fmt.Errorf("%s: model format version %d; versions start at 1", name, f.Version)
	}
	cfg := Config{Inputs: f.Inputs, Loss: f.Loss, Alpha: f.Alpha, Seed: f.Seed, L1: f.L1, L2: f.L2}
	if i, err := ParseInit(f.Init); err == nil {
		cfg.Init = i
	}
	for _, s := range f.Features {
		ft, err := ParseFeature(s)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", name, err)
		}
		cfg.Features = append(cfg.Features, ft)
	}
	if err := checkFeatures(cfg.Features, f.Inputs); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	in := cfg.width()
	for l, lm := range f.Layers {
		rows, err := matrixRows(lm.Weights, in)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: layer %d%v", name, l+1, err)
		}
		biases, err := vectorLen(lm.Bias)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: layer %d: bias: %v", name, l+1, err)
		}
		if rows == 0 || biases != rows {
			return nil, nil, fmt.Errorf("%s: layer %d has %d rows of weights and %d biases", name, l+1, rows, biases)
		}
		if lm.Alphas != nil {
			r, err := matrixRows(lm.Alphas.Weights, in)
			if err == nil && r != rows {
				err = fmt.Errorf(": %d rows of rates for %d units", r, rows)
			}
			if err != nil {
				return nil, nil, fmt.Errorf("%s: layer %d: alphas%v", name, l+1, err)
			}
			if n, err := vectorLen(lm.Alphas.Bias); err != nil || n != rows {
				return nil, nil, fmt.Errorf("%s: layer %d: alphas: want a bias rate for each of %d units", name, l+1, rows)
			}
		}
		cfg.Layers = append(cfg.Layers, LayerSpec{Units: rows, Activation: lm.Activation})
		cfg.LayerAlpha = append(cfg.LayerAlpha, lm.Alpha)
		in = rows
	}
	if allZero(cfg.LayerAlpha) {
		cfg.LayerAlpha = nil
	}
	cfg, err = cfg.withDefaults()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	if check != nil {
		if err := check(cfg); err != nil {
			return nil, nil, err
		}
	}
	layers := make([]layerModel, len(f.Layers))
	for l, lm := range f.Layers {
		if err := json.Unmarshal(lm.Weights, &layers[l].Weights); err != nil {
			return nil, nil, fmt.Errorf("%s: layer %d: weights: %v", name, l+1, err)
		}
		if err := json.Unmarshal(lm.Bias, &layers[l].Bias); err != nil {
			return nil, nil, fmt.Errorf("%s: layer %d: bias: %v", name, l+1, err)
		}
		if lm.Alphas != nil {
			r := &layerRates{}
			if err := json.Unmarshal(lm.Alphas.Weights, &r.Weights); err != nil {
				return nil, nil, fmt.Errorf("%s: layer %d: alphas: %v", name, l+1, err)
			}
			if err := json.Unmarshal(lm.Alphas.Bias, &r.Bias); err != nil {
				return nil, nil, fmt.Errorf("%s: layer %d: alphas: %v", name, l+1, err)
			}
			if err := r.check(); err != nil {
				return nil, nil, fmt.Errorf("%s: layer %d: alphas: %v", name, l+1, err)
			}
			layers[l].Alphas = r
		}
	}
	w := newPlan(cfg)
	for l, L := range w.Layers {
		for j := range L.Out {
			copy(L.W[j*L.In:(j+1)*L.In], layers[l].Weights[j])
			L.B[j] = layers[l].Bias[j]
		}
		if r := layers[l].Alphas; r != nil {
			if err := L.setRates(r); err != nil {
				return nil, nil, fmt.Errorf("%s: layer %d: alphas: %v", name, l+1, err)
			}
		}
		layers[l] = layerModel{} // the plan has the numbers now
	}
	return &MLP{cfg: cfg, w: w}, f.Meta, nil
}

// rows returns the matrix w of out rows of in numbers as a slice of rows.
func rows(w []float64, out, in int) [][]float64 {
	r := make([][]float64, out)
	for j := range r {
		r[j] = append([]float64{}, w[j*in:(j+1)*in]...)
	}
	return r
}

// layerAlphas returns how a model file records the learning rates of
// layer L of a plan whose rate is def: nothing if all are def, alpha if
// all are another, or each one's.
func layerAlphas(L *PlanLayer, def float64) (float64, *layerRates) {
	if L.AlphaW == nil {
		return 0, nil
	}
	a := L.AlphaW[0]
	same := true
	for _, v := range append(L.AlphaW[1:len(L.AlphaW):len(L.AlphaW)], L.AlphaB...) {
		same = same && v == a
	}
	switch {
	case same && a == def:
		return 0, nil
	case same:
		return a, nil
	}
	return 0, &layerRates{Weights: rows(L.AlphaW, L.Out, L.In), Bias: append([]float64{}, L.AlphaB...)}
}

// check refuses rates that are not finite positive numbers.
func (r *layerRates) check() error {
	for _, row := range append(r.Weights, r.Bias) {
		for _, a := range row {
			if !(a > 0 && a <= math.MaxFloat64) {
				return fmt.Errorf("learning rate %g; want a finite positive number", a)
			}
		}
	}
	return nil
}

// setRates gives the layer the learning rates r, row by row, if r has
// the layer's shape.
func (L *PlanLayer) setRates(r *layerRates) error {
	if len(r.Weights) != L.Out || len(r.Bias) != L.Out {
		return fmt.Errorf("%d rows of weights' rates and %d of biases'; want %d of each", len(r.Weights), len(r.Bias), L.Out)
	}
	w := make([]float64, 0, len(L.W))
	for j, row := range r.Weights {
		if len(row) != L.In {
			return fmt.Errorf("row %d has %d rates; want %d", j+1, len(row), L.In)
		}
		w = append(w, row...)
	}
	L.AlphaW, L.AlphaB = w, append([]float64(nil), r.Bias...)
	return nil
}

func allZero(s []float64) bool {
	for _, v := range s {
		if v != 0 {
			return false
		}
	}
	return true
}

// matrixRows reads the shape of a layer's weights, [[w, …], …], without
// decoding a number: it returns the number of rows and fails (with an
// error to follow "layer N") unless every row has cols numbers. raw is
// valid JSON, as the decoder checked.
func matrixRows(raw json.RawMessage, cols int) (int, error) {
	sc := scanner{data: raw}
	if !sc.open() {
		return 0, errors.New(": weights: want an array of rows of numbers")
	}
	rows := 0
	for !sc.close() {
		n, ok := sc.numbers()
		if !ok {
			return 0, fmt.Errorf(", unit %d: want an array of numbers", rows+1)
		}
		rows++
		if n != cols {
			return 0, fmt.Errorf(", unit %d has %d weights; the layer has %d inputs", rows, n, cols)
		}
		sc.comma()
	}
	return rows, nil
}

// vectorLen reads [b, …] and returns how many numbers it holds.
func vectorLen(raw json.RawMessage) (int, error) {
	sc := scanner{data: raw}
	n, ok := sc.numbers()
	if !ok {
		return 0, errors.New("want an array of numbers")
	}
	return n, nil
}

// scanner walks valid JSON arrays of numbers byte by byte, so that the
// shape of millions of weights costs no allocation.
type scanner struct {
	data []byte
	i    int
}

func (s *scanner) space() {
	for s.i < len(s.data) && (s.data[s.i] == ' ' || s.data[s.i] == '\t' || s.data[s.i] == '\n' || s.data[s.i] == '\r') {
		s.i++
	}
}

// accept consumes c (after white space) if it comes next.
func (s *scanner) accept(c byte) bool {
	s.space()
	if s.i < len(s.data) && s.data[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *scanner) open() bool  { return s.accept('[') }
func (s *scanner) close() bool { return s.accept(']') || s.i >= len(s.data) }
func (s *scanner) comma()      { s.accept(',') }

// numbers reads an array of numbers and returns its length; ok is false
// if it is not one (a string, null, a nested array …).
func (s *scanner) numbers() (n int, ok bool) {
	if !s.open() {
		return 0, false
	}
	for {
		if s.accept(']') {
			return n, true
		}
		if s.i >= len(s.data) {
			return 0, false
		}
		// In valid JSON a value that starts so is a number.
		if c := s.data[s.i]; c != '-' && (c < '0' || c > '9') {
			return 0, false
		}
		for s.i < len(s.data) && strings.IndexByte(",] \t\n\r", s.data[s.i]) < 0 {
			s.i++
		}
		n++
		s.comma()
	}
}

// Load reads the model saved at path.
func Load(path string) (*MLP, *ModelMeta, error) {
	return LoadWith(path, nil)
}

// LoadWith reads the model saved at path, checking its configuration with
// check as ReadModelWith does.
func LoadWith(path string, check func(Config) error) (*MLP, *ModelMeta, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer file.Close()
	return ReadModelWith(file, path, check)
}
