package viz

import "github.com/cgraph/cgraph"

// Steps are the forward and backward pass of a graph as a list of steps, in
// the order of Explain, for a player that shows them one at a time (the
// web playground). They are the same numbers and formulas as the diagrams:
// every view reads one model.
type Steps struct {
	Output   int            `json:"output"` // id of the node backward ran from
	Nodes    []StepNode     `json:"nodes"`  // in topological order
	Forward  []ForwardStep  `json:"forward"`
	Backward []BackwardStep `json:"backward"`
}

// StepNode is one node with its numbers as text (fractions where exact).
type StepNode struct {
	ID      int    `json:"id"` // creation index; the diagrams' DOT id is "n" + ID
	Name    string `json:"name"`
	Kind    string `json:"kind"`  // the gate's kind: add, sigmoid, …
	Class   string `json:"class"` // input, weight, const, op or loss
	Inputs  []int  `json:"inputs"`
	Value   string `json:"value"`
	Grad    string `json:"grad"`
	Formula string `json:"formula,omitempty"` // "p1 + p2 + p0"
	Numbers string `json:"numbers,omitempty"` // "4/5 + (−7/5) + 3/5"
	// Locals are the local derivatives ∂node/∂input, one per input edge,
	// each as "formula = number" where the gate has a formula for it.
	Locals []string `json:"locals,omitempty"`
	// Literal: a number written in the formula (the 2 of x^2), for which
	// no gradient is shown or stepped through.
	Literal bool `json:"literal,omitempty"`
}

// ForwardStep computes one node: Text is "z = p1 + p2 + p0 = 4/5 + (−7/5) + 3/5 = 0".
type ForwardStep struct {
	Node int    `json:"node"`
	Text string `json:"text"`
}

// BackwardStep is either a node's gradient becoming complete (Input is −1;
// Text is "∂L/∂z = −1/4") or one edge carrying a contribution from Node to
// its input number Input (Text is "∂yhat/∂z = σ(z)(1 − σ(z)) = 1/4;  −1 × 1/4 = −1/4").
type BackwardStep struct {
	Node    int    `json:"node"`
	Input   int    `json:"input"`          // index into the node's inputs, −1 for a gradient step
	From    int    `json:"from,omitempty"` // id of that input node, for an edge step
	Text    string `json:"text"`
	Contrib string `json:"contrib,omitempty"` // what flowed along the edge
}

// MakeSteps returns the steps of g's last Forward and Backward run from
// output (nil: the last node in topological order). With exact, numbers
// are shown as the exact rationals of cgraph.Exact where known; without,
// from the float64 run only (for graphs whose exact numbers would grow
// too large to compute).
func MakeSteps(g *cgraph.Graph, output *cgraph.Node, exact bool) (*Steps, error) {
	var m *model
	var err error
	if exact || output == nil {
		m, err = explainModel(g, &Options{Output: output})
	} else if m, err = newModel(g, nil, true); err == nil {
		m.output = output // newModel computes the exact view only with an output
	}
	if err != nil {
		return nil, err
	}
	s := &Steps{Output: m.output.ID(), Nodes: []StepNode{}, Forward: []ForwardStep{}, Backward: []BackwardStep{}}
	for _, info := range m.nodes {
		n := StepNode{
			ID: info.n.ID(), Name: info.n.Name(), Kind: info.n.Kind(), Class: m.kindClass(info),
			Inputs: []int{}, Value: info.value, Grad: info.grad,
			Formula: info.formula, Numbers: info.numbers, Literal: info.literal,
		}
		for _, x := range info.n.Inputs() {
			n.Inputs = append(n.Inputs, x.ID())
		}
		for _, e := range info.in {
			n.Locals = append(n.Locals, m.localStep(e))
		}
		s.Nodes = append(s.Nodes, n)
		s.Forward = append(s.Forward, ForwardStep{Node: info.n.ID(), Text: forwardStep(info)})
	}
	for _, info := range m.reached() {
		s.Backward = append(s.Backward, BackwardStep{Node: info.n.ID(), Input: -1, Text: m.gradStep(info)})
		for _, e := range info.in {
			if e.from.literal {
				continue
			}
			s.Backward = append(s.Backward, BackwardStep{
				Node: info.n.ID(), Input: e.i, From: e.from.n.ID(),
				Text:    m.localStep(e) + ";  " + contribStep(e),
				Contrib: e.contrib,
			})
		}
	}
	return s, nil
}
