package cgraph

import (
	"fmt"
	"slices"
)

// Graph is a computational graph: named nodes, each a gate applied to the
// outputs of other nodes. A Graph is not safe for concurrent use.
type Graph struct {
	nodes  []*Node
	byName map[string]*Node

	// Every node's value and gradient, indexed by node id.
	vals, grads []float64

	nodeSlab  []Node  // storage of the nodes created last, see newNode
	inputSlab []*Node // storage of input lists, see inputList

	// Derived from nodes; rebuilt by prepare when dirty.
	dirty   bool
	order   []*Node
	pos     []int  // pos[id] = index of node id in order
	steps   []step // order compiled for execution, see tape.go
	ins     []int32
	inner   []int32    // indices of the steps that have inputs, ascending
	tape    []instr    // those steps as the scalar passes run them
	leaves  []*float64 // the Value fields of leaf gates, by step.aux
	leafIDs []int32    // the node ids of the leaves, in the same order
	// sigmoids keeps σ(z) of each sigmoid_sqloss step from the last
	// forward pass, so that backward need not compute it again.
	sigmoids    []float64
	gates       []Gate // gates run through the interface, by step.aux
	weights     []*Node
	weightGates []*Weight // the gates of weights, for Step
	inBuf       []float64 // inputs' values of one node
	gradBuf     []float64 // one node's contributions to its inputs' gradients

	// fresh is true when every value is the result of a Forward since the
	// last change of structure, input or weight.
	fresh bool
}

// New returns an empty graph.
func New() *Graph {
	return &Graph{byName: make(map[string]*Node)}
}

// Node adds a node called name that applies gate to inputs and returns it.
// An empty name leaves the node anonymous (see Node.Name). If name was
// earlier handed out by Ref, that node is defined now. It is an error to
// reuse a defined name or to give a gate a number of inputs outside its
// Arity, or one for which a user's gate without Arity indexes out of range
// (a *GateError).
func (g *Graph) Node(name string, gate Gate, inputs ...*Node) (*Node, error) {
	if gate == nil {
		panic("cgraph: Node " + name + ": nil gate")
	}
	for _, in := range inputs {
		if in == nil || in.graph != g {
			panic("cgraph: Node " + name + ": input is nil or of another graph")
		}
	}
	if err := checkArity(name, gate, len(inputs)); err != nil {
		return nil, err
	}
	if err := g.probeGate(name, gate, len(inputs)); err != nil { // gatecheck.go
		return nil, err
	}
	n := g.byName[name]
	switch {
	case n != nil && n.gate != nil:
		return nil, &DuplicateError{Name: name}
	case n == nil:
		n = g.newNode(name)
	}
	n.gate = gate
	n.inputs = g.inputList(inputs)
	for _, in := range inputs {
		in.consumers = append(in.consumers, n)
	}
	if len(inputs) == 0 {
		g.vals[n.id] = gate.Forward(nil) // leaves show their value before any run
	}
	g.changed()
	return n, nil
}

// Grow makes room for n more nodes, so that building a graph whose size is
// known in advance does not copy its slices as they grow.
func (g *Graph) Grow(n int) {
	g.nodes = slices.Grow(g.nodes, n)
	g.vals = slices.Grow(g.vals, n)
	g.grads = slices.Grow(g.grads, n)
	if len(g.byName) == 0 {
		g.byName = make(map[string]*Node, n)
	}
}

// Ref returns the node called name, creating an undefined placeholder if no
// node has that name yet. A placeholder must be defined by a later call of
// Node with the same name before the graph runs; it lets programs refer to a
// name before its definition (and so express, and be told about, cycles).
func (g *Graph) Ref(name string) *Node {
	if name == "" {
		panic("cgraph: Ref with empty name")
	}
	if n := g.byName[name]; n != nil {
		return n
	}
	n := g.newNode(name)
	g.changed()
	return n
}

func (g *Graph) newNode(name string) *Node {
	if len(g.nodeSlab) == cap(g.nodeSlab) {
		g.nodeSlab = make([]Node, 0, slabSize(len(g.nodes)))
	}
	g.nodeSlab = append(g.nodeSlab, Node{graph: g, id: len(g.nodes), name: name})
	n := &g.nodeSlab[len(g.nodeSlab)-1]
	g.nodes = append(g.nodes, n)
	g.vals = append(g.vals, 0)
	g.grads = append(g.grads, 0)
	if name != "" {
		g.byName[name] = n
	}
	return n
}

