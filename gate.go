package cgraph

// Gate is the operation of a node.
//
// Forward and Backward are pure functions of their arguments, so one Gate
// value may be shared by many nodes and graphs.
type Gate interface {
	// Kind names the operation ("add", "sigmoid", ...) in tables, JSON and
	// diagrams.
	Kind() string

	// Forward returns the gate's output for the values of its inputs.
	Forward(in []float64) float64

	// Backward adds to grads[i] the contribution upstream·∂out/∂in[i] for
	// every input i. in holds the inputs' values and out the gate's output
	// from the last Forward; upstream is ∂L/∂out. grads has len(in)
	// elements and is zero on entry, but a gate must add, never assign, so
	// that a node feeding the same gate twice (a + a) receives both parts.
	Backward(in []float64, out, upstream float64, grads []float64)
}

// Arity is implemented by gates that take a fixed number of inputs, or a
// number within bounds. Max < 0 means no upper bound. The graph checks it
// when a node is added.
type Arity interface {
	Arity() (min, max int)
}

// InputChecker is implemented by gates with a rule on their number of
// inputs that Arity cannot express (MSE takes pairs).
type InputChecker interface {
	CheckInputs(n int) error
}

// Settable is implemented by leaf gates whose value can be set from outside
// the graph: Input and Weight. Graph.Set uses it.
type Settable interface {
	Gate
	Set(v float64)
}
