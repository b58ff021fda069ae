package cgraph

import "math/big"

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

// The facets of a gate. Each built-in gate implements all of them in its
// own file; a user's gate implements those it wants, and every engine asks
// a gate through these interfaces, never by its kind. TestRegistry lists
// the built-in gates and fails, naming the gate, where one lacks a facet.

// Deriver is implemented by gates that know their derivatives as gates:
// the rule from which Grad builds gradient graphs, and from which
// diagrams, exact values and Hessians follow.
//
// The rule is written in vector–Jacobian form, as PyTorch's
// derivatives.yaml and JAX's VJPs are: it gets the node up of the
// gradient flowing into the gate and returns the contribution
// up·∂out/∂in[i]. Given up = 1 it is the local derivative ∂out/∂in[i],
// which is how diagrams and the exact view use it. The form lets a rule
// compute as Backward does (up/b, not up·(1/b)), so that a gradient graph
// holds Backward's numbers bit for bit.
type Deriver interface {
	// Derive returns a node computing up·∂out/∂in[i], built with b from
	// the nodes in (the gate's inputs), out (the node of the gate itself)
	// and up, or nil where the derivative is identically 0. Backward must
	// compute the same numbers: for the built-in gates a test holds them
	// to the same bits.
	Derive(b *Builder, in []*Node, out, up *Node, i int) *Node
}

// Exacter is implemented by gates that compute exactly on rational inputs.
type Exacter interface {
	// ExactForward returns the output for exact inputs, or nil where it is
	// irrational, undefined or unknown. It must not modify in.
	ExactForward(in []*big.Rat) *big.Rat
}

// Formulaer is implemented by gates that can write their output as a
// formula, for diagrams and explanations.
type Formulaer interface {
	// Formula writes the output in terms of the arguments: names or
	// numbers, already parenthesised where an argument is not a single
	// term (see Operand).
	Formula(args []string) string
}

// GoCoder is implemented by gates that cgraph gen can write as Go.
type GoCoder interface {
	// GoForward returns Go statements that declare v (v := …) as the
	// gate's output, given Go expressions of its inputs' values. The
	// statements may declare other locals whose names start with v.
	GoForward(v string, in []string) string
	// GoBackward returns, per input, a Go expression of the contribution
	// up·∂out/∂in[i], which is added to that input's gradient, or "" for
	// none. out is an expression of the gate's output and v the name
	// GoForward declared. The result must be the same bits as Backward's.
	GoBackward(v string, in []string, out, up string) []string
}

// GoHelpers is implemented by GoCoders whose code calls functions of their
// own: it returns the Go source of each by name, and gen writes those the
// generated code calls. The code may use the math package.
type GoHelpers interface {
	GoHelpers() map[string]string
}

// NonFinitePasser is implemented by gates whose NaN and ±Inf always reach
// their output, which lets generated code skip a check. ForwardPasses
// reports whether the output is not finite whenever input j is not, and
// BackwardPasses whether the contribution to input j is not finite
// whenever the gate's own gradient is not. A gate without it is checked.
type NonFinitePasser interface {
	ForwardPasses(j int) bool
	BackwardPasses(j int) bool
}

// Loss is implemented by loss gates; diagrams draw them as losses.
type Loss interface {
	Loss()
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

// kerneled is implemented by the built-in gates the tape and the batch run
// inline, without an interface call: kernel returns the op for a node of
// n inputs, or opGate to run through the interface after all.
// TestKernelsMatchRules holds every kernel to its gate's rule bit for bit.
type kerneled interface {
	kernel(n int) opcode
}

// simplifier is implemented by built-in gates with algebraic identities
// that the Builder applies before it adds a node (x·1 = x, x + 0 = x,
// −(−x) = x, x¹ = x): simplify returns the node gate(in) reduces to, and
// true, or false if no identity applies.
type simplifier interface {
	simplify(b *Builder, in []*Node) (*Node, bool)
}

// fuser is implemented by gates that Optimize may rebuild, with some of
// their inputs' gates absorbed, as one gate that computes the same in one
// step (a sum of products as a muladd). fusion is asked of every node n of
// the gate; the rewriter says which inputs may disappear (absorbable).
type fuser interface {
	fusion(r *rewriter, n *Node) (fusion, bool)
}

// commutative is implemented by gates whose inputs may be reordered, so
// that common subexpressions are shared whatever the order (a·b = b·a).
type commutative interface {
	commutative()
}

// leaf is implemented by the leaf gates, whose value the tape reads from
// the gate itself.
type leaf interface {
	valueRef() *float64
}

// Unary is implemented by gates of one input that engines running whole
// layers (the lab's matrix passes) call per element, without a slice: Eval
// is Forward and Local the derivative Backward applies, given the output.
type Unary interface {
	Eval(x float64) float64
	Local(x, out float64) float64
}