// Nodes and their input lists are carved from slabs that grow with the
// graph, so building a large graph makes few, large allocations.
func slabSize(nodes int) int { return min(max(16, nodes/4), 4096) }

// inputList returns a copy of inputs carved from the graph's input slab.
func (g *Graph) inputList(inputs []*Node) []*Node {
	if len(inputs) > cap(g.inputSlab)-len(g.inputSlab) {
		g.inputSlab = make([]*Node, 0, max(len(inputs), 2*slabSize(len(g.nodes))))
	}
	start := len(g.inputSlab)
	g.inputSlab = append(g.inputSlab, inputs...)
	return g.inputSlab[start:len(g.inputSlab):len(g.inputSlab)]
}

func (g *Graph) changed() {
	g.dirty = true
	g.fresh = false
}

// Apply is Node for code that builds graphs it knows to be valid: it panics
// instead of returning an error.
func (g *Graph) Apply(name string, gate Gate, inputs ...*Node) *Node {
	n, err := g.Node(name, gate, inputs...)
	if err != nil {
		panic(err)
	}
	return n
}

// Input adds an Input node with value v.
func (g *Graph) Input(name string, v float64) *Node {
	return g.Apply(name, &Input{Value: v})
}

// Const adds a Constant node with value v.
func (g *Graph) Const(name string, v float64) *Node {
	return g.Apply(name, &Constant{Value: v})
}

// Weight adds a trainable Weight node with value v and learning rate alpha.
func (g *Graph) Weight(name string, v, alpha float64) *Node {
	return g.Apply(name, &Weight{Value: v, Alpha: alpha})
}

// Lookup returns the node called name, or nil.
func (g *Graph) Lookup(name string) *Node { return g.byName[name] }

// Nodes returns all nodes in creation order. The slice must not be modified.
func (g *Graph) Nodes() []*Node { return g.nodes }

// Len returns the number of nodes.
func (g *Graph) Len() int { return len(g.nodes) }

// Set sets the value of the Input or Weight called name.
func (g *Graph) Set(name string, v float64) error {
	n := g.byName[name]
	if n == nil {
		return &UnknownError{Name: name}
	}
	s, ok := n.gate.(Settable)
	if !ok {
		return fmt.Errorf("cgraph: node %q is a %s, not an input or weight", name, n.Kind())
	}
	s.Set(v)
	g.vals[n.id] = v
	g.fresh = false
	return nil
}

// Order returns the nodes in topological order: every node after its
// inputs, ties broken by creation order. It fails if a node is undefined or
// the graph has a cycle.
func (g *Graph) Order() ([]*Node, error) {
	if err := g.prepare(); err != nil {
		return nil, err
	}
	return g.order, nil
}

// Weights returns the Weight nodes in topological order.
func (g *Graph) Weights() ([]*Node, error) {
	if err := g.prepare(); err != nil {
		return nil, err
	}
	return g.weights, nil
}

// prepare rebuilds what is derived from the structure if it changed.
func (g *Graph) prepare() error {
	if !g.dirty {
		return nil
	}
	return g.rebuild()
}

// rebuild sorts the nodes and compiles the tape.
func (g *Graph) rebuild() error {
	order, err := topoSort(g.nodes)
	if err != nil {
		return err
	}
	g.order = order
	g.pos = make([]int, len(g.nodes))
	g.weights = g.weights[:0]
	g.weightGates = g.weightGates[:0]
	maxIn := 0
	for i, n := range order {
		g.pos[n.id] = i
		maxIn = max(maxIn, len(n.inputs))
		if n.IsWeight() {
			g.weights = append(g.weights, n)
			g.weightGates = append(g.weightGates, n.gate.(*Weight))
		}
	}
	g.inBuf = make([]float64, maxIn)
	g.gradBuf = make([]float64, maxIn)
	g.compile()
	g.dirty = false
	return nil
}

// Forward computes every node's value in topological order. It stops at the
// first node whose value is NaN or ±Inf and returns a *NumericError naming
// it.
func (g *Graph) Forward() error {
	if err := g.prepare(); err != nil {
		return err
	}
	g.fresh = false
	if i := g.forward(); i >= 0 {
		n := g.order[i]
		return newNumericError("forward", n, nil, g.vals[n.id])
	}
	g.fresh = true
	return nil
}

// gather copies the values of n's inputs into the graph's input buffer.
func (g *Graph) gather(n *Node) []float64 {
	in := g.inBuf[:len(n.inputs)]
	for i, x := range n.inputs {
		in[i] = g.vals[x.id]
	}
	return in
}

