package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph/nn"
)

// trainPreset is an nn.Preset as the training panel takes it: the fields
// of a /api/train request, with the sentence that says what it teaches.
type trainPreset struct {
	Name       string   `json:"name"`
	About      string   `json:"about"`
	Dataset    string   `json:"dataset"`
	Hidden     []int    `json:"hidden"`
	Features   []string `json:"features"`
	Activation string   `json:"activation"`
	Loss       string   `json:"loss"`
	Init       string   `json:"init"`
	LR         float64  `json:"lr"`
	Epochs     int      `json:"epochs"`
	Seed       uint64   `json:"seed"`
	Accuracy   float64  `json:"accuracy"`
}

// trainPresets answers GET /api/trainpresets: nn.Presets, the teaching
// presets of cgraph train --preset, with the command's defaults filled in
// where a preset leaves a field empty.
func (s *Server) trainPresets(context.Context, *http.Request) (any, error) {
	out := make([]trainPreset, 0, len(nn.Presets))
	for _, p := range nn.Presets {
		tp := trainPreset{Name: p.Name, About: p.About, Dataset: p.Dataset, Hidden: []int{}, Features: []string{},
			Activation: string(p.Activation), Loss: string(p.Loss), Init: p.Init, LR: p.LR, Epochs: p.Epochs, Seed: p.Seed, Accuracy: p.Accuracy}
		for _, f := range strings.Split(p.Hidden, ",") {
			if u, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
				tp.Hidden = append(tp.Hidden, u)
			}
		}
		if p.Features != "" {
			tp.Features = strings.Split(p.Features, ",")
		}
		if tp.Activation == "" {
			tp.Activation = string(nn.Sigmoid)
		}
		if tp.Loss == "" {
			tp.Loss = string(nn.Squared)
		}
		if tp.Init == "" {
			tp.Init = string(nn.Uniform)
		}
		out = append(out, tp)
	}
	return out, nil
}
