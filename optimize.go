package cgraph

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Optimized is a graph rewritten to compute the same output in fewer,
// cheaper steps, with the record of what changed and where each original
// node's value went.
type Optimized struct {
	Graph   *Graph
	Output  *Node
	Changes []Change
	of      map[*Node]*Node // original node → the node carrying its value
	nodes   []*Node         // the original nodes, in creation order
}

// Change is one rewrite, described by the names of the original nodes.
type Change struct {
	Kind  string   // "dead", "fold", "cse" or "fuse"
	Nodes []string // the nodes rewritten
	Into  string   // the node that stands for them ("" for dead nodes)
	Note  string   // e.g. "sigmoid + sqloss → sigmoid_sqloss"
}

func (c Change) String() string {
	s := c.Kind + ": " + strings.Join(c.Nodes, ", ")
	if c.Into != "" {
		s += " → " + c.Into
	}
	if c.Note != "" {
		s += " (" + c.Note + ")"
	}
	return s
}

// Of returns the node of the optimized graph that carries original node n's
// value, or nil if n was removed or fused into another node.
func (o *Optimized) Of(n *Node) *Node { return o.of[n] }

// Optimize returns a graph that computes output's value and the gradients
// of its inputs and weights like g, rewritten by
//
//   - dead-node removal: nodes output does not depend on;
//   - constant folding: a gate whose inputs are all constants becomes a
//     constant;
//   - common sub-expressions: equal gates of equal inputs (in any order for
//     sums and products) are computed once; they are matched by exact keys,
//     never by a hash that two different nodes could share;
//   - fusion: (a − b)^2 into sqloss(a, b); sqloss(σ(z), y) into one
//     sigmoid_sqloss step; a sum of products w·x + … + b into one muladd.
//
// Inputs and weights share their gates with g, so setting an input of g or
// training either graph changes both. Intermediate nodes that were fused
// have no counterpart (Of returns nil).
func Optimize(g *Graph, output *Node) (*Optimized, error) {
	if _, err := g.Order(); err != nil {
		return nil, err
	}
	o := &Optimized{Graph: g, Output: output, of: map[*Node]*Node{}, nodes: g.nodes}
	for _, n := range g.nodes {
		o.of[n] = n
	}
	o.apply(foldAndShare, false)
	for {
		before := o.Graph.Len()
		o.apply(fuse, true)
		if o.Graph.Len() == before {
			break
		}
	}
	return o, nil
}

// rewriter builds a new graph from an old one, node by node in order.
type rewriter struct {
	src, dst *Graph
	output   *Node
	of       map[*Node]*Node  // src node → dst node
	live     map[*Node]bool   // src nodes the output depends on
	names    map[*Node]string // original names of src nodes, for Changes
	seen     map[string]*Node // foldAndShare: exact key → dst node
	fused    map[*Node]fusion // fuse: src consumer → its fusion
	absorbed map[*Node]bool   // fuse: src nodes fused into a consumer
	changes  []Change
}

// pass makes the dst node of src node n, or returns nil to drop it.
type pass func(r *rewriter, n *Node) *Node

// apply runs one pass over the current graph, then composes the mapping.
func (o *Optimized) apply(p pass, planFusions bool) {
	src := o.Graph
	r := &rewriter{
		src: src, dst: New(), output: o.Output,
		of: map[*Node]*Node{}, live: liveSet(o.Output), names: map[*Node]string{},
		seen: map[string]*Node{}, fused: map[*Node]fusion{}, absorbed: map[*Node]bool{},
	}
	for _, orig := range o.nodes { // the first original of a merged node names it
		if n := o.of[orig]; n != nil && r.names[n] == "" {
			r.names[n] = orig.Name()
		}
	}
	order, _ := src.Order() // src is valid: it was built from a valid graph
	if planFusions {
		r.planFusions(order)
	}
	for _, n := range order {
		switch {
		case r.absorbed[n]:
		case !r.live[n]:
			r.change("dead", []*Node{n}, nil, "the output does not depend on it")
		default:
			r.of[n] = p(r, n)
		}
	}
	for orig, n := range o.of {
		o.of[orig] = r.of[n] // nil for removed nodes
	}
	o.Graph, o.Output = r.dst, r.of[o.Output]
	o.Changes = append(o.Changes, r.changes...)
}

// liveSet returns the nodes output depends on.
func liveSet(output *Node) map[*Node]bool {
	live := map[*Node]bool{output: true}
	stack := []*Node{output}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, in := range n.inputs {
			if !live[in] {
				live[in] = true
				stack = append(stack, in)
			}
		}
	}
	return live
}

