package nn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph/internal/atomicfile"
)

// HistoryFormat and HistoryVersion identify a file of weights recorded
// during training (cgraph train --history). Version 1 has the weights
// only; version 2 adds the network (Model) and the data (Data), so that a
// snapshot can be replayed from the file alone.
const (
	HistoryFormat  = "cgraph-history"
	HistoryVersion = 2
)

// History is the weights of a network at some epochs of its training,
// for rewinding: epoch 0 is the initial network.
type History struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Every   int    `json:"every"` // epochs between snapshots (the last is kept too)
	// Model (version 2) is the network before training as a saved model
	// (WriteModel's JSON): its architecture, losses and rates, which the
	// snapshots' weights fill in.
	Model json.RawMessage `json:"model,omitempty"`
	// Data (version 2) is what the network was trained on.
	Data      *HistoryData `json:"data,omitempty"`
	Snapshots []Snapshot   `json:"snapshots"`
}

// HistoryData names the data of a run recorded in a History: a built-in
// dataset and the settings it was drawn with, or a CSV file's path, and
// the fraction held out for testing.
type HistoryData struct {
	Dataset  string  `json:"dataset"`
	Samples  int     `json:"samples,omitempty"`
	Noise    float64 `json:"noise,omitempty"`
	DataSeed uint64  `json:"data_seed,omitempty"`
	Classes  int     `json:"classes,omitempty"`
	Test     float64 `json:"test,omitempty"`
}

// Snapshot is the weights after an epoch, laid out as a saved model's
// layers: Layers[l].Weights[unit][input] and Layers[l].Bias[unit].
type Snapshot struct {
	Epoch  int             `json:"epoch"`
	Layers []SnapshotLayer `json:"layers"`
}

// SnapshotLayer is one layer's weights and biases in a Snapshot.
type SnapshotLayer struct {
	Weights [][]float64 `json:"weights"`
	Bias    []float64   `json:"bias"`
}

// NewSnapshot copies the weights of p after epoch.
func NewSnapshot(epoch int, p *Plan) Snapshot {
	s := Snapshot{Epoch: epoch}
	for _, L := range p.Layers {
		sl := SnapshotLayer{Weights: make([][]float64, L.Out), Bias: append([]float64(nil), L.B...)}
		for j := range L.Out {
			sl.Weights[j] = append([]float64(nil), L.W[j*L.In:(j+1)*L.In]...)
		}
		s.Layers = append(s.Layers, sl)
	}
	return s
}

// SnapshotBytes is about the memory a Snapshot of cfg's network takes:
// its numbers and the slices' headers.
func SnapshotBytes(cfg Config) float64 {
	weights, rows := 0.0, 0.0
	in := float64(cfg.width())
	for _, spec := range cfg.Layers {
		u := float64(spec.Units)
		weights += u*in + u
		rows += u + 2
		in = u
	}
	return 8*weights + 24*rows
}

// WriteHistory writes h as JSON, its numbers in Go's shortest
// round-tripping form.
func WriteHistory(w io.Writer, h *History) error {
	enc := json.NewEncoder(w)
	return enc.Encode(h)
}

// SaveHistory writes h to path atomically.
func SaveHistory(path string, h *History) error {
	return atomicfile.Write(path, func(w io.Writer) error { return WriteHistory(w, h) })
}

// MaxHistoryBytes is the largest history file read.
const MaxHistoryBytes = 1 << 30

