package web

import (
	"context"
	"math"
	"net/http"
	"strings"
	"unicode"

	"github.com/cgraph/cgraph/nn"
)

// trainRequest is the body of POST /api/train: a network, a dataset, and
// how many epochs to train it for in this request. The server keeps no
// network between requests: Params carries the weights the last answer
// returned (none: fresh weights drawn from Seed), and Epoch how many epochs
// they have been trained, so a page trains live by asking again and again.
// Every field but dataset is optional; the zero values are the defaults.
type trainRequest struct {
	Dataset  string  `json:"dataset"` // a built-in set (nn.DatasetNames), or "csv" with CSV
	Noise    float64 `json:"noise"`   // 0 … 1
	Samples  int     `json:"samples"` // 0: 200 (ignored by xor, and, or)
	DataSeed uint64  `json:"data_seed"`
	Classes  int     `json:"classes"` // of blobs; 0: 3
	// CSV is the text of a CSV file, rows x1,x2,label, the dataset of
	// dataset "csv" (at most Limits.MaxCSV bytes); CSVName names it in
	// errors ("file:line: field n").
	CSV     string  `json:"csv"`
	CSVName string  `json:"csv_name"`
	Test    float64 `json:"test"` // fraction of the samples held out for testing, 0 ≤ test < 1 (nn.Split with data_seed)
	// Features, if any, are the first layer's inputs (nn.ParseFeature:
	// x1, x2, x1^2, x1*x2, sin(x1) …) instead of x1 and x2.
	Features   []string `json:"features"`
	Hidden     []int    `json:"hidden"`     // units of each hidden layer
	Activation string   `json:"activation"` // of the hidden layers
	Init       string   `json:"init"`
	// Loss "" is squared; "softmax" makes the output one linear unit per
	// class. Regression sets have a linear output, the others a sigmoid.
	Loss string  `json:"loss"`
	L1   float64 `json:"l1"` // rates of the penalty on the weights, 0 … 10
	L2   float64 `json:"l2"`
	LR   float64 `json:"lr"`
	// LayerLR, if any, is a learning rate per layer, the hidden layers
	// then the output layer (0: lr), as `cgraph train --layer-lr`: the
	// page sends the one of a model it opened.
	LayerLR   []float64 `json:"layer_lr"`
	Optimizer string    `json:"optimizer"` // sgd (""), momentum or adam
	Momentum  float64   `json:"momentum"`  // 0: 0.9
	Beta1     float64   `json:"beta1"`     // 0: 0.9
	Beta2     float64   `json:"beta2"`     // 0: 0.999
	Batch     int       `json:"batch"`     // samples per step; 0 or 1: per sample, as the exercise
	Seed      uint64    `json:"seed"`
	Epochs    int       `json:"epochs"` // to train in this request; 0 only evaluates
	Epoch     int       `json:"epoch"`  // epochs already trained (nn.TrainOptions.FirstEpoch: which shuffles come next)
	Params    []float64 `json:"params"`
	// OptState is the opt_state the last answer returned: momentum's or
	// Adam's state, which goes on from it (none: from zero).
	OptState *optStateJSON `json:"opt_state"`
	Grid     int           `json:"grid"`    // boundary resolution per side; 0: 40
	Neurons  int           `json:"neurons"` // resolution per side of every unit's map; 0: none
	Grads    bool          `json:"grads"`   // answer the gradient of the loss at the weights
}

// trainResponse is the network after this request's epochs.
type trainResponse struct {
	Epoch      int       `json:"epoch"`
	Losses     []float64 `json:"losses"`                // mean loss of each epoch trained in this request
	TestLosses []float64 `json:"test_losses,omitempty"` // the test set's, after each of those epochs
	Loss       float64   `json:"loss"`                  // mean loss over the training set now (with the penalty)
	Accuracy   float64   `json:"accuracy"`              // 0 for a regression set
	TestLoss   *float64  `json:"test_loss,omitempty"`
	TestAcc    *float64  `json:"test_accuracy,omitempty"`
	Penalty    float64   `json:"penalty"` // λ₁·Σ|w| + (λ₂/2)·Σw², part of every sample's loss
	Params     []float64 `json:"params"`
	// OptState is the optimizer's state after the request's epochs, for
	// the next request (momentum and adam); absent, with OptStateNote
	// saying why, if it would make that request too large.
	OptState     *optStateJSON `json:"opt_state,omitempty"`
	OptStateNote string        `json:"opt_state_note,omitempty"`
	Grads        []float64     `json:"grads,omitempty"` // ∂loss/∂param, in the order of params
	Shape        []int         `json:"shape"`
	Features     []string      `json:"features"` // the first layer's inputs
	LossFn       string        `json:"loss_fn"`
	Classes      int           `json:"classes"` // of a softmax output; 0 for one output
	Regression   bool          `json:"regression"`
	Layers       []layerJSON   `json:"layers"`
	Points       [][3]float64  `json:"points"`                // x1, x2, label of the training set
	TestPoints   [][3]float64  `json:"test_points,omitempty"` // of the test set
	Boundary     boundary      `json:"boundary"`
	Neurons      *neurons      `json:"neurons,omitempty"`
}

