package nn

import (
	"fmt"
	"math"
	"runtime"
	"strconv"

	"github.com/cgraph/cgraph"
)

// Plan is a network's dense layers as matrices, run by matrix kernels
// over a whole batch of samples: the engine for networks too wide for a
// node per weight. It holds 8 bytes per weight where the gate graph holds
// about 400 (a weight and a product node), and its scratch grows with
// samples × units, not samples × weights.
//
// Its numbers are the gate graph's, bit for bit: the activations are the
// gates' own (cgraph.Unary's Eval and Local), the loss is the loss gate's
// Forward and Backward, and every sum adds its terms in the order the
// graph's engines do. A weighted sum adds w₁x₁, …, wₙxₙ and then the bias,
// as the graph's Add (or MulAdd) does. Backward adds the units'
// contributions to an input from the last unit to the first, as the
// graph's backward reaches the units' steps in reverse topological order;
// a weight's gradient over a mini-batch adds the samples in the rows
// cgraph.Batch gives them (Train loads them so, see spread), in blocks of
// 32 as it does; a regularised weight's gradient in each sample is the
// penalty's part and then the data's, as the graph's backward adds them.
// TestPlanMatchesGraph and TestPlanTrainsAsGraph hold it to the graph with
// ==. Every sum has one fixed order whatever the number of workers, so
// results never depend on it.
type Plan struct {
	Inputs int // inputs of the first layer: the features, if any
	// Features, if any, are computed from each sample's raw inputs (Raw of
	// them) as the graph's feature nodes compute them.
	Features []Feature
	Raw      int
	Layers   []*PlanLayer // hidden layers, then the output layer
	Loss     Loss
	Alpha    float64 // learning rate of every weight and bias
	// L1 and L2 are the rates of the penalty on the weights (Config's).
	L1, L2 float64
	// Workers is the number of goroutines a layer's kernels are split
	// between when a layer is large enough to gain from it; 0: one per CPU.
	Workers int
}

// PlanLayer is one layer of a Plan.
type PlanLayer struct {
	In, Out    int
	Activation Activation
	// W holds the weights row by row: W[j*In+i] is the weight of unit j
	// from input i, the graph's w{l}_{j+1}_{i+1}.
	W []float64
	B []float64 // biases, B[j] is b{l}_{j+1}
	// AlphaW and AlphaB, if not nil, are each weight's and bias's own
	// learning rate, laid out as W and B: the α of its Weight gate. nil:
	// the plan's Alpha for every one.
	AlphaW, AlphaB []float64
	// act is the activation's gate, nil for Linear.
	act cgraph.Unary
}

// NewPlan draws the network of cfg as New does, the same weights from
// the same seed, without building its graph.
func NewPlan(cfg Config) (*Plan, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	d := newPlan(cfg)
	r := newRand(cfg.Seed)
	for l, L := range d.Layers {
		init := cfg.Layers[l].Init
		if init == nil {
			init = cfg.Init
		}
		for j := range L.Out { // New's order: unit by unit, the bias after the weights
			row := L.W[j*L.In : (j+1)*L.In]
			for i := range row {
				row[i] = init.Draw(r, L.In, L.Out)
			}
			L.B[j] = cfg.Bias.Draw(r, L.In, L.Out)
		}
	}
	return d, nil
}

// newPlan returns the zero-weight network of a validated cfg.
func newPlan(cfg Config) *Plan {
	d := &Plan{Inputs: cfg.width(), Features: cfg.Features, Raw: cfg.Inputs, Loss: cfg.Loss, Alpha: cfg.Alpha, L1: cfg.L1, L2: cfg.L2}
	in := cfg.width()
	for l, spec := range cfg.Layers {
		L := &PlanLayer{In: in, Out: spec.Units, Activation: spec.Activation, W: make([]float64, in*spec.Units), B: make([]float64, spec.Units)}
		if a := cfg.layerAlpha(l); a != cfg.Alpha {
			L.AlphaW, L.AlphaB = fill(len(L.W), a), fill(len(L.B), a)
		}
		if g := spec.Activation.Gate(); g != nil {
			u, ok := g.(cgraph.Unary)
			if !ok {
				panic("nn: activation " + string(spec.Activation) + " is not a cgraph.Unary gate")
			}
			L.act = u
		}
		d.Layers = append(d.Layers, L)
		in = spec.Units
	}
	return d
}

