package web

import (
	"context"
	"math"
	"net/http"

	"github.com/cgraph/cgraph/lab"
	"github.com/cgraph/cgraph/nn"
)

// vanishRequest is the body of POST /api/vanish: one sweep of the lab.
type vanishRequest struct {
	Depth       int      `json:"depth"`
	Width       int      `json:"width"`
	Activations []string `json:"activations"`
	Inits       []string `json:"inits"` // NAME or NAME*GAIN, e.g. "xavier*4"
	Seeds       int      `json:"seeds"` // seeds 1 … Seeds; 0: 1
	Samples     int      `json:"samples"`
}

// vanishResponse has one run per activation × init × seed, as `cgraph
// vanish --json` prints them, and the (1/4)^n reference line.
type vanishResponse struct {
	Runs      []vanishRun `json:"runs"`
	Reference []float64   `json:"reference"` // (1/4)^(depth−layer+1), the sigmoid chain's bound
}

type vanishRun struct {
	Activation string           `json:"activation"`
	Init       string           `json:"init"`
	Seed       uint64           `json:"seed"`
	Layers     []lab.LayerStats `json:"layers"`
	Output     float64          `json:"output"`
	Loss       float64          `json:"loss"`
}

func (s *Server) vanish(ctx context.Context, r *http.Request) (any, error) {
	var req vanishRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	l := s.limits
	if req.Depth < 1 || req.Depth > l.MaxDepth {
		return nil, badRequest("depth %d: want 1 to %d", req.Depth, l.MaxDepth)
	}
	if req.Width < 1 || req.Width > l.MaxWidth {
		return nil, badRequest("width %d: want 1 to %d", req.Width, l.MaxWidth)
	}
	if req.Seeds == 0 {
		req.Seeds = 1
	}
	if req.Samples < 0 || req.Samples > 64 {
		return nil, badRequest("samples %d: want 0 to 64 (0: %d)", req.Samples, lab.DefaultSamples)
	}
	grid := lab.Grid{Depth: req.Depth, Width: req.Width, Samples: req.Samples}
	if len(req.Activations) == 0 || len(req.Inits) == 0 {
		return nil, badRequest("give at least one activation and one init")
	}
	for _, a := range req.Activations {
		act, err := nn.ParseActivation(a)
		if err != nil {
			return nil, badRequest("%v", err)
		}
		grid.Activations = append(grid.Activations, act)
	}
	for _, s := range req.Inits {
		in, gain, err := lab.ParseInit(s)
		if err != nil {
			return nil, badRequest("%v", err)
		}
		grid.Inits = append(grid.Inits, lab.InitSpec{Init: in, Gain: gain})
	}
	n := len(grid.Activations) * len(grid.Inits)
	if req.Seeds < 1 || req.Seeds > l.MaxConfigs || n*req.Seeds > l.MaxConfigs {
		return nil, badRequest("%d activations × %d inits × %d seeds: want at most %d runs",
			len(grid.Activations), len(grid.Inits), req.Seeds, l.MaxConfigs)
	}
	samples := req.Samples
	if samples == 0 {
		samples = lab.DefaultSamples
	}
	if work := n * req.Seeds * req.Depth * req.Width * req.Width * samples / lab.DefaultSamples; work > l.MaxVanishOp {
		return nil, badRequest("runs × depth × width² = %d, more than the limit of %d: make the network smaller or ask for fewer runs",
			work, l.MaxVanishOp)
	}
	for i := range req.Seeds {
		grid.Seeds = append(grid.Seeds, uint64(i+1))
	}
	done, err := s.admit(ctx, "this sweep", vanishBytes(req.Depth, req.Width, samples))
	if err != nil {
		return nil, err
	}
	defer done()
	// One worker per request: concurrent requests already use every core.
	results, err := lab.Sweep(ctx, grid.Configs(), &lab.SweepOptions{Workers: 1})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, badRequest("%v", err)
	}
	resp := vanishResponse{}
	for _, res := range results {
		resp.Runs = append(resp.Runs, vanishRun{
			Activation: string(res.Config.Activation), Init: res.Config.InitName(), Seed: res.Config.Seed,
			Layers: res.Layers, Output: res.Output, Loss: res.Loss,
		})
	}
	for layer := 1; layer <= req.Depth; layer++ {
		resp.Reference = append(resp.Reference, math.Pow(0.25, float64(req.Depth-layer+1)))
	}
	return resp, nil
}

// vanishBytes estimates the memory of a sweep on one worker: one network
// at a time, its dense plan's weights and its samples' values and
// gradients (lab.Config.MemoryBytes, which matches what lab.Run allocates to
// 1%), and a quarter more for the garbage collector's slack.
func vanishBytes(depth, width, samples int) int64 {
	return int64(lab.Config{Depth: depth, Width: width, Samples: samples}.MemoryBytes()) * 5 / 4
}
