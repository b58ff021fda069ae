package nn

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/cgraph/cgraph"
)

// LayerSpec describes one dense layer: its number of units, its activation
// and, optionally, its own weight initializer.
type LayerSpec struct {
	Units      int
	Activation Activation
	Init       Initializer // nil: Config.Init
}

// Config describes a multi-layer perceptron. The zero values of the
// optional fields mean the defaults given in their comments.
type Config struct {
	Inputs int // number of inputs, ≥ 1
	// Features, if any, are what the first layer takes instead of the
	// inputs themselves, each a node computed from them (see Feature).
	Features []Feature
	Layers   []LayerSpec // hidden layers, then the output layer; ≥ 1
	Init     Initializer // weights; nil: Uniform, U(−1, 1)
	Bias     Initializer // biases (fanIn = number of inputs of the layer); nil: Zero
	Alpha    float64     // learning rate α of every weight and bias; 0: DefaultAlpha
	Loss     Loss        // "": Squared
	Seed     uint64      // seed of the initializers
	// L1 and L2 are the rates λ₁ and λ₂ of a penalty on the weights added
	// to the loss, λ₁·Σ|w| + (λ₂/2)·Σw² (see regular.go); 0: none.
	L1, L2 float64
	// LayerAlpha, if not nil, is a learning rate per layer (hidden layers,
	// then the output layer) for its weights and biases, each a Weight gate
	// with its own α as in the exercise; a 0 or a missing one: Alpha.
	LayerAlpha []float64
}

// DefaultAlpha is the learning rate of a Config whose Alpha is 0.
const DefaultAlpha = 0.5

// Dense returns layer specs of the given sizes, all with activation act.
func Dense(act Activation, units ...int) []LayerSpec {
	s := make([]LayerSpec, len(units))
	for i, u := range units {
		s[i] = LayerSpec{Units: u, Activation: act}
	}
	return s
}

// Layer is one dense layer of an MLP: the nodes of its parameters and of
// its units. For unit j (counted from 0 here) and input i:
// Z[j] = Add(P[j][0], …, P[j][In−1], B[j]) with P[j][i] = Mul(W[j][i], input i),
// and A[j] = activation(Z[j]), which is Z[j] itself for Linear.
type Layer struct {
	In, Out    int
	Activation Activation
	W          [][]*cgraph.Node // W[j][i], weights
	B          []*cgraph.Node   // biases
	P          [][]*cgraph.Node // P[j][i], products W[j][i]·input i
	Z          []*cgraph.Node   // pre-activations
	A          []*cgraph.Node   // activations: the layer's outputs
}

// MLP is a multi-layer perceptron: its weights, and, built when a view
// first asks for it, its gate graph, with a loss node comparing its
// outputs with target inputs. An MLP is not safe for concurrent use.
//
// Training, Evaluate and OutputAll run on the weights as a dense plan
// (Plan) and never build the graph, which takes about 400 bytes a weight
// where the plan takes 8: a wide network trains in the memory of its
// weights. Graph, Layers, Params and the other accessors of nodes build
// it, with the current weights; from then on the graph's weight gates
// hold the weights (a step of the graph, or a gate set by hand, is what
// the next training starts from), and training writes its weights back
// into them.
type MLP struct {
	cfg Config
	// w holds the weights while the graph is not built; nil after.
	w   *Plan
	net *network // the gate graph, nil until built
}

// network is an MLP's gate graph.
type network struct {
	graph  *cgraph.Graph
	inputs []*cgraph.Node // x1 … xn
	// features are the nodes the first layer takes: inputs itself, or
	// the nodes of Config.Features.
	features []*cgraph.Node
	targets  []*cgraph.Node // y1 … yk
	layers   []*Layer
	outputs  []*cgraph.Node // the last layer's A: yhat1 … yhatk
	loss     *cgraph.Node   // L

	inGates  []*cgraph.Input
	tgtGates []*cgraph.Input
	params   []*cgraph.Node    // weights and biases in creation order
	batches  map[int]*batch    // mini-batch runners by size, see batch.go
	fast     *cgraph.Optimized // the optimized twin of graph that training on the graph runs
}