type layerJSON struct {
	Activation string      `json:"activation"`
	W          [][]float64 `json:"w"` // w[j][i]: from input i to unit j
	B          []float64   `json:"b"`
}

// boundary is the network's output on an N×N grid over [X0, X1] × [Y0, Y1],
// row by row from Y0, each row from X0. For a softmax output, Classes is
// the class of the largest output at each point, Values its probability,
// and Probs[k] every class k's probability.
type boundary struct {
	X0      float64     `json:"x0"`
	X1      float64     `json:"x1"`
	Y0      float64     `json:"y0"`
	Y1      float64     `json:"y1"`
	N       int         `json:"n"`
	Values  []float64   `json:"values"`
	Classes []int       `json:"classes,omitempty"`
	Probs   [][]float64 `json:"probs,omitempty"`
}

// neurons is every unit's output on an N×N grid over the boundary's
// square: Units[l][j] is unit j of layer l (the last layer's are the
// outputs), row by row as Boundary.Values; Inputs[f] is the first layer's
// input f (a feature, or x1 and x2) on the same grid.
type neurons struct {
	N      int           `json:"n"`
	Inputs [][]float64   `json:"inputs"`
	Units  [][][]float64 `json:"units"`
}

func (s *Server) train(ctx context.Context, r *http.Request) (any, error) {
	var req trainRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	l := s.limits
	all, err := s.trainData(&req)
	if err != nil {
		return nil, err
	}
	d, test, err := nn.Split(all, req.Test, req.DataSeed)
	if err != nil {
		return nil, badRequest("test: %v", err)
	}
	m, err := s.network(&req, all)
	if err != nil {
		return nil, err
	}
	if req.Epochs < 0 || req.Epochs > l.MaxEpochs {
		return nil, badRequest("epochs %d: want 0 to %d per request", req.Epochs, l.MaxEpochs)
	}
	if steps := req.Epochs * d.Len(); steps > l.MaxSteps {
		return nil, badRequest("%d epochs of %d samples is %d steps, more than the limit of %d per request",
			req.Epochs, d.Len(), steps, l.MaxSteps)
	}
	weights := len(planParams(m.Plan()))
	// The test set is evaluated after every epoch: its samples count.
	if work := req.Epochs * all.Len() * weights; work > l.MaxTrainOp {
		return nil, badRequest("%d epochs × %d samples × %d weights is %d, more than the limit of %d per request: train fewer epochs at a time or a smaller network",
			req.Epochs, all.Len(), weights, work, l.MaxTrainOp)
	}
	if req.Epoch < 0 {
		return nil, badRequest("epoch %d: want ≥ 0", req.Epoch)
	}
	if req.Batch < 0 || req.Batch > d.Len() {
		return nil, badRequest("batch %d: want 0 to %d (the training samples)", req.Batch, d.Len())
	}
	opt, err := optimizerOf(&req)
	if err != nil {
		return nil, err
	}
	state, err := optStateOf(req.OptState, m.Plan(), opt, req.Params != nil)
	if err != nil {
		return nil, err
	}
	if req.Grid == 0 {
		req.Grid = 40
	}
	if req.Grid < 2 || req.Grid > l.MaxGrid {
		return nil, badRequest("grid %d: want 2 to %d", req.Grid, l.MaxGrid)
	}
	units := 0
	for _, n := range m.Shape()[1:] {
		units += n
	}
	if req.Neurons != 0 && (req.Neurons < 2 || req.Neurons > l.MaxNeurons) {
		return nil, badRequest("neurons %d: want 0 (none) or 2 to %d", req.Neurons, l.MaxNeurons)
	}
	if v := units * req.Neurons * req.Neurons; v > maxNeuronValues {
		return nil, badRequest("neurons %d: %d units × %d² points is %d values, more than the limit of %d: ask for a coarser grid",
			req.Neurons, units, req.Neurons, v, maxNeuronValues)
	}
	// Light requests, such as the page's live training (20–50 epochs of a
	// small network), take their memory but do not queue for a core:
	// they are over in milliseconds.
	need := trainBytes(nn.Nodes(m.Config()), weights, units, all.Len(), req.Grid, units*req.Neurons*req.Neurons)
	var done func()
	if work := int64(req.Epochs) * int64(all.Len()) * int64(weights); work > lightTrain {
		done, err = s.admit(ctx, "this training", need)
	} else {
		done, err = s.work.take(ctx, "this training", need)
	}
	if err != nil {
		return nil, err
	}
	defer done()
	cfg := m.Config()
	resp := &trainResponse{Epoch: req.Epoch, Losses: []float64{}, Shape: m.Shape(), LossFn: string(cfg.Loss),
		Features: featureNames(cfg), Regression: all.Regression}
	if cfg.Loss == nn.Softmax {
		resp.Classes = m.Shape()[len(m.Shape())-1]
	}
	if req.Epochs > 0 {
		opts := &nn.TrainOptions{
			Epochs: req.Epochs, BatchSize: req.Batch, Shuffle: true, Seed: req.Seed, FirstEpoch: req.Epoch, Optimizer: opt, State: state,
			Progress: func(int, float64) error { return ctx.Err() },
		}
		if test != nil {
			resp.TestLosses = make([]float64, 0, req.Epochs)
			opts.Test = test
			opts.Tested = func(_ int, loss float64) error {
				resp.TestLosses = append(resp.TestLosses, loss)
				return nil
			}
		}
		resp.Losses, err = m.Train(d, opts)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, badRequest("training: %v; lower the learning rate", err)
		}
		resp.Epoch += req.Epochs
	}
	plan := m.Plan()
	resp.Params = planParams(plan)
	if !allFinite(resp.Params) {
		return nil, badRequest("training diverged (a weight is not a finite number): lower the learning rate")
	}
	ev, err := m.Evaluate(d)
	if err != nil {
		return nil, badRequest("%v; lower the learning rate", err)
	}
	resp.Loss, resp.Accuracy = ev.Loss, ev.Accuracy
	if !finite(resp.Loss) {
		return nil, badRequest("training diverged (loss %v): lower the learning rate", resp.Loss)
	}
	resp.Penalty = plan.Penalty()
	if test != nil {
		tv, err := m.Evaluate(test)
		if err != nil {
			return nil, badRequest("the test set: %v; lower the learning rate", err)
		}
		resp.TestLoss, resp.TestAcc = &tv.Loss, &tv.Accuracy
		resp.TestPoints = points(test)
	}
	if req.Grads {
		resp.Grads = planParams(plan.Gradient(d)) // in the order of params
	}
	if state != nil {
		if state.Method == "" { // no epochs yet: the state of no step
			state.Method = opt.Method
			state.MW, state.MB = split(plan, make([]float64, len(resp.Params)))
			if opt.Method == "adam" {
				state.Pow1, state.Pow2 = 1, 1
				state.VW, state.VB = split(plan, make([]float64, len(resp.Params)))
			}
		}
		s := optStateJSONOf(state, plan)
		if ok, why := stateFits(l, resp.Params, s, len(req.CSV)); ok {
			resp.OptState = s
		} else {
			resp.OptStateNote = why
		}
	}
	for _, L := range plan.Layers {
		lj := layerJSON{Activation: string(L.Activation), B: append([]float64(nil), L.B...)}
		for j := range L.Out {
			lj.W = append(lj.W, append([]float64(nil), L.W[j*L.In:(j+1)*L.In]...))
		}
		resp.Layers = append(resp.Layers, lj)
	}
	resp.Points = points(d)
	b, xs := square(all, req.Grid)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if resp.Boundary, err = boundaryOf(m, b, xs); err != nil {
		return nil, err
	}
	if req.Neurons > 0 {
		_, xs := square(all, req.Neurons)
		u, err := m.UnitOutputs(xs)
		if err != nil {
			return nil, badRequest("the units' outputs: %v", err)
		}
		resp.Neurons = &neurons{N: req.Neurons, Units: u, Inputs: inputMaps(cfg, xs)}
	}
	return resp, nil
}

