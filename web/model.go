package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph/nn"
)

// fileAnswer is an answer that is a file to save, not JSON to read: the
// api wrapper writes Body as it is, with a Content-Disposition naming it.
type fileAnswer struct {
	Name string // the file's name, plain ASCII
	Type string // its Content-Type
	Body []byte
}

// model answers POST /api/model: the file `cgraph train --save` writes
// for the network and settings of a /api/train request (the same body;
// the fields that only steer training, epochs, optimizer, opt_state,
// batch, grid, neurons and grads, are read and play no part). It is nn's
// own WriteModel: the weights are the request's params (none: those drawn
// from seed, as `--epochs 0 --save`), meta the dataset's name, the epochs
// trained (epoch) and the mean loss over the training set now, as the
// CLI records them.
func (s *Server) model(ctx context.Context, r *http.Request) (any, error) {
	var req trainRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	all, err := s.trainData(&req)
	if err != nil {
		return nil, err
	}
	d, _, err := nn.Split(all, req.Test, req.DataSeed)
	if err != nil {
		return nil, badRequest("test: %v", err)
	}
	m, err := s.network(&req, all)
	if err != nil {
		return nil, err
	}
	if req.Epoch < 0 {
		return nil, badRequest("epoch %d: want ≥ 0", req.Epoch)
	}
	units := 0
	for _, n := range m.Shape()[1:] {
		units += n
	}
	weights := len(planParams(m.Plan()))
	// One evaluation of the training set and the file's text (about 40
	// bytes a weight, counted in trainBytes's 256).
	done, err := s.work.take(ctx, "this model", trainBytes(nn.Nodes(m.Config()), weights, units, all.Len(), 0, 0))
	if err != nil {
		return nil, err
	}
	defer done()
	ev, err := m.Evaluate(d)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	var buf bytes.Buffer
	if err := m.WriteModel(&buf, &nn.ModelMeta{Dataset: d.Name, Epochs: req.Epoch, Loss: ev.Loss}); err != nil {
		return nil, err
	}
	return &fileAnswer{Name: modelFileName(d.Name, m.Shape(), req.Epoch), Type: "application/json", Body: buf.Bytes()}, nil
}

// modelFileName is the name the page saves a model as:
// cgraph-DATASET-SHAPE-epochN.json, e.g. cgraph-xor-2-4-1-epoch300.json,
// the dataset's name reduced to letters, digits, '-' and '.'.
func modelFileName(dataset string, shape []int, epoch int) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		case r == '.' || r == '_' || r == ' ':
			return '-'
		}
		return -1
	}, strings.TrimSuffix(strings.TrimSuffix(dataset, ".csv"), ".CSV"))
	name = strings.Trim(name, "-")
	if name == "" {
		name = "data"
	}
	if len(name) > 40 {
		name = name[:40]
	}
	s := make([]string, len(shape))
	for i, n := range shape {
		s[i] = strconv.Itoa(n)
	}
	return fmt.Sprintf("cgraph-%s-%s-epoch%d.json", name, strings.Join(s, "-"), epoch)
}

// openAnswer is the answer of POST /api/model/open: a saved model as the
// page's settings and weights.
type openAnswer struct {
	Name string `json:"name"` // the file's name, as errors give it
	// Dataset is the model's meta.dataset if that is a built-in set,
	// else "" (a CSV's name: the page keeps its data).
	Dataset    string    `json:"dataset"`
	Regression bool      `json:"regression"` // a linear output: a regression set's network
	Classes    int       `json:"classes"`    // outputs of a softmax; 0 for one output
	Shape      []int     `json:"shape"`
	Features   []string  `json:"features"` // the first layer's inputs
	Hidden     []int     `json:"hidden"`
	Activation string    `json:"activation"` // of the hidden layers; "" if none
	Loss       string    `json:"loss"`
	Init       string    `json:"init"`
	LR         float64   `json:"lr"`
	LayerLR    []float64 `json:"layer_lr,omitempty"` // per layer, 0: lr; absent if all are lr
	L1         float64   `json:"l1"`
	L2         float64   `json:"l2"`
	Seed       uint64    `json:"seed"`
	Epoch      int       `json:"epoch"`      // meta.epochs
	FinalLoss  float64   `json:"final_loss"` // meta.final_loss, for the record
	Params     []float64 `json:"params"`     // in /api/train's order
}

