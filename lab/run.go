package lab

import (
	"context"
	"fmt"
	"math"

	"github.com/cgraph/cgraph/nn"
)

// LayerStats are the measurements of one hidden layer.
type LayerStats struct {
	Layer int `json:"layer"` // counted from 1 at the input
	// Grad is the root mean square of ∂L/∂w over the layer's weights and
	// the samples: √(Σ_s Σ_w (∂L_s/∂w)² / (samples·weights)).
	Grad float64 `json:"grad"`
	// Saturated is the fraction of (sample, unit) pairs of a sigmoid or
	// tanh layer whose local derivative is below SaturatedBelow; 0 for
	// ReLUs.
	Saturated float64 `json:"saturated"`
	// Dead is the fraction of a ReLU or leaky ReLU layer's units whose
	// pre-activation is ≤ 0 on every sample, so that (for ReLU) no
	// gradient reaches their weights; 0 for sigmoid and tanh.
	Dead float64 `json:"dead"`
}

// Result is the measurement of one Config.
type Result struct {
	Config Config
	Layers []LayerStats // hidden layers 1 … Depth
	Output float64      // RMS gradient of the output unit's weights
	Loss   float64      // mean loss over the samples
	// Overflow, if not nil, says where the network's numbers outgrew
	// float64; Layers is then nil. Only a Sweep with KeepOverflow returns
	// such a Result; Run returns the overflow as an error.
	Overflow *Overflow
}

// Overflow is where a network's values or gradients outgrew float64: a
// ReLU network whose weights are too large grows its activations by
// about √(width/2)·gain a layer, past 1.8e308 within a few hundred layers.
type Overflow struct {
	Layer int    `json:"layer"` // the first layer with a value (forward) or gradient (backward) that is not finite
	Pass  string `json:"pass"`  // "forward" or "backward"
	Node  string `json:"node"`  // the graph's name of that value, e.g. z293_1
}

// OverflowError is the error of Run for a network that overflows.
type OverflowError struct {
	Config   Config
	Overflow Overflow
	err      error
}

func (e *OverflowError) Error() string {
	c := e.Config
	return fmt.Sprintf("lab: %s/%s seed %d: %v (the network's numbers outgrow float64: make it shallower or scale its weights down)", c.Activation, c.InitName(), c.Seed, e.err)
}

func (e *OverflowError) Unwrap() error { return e.err }

// Run measures the network of c: its dense plan (nn.Plan, the same
// weights nn.New draws from the seed) runs Forward and Backward on all
// samples at once, and each hidden layer is measured.
func Run(c Config) (*Result, error) { return RunContext(context.Background(), c) }

// RunContext is Run that stops with ctx's error when ctx is done: it looks
// between the layers of the forward and the backward pass, so even a
// network of the largest size stops within one layer's work.
func RunContext(ctx context.Context, c Config) (*Result, error) {
	return run(ctx, c, 1, nil)
}

// run is RunContext with the plan's kernels on workers goroutines; step,
// if not nil, is called after each layer of the forward and of the
// backward pass, 2·(Depth+1) times in all.
func run(ctx context.Context, c Config, workers int, step func()) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	p, err := nn.NewPlan(c.netConfig())
	if err != nil {
		return nil, err
	}
	p.Workers = workers
	pass := p.NewPass(c.Samples)
	pass.Sums = false
	xs, ys := c.samples()
	for s, x := range xs {
		copy(pass.X[s*c.Width:], x)
	}
	copy(pass.Y, ys)
	for l := range p.Layers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pass.ForwardLayer(l)
		if step != nil {
			step()
		}
	}
	acc := newAccumulator(c)
	acc.norms = make([]sqSum, c.Depth+1)
	acc.loss = pass.LossGrad()
	if step != nil {
		step()
	}
	for l := c.Depth; l >= 1; l-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pass.BackwardLayer(l)
		if step != nil {
			step()
		}
	}
	if err := pass.NonFinite(); err != nil {
		oe := &OverflowError{Config: c, err: err}
		if nf, ok := err.(*nn.NonFiniteError); ok {
			oe.Overflow = Overflow{Layer: nf.Layer, Pass: nf.Pass, Node: nf.Node}
		}
		return nil, oe
	}
	acc.measure(p, pass)
	return acc.result(), nil
}

// netConfig is the network of c as package nn describes it.
func (c Config) netConfig() nn.Config {
	layers := append(nn.Dense(c.Activation, repeat(c.Width, c.Depth)...), nn.LayerSpec{Units: 1, Activation: nn.Linear})
	return nn.Config{Inputs: c.Width, Layers: layers, Init: c.initializer(), Seed: c.Seed}
}