// PlanBytes is the memory a Plan of cfg holds for its weights, and a Pass
// over n samples for its inputs, values and gradients (z, a and ∂L/∂z per
// unit and sample). A pass that sums the gradients (training) holds as
// much again as the weights for the sums.
func PlanBytes(cfg Config, n int) (weights, pass int64) {
	in := int64(cfg.width())
	units := int64(0)
	for _, spec := range cfg.Layers {
		u := int64(spec.Units)
		weights += 8 * (in*u + u)
		units += u
		in = u
	}
	return weights, 8 * int64(n) * (3*units + int64(cfg.width()))
}

// Plan returns the network compiled to its dense plan: a copy of its
// weights as matrices. If the graph is built, they are read from its
// weight gates, which hold them even while the graph's node values are
// stale (during training on the tape).
func (m *MLP) Plan() *Plan {
	if m.net == nil {
		return m.w.Clone()
	}
	return m.weights()
}

// weights returns the network's weights as a plan: its own while the
// graph is not built (not a copy: it must not be changed), else a plan
// read from the weight gates.
func (m *MLP) weights() *Plan {
	if m.net == nil {
		return m.w
	}
	d := newPlan(m.cfg)
	for l, L := range m.net.layers {
		D := d.Layers[l]
		for j := range L.Out {
			for i, w := range L.W[j] {
				g := w.Gate().(*cgraph.Weight)
				D.W[j*D.In+i] = g.Value
				D.setAlpha(false, j*D.In+i, g.Alpha, d.Alpha)
			}
			g := L.B[j].Gate().(*cgraph.Weight)
			D.B[j] = g.Value
			D.setAlpha(true, j, g.Alpha, d.Alpha)
		}
	}
	return d
}

// Clone returns a copy of d with weights of its own.
func (d *Plan) Clone() *Plan {
	c := *d
	c.Layers = make([]*PlanLayer, len(d.Layers))
	for l, L := range d.Layers {
		cl := *L
		cl.W, cl.B = append([]float64(nil), L.W...), append([]float64(nil), L.B...)
		if L.AlphaW != nil {
			cl.AlphaW, cl.AlphaB = append([]float64(nil), L.AlphaW...), append([]float64(nil), L.AlphaB...)
		}
		c.Layers[l] = &cl
	}
	return &c
}

// SetPlan sets the network's weights and biases, and their learning rates, to d's, which must have
// the network's shape, and, if the graph is built, runs Forward so that
// every node's value is current; it returns Forward's error.
func (m *MLP) SetPlan(d *Plan) error {
	m.setPlanWeights(d)
	if m.net == nil {
		return nil
	}
	return m.net.graph.Forward()
}

// setPlanWeights sets the network's weights to d's: the weight gates'
// values if the graph is built (node values follow at the next Forward),
// else its own plan's.
func (m *MLP) setPlanWeights(d *Plan) {
	if len(d.Layers) != len(m.cfg.Layers) {
		panic(fmt.Sprintf("nn: SetPlan with %d layers for %d", len(d.Layers), len(m.cfg.Layers)))
	}
	shape := m.Shape()
	for l, D := range d.Layers {
		if D.In != shape[l] || D.Out != shape[l+1] {
			panic(fmt.Sprintf("nn: SetPlan: layer %d is %d×%d, not %d×%d", l+1, D.Out, D.In, shape[l+1], shape[l]))
		}
	}
	if m.net == nil {
		for l, D := range d.Layers {
			L := m.w.Layers[l]
			copy(L.W, D.W)
			copy(L.B, D.B)
			L.AlphaW, L.AlphaB = nil, nil
			if D.AlphaW != nil {
				L.AlphaW, L.AlphaB = append([]float64(nil), D.AlphaW...), append([]float64(nil), D.AlphaB...)
			}
		}
		return
	}
	for l, L := range m.net.layers {
		D := d.Layers[l]
		for j := range L.Out {
			for i, w := range L.W[j] {
				g := w.Gate().(*cgraph.Weight)
				g.Value, g.Alpha = D.W[j*D.In+i], D.alpha(false, j*D.In+i, d.Alpha)
			}
			g := L.B[j].Gate().(*cgraph.Weight)
			g.Value, g.Alpha = D.B[j], D.alpha(true, j, d.Alpha)
		}
	}
}

// Outputs is the number of the network's outputs.
func (d *Plan) Outputs() int { return d.Layers[len(d.Layers)-1].Out }