// maxNeuronValues bounds the numbers of a request's per-unit maps: 64 KiB
// of them, about 1.5 MB of JSON.
const maxNeuronValues = 1 << 16

// trainData is the dataset of a request: a built-in set or its CSV.
func (s *Server) trainData(req *trainRequest) (*nn.Dataset, error) {
	l := s.limits
	if req.Samples < 0 || req.Samples > l.MaxSamples {
		return nil, badRequest("samples %d: want 0 to %d", req.Samples, l.MaxSamples)
	}
	if !(req.Noise >= 0 && req.Noise <= 1) {
		return nil, badRequest("noise %v: want 0 to 1", req.Noise)
	}
	if req.Classes != 0 && (req.Classes < 2 || req.Classes > l.MaxClasses) {
		return nil, badRequest("classes %d: want 2 to %d", req.Classes, l.MaxClasses)
	}
	var d *nn.Dataset
	if req.Dataset == "csv" {
		if len(req.CSV) > l.MaxCSV {
			return nil, badRequest("csv: %d bytes, more than the limit of %d (%d KiB)", len(req.CSV), l.MaxCSV, l.MaxCSV>>10)
		}
		var err error
		if d, err = nn.ReadCSV(strings.NewReader(req.CSV), csvName(req.CSVName)); err != nil {
			return nil, badRequest("%v", err)
		}
		if d.Dim() != 2 {
			return nil, badRequest("csv: %d inputs per row; the panel draws 2: rows x1,x2,label", d.Dim())
		}
	} else {
		if req.CSV != "" {
			return nil, badRequest(`csv: given with dataset %q; a CSV is the dataset "csv"`, req.Dataset)
		}
		var err error
		d, err = nn.Builtin(req.Dataset, &nn.ToyOptions{N: req.Samples, Noise: req.Noise, Seed: req.DataSeed, Classes: req.Classes})
		if err != nil {
			return nil, badRequest("%v", err)
		}
		if d.Dim() != 2 {
			return nil, badRequest("dataset %s has %d inputs; the panel draws 2", req.Dataset, d.Dim())
		}
	}
	return d, nil
}