// measure adds a pass's measurements to a. The gradient of weight w_ji
// on sample s is ∂L/∂z_j · a_i, so the sum of their squares over a layer
// is Σ_s (Σ_j (∂L/∂z_sj)²)·(Σ_i a_si²): the per-sample norms of the
// gradients without forming them, as Goodfellow (2015) computes
// per-example gradient norms.
func (a *accumulator) measure(p *nn.Plan, pass *nn.Pass) {
	for l, L := range p.Layers {
		in := pass.X
		if l > 0 {
			in = pass.A[l-1]
		}
		for s := range pass.N {
			a.norms[l].add(norm(pass.DZ[l][s*L.Out:(s+1)*L.Out]) * norm(in[s*L.In:(s+1)*L.In]))
		}
		if l == len(p.Layers)-1 {
			break
		}
		act := unary(L.Activation)
		z, out := pass.Z[l], pass.A[l]
		for s := range pass.N {
			for j := range L.Out {
				q := s*L.Out + j
				a.unit(l, j, z[q], act.Local(z[q], out[q]))
			}
		}
	}
}

// sqSum is a sum of squares Σt² kept as scale²·ssq, as LAPACK's dnrm2
// keeps it, so that it overflows only where the result would: an
// exploding network's gradients reach 1e200 and more, whose squares do
// not fit in a float64.
type sqSum struct{ scale, ssq float64 }

func (q *sqSum) add(t float64) {
	t = math.Abs(t)
	switch {
	case t == 0:
	case t > q.scale:
		r := q.scale / t
		q.ssq = 1 + q.ssq*r*r
		q.scale = t
	default:
		r := t / q.scale
		q.ssq += r * r
	}
}

// rms is √(Σt²/n).
func (q sqSum) rms(n float64) float64 { return q.scale * math.Sqrt(q.ssq/n) }

// norm is the Euclidean norm of x, without overflow.
func norm(x []float64) float64 {
	var q sqSum
	for _, v := range x {
		q.add(v)
	}
	return q.rms(1)
}

func repeat(n, times int) []int {
	s := make([]int, times)
	for i := range s {
		s[i] = n
	}
	return s
}

// accumulator gathers the sums of a Result over the samples. Run and
// Matrix share it, so they differ only in how they compute gradients.
type accumulator struct {
	c      Config
	sq     []float64 // Σ (∂L/∂w)² per layer, the output layer last
	sat    []int     // saturated (sample, unit) pairs per hidden layer
	alive  [][]bool  // alive[l][j]: unit j of layer l had z > 0 on a sample
	loss   float64
	counts []int // weights per layer
	// norms, if not nil, replaces sq: the plan's sums of squares, kept
	// without overflow.
	norms []sqSum
}

func newAccumulator(c Config) *accumulator {
	a := &accumulator{c: c, sq: make([]float64, c.Depth+1), sat: make([]int, c.Depth), alive: make([][]bool, c.Depth)}
	for l := range c.Depth {
		a.alive[l] = make([]bool, c.Width)
		a.counts = append(a.counts, c.Width*c.Width)
	}
	a.counts = append(a.counts, c.Width)
	return a
}

// unit records unit j of hidden layer l on one sample: its pre-activation
// z and its local derivative d = ∂a/∂z.
func (a *accumulator) unit(l, j int, z, d float64) {
	if z > 0 {
		a.alive[l][j] = true
	}
	if d < SaturatedBelow {
		a.sat[l]++
	}
}

func (a *accumulator) result() *Result {
	c := a.c
	r := &Result{Config: c, Loss: a.loss / float64(c.Samples)}
	sigmoidal := c.Activation == nn.Sigmoid || c.Activation == nn.Tanh
	for l := range c.Depth {
		st := LayerStats{Layer: l + 1, Grad: a.rms(l)}
		if sigmoidal {
			st.Saturated = float64(a.sat[l]) / float64(c.Width*c.Samples)
		} else {
			dead := 0
			for _, alive := range a.alive[l] {
				if !alive {
					dead++
				}
			}
			st.Dead = float64(dead) / float64(c.Width)
		}
		r.Layers = append(r.Layers, st)
	}
	r.Output = a.rms(c.Depth)
	return r
}

// rms is the root mean square gradient of layer l's weights.
func (a *accumulator) rms(l int) float64 {
	n := float64(a.counts[l] * a.c.Samples)
	if a.norms != nil {
		return a.norms[l].rms(n)
	}
	return math.Sqrt(a.sq[l] / n)
}