// New returns the MLP described by cfg, drawing its weights from
// cfg.Seed. Weights are drawn layer by layer, unit by unit, input by
// input, each unit's bias after its weights. The gate graph is built
// when first asked for (see MLP).
func New(cfg Config) (*MLP, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	w, err := NewPlan(cfg)
	if err != nil {
		return nil, err
	}
	return &MLP{cfg: cfg, w: w}, nil
}

// built returns the network's graph, building it from the weights the
// first time.
func (m *MLP) built() *network {
	if m.net == nil {
		m.net = build(m.cfg, m.w)
		m.w = nil
		// Every node's value is that of the inputs 0, as after training
		// on the plan. An error is a value that is not finite, which the
		// node shows.
		_ = m.net.graph.Forward()
	}
	return m.net
}

// Built reports whether the network's gate graph has been built.
func (m *MLP) Built() bool { return m.net != nil }

// Graph returns the network's gate graph, building it if need be.
func (m *MLP) Graph() *cgraph.Graph { return m.built().graph }

// Inputs returns the input nodes x1 … xn, building the graph if need be.
func (m *MLP) Inputs() []*cgraph.Node { return m.built().inputs }

// Features returns the nodes the first layer takes: Inputs itself, or
// the nodes of Config.Features. It builds the graph if need be.
func (m *MLP) Features() []*cgraph.Node { return m.built().features }

// Targets returns the target nodes y1 … yk (y, the class, for the
// softmax loss), building the graph if need be.
func (m *MLP) Targets() []*cgraph.Node { return m.built().targets }

// Layers returns the layers' nodes, building the graph if need be. For
// the layers' shapes and weights without the graph, see Shape and Plan.
func (m *MLP) Layers() []*Layer { return m.built().layers }

// Outputs returns the last layer's activations yhat1 … yhatk, building
// the graph if need be.
func (m *MLP) Outputs() []*cgraph.Node { return m.built().outputs }

// Loss returns the loss node L, building the graph if need be.
func (m *MLP) Loss() *cgraph.Node { return m.built().loss }

// NumInputs is the number of the network's raw inputs (before features).
func (m *MLP) NumInputs() int { return m.cfg.Inputs }

// NumOutputs is the number of the network's outputs.
func (m *MLP) NumOutputs() int { return m.cfg.Layers[len(m.cfg.Layers)-1].Units }

// NumParams is the number of the network's weights and biases.
func (m *MLP) NumParams() int {
	n, in := 0, m.cfg.width()
	for _, spec := range m.cfg.Layers {
		n += spec.Units * (in + 1)
		in = spec.Units
	}
	return n
}

func (cfg Config) withDefaults() (Config, error) {
	if cfg.Inputs < 1 {
		return cfg, fmt.Errorf("nn: %d inputs; need at least 1", cfg.Inputs)
	}
	if err := checkFeatures(cfg.Features, cfg.Inputs); err != nil {
		return cfg, err
	}
	if len(cfg.Layers) == 0 {
		return cfg, errors.New("nn: no layers; need at least the output layer")
	}
	for i, l := range cfg.Layers {
		if l.Units < 1 {
			return cfg, fmt.Errorf("nn: layer %d has %d units; need at least 1", i+1, l.Units)
		}
		if !l.Activation.valid() {
			return cfg, fmt.Errorf("nn: layer %d: unknown activation %q", i+1, l.Activation)
		}
	}
	if err := checkRates(cfg.L1, cfg.L2); err != nil {
		return cfg, err
	}
	if cfg.Init == nil {
		cfg.Init = Uniform
	}
	if cfg.Bias == nil {
		cfg.Bias = Zero
	}
	if cfg.Alpha == 0 {
		cfg.Alpha = DefaultAlpha
	}
	if !(cfg.Alpha > 0 && cfg.Alpha <= math.MaxFloat64) {
		return cfg, fmt.Errorf("nn: learning rate %g; want a finite positive number", cfg.Alpha)
	}
	if err := checkLayerAlpha(cfg); err != nil {
		return cfg, err
	}
	if cfg.Loss == "" {
		cfg.Loss = Squared
	}
	if !cfg.Loss.valid() {
		return cfg, fmt.Errorf("nn: unknown loss %q", cfg.Loss)
	}
	last := cfg.Layers[len(cfg.Layers)-1]
	if cfg.Loss == BCE && last.Activation != Sigmoid {
		return cfg, fmt.Errorf("nn: loss bce needs a sigmoid output layer, not %s", last.Activation)
	}
	if cfg.Loss == Softmax && (last.Activation != Linear || last.Units < 2) {
		return cfg, fmt.Errorf("nn: loss softmax needs a linear output layer of at least 2 units (the logits), not %d %s", last.Units, last.Activation)
	}
	cfg.Layers = append([]LayerSpec(nil), cfg.Layers...)
	cfg.Features = append([]Feature(nil), cfg.Features...)
	return cfg, nil
}