// csvName is the name of an uploaded file as errors show it: its base
// name, printable, at most 60 characters; "data.csv" if none.
func csvName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	if strings.TrimSpace(s) == "" {
		return "data.csv"
	}
	return s
}

// optimizerOf is the request's optimizer with its parameters.
func optimizerOf(req *trainRequest) (nn.Optimizer, error) {
	o, err := nn.ParseOptimizer(req.Optimizer)
	if err != nil {
		return o, badRequest("optimizer: %v", err)
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"momentum", req.Momentum}, {"beta1", req.Beta1}, {"beta2", req.Beta2}} {
		if !(p.v >= 0 && p.v < 1) {
			return o, badRequest("%s %v: want 0 ≤ %s < 1 (0: the default)", p.name, p.v, p.name)
		}
	}
	o.Momentum, o.Beta1, o.Beta2 = req.Momentum, req.Beta1, req.Beta2
	return o, nil
}

// network builds the MLP of a request for the dataset d, with its weights
// set from Params.
func (s *Server) network(req *trainRequest, d *nn.Dataset) (*nn.MLP, error) {
	l := s.limits
	if len(req.Hidden) > l.MaxLayers {
		return nil, badRequest("%d hidden layers, more than the limit of %d", len(req.Hidden), l.MaxLayers)
	}
	act := nn.Sigmoid // the exercise's, as the CLI's and the page's defaults
	if req.Activation != "" {
		a, err := nn.ParseActivation(req.Activation)
		if err != nil {
			return nil, badRequest("activation: %v", err)
		}
		act = a
	}
	var layers []nn.LayerSpec
	for _, u := range req.Hidden {
		if u < 1 || u > l.MaxUnits {
			return nil, badRequest("hidden layer of %d units: want 1 to %d", u, l.MaxUnits)
		}
		layers = append(layers, nn.LayerSpec{Units: u, Activation: act})
	}
	loss := nn.Squared
	if req.Loss != "" {
		var err error
		if loss, err = nn.ParseLoss(req.Loss); err != nil {
			return nil, badRequest("loss: %v", err)
		}
	}
	// The output as the CLI's: one sigmoid, linear for a regression set,
	// and for the softmax one linear unit per class (the largest label + 1).
	out := nn.LayerSpec{Units: 1, Activation: nn.Sigmoid}
	if d.Regression {
		out.Activation = nn.Linear
	}
	top := 0.0
	for _, y := range d.Y {
		top = max(top, y)
	}
	if loss == nn.Softmax {
		if d.Regression {
			return nil, badRequest("loss softmax: %s is a regression set, not classes; use squared or mse", d.Name)
		}
		k := max(2, int(top)+1)
		if k > l.MaxClasses {
			return nil, badRequest("loss softmax: labels up to %v make %d classes, more than the limit of %d", top, k, l.MaxClasses)
		}
		out = nn.LayerSpec{Units: k, Activation: nn.Linear}
	} else if d.Name == "blobs" && top > 1 {
		return nil, badRequest("loss %s: blobs has %d classes; choose the loss softmax (one output per class)", loss, int(top)+1)
	}
	layers = append(layers, out)
	if !(req.LR >= 0 && req.LR <= 10) {
		return nil, badRequest("learning rate %v: want 0 to 10 (0: the default %v)", req.LR, nn.DefaultAlpha)
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"l1", req.L1}, {"l2", req.L2}} {
		if !(p.v >= 0 && p.v <= 10) {
			return nil, badRequest("%s %v: want a rate from 0 to 10", p.name, p.v)
		}
	}
	if req.LayerLR != nil && len(req.LayerLR) != len(layers) {
		return nil, badRequest("layer_lr: %d rates for %d layers (the hidden layers and the output layer)", len(req.LayerLR), len(layers))
	}
	for i, a := range req.LayerLR {
		if !(a >= 0 && a <= 10) {
			return nil, badRequest("layer_lr %v of layer %d: want 0 to 10 (0: lr)", a, i+1)
		}
	}
	cfg := nn.Config{Inputs: 2, Layers: layers, Alpha: req.LR, Seed: req.Seed, Loss: loss, L1: req.L1, L2: req.L2, LayerAlpha: req.LayerLR}
	if len(req.Features) > maxFeatures {
		return nil, badRequest("features: %d, more than the limit of %d", len(req.Features), maxFeatures)
	}
	for _, f := range req.Features {
		ft, err := nn.ParseFeature(f)
		if err != nil {
			return nil, badRequest("features: %v", err)
		}
		cfg.Features = append(cfg.Features, ft)
	}
	if req.Init != "" {
		in, err := nn.ParseInit(req.Init)
		if err != nil {
			return nil, badRequest("init: %v", err)
		}
		cfg.Init = in
	}
	m, err := nn.New(cfg)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if req.Params != nil {
		p := m.Plan()
		if n := len(planParams(p)); len(req.Params) != n {
			return nil, badRequest("%d params for a network of %d weights and biases", len(req.Params), n)
		}
		if !allFinite(req.Params) {
			return nil, badRequest("params must be finite numbers")
		}
		setPlanParams(p, req.Params)
		if err := m.SetPlan(p); err != nil {
			return nil, badRequest("params: %v", err)
		}
	}
	return m, nil
}

