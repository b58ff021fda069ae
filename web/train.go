package web

import (
	"context"
	"math"
	"net/http"

	"github.com/cgraph/cgraph/nn"
)

// trainRequest is the body of POST /api/train: a network, a dataset, and
// how many epochs to train it for in this request. The server keeps no
// network between requests: Params carries the weights the last answer
// returned (none: fresh weights drawn from Seed), and Epoch how many epochs
// they have been trained, so a page trains live by asking again and again.
type trainRequest struct {
	Dataset    string    `json:"dataset"`
	Noise      float64   `json:"noise"`   // 0 … 1
	Samples    int       `json:"samples"` // 0: 200 (ignored by xor, and, or)
	DataSeed   uint64    `json:"data_seed"`
	Hidden     []int     `json:"hidden"`     // units of each hidden layer
	Activation string    `json:"activation"` // of the hidden layers; the output is a sigmoid
	Init       string    `json:"init"`
	Loss       string    `json:"loss"` // "": squared
	LR         float64   `json:"lr"`
	Seed       uint64    `json:"seed"`
	Epochs     int       `json:"epochs"` // to train in this request; 0 only evaluates
	Epoch      int       `json:"epoch"`  // epochs already trained (for the shuffling seed)
	Params     []float64 `json:"params"`
	Grid       int       `json:"grid"` // boundary resolution per side; 0: 40
}

// trainResponse is the network after this request's epochs.
type trainResponse struct {
	Epoch    int          `json:"epoch"`
	Losses   []float64    `json:"losses"` // mean loss of each epoch trained in this request
	Loss     float64      `json:"loss"`   // mean loss over the dataset now
	Accuracy float64      `json:"accuracy"`
	Params   []float64    `json:"params"`
	Shape    []int        `json:"shape"`
	Layers   []layerJSON  `json:"layers"`
	Points   [][3]float64 `json:"points"` // x1, x2, label
	Boundary boundary     `json:"boundary"`
}

type layerJSON struct {
	Activation string      `json:"activation"`
	W          [][]float64 `json:"w"` // w[j][i]: from input i to unit j
	B          []float64   `json:"b"`
}

// boundary is the network's output on an N×N grid over [X0, X1] × [Y0, Y1],
// row by row from Y0, each row from X0.
type boundary struct {
	X0     float64   `json:"x0"`
	X1     float64   `json:"x1"`
	Y0     float64   `json:"y0"`
	Y1     float64   `json:"y1"`
	N      int       `json:"n"`
	Values []float64 `json:"values"`
}