// ReadHistory reads a history written by WriteHistory; name is used in
// errors. It checks the format, the version, that every snapshot has the
// same shape of layers and that the epochs increase.
func ReadHistory(r io.Reader, name string) (*History, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxHistoryBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxHistoryBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB; not a history this cgraph reads", name, MaxHistoryBytes>>20)
	}
	var h History
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("%s: not a cgraph history: invalid JSON at byte %d: %v", name, se.Offset, err)
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return nil, fmt.Errorf("%s: not a cgraph history: the file is empty or cut short", name)
		}
		return nil, fmt.Errorf("%s: not a cgraph history: %v", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s: not a cgraph history: more data after it, at byte %d", name, dec.InputOffset())
	}
	if h.Format != HistoryFormat {
		return nil, fmt.Errorf("%s: not a cgraph history (format %q, want %q)", name, h.Format, HistoryFormat)
	}
	if h.Version > HistoryVersion || h.Version < 1 {
		return nil, fmt.Errorf("%s: history format version %d; this cgraph reads versions 1 to %d", name, h.Version, HistoryVersion)
	}
	if len(h.Snapshots) == 0 {
		return nil, fmt.Errorf("%s: the history has no snapshots", name)
	}
	first := h.Snapshots[0]
	for k, s := range h.Snapshots {
		if k > 0 && s.Epoch <= h.Snapshots[k-1].Epoch || s.Epoch < 0 {
			return nil, fmt.Errorf("%s: snapshot %d: epoch %d after epoch %d; epochs must increase from 0", name, k+1, s.Epoch, h.Snapshots[max(k-1, 0)].Epoch)
		}
		if len(s.Layers) != len(first.Layers) {
			return nil, fmt.Errorf("%s: snapshot %d (epoch %d) has %d layers, the first %d", name, k+1, s.Epoch, len(s.Layers), len(first.Layers))
		}
		for l, L := range s.Layers {
			if err := L.sameShape(first.Layers[l]); err != nil {
				return nil, fmt.Errorf("%s: snapshot %d (epoch %d), layer %d: %v", name, k+1, s.Epoch, l+1, err)
			}
		}
	}
	return &h, nil
}

// sameShape checks that L has the units and inputs of ref, a row of
// weights and a bias per unit.
func (L SnapshotLayer) sameShape(ref SnapshotLayer) error {
	if len(L.Weights) != len(ref.Weights) || len(L.Bias) != len(L.Weights) {
		return fmt.Errorf("%d rows of weights and %d biases, where the first snapshot has %d units", len(L.Weights), len(L.Bias), len(ref.Weights))
	}
	for j, row := range L.Weights {
		if len(row) != len(ref.Weights[0]) {
			return fmt.Errorf("unit %d has %d weights, where the first snapshot's have %d", j+1, len(row), len(ref.Weights[0]))
		}
	}
	return nil
}

// LoadHistory reads the history saved at path.
func LoadHistory(path string) (*History, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadHistory(f, path)
}

// Network returns the network of a history of version 2, with the
// weights before training, checking its configuration with check (as
// ReadModelWith; nil: none); name is used in errors.
func (h *History) Network(name string, check func(Config) error) (*MLP, error) {
	if len(h.Model) == 0 {
		return nil, fmt.Errorf("%s: a history of version %d does not record the network; give the model of the same run", name, h.Version)
	}
	m, _, err := ReadModelWith(bytes.NewReader(h.Model), name+": model", check)
	return m, err
}

// At returns the snapshot of epoch, or an error that names the epochs
// recorded nearest to it.
func (h *History) At(epoch int) (*Snapshot, error) {
	k := sort.Search(len(h.Snapshots), func(k int) bool { return h.Snapshots[k].Epoch >= epoch })
	if k < len(h.Snapshots) && h.Snapshots[k].Epoch == epoch {
		return &h.Snapshots[k], nil
	}
	var near []string
	if k > 0 {
		near = append(near, strconv.Itoa(h.Snapshots[k-1].Epoch))
	}
	if k < len(h.Snapshots) {
		near = append(near, strconv.Itoa(h.Snapshots[k].Epoch))
	}
	return nil, fmt.Errorf("epoch %d was not recorded (every %d epochs from 0 to %d; nearest: %s)",
		epoch, h.Every, h.Snapshots[len(h.Snapshots)-1].Epoch, strings.Join(near, " and "))
}

// Restore sets m's weights and biases to the snapshot's; its layers must
// have m's shape.
func (s *Snapshot) Restore(m *MLP) error {
	p := m.Plan()
	if len(s.Layers) != len(p.Layers) {
		return fmt.Errorf("nn: the snapshot of epoch %d has %d layers; the network %d", s.Epoch, len(s.Layers), len(p.Layers))
	}
	for l, L := range p.Layers {
		sl := s.Layers[l]
		if len(sl.Weights) != L.Out || len(sl.Bias) != L.Out || (L.Out > 0 && len(sl.Weights[0]) != L.In) {
			return fmt.Errorf("nn: the snapshot of epoch %d: layer %d is not %d×%d as the network's", s.Epoch, l+1, L.Out, L.In)
		}
		for j, row := range sl.Weights {
			copy(L.W[j*L.In:(j+1)*L.In], row)
		}
		copy(L.B, sl.Bias)
	}
	return m.SetPlan(p)
}
