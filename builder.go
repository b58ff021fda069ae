package cgraph

import (
	"math"
	"slices"
	"strconv"
)

// Builder adds nodes to a graph on behalf of derivative rules and Grad. It
// keeps what it builds small and shared:
//   - a gate whose inputs are all constants becomes a constant (2 − 1 is 1);
//   - the identities x·1 = x, x·0 = 0, x + 0 = x, −(−x) = x and x¹ = x
//     are applied;
//   - a gate applied to the same inputs as an existing node is that node
//     (common subexpressions, including the forward graph's own: the rule
//     of σ' asks for σ(z) and gets the node ŷ).
type Builder struct {
	g       *Graph
	seen    map[string]*Node
	indexed int                  // nodes of g already in seen
	grads   map[*Node]*gradBuild // the Grads built, by output
}

// NewBuilder returns a Builder that adds to g.
func NewBuilder(g *Graph) *Builder {
	return &Builder{g: g, seen: map[string]*Node{}}
}

// Graph returns the graph the builder adds to.
func (b *Builder) Graph() *Graph { return b.g }

// Const returns a constant node of value v.
func (b *Builder) Const(v float64) *Node {
	return b.Apply(&Constant{Value: v})
}

// Add returns the sum of xs, skipping nil (zero) terms; nil if all are.
func (b *Builder) Add(xs ...*Node) *Node {
	terms := nonNil(xs)
	if len(terms) == 0 {
		return nil
	}
	return b.Apply(Add{}, terms...)
}

// Mul returns the product of xs, or nil (zero) if one of them is nil.
func (b *Builder) Mul(xs ...*Node) *Node {
	for _, x := range xs {
		if x == nil {
			return nil
		}
	}
	return b.Apply(Mul{}, xs...)
}

// Sub returns x − y, treating nil as zero.
func (b *Builder) Sub(x, y *Node) *Node {
	switch {
	case y == nil:
		return x
	case x == nil:
		return b.Neg(y)
	}
	return b.Apply(Sub{}, x, y)
}

// Neg returns −x, or nil for nil.
func (b *Builder) Neg(x *Node) *Node {
	if x == nil {
		return nil
	}
	return b.Apply(Neg{}, x)
}

// Div returns x / y; nil (zero) if x is.
func (b *Builder) Div(x, y *Node) *Node {
	if x == nil {
		return nil
	}
	return b.Apply(Div{}, x, y)
}

// Apply returns a node applying gate to in, simplified and shared as the
// type's comment says. It panics, as Graph.Apply does, if the gate refuses
// that number of inputs: rules are code, not user input.
func (b *Builder) Apply(gate Gate, in ...*Node) *Node {
	if n, ok := b.simplify(gate, in); ok {
		return n
	}
	if folded, ok := b.fold(gate, in); ok {
		gate, in = folded, nil
	}
	key, shareable := cseKey(gate, in)
	if shareable {
		b.index()
		if n := b.seen[key]; n != nil {
			return n
		}
	}
	n := b.g.Apply("", gate, in...)
	if shareable {
		b.seen[key] = n
		b.indexed = len(b.g.nodes)
	}
	return n
}

// dropDead removes the nodes made since node start that nothing reads and
// that have no name: constants made only to be folded, identities that
// simplified away. The nodes after start get new ids, so the sharing of
// common subexpressions, keyed by ids, starts afresh.
func (b *Builder) dropDead(start int, keep []*Node) {
	g := b.g
	live := make([]bool, len(g.nodes))
	for _, n := range keep {
		live[n.id] = true
	}
	for i := len(g.nodes) - 1; i >= start; i-- {
		n := g.nodes[i]
		if n.name != "" || len(n.consumers) > 0 {
			live[i] = true
		}
		if !live[i] { // its inputs lose a consumer, and may die in turn
			for _, x := range n.inputs {
				x.consumers = slices.DeleteFunc(x.consumers, func(c *Node) bool { return c == n })
			}
		}
	}
	kept := start
	for i := start; i < len(g.nodes); i++ {
		if !live[i] {
			continue
		}
		n := g.nodes[i]
		n.id = kept
		g.nodes[kept], g.vals[kept], g.grads[kept] = n, g.vals[i], g.grads[i]
		kept++
	}
	if kept == len(g.nodes) {
		return
	}
	clear(g.nodes[kept:])
	g.nodes, g.vals, g.grads = g.nodes[:kept], g.vals[:kept], g.grads[:kept]
	clear(b.seen)
	b.indexed = 0
	g.changed()
}

// index adds the nodes made since the last call, by anyone, to seen.
func (b *Builder) index() {
	for _, n := range b.g.nodes[b.indexed:] {
		if n.gate == nil || namedConstant(n) {
			continue
		}
		if key, ok := cseKey(n.gate, n.inputs); ok && b.seen[key] == nil {
			b.seen[key] = n
		}
	}
	b.indexed = len(b.g.nodes)
}

// simplify applies the gate's identities (simplifier), if it has any. It
// returns the node the expression reduces to, and true, or false if none
// applies.
func (b *Builder) simplify(gate Gate, in []*Node) (*Node, bool) {
	if s, ok := gate.(simplifier); ok {
		return s.simplify(b, in)
	}
	return nil, false
}

// fold returns the constant that gate computes from constant inputs.
func (b *Builder) fold(gate Gate, in []*Node) (Gate, bool) {
	if len(in) == 0 {
		return nil, false
	}
	vals := make([]float64, len(in))
	for i, x := range in {
		c, ok := x.gate.(*Constant)
		if !ok {
			return nil, false
		}
		vals[i] = c.Value
	}
	v := gate.Forward(vals)
	if v-v != 0 {
		return nil, false // leave NaN and ±Inf to the run, which names the node
	}
	return &Constant{Value: v}, true
}

// namedConstant reports whether n is a constant with a name of its own,
// which a rule must not borrow for a number that happens to be equal.
func namedConstant(n *Node) bool {
	c, ok := n.gate.(*Constant)
	if !ok || n.name == "" {
		return false
	}
	v, err := strconv.ParseFloat(n.name, 64)
	return err != nil || v != c.Value
}

// constValue returns the value of a constant node, or NaN for any other.
func constValue(n *Node) float64 {
	if c, ok := n.gate.(*Constant); ok {
		return c.Value
	}
	return math.NaN()
}

func nonNil(xs []*Node) []*Node {
	out := make([]*Node, 0, len(xs))
	for _, x := range xs {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// uniqueName returns name, or name followed by a number if a node of g
// already has it.
func uniqueName(g *Graph, name string) string {
	if g.byName[name] == nil {
		return name
	}
	for k := 2; ; k++ {
		if s := name + "#" + strconv.Itoa(k); g.byName[s] == nil {
			return s
		}
	}
}