// nodeCount is the number of nodes build makes for cfg: the inputs, per
// unit a weight and a product per input, a bias, a sum and an activation,
// then the targets and the loss nodes (an upper bound: a single output
// needs one node less).
func nodeCount(cfg Config) int {
	n, in := cfg.Inputs+len(cfg.Features), cfg.width()
	weights := 0
	for _, spec := range cfg.Layers {
		n += spec.Units * (2*in + 3)
		weights += spec.Units * in
		in = spec.Units
	}
	return n + 2*in + 1 + regNodes(cfg, weights)
}

// build builds the gate graph of cfg with the weights of w.
func build(cfg Config, w *Plan) *network {
	g := cgraph.New()
	g.Grow(nodeCount(cfg))
	m := &network{graph: g}
	prev := make([]*cgraph.Node, cfg.Inputs)
	for i := range prev {
		in := &cgraph.Input{}
		m.inGates = append(m.inGates, in)
		prev[i] = g.Apply("x"+strconv.Itoa(i+1), in)
	}
	m.inputs = prev
	if len(cfg.Features) > 0 {
		prev = make([]*cgraph.Node, len(cfg.Features))
		for i, f := range cfg.Features {
			prev[i] = f.node(g, m.inputs)
		}
	}
	m.features = prev
	for l, spec := range cfg.Layers {
		last := l == len(cfg.Layers)-1
		D := w.Layers[l]
		L := &Layer{In: len(prev), Out: spec.Units, Activation: spec.Activation}
		ls := strconv.Itoa(l + 1)
		for j := range spec.Units {
			js := ls + "_" + strconv.Itoa(j+1)
			ws := make([]*cgraph.Node, len(prev))
			ps := make([]*cgraph.Node, len(prev))
			terms := make([]*cgraph.Node, 0, len(prev)+1)
			for i, x := range prev {
				is := js + "_" + strconv.Itoa(i+1)
				ws[i] = g.Weight("w"+is, D.W[j*D.In+i], D.alpha(false, j*D.In+i, cfg.Alpha))
				ps[i] = g.Apply("p"+is, cgraph.Mul{}, ws[i], x)
				terms = append(terms, ps[i])
			}
			b := g.Weight("b"+js, D.B[j], D.alpha(true, j, cfg.Alpha))
			terms = append(terms, b)
			m.params = append(m.params, ws...)
			m.params = append(m.params, b)
			zname, aname := "z"+js, "a"+js
			if last {
				aname = "yhat" + strconv.Itoa(j+1)
				if spec.Activation == Linear {
					zname = aname
				}
			}
			z := g.Apply(zname, cgraph.Add{}, terms...)
			a := z
			if gate := spec.Activation.Gate(); gate != nil {
				a = g.Apply(aname, gate, z)
			}
			L.W = append(L.W, ws)
			L.P = append(L.P, ps)
			L.B = append(L.B, b)
			L.Z = append(L.Z, z)
			L.A = append(L.A, a)
		}
		m.layers = append(m.layers, L)
		prev = L.A
	}
	m.outputs = prev
	out := m.layers[len(m.layers)-1]
	if cfg.Loss == Softmax { // one target: the class index
		t := &cgraph.Input{}
		m.tgtGates = append(m.tgtGates, t)
		m.targets = append(m.targets, g.Apply("y", t))
	} else {
		for k := range m.outputs {
			t := &cgraph.Input{}
			m.tgtGates = append(m.tgtGates, t)
			m.targets = append(m.targets, g.Apply("y"+strconv.Itoa(k+1), t))
		}
	}
	name := "L"
	if cfg.regularised() {
		name = "Ldata"
	}
	m.loss = penalise(g, cfg, m.layers, lossNode(g, name, cfg.Loss, out, m.targets))
	return m
}

