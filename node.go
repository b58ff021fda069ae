package cgraph

import "strconv"

// Node is one gate in a graph together with its connections and the numbers
// of the last run: the output value of the last Forward and the gradient
// ∂output/∂node of the last Backward.
type Node struct {
	graph     *Graph
	id        int // creation order; breaks ties in the topological order
	name      string
	gate      Gate // nil while the node is only a forward reference
	inputs    []*Node
	consumers []*Node
	// The node's value and gradient live in the graph's slices at index id,
	// where the execution loops find them contiguous.
}

// Name returns the node's name. A node added with an empty name is called
// after its kind and creation index, e.g. "mul#7".
func (n *Node) Name() string {
	if n.name == "" {
		kind := "ref"
		if n.gate != nil {
			kind = n.gate.Kind()
		}
		return kind + "#" + strconv.Itoa(n.id)
	}
	return n.name
}

// ID returns the node's creation index within its graph, starting at 0.
func (n *Node) ID() int { return n.id }

// Gate returns the node's gate.
func (n *Node) Gate() Gate { return n.gate }

// Kind returns the kind of the node's gate.
func (n *Node) Kind() string {
	if n.gate == nil {
		return "undefined"
	}
	return n.gate.Kind()
}

// Inputs returns the nodes this node reads, in order. The slice must not be
// modified.
func (n *Node) Inputs() []*Node { return n.inputs }

// Consumers returns the nodes that read this node, in creation order, once
// per edge (a + a lists the add twice). The slice must not be modified.
func (n *Node) Consumers() []*Node { return n.consumers }

// Value returns the node's output from the last Forward. For an Input or a
// Weight it is also updated by Graph.Set and Graph.Step.
func (n *Node) Value() float64 { return n.graph.vals[n.id] }

// Grad returns ∂output/∂node from the last Backward.
func (n *Node) Grad() float64 { return n.graph.grads[n.id] }

// Graph returns the graph the node belongs to.
func (n *Node) Graph() *Graph { return n.graph }

// IsWeight reports whether the node is a trainable Weight.
func (n *Node) IsWeight() bool {
	_, ok := n.gate.(*Weight)
	return ok
}

// IsInput reports whether the node is an Input.
func (n *Node) IsInput() bool {
	_, ok := n.gate.(*Input)
	return ok
}

// IsConst reports whether the node is a Constant.
func (n *Node) IsConst() bool {
	_, ok := n.gate.(*Constant)
	return ok
}

// String returns the node's name.
func (n *Node) String() string { return n.Name() }

// LocalGrads returns the local derivatives ∂n/∂input[i] at the values of the
// last Forward, one per input edge. Multiplied by n's gradient they are the
// contributions that flowed to each input in the last Backward. It allocates
// and is meant for views (tables, diagrams), not for inner loops.
func (n *Node) LocalGrads() []float64 {
	in := make([]float64, len(n.inputs))
	for i, x := range n.inputs {
		in[i] = x.Value()
	}
	grads := make([]float64, len(in))
	if len(in) > 0 {
		n.gate.Backward(in, n.Value(), 1, grads)
	}
	return grads
}