// openModel answers POST /api/model/open, whose body is a saved model
// file as `cgraph train --save` writes it (the ?name= query names it in
// errors): nn.ReadModel reads it, with the CLI's errors, and the answer
// is its settings and weights for the page, which then evaluates them
// with /api/train. Networks the page cannot show are refused with the
// reason: not 2 inputs, more hidden layers or units than /api/train
// takes, hidden layers of different or linear activations, an output the
// page would not build, each weight's own learning rate.
func (s *Server) openModel(ctx context.Context, r *http.Request) (any, error) {
	if !jsonContent(r.Header.Get("Content-Type")) {
		return nil, &httpError{Status: http.StatusUnsupportedMediaType, Msg: "send the model file with Content-Type: application/json"}
	}
	name := csvName(r.URL.Query().Get("name"))
	if name == "data.csv" && strings.TrimSpace(r.URL.Query().Get("name")) == "" {
		name = "model.json"
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &httpError{Status: http.StatusRequestEntityTooLarge,
				Msg: fmt.Sprintf("%s: larger than the limit of %d bytes (%d KiB) for a model the page shows", name, tooBig.Limit, tooBig.Limit>>10)}
		}
		return nil, err
	}
	m, meta, err := nn.ReadModelWith(bytes.NewReader(data), name, func(cfg nn.Config) error {
		return s.pageShows(name, cfg)
	})
	if err != nil {
		return nil, badRequest("%v", err)
	}
	cfg := m.Config()
	a := &openAnswer{Name: name, Shape: m.Shape(), Features: featureNames(cfg), Loss: string(cfg.Loss),
		LR: cfg.Alpha, L1: cfg.L1, L2: cfg.L2, Seed: cfg.Seed, Init: string(nn.Uniform)}
	if i, ok := cfg.Init.(nn.Init); ok {
		a.Init = string(i)
	}
	if len(cfg.Features) == 0 {
		a.Features = nil
	}
	out := cfg.Layers[len(cfg.Layers)-1]
	hidden := cfg.Layers[:len(cfg.Layers)-1]
	for _, h := range hidden {
		a.Hidden = append(a.Hidden, h.Units)
	}
	if len(hidden) > 0 {
		a.Activation = string(hidden[0].Activation)
	}
	if cfg.Loss == nn.Softmax {
		a.Classes = out.Units
	} else {
		a.Regression = out.Activation == nn.Linear
	}
	plan := m.Plan()
	// Each layer's learning rate: the page sends one per layer (layer_lr).
	a.LayerLR = make([]float64, len(plan.Layers))
	for i, L := range plan.Layers {
		if L.AlphaW == nil {
			continue
		}
		rate := L.AlphaW[0]
		for _, v := range append(slices.Clip(L.AlphaW), L.AlphaB...) {
			if v != rate {
				return nil, badRequest("%s: layer %d has a learning rate of its own for each weight (alphas); the page sets one per layer", name, i+1)
			}
		}
		if rate != cfg.Alpha {
			a.LayerLR[i] = rate
		}
	}
	if allZeroRates(a.LayerLR) {
		a.LayerLR = nil
	}
	for _, v := range append([]float64{cfg.Alpha, cfg.L1, cfg.L2}, a.LayerLR...) {
		if !(v >= 0 && v <= 10) {
			return nil, badRequest("%s: a learning rate or penalty of %v; the page takes 0 to 10", name, v)
		}
	}
	a.Params = planParams(plan)
	if !allFinite(a.Params) {
		return nil, badRequest("%s: a weight is not a finite number", name)
	}
	if meta != nil {
		a.Epoch, a.FinalLoss = meta.Epochs, meta.Loss
		if slices.Contains(nn.DatasetNames(), meta.Dataset) {
			a.Dataset = meta.Dataset
		}
	}
	if a.Epoch < 0 {
		a.Epoch = 0
	}
	return a, nil
}

// pageShows refuses, before any weight is read, a network that /api/train
// would not build: the page's networks have 2 inputs (or its features),
// at most Limits.MaxLayers hidden layers of Limits.MaxUnits units, all of
// one activation other than linear, and the output /api/train gives the
// loss (one sigmoid unit, or a linear one for a regression set; K ≤
// Limits.MaxClasses linear units for the softmax).
func (s *Server) pageShows(name string, cfg nn.Config) error {
	l := s.limits
	shape := configShapeString(cfg)
	if cfg.Inputs != 2 {
		return fmt.Errorf("%s: the %s network has %d inputs; the page draws networks of 2 (x1, x2)", name, shape, cfg.Inputs)
	}
	if len(cfg.Features) > maxFeatures {
		return fmt.Errorf("%s: %d features, more than the page's limit of %d", name, len(cfg.Features), maxFeatures)
	}
	hidden := cfg.Layers[:len(cfg.Layers)-1]
	if len(hidden) > l.MaxLayers {
		return fmt.Errorf("%s: the %s network has %d hidden layers, more than the page's limit of %d", name, shape, len(hidden), l.MaxLayers)
	}
	for i, h := range hidden {
		if h.Units > l.MaxUnits {
			return fmt.Errorf("%s: hidden layer %d of the %s network has %d units, more than the page's limit of %d", name, i+1, shape, h.Units, l.MaxUnits)
		}
		if h.Activation != hidden[0].Activation {
			return fmt.Errorf("%s: the hidden layers have the activations %s and %s; the page gives all of them one", name, hidden[0].Activation, h.Activation)
		}
		if h.Activation == nn.Linear {
			return fmt.Errorf("%s: linear hidden layers; the page offers sigmoid, tanh, relu and leaky_relu", name)
		}
	}
	out := cfg.Layers[len(cfg.Layers)-1]
	switch {
	case cfg.Loss == nn.Softmax:
		if out.Activation != nn.Linear {
			return fmt.Errorf("%s: a softmax over %s outputs; the page's softmax takes linear ones (the logits)", name, out.Activation)
		}
		if out.Units > l.MaxClasses {
			return fmt.Errorf("%s: %d classes, more than the page's limit of %d", name, out.Units, l.MaxClasses)
		}
	case out.Units != 1:
		return fmt.Errorf("%s: %d outputs with the loss %s; the page's networks have one (or one per class with softmax)", name, out.Units, cfg.Loss)
	case out.Activation != nn.Sigmoid && out.Activation != nn.Linear:
		return fmt.Errorf("%s: a %s output; the page's is a sigmoid (a linear one for a regression set)", name, out.Activation)
	}
	return nil
}

// configShapeString is the shape of cfg's network as 2-4-1.
func configShapeString(cfg nn.Config) string {
	s := []string{strconv.Itoa(cfg.Inputs)}
	if len(cfg.Features) > 0 {
		s[0] = strconv.Itoa(len(cfg.Features))
	}
	for _, L := range cfg.Layers {
		s = append(s, strconv.Itoa(L.Units))
	}
	return strings.Join(s, "-")
}

func allZeroRates(s []float64) bool {
	for _, v := range s {
		if v != 0 {
			return false
		}
	}
	return true
}