// maxFeatures bounds the features of a request: the page offers 7.
const maxFeatures = 16

// planParams returns the weights and biases of p in the order of
// nn.MLP.Params: layer by layer, unit by unit, the unit's weights and then
// its bias.
func planParams(p *nn.Plan) []float64 {
	w, b := make([][]float64, len(p.Layers)), make([][]float64, len(p.Layers))
	for l, L := range p.Layers {
		w[l], b[l] = L.W, L.B
	}
	return join(p, w, b)
}

// setPlanParams sets p's weights and biases from vals, in planParams's
// order; vals has their number.
func setPlanParams(p *nn.Plan, vals []float64) {
	w, b := split(p, vals)
	for l, L := range p.Layers {
		copy(L.W, w[l])
		copy(L.B, b[l])
	}
}

// inputMaps is each of the first layer's inputs at the points xs: the
// features of cfg (nn.Feature.Eval, as the network computes them), or x1
// and x2.
func inputMaps(cfg nn.Config, xs [][]float64) [][]float64 {
	n := max(len(cfg.Features), cfg.Inputs)
	out := make([][]float64, n)
	for f := range out {
		out[f] = make([]float64, len(xs))
		for s, x := range xs {
			if len(cfg.Features) > 0 {
				out[f][s] = cfg.Features[f].Eval(x)
			} else {
				out[f][s] = x[f]
			}
		}
	}
	return out
}