func (s *Server) train(ctx context.Context, r *http.Request) (any, error) {
	var req trainRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	l := s.limits
	if req.Samples < 0 || req.Samples > l.MaxSamples {
		return nil, badRequest("samples %d: want 0 to %d", req.Samples, l.MaxSamples)
	}
	if !(req.Noise >= 0 && req.Noise <= 1) {
		return nil, badRequest("noise %v: want 0 to 1", req.Noise)
	}
	d, err := nn.Builtin(req.Dataset, &nn.ToyOptions{N: req.Samples, Noise: req.Noise, Seed: req.DataSeed})
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if d.Dim() != 2 {
		return nil, badRequest("dataset %s has %d inputs; the panel draws 2", req.Dataset, d.Dim())
	}
	m, err := s.network(&req)
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
	weights := len(m.Params())
	if work := req.Epochs * d.Len() * weights; work > l.MaxTrainOp {
		return nil, badRequest("%d steps × %d weights is %d, more than the limit of %d per request: train fewer epochs at a time or a smaller network",
			req.Epochs*d.Len(), weights, work, l.MaxTrainOp)
	}
	if req.Epoch < 0 {
		return nil, badRequest("epoch %d: want ≥ 0", req.Epoch)
	}
	if req.Grid == 0 {
		req.Grid = 40
	}
	if req.Grid < 2 || req.Grid > l.MaxGrid {
		return nil, badRequest("grid %d: want 2 to %d", req.Grid, l.MaxGrid)
	}
	// Light requests, such as the page's live training (20–50 epochs of a
	// small network), take their memory but do not queue for a core:
	// they are over in milliseconds.
	need := trainBytes(m.Graph().Len(), weights, d.Len(), req.Grid)
	var done func()
	if work := int64(req.Epochs) * int64(d.Len()) * int64(weights); work > lightTrain {
		done, err = s.admit(ctx, "this training", need)
	} else {
		done, err = s.work.take(ctx, "this training", need)
	}
	if err != nil {
		return nil, err
	}
	defer done()
	resp := &trainResponse{Epoch: req.Epoch, Losses: []float64{}, Shape: m.Shape()}
	if req.Epochs > 0 {
		resp.Losses, err = m.Train(d, &nn.TrainOptions{
			Epochs: req.Epochs, Shuffle: true, Seed: req.Seed<<20 ^ uint64(req.Epoch),
			Progress: func(int, float64) error { return ctx.Err() },
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, badRequest("training: %v", err)
		}
		resp.Epoch += req.Epochs
	}
	ev, err := m.Evaluate(d)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	resp.Loss, resp.Accuracy = ev.Loss, ev.Accuracy
	for _, p := range m.Params() {
		resp.Params = append(resp.Params, p.Value())
	}
	for _, layer := range m.Layers() {
		lj := layerJSON{Activation: string(layer.Activation)}
		for j := range layer.W {
			row := make([]float64, len(layer.W[j]))
			for i, w := range layer.W[j] {
				row[i] = w.Value()
			}
			lj.W = append(lj.W, row)
			lj.B = append(lj.B, layer.B[j].Value())
		}
		resp.Layers = append(resp.Layers, lj)
	}
	for i, x := range d.X {
		resp.Points = append(resp.Points, [3]float64{x[0], x[1], d.Y[i]})
	}
	if resp.Boundary, err = boundaryOf(ctx, m, d, req.Grid); err != nil {
		return nil, err
	}
	if !finite(resp.Loss) || !allFinite(resp.Params) {
		return nil, badRequest("training diverged (loss %v): lower the learning rate", resp.Loss)
	}
	return resp, nil
}

// network builds the MLP of a request, with its weights set from Params.
func (s *Server) network(req *trainRequest) (*nn.MLP, error) {
	l := s.limits
	if len(req.Hidden) > l.MaxLayers {
		return nil, badRequest("%d hidden layers, more than the limit of %d", len(req.Hidden), l.MaxLayers)
	}
	act := nn.Sigmoid // the exercise's, as the CLI's and the page's defaults
	if req.Activation != "" {
		a, err := nn.ParseActivation(req.Activation)
		if err != nil {
			return nil, badRequest("%v", err)
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
	layers = append(layers, nn.LayerSpec{Units: 1, Activation: nn.Sigmoid})
	cfg := nn.Config{Inputs: 2, Layers: layers, Alpha: req.LR, Seed: req.Seed}
	if req.Init != "" {
		in, err := nn.ParseInit(req.Init)
		if err != nil {
			return nil, badRequest("%v", err)
		}
		cfg.Init = in
	}
	if req.Loss != "" {
		loss, err := nn.ParseLoss(req.Loss)
		if err != nil {
			return nil, badRequest("%v", err)
		}
		cfg.Loss = loss
	}
	if !(req.LR >= 0 && req.LR <= 10) {
		return nil, badRequest("learning rate %v: want 0 to 10 (0: the default %v)", req.LR, nn.DefaultAlpha)
	}
	m, err := nn.New(cfg)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if req.Params != nil {
		params := m.Params()
		if len(req.Params) != len(params) {
			return nil, badRequest("%d params for a network of %d weights and biases", len(req.Params), len(params))
		}
		if !allFinite(req.Params) {
			return nil, badRequest("params must be finite numbers")
		}
		for i, p := range params {
			if err := m.Graph().Set(p.Name(), req.Params[i]); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// boundaryOf evaluates the network on a grid around the data.
func boundaryOf(ctx context.Context, m *nn.MLP, d *nn.Dataset, n int) (boundary, error) {
	x0, x1 := d.Bounds(0)
	y0, y1 := d.Bounds(1)
	mx, my := max((x1-x0)*0.1, 0.25), max((y1-y0)*0.1, 0.25)
	b := boundary{X0: x0 - mx, X1: x1 + mx, Y0: y0 - my, Y1: y1 + my, N: n}
	if err := ctx.Err(); err != nil {
		return b, err
	}
	xs := make([][]float64, 0, n*n)
	for r := range n {
		y := b.Y0 + (b.Y1-b.Y0)*float64(r)/float64(n-1)
		for c := range n {
			xs = append(xs, []float64{b.X0 + (b.X1-b.X0)*float64(c)/float64(n-1), y})
		}
	}
	// All points at once on the network's dense plan: at the limits (8
	// layers of 64 units, a 64×64 grid) about 0.1 s.
	v, err := m.OutputAll(xs)
	if err != nil {
		return b, badRequest("the network's output on the grid: %v; lower the learning rate", err)
	}
	b.Values = v
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
// (weights, gradient sums and a copy, 8 bytes each, and a request's
// params and JSON), the dataset, the boundary grid and its scratch, with
// a generous floor. At the limits (8 layers of 64 units, 500 samples, a
// 64×64 grid) it is about 70 MiB.
func trainBytes(nodes, weights, samples, grid int) int64 {
	return 4<<20 + int64(nodes)*1024 + int64(weights)*64 + int64(samples)*256 + int64(grid*grid)*(64+3*64*8)
}