func (r *rewriter) change(kind string, nodes []*Node, into *Node, note string) {
	c := Change{Kind: kind, Note: note}
	for _, n := range nodes {
		c.Nodes = append(c.Nodes, r.name(n))
	}
	if into != nil {
		c.Into = into.Name()
	}
	r.changes = append(r.changes, c)
}

// name returns the original name of a src node.
func (r *rewriter) name(n *Node) string {
	if s, ok := r.names[n]; ok {
		return s
	}
	return n.Name()
}

// add creates a dst node for src node n, keeping its name.
func (r *rewriter) add(n *Node, gate Gate, inputs ...*Node) *Node {
	return r.dst.Apply(n.name, gate, inputs...)
}

// inputs returns the dst nodes of src nodes.
func (r *rewriter) inputs(nodes []*Node) []*Node {
	ins := make([]*Node, len(nodes))
	for i, in := range nodes {
		ins[i] = r.of[in]
	}
	return ins
}

// foldAndShare folds constants and shares common sub-expressions.
func foldAndShare(r *rewriter, n *Node) *Node {
	ins := r.inputs(n.inputs)
	gate, folded := n.gate, false
	if len(ins) > 0 && allConstant(ins) {
		vals := make([]float64, len(ins))
		for i, in := range ins {
			vals[i] = in.gate.(*Constant).Value
		}
		if v := gate.Forward(vals); v-v == 0 {
			gate, ins, folded = &Constant{Value: v}, nil, true
		}
	}
	key, shareable := cseKey(gate, ins)
	if prev := r.seen[key]; shareable && prev != nil {
		r.change("cse", []*Node{n}, prev, "computes the same as "+prev.Name())
		return prev
	}
	out := r.add(n, shareLeaf(gate), ins...)
	if folded {
		r.change("fold", []*Node{n}, out, fmt.Sprintf("constant %v", out.gate.(*Constant).Value))
	}
	if shareable {
		r.seen[key] = out
	}
	return out
}

func allConstant(ins []*Node) bool {
	for _, in := range ins {
		if _, ok := in.gate.(*Constant); !ok {
			return false
		}
	}
	return true
}

// shareLeaf keeps Input and Weight gates shared with the source graph and
// copies constants.
func shareLeaf(g Gate) Gate {
	if c, ok := g.(*Constant); ok {
		return &Constant{Value: c.Value}
	}
	return g
}

// cseKey returns an exact key for a gate applied to inputs, and false for
// gates that must never be merged (inputs and weights).
func cseKey(g Gate, ins []*Node) (string, bool) {
	switch gt := g.(type) {
	case *Input, *Weight:
		return "", false
	case *Constant:
		return fmt.Sprintf("const %x", math.Float64bits(gt.Value)), true
	}
	ids := make([]int, len(ins))
	for i, in := range ins {
		ids[i] = in.id
	}
	if _, ok := g.(commutative); ok {
		slices.Sort(ids)
	}
	return fmt.Sprintf("%T %#v %v", g, g, ids), true
}

// fusion is how a consumer is rebuilt: its new gate, its new inputs (src
// nodes), and the nodes it absorbs.
type fusion struct {
	gate     Gate
	inputs   []*Node
	absorbed []*Node
	note     string
}

// fuse rebuilds the consumers planned by planFusions and copies the rest.
func fuse(r *rewriter, n *Node) *Node {
	f, ok := r.fused[n]
	if !ok {
		return r.add(n, n.gate, r.inputs(n.inputs)...)
	}
	out := r.add(n, f.gate, r.inputs(f.inputs)...)
	r.change("fuse", append(append([]*Node{}, f.absorbed...), n), out, f.note)
	return out
}

// planFusions finds, one level deep, the patterns fuse rewrites. A node is
// only absorbed if its one consumer is the one fused into and it is not the
// output, so no value anyone reads is lost.
func (r *rewriter) planFusions(order []*Node) {
	for _, n := range order {
		if !r.live[n] {
			continue
		}
		if f, ok := r.fusionOf(n); ok {
			r.fused[n] = f
			for _, a := range f.absorbed {
				r.absorbed[a] = true
			}
		}
	}
}

// absorbable reports whether x may disappear into its consumer.
func (r *rewriter) absorbable(x *Node) bool {
	return x != r.output && len(x.consumers) == 1 && !r.absorbed[x]
}

func (r *rewriter) fusionOf(n *Node) (fusion, bool) {
	if f, ok := n.gate.(fuser); ok {
		return f.fusion(r, n)
	}
	return fusion{}, false
}
