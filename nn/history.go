package nn

import (
	"encoding/json"
	"io"

	"github.com/cgraph/cgraph/internal/atomicfile"
)

// HistoryFormat and HistoryVersion identify a file of weights recorded
// during training (cgraph train --history).
const (
	HistoryFormat  = "cgraph-history"
	HistoryVersion = 1
)

// History is the weights of a network at some epochs of its training,
// for rewinding: epoch 0 is the initial network.
type History struct {
	Format    string     `json:"format"`
	Version   int        `json:"version"`
	Every     int        `json:"every"` // epochs between snapshots (the last is kept too)
	Snapshots []Snapshot `json:"snapshots"`
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