// Backward sets every node's gradient to ∂output/∂node: it zeroes all
// gradients, seeds output with 1 and walks the topological order backwards,
// letting each gate add its contributions to its inputs. It needs the values
// of a Forward run after the last change, and returns a *NumericError if a
// contribution, or a gradient's sum of them, is NaN or ±Inf. Calling it
// twice gives the same gradients. It returns ErrStale if an input, a
// weight or the structure changed since that Forward, also by a write to a
// gate's Value field instead of Set.
func (g *Graph) Backward(output *Node) error {
	g.mustOwn(output, "Backward from")
	if err := g.prepare(); err != nil {
		return err
	}
	if !g.fresh || !g.leavesCurrent() {
		return ErrStale
	}
	return g.backward(output)
}

// leavesCurrent reports whether every leaf's gate still holds the value
// the last Forward read: a program may write a Weight's or an Input's
// Value field directly, where Set would have marked the values stale.
func (g *Graph) leavesCurrent() bool {
	for i, p := range g.leaves {
		if *p != *at(g.vals, g.leafIDs[i]) {
			return false
		}
	}
	return true
}

// mustOwn panics unless output is a node of g: a programming error.
func (g *Graph) mustOwn(output *Node, what string) {
	if output == nil || output.graph != g {
		panic("cgraph: " + what + " a nil node or a node of another graph")
	}
}

// backward is Backward after the checks.
func (g *Graph) backward(output *Node) error {
	last := g.pos[output.id]
	if g.backwardSteps(last, output.id) {
		return nil
	}
	return g.findBadGradient(last, output)
}

// findBadGradient reruns Backward one gate at a time, through the gates'
// own methods, checking every contribution and every sum, to name the
// first node that produced a non-finite one. Only taken after the fast
// loop found one.
func (g *Graph) findBadGradient(last int, output *Node) error {
	clear(g.grads)
	g.grads[output.id] = 1
	for i := last; i >= 0; i-- {
		if err := g.backwardNode(g.order[i]); err != nil {
			return err
		}
	}
	return nil // unreachable unless a gate is not deterministic
}

// backwardNode lets n's gate add its contributions to its inputs' gradients.
func (g *Graph) backwardNode(n *Node) error {
	if len(n.inputs) == 0 {
		return nil
	}
	in := g.gather(n)
	grads := g.gradBuf[:len(in)]
	clear(grads)
	n.gate.Backward(in, g.vals[n.id], g.grads[n.id], grads)
	for i, x := range n.inputs {
		d := grads[i]
		if d-d != 0 {
			return newNumericError("backward", n, x, d)
		}
		// Finite contributions can still add up to ±Inf.
		t := g.grads[x.id] + d
		if t-t != 0 {
			return newNumericError("backward", n, x, t)
		}
		g.grads[x.id] = t
	}
	return nil
}

// Step applies one step of stochastic gradient descent to every Weight:
// w ← w − α·∂L/∂w, each with its own learning rate α, using the gradients
// of the last Backward.
func (g *Graph) Step() error {
	if err := g.prepare(); err != nil {
		return err
	}
	for i, w := range g.weightGates {
		id := g.weights[i].id
		w.Value -= w.Alpha * g.grads[id]
		g.vals[id] = w.Value
	}
	g.fresh = false
	return nil
}

// Run is Forward followed by Backward from output.
func (g *Graph) Run(output *Node) error {
	g.mustOwn(output, "Run to")
	if err := g.Forward(); err != nil {
		return err
	}
	return g.backward(output) // Forward has just read every leaf
}

func checkArity(name string, gate Gate, n int) error {
	if c, ok := gate.(InputChecker); ok {
		if err := c.CheckInputs(n); err != nil {
			return fmt.Errorf("cgraph: node %q: %w", name, err)
		}
	}
	a, ok := gate.(Arity)
	if !ok {
		return nil
	}
	lo, hi := a.Arity()
	if n >= lo && (hi < 0 || n <= hi) {
		return nil
	}
	want := fmt.Sprintf("%d", lo)
	switch {
	case hi < 0:
		want = fmt.Sprintf("at least %d", lo)
	case hi != lo:
		want = fmt.Sprintf("%d to %d", lo, hi)
	}
	return fmt.Errorf("cgraph: node %q: %s takes %s inputs, got %d", name, gate.Kind(), want, n)
}