// featureNames names the first layer's inputs of cfg.
func featureNames(cfg nn.Config) []string {
	if len(cfg.Features) > 0 {
		return nn.FeatureNames(cfg.Features)
	}
	return []string{"x1", "x2"}
}

func points(d *nn.Dataset) [][3]float64 {
	ps := make([][3]float64, len(d.X))
	for i, x := range d.X {
		ps[i] = [3]float64{x[0], x[1], d.Y[i]}
	}
	return ps
}

// square is the n×n grid around the data that the boundary and the units'
// maps are drawn on, and its points.
func square(d *nn.Dataset, n int) (boundary, [][]float64) {
	x0, x1 := d.Bounds(0)
	y0, y1 := d.Bounds(1)
	mx, my := max((x1-x0)*0.1, 0.25), max((y1-y0)*0.1, 0.25)
	b := boundary{X0: x0 - mx, X1: x1 + mx, Y0: y0 - my, Y1: y1 + my, N: n}
	xs := make([][]float64, 0, n*n)
	for r := range n {
		y := b.Y0 + (b.Y1-b.Y0)*float64(r)/float64(n-1)
		for c := range n {
			xs = append(xs, []float64{b.X0 + (b.X1-b.X0)*float64(c)/float64(n-1), y})
		}
	}
	return b, xs
}

// boundaryOf evaluates the network on the grid b's points xs: its output,
// or for a classifier of K outputs the class Evaluate predicts and its
// probability.
func boundaryOf(m *nn.MLP, b boundary, xs [][]float64) (boundary, error) {
	if m.Config().Loss != nn.Softmax {
		// All points at once on the network's dense plan: at the limits (8
		// layers of 64 units, a 64×64 grid) about 0.1 s.
		v, err := m.OutputAll(xs)
		if err != nil {
			return b, badRequest("the network's output on the grid: %v; lower the learning rate", err)
		}
		b.Values = v
		return b, nil
	}
	ev, err := m.Evaluate(&nn.Dataset{Name: "grid", X: xs, Y: make([]float64, len(xs))})
	if err != nil {
		return b, badRequest("the network's output on the grid: %v; lower the learning rate", err)
	}
	b.Values, b.Classes = make([]float64, len(xs)), make([]int, len(xs))
	for i, p := range ev.Predictions {
		b.Classes[i] = int(p.Yhat)
		b.Values[i] = p.Probs[b.Classes[i]]
		for k, q := range p.Probs {
			if i == 0 {
				b.Probs = append(b.Probs, make([]float64, len(xs)))
			}
			b.Probs[k][i] = q
		}
	}
	return b, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func allFinite(xs []float64) bool {
	for _, x := range xs {
		if !finite(x) {
			return false
		}
	}
	return true
}

// lightTrain is the work (epochs × samples × weights) of a training
// request under which it does not queue for a core: about 10 ms on the
// dense plan.
const lightTrain = 1_000_000

// trainBytes estimates the memory of a training request: the network's
// graph (a few hundred bytes a node, 1 KiB counted), its dense plan
// (weights, gradient sums and a copy, 8 bytes each, a request's params,
// gradients and JSON, and Adam's two moments with their copies and JSON), the dataset and its points' JSON, the
// passes over 256 samples or grid points (3 numbers per unit each), the
// units' maps (their numbers, the scratch and JSON), with a generous
// floor. At the limits (8 layers of 64 units, 500 samples, a 64×64 grid,
// 64 Ki unit values) it is about 75 MiB.
func trainBytes(nodes float64, weights, units, samples, grid, unitValues int) int64 {
	return 4<<20 + int64(nodes)*1024 + int64(weights)*256 + int64(samples)*256 +
		int64(grid*grid)*64 + 2*256*int64(units)*24 + int64(unitValues)*64
}