// lossNode adds the loss of the output layer against the targets, named
// name.
func lossNode(g *cgraph.Graph, name string, loss Loss, out *Layer, targets []*cgraph.Node) *cgraph.Node {
	k := len(targets)
	if loss == Softmax {
		return g.Apply(name, cgraph.SoftmaxCE{}, append(append([]*cgraph.Node(nil), out.Z...), targets[0])...)
	}
	if loss == MSE {
		pairs := make([]*cgraph.Node, 0, 2*k)
		for i, t := range targets {
			pairs = append(pairs, out.A[i], t)
		}
		return g.Apply(name, cgraph.MSE{}, pairs...)
	}
	term := func(i int) (cgraph.Gate, *cgraph.Node) {
		if loss == BCE {
			return SigmoidBCE{}, out.Z[i]
		}
		return cgraph.SquaredLoss{}, out.A[i]
	}
	if k == 1 {
		gate, yhat := term(0)
		return g.Apply(name, gate, yhat, targets[0])
	}
	parts := make([]*cgraph.Node, k)
	for i, t := range targets {
		gate, yhat := term(i)
		parts[i] = g.Apply("L"+strconv.Itoa(i+1), gate, yhat, t)
	}
	return g.Apply(name, cgraph.Add{}, parts...)
}

// Config returns the configuration the MLP was built with, defaults filled
// in.
func (m *MLP) Config() Config {
	c := m.cfg
	c.Layers = append([]LayerSpec(nil), c.Layers...)
	c.Features = append([]Feature(nil), c.Features...)
	return c
}

// Shape returns the number of the first layer's inputs (the features, if
// any) followed by the units of each layer, e.g. [2 2 1].
func (m *MLP) Shape() []int {
	s := []int{m.cfg.width()}
	for _, l := range m.cfg.Layers {
		s = append(s, l.Units)
	}
	return s
}

// Params returns the weight and bias nodes in creation order, building
// the graph if need be. The slice must not be modified.
func (m *MLP) Params() []*cgraph.Node { return m.built().params }

// SetInput sets the inputs x1 … xn of the graph, building it if need be.
// It panics if len(x) is not the number of inputs.
func (m *MLP) SetInput(x []float64) {
	n := m.built()
	if len(x) != len(n.inGates) {
		panic(fmt.Sprintf("nn: SetInput with %d values for %d inputs", len(x), len(n.inGates)))
	}
	for i, v := range x {
		n.inGates[i].Value = v
	}
}

// SetTarget sets the targets y1 … yk, or y, the class, for the softmax
// loss, building the graph if need be. It panics if len(y) is not the
// number of targets.
func (m *MLP) SetTarget(y []float64) {
	n := m.built()
	if len(y) != len(n.tgtGates) {
		panic(fmt.Sprintf("nn: SetTarget with %d values for %d outputs", len(y), len(n.tgtGates)))
	}
	for i, v := range y {
		n.tgtGates[i].Value = v
	}
}

// Forward sets the inputs to x and runs the graph's Forward; the outputs
// are then in Outputs. The targets keep their values, so the loss node
// compares with the last targets set.
func (m *MLP) Forward(x []float64) error {
	m.SetInput(x)
	return m.net.graph.Forward()
}

// Output returns the output of a network with one output for input x,
// from the graph. It does not allocate once the graph is built.
func (m *MLP) Output(x []float64) (float64, error) {
	if err := m.Forward(x); err != nil {
		return 0, err
	}
	return m.net.outputs[0].Value(), nil
}

// Predict returns the outputs for input x, from the graph.
func (m *MLP) Predict(x []float64) ([]float64, error) {
	if err := m.Forward(x); err != nil {
		return nil, err
	}
	y := make([]float64, len(m.net.outputs))
	for i, o := range m.net.outputs {
		y[i] = o.Value()
	}
	return y, nil
}

// Grad runs the graph on input x with targets y, then Backward from the
// loss, and returns the loss. Every node's gradient is then ∂L/∂node.
func (m *MLP) Grad(x, y []float64) (float64, error) {
	m.SetInput(x)
	m.SetTarget(y)
	if err := m.net.graph.Run(m.net.loss); err != nil {
		return 0, err
	}
	return m.net.loss.Value(), nil
}

// Step applies one SGD step to every weight and bias of the graph with
// its own α, using the gradients of the last Grad.
func (m *MLP) Step() error { return m.built().graph.Step() }