func (d *Plan) workers() int {
	if d.Workers > 0 {
		return d.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Pass runs a Plan on a batch of a fixed number of samples
// and keeps every layer's values and gradients for reading. Its buffers
// are made once, so passes of the same size allocate nothing.
type Pass struct {
	d *Plan
	N int // samples
	// X holds the first layer's inputs (the features, if the plan has
	// them) sample by sample: X[s*Inputs+f]; Y the targets,
	// Y[s*Outputs()+k]. Set them before Forward and Backward.
	X, Y []float64
	// Z, A and DZ hold per layer the pre-activations, the activations
	// (Z itself for Linear) and ∂L/∂z, sample by sample: Z[l][s*Out+j].
	Z, A, DZ [][]float64
	// Loss[s] is the loss of sample s.
	Loss []float64
	// GW and GB are per layer the sums over the samples of ∂L/∂W and
	// ∂L/∂b, laid out like W and B; Backward fills them if Sums is true.
	// ∂L/∂W includes the penalty's part, if the plan has a penalty.
	GW, GB [][]float64
	Sums   bool
	// slot[k] is the row that Load gives the k-th sample: see spread.
	slot []int

	lossB []float64 // the loss gate's arguments and gradients
	crew  *crew     // the workers of its parallel regions
}

// NewPass returns a pass over n samples.
func (d *Plan) NewPass(n int) *Pass {
	p := &Pass{d: d, N: n, X: make([]float64, n*d.Inputs), Y: make([]float64, n*d.Outputs()), Loss: make([]float64, n), Sums: true}
	for _, L := range d.Layers {
		p.Z = append(p.Z, make([]float64, n*L.Out))
		if L.act != nil {
			p.A = append(p.A, make([]float64, n*L.Out))
		} else {
			p.A = append(p.A, p.Z[len(p.Z)-1])
		}
		p.DZ = append(p.DZ, make([]float64, n*L.Out))
	}
	p.lossB = make([]float64, 4*d.Outputs())
	p.crew = newCrew(d.workers())
	return p
}

// input returns the activations feeding layer l.
func (p *Pass) input(l int) []float64 {
	if l == 0 {
		return p.X
	}
	return p.A[l-1]
}

// The workers of a pass split its samples when it has enough of them:
// each runs its share of the samples through every layer, with one join
// at the end of Forward and one at the end of the ∂L/∂z of Backward, and
// then they split the units for the gradient sums. A batch of too few
// samples splits the units of each layer instead. Either way each number
// is computed whole by one worker in one order.

// macs is the number of multiply-adds of one sample's forward pass.
func (d *Plan) macs() int {
	m := 0
	for _, L := range d.Layers {
		m += L.In * L.Out
	}
	return m
}

// bySample reports whether the pass splits its samples between its
// workers.
func (p *Pass) bySample() bool { return p.N >= 2*p.crew.size }

// Forward computes every layer's Z and A from X.
func (p *Pass) Forward() {
	c := p.crew
	switch {
	case serial(c, p.N*p.d.macs()):
		p.forward(0, p.N, solo)
	case !p.bySample():
		p.forward(0, p.N, c)
	default:
		split(p.N, 1, c, func(lo, hi int) { p.forward(lo, hi, solo) })
	}
}

// forward runs samples lo:hi through every layer, each layer's kernels
// on crew c.
func (p *Pass) forward(lo, hi int, c *crew) {
	for l := range p.d.Layers {
		p.forwardLayer(l, lo, hi, c)
	}
}

// Backward computes the losses against Y and every layer's ∂L/∂z after
// Forward, and, if Sums, the gradient sums GW and GB. It returns the sum
// of the losses, which is not finite if a number went wrong.
func (p *Pass) Backward() float64 {
	total := p.loss(p.DZ[len(p.d.Layers)-1])
	c := p.crew
	switch {
	case serial(c, p.N*p.d.macs()):
		c = solo
		p.backward(0, p.N, c)
	case !p.bySample():
		p.backward(0, p.N, c)
	default:
		split(p.N, 1, c, func(lo, hi int) { p.backward(lo, hi, solo) })
	}
	if !p.Sums {
		return total
	}
	if p.GW == nil {
		p.allocSums()
	}
	r := p.d.rates()
	if c.size == 1 || !p.bySample() {
		for l, L := range p.d.Layers {
			weightGrads(p.GW[l], p.GB[l], p.DZ[l], p.input(l), L.W, r, p.N, L.In, L.Out, c)
		}
		return total
	}
	// Every worker sums a share of every layer's units.
	w := c.size
	c.run(w, func(k int) {
		for l, L := range p.d.Layers {
			lo, hi := L.Out*k/w, L.Out*(k+1)/w
			weightGradsRange(p.GW[l], p.GB[l], p.DZ[l], p.input(l), L.W, r, p.N, L.In, L.Out, lo, hi)
		}
	})
	return total
}

// backward computes ∂L/∂z of every layer below the output for samples
// lo:hi, each layer's kernels on crew c.
func (p *Pass) backward(lo, hi int, c *crew) {
	for l := len(p.d.Layers) - 1; l > 0; l-- {
		p.backwardLayer(l, lo, hi, c)
	}
}

// backwardLayer computes ∂L/∂a of layer l−1 into its DZ rows lo:hi, then
// multiplies each by the activation's local derivative in place: the
// numbers of da·act'(z), with no buffer that the workers of other samples
// (on other layers at the same moment) could share.
func (p *Pass) backwardLayer(l, lo, hi int, c *crew) {
	L, below := p.d.Layers[l], p.d.Layers[l-1]
	dz := p.DZ[l-1][lo*L.In : hi*L.In]
	matMul(dz, p.DZ[l][lo*L.Out:hi*L.Out], L.W, hi-lo, L.In, L.Out, c)
	if below.act != nil {
		local(below.act, dz, dz, p.Z[l-1][lo*L.In:hi*L.In], p.A[l-1][lo*L.In:hi*L.In])
	}
}

// ForwardLayer computes layer l's Z and A from the layer below, for a
// caller that drives the layers itself (to look at a deadline or report
// progress between them); layers must go in order from 0. It gives
// Forward's numbers.
func (p *Pass) ForwardLayer(l int) {
	c := p.crew
	L := p.d.Layers[l]
	switch {
	case serial(c, p.N*L.In*L.Out):
		p.forwardLayer(l, 0, p.N, solo)
	case p.bySample():
		split(p.N, 1, c, func(lo, hi int) { p.forwardLayer(l, lo, hi, solo) })
	default:
		p.forwardLayer(l, 0, p.N, c)
	}
}

func (p *Pass) forwardLayer(l, lo, hi int, c *crew) {
	L := p.d.Layers[l]
	z := p.Z[l][lo*L.Out : hi*L.Out]
	matMulT(z, p.input(l)[lo*L.In:hi*L.In], L.W, L.B, hi-lo, L.In, L.Out, c)
	if L.act != nil {
		eval(L.act, p.A[l][lo*L.Out:hi*L.Out], z)
	}
}

// LossGrad computes the losses against Y and the output layer's ∂L/∂z
// after the last ForwardLayer, and returns the sum of the losses.
func (p *Pass) LossGrad() float64 { return p.loss(p.DZ[len(p.d.Layers)-1]) }

// BackwardLayer computes ∂L/∂z of layer l−1 from layer l's, for l ≥ 1,
// going down from the output after LossGrad; it gives Backward's numbers.
// It does not sum gradients.
func (p *Pass) BackwardLayer(l int) {
	c := p.crew
	L := p.d.Layers[l]
	switch {
	case serial(c, p.N*L.In*L.Out):
		p.backwardLayer(l, 0, p.N, solo)
	case p.bySample():
		split(p.N, 1, c, func(lo, hi int) { p.backwardLayer(l, lo, hi, solo) })
	default:
		p.backwardLayer(l, 0, p.N, c)
	}
}

func (p *Pass) allocSums() {
	for _, L := range p.d.Layers {
		p.GW = append(p.GW, make([]float64, len(L.W)))
		p.GB = append(p.GB, make([]float64, len(L.B)))
	}
}

// loss fills Loss and the output layer's ∂L/∂z into dz with the loss
// gates' own Forward and Backward, sample by sample, and returns the sum
// of the losses in sample order.
func (p *Pass) loss(dz []float64) float64 {
	d := p.d
	L := d.Layers[len(d.Layers)-1]
	k := L.Out
	a, z := p.A[len(d.Layers)-1], p.Z[len(d.Layers)-1]
	args, grads := p.lossB[:2*k], p.lossB[2*k:]
	var r1, r2 float64
	if d.L1 != 0 || d.L2 != 0 {
		r1, r2 = d.penalty()
	}
	total := 0.0
	for s := range p.N {
		out, y := a[s*k:(s+1)*k], p.Y[s*k:(s+1)*k]
		dzs := dz[s*k : (s+1)*k]
		var loss float64
		switch d.Loss {
		case MSE:
			for i := range k {
				args[2*i], args[2*i+1] = out[i], y[i]
			}
			clear(grads)
			loss = cgraph.MSE{}.Forward(args)
			cgraph.MSE{}.Backward(args, loss, 1, grads)
			for i := range k {
				dzs[i] = grads[2*i]
			}
		case Softmax: // the logits and the class, one gate
			in := p.lossB[:k+1]
			g := p.lossB[k+1 : 2*k+2]
			copy(in, out)
			in[k] = p.Y[s]
			clear(g)
			loss = cgraph.SoftmaxCE{}.Forward(in)
			cgraph.SoftmaxCE{}.Backward(in, loss, 1, g)
			copy(dzs, g[:k])
		default: // one gate per output, added if more than one
			var gate cgraph.Gate = cgraph.SquaredLoss{}
			from := out
			if d.Loss == BCE {
				gate, from = SigmoidBCE{}, z[s*k:(s+1)*k]
			}
			for i := range k {
				in := args[:2]
				in[0], in[1] = from[i], y[i]
				g := grads[:2]
				clear(g)
				li := gate.Forward(in)
				gate.Backward(in, li, 1, g)
				loss += li
				dzs[i] = g[0]
			}
		}
		if d.L1 != 0 || d.L2 != 0 {
			loss = d.addPenalty(loss, r1, r2)
		}
		p.Loss[s] = loss
		total += loss
		if d.Loss != BCE && L.act != nil { // BCE's gradient is already ∂L/∂z
			for i := range k {
				dzs[i] = dzs[i] * L.act.Local(z[s*k+i], out[i])
			}
		}
	}
	return total
}

// Step moves every weight and bias by −(α·scale)·(its gradient sum), as
// cgraph.Batch.Step does (scale 1/n for the mean of n samples). The
// gradient sums of a regularised plan hold the penalty's gradient in
// every sample's, as the graph's do, so the mean counts it once.
func (p *Pass) Step(scale float64) {
	for l, L := range p.d.Layers {
		if L.AlphaW != nil {
			stepEach(L.W, p.GW[l], L.AlphaW, scale)
			stepEach(L.B, p.GB[l], L.AlphaB, scale)
			continue
		}
		step(L.W, p.GW[l], p.d.Alpha*scale)
		step(L.B, p.GB[l], p.d.Alpha*scale)
	}
}

func step(w, g []float64, rate float64) {
	g = g[:len(w)]
	for i := range w {
		w[i] -= rate * g[i]
	}
}

// NonFinite returns an error naming the first value or gradient of the
// last pass that is NaN or ±Inf, with the graph's name of its node
// (z2_3, a2_3, yhat1) and the sample (from 1), or nil if all are finite.
//
// It looks in the order the numbers were computed: the forward values
// from the input up, then the gradients from the output down, so that the
// node it names is where the trouble began.
func (p *Pass) NonFinite() error {
	for l := range p.d.Layers {
		if err := p.nonFinite(l, "z", p.Z[l]); err != nil {
			return err
		}
		if err := p.nonFinite(l, "a", p.A[l]); err != nil {
			return err
		}
	}
	for l := len(p.d.Layers) - 1; l >= 0; l-- {
		if err := p.nonFinite(l, "∂L/∂z", p.DZ[l]); err != nil {
			return err
		}
	}
	return nil
}

func (p *Pass) nonFinite(l int, what string, x []float64) error {
	if allFinite(x) {
		return nil
	}
	for q, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			continue
		}
		L := p.d.Layers[l]
		s, j := q/L.Out, q%L.Out
		e := &NonFiniteError{Pass: "forward", Layer: l + 1, Sample: s + 1, Value: v}
		e.Node = what + strconv.Itoa(l+1) + "_" + strconv.Itoa(j+1)
		if l == len(p.d.Layers)-1 && (what == "a" || L.act == nil) {
			e.Node = "yhat" + strconv.Itoa(j+1)
		}
		if what == "∂L/∂z" {
			e.Pass = "backward"
		}
		return e
	}
	return nil
}

// allFinite reports whether no element of x is NaN or ±Inf: v·0 is 0 for
// every finite v and NaN otherwise, and a sum without branches runs at
// the speed of memory.
func allFinite(x []float64) bool {
	var s0, s1 float64
	i := 0
	for ; i+2 <= len(x); i += 2 {
		s0 += x[i] * 0
		s1 += x[i+1] * 0
	}
	for ; i < len(x); i++ {
		s0 += x[i] * 0
	}
	return s0+s1 == 0
}

// NonFiniteError is a value or gradient of a Pass that is NaN or ±Inf.
type NonFiniteError struct {
	Pass   string  // "forward" or "backward"
	Layer  int     // counted from 1 at the input
	Node   string  // the graph's name of the value, e.g. z3_1, or ∂L/∂z3_1
	Sample int     // counted from 1
	Value  float64 // NaN, +Inf or −Inf
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("nn: %s: %s is %v on sample %d", e.Pass, e.Node, e.Value, e.Sample)
}
