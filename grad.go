package cgraph

import (
	"fmt"
	"slices"
	"unicode"
)

// Grad adds to output's graph the backward pass from output as a graph of
// ordinary gates, built from the gates' derivative rules (Deriver), and
// returns for each node of wrt the node that computes ∂output/∂wrt.
//
// Every node on a path from a node of wrt to output gets a node of its
// gradient, named ∂L/∂x after the output L and the node x where x has a
// name; a node that feeds several consumers gets the sum of their
// contributions as an Add node, in the order Backward adds them, so that
// the gradient graph computes Backward's numbers, bit for bit where the
// operations are the same. Nodes that cannot change output, constants
// among them, get no gradient node; a node of wrt that cannot change
// output gets a constant 0.
//
// The result is a graph like any other: it can be run, drawn, evaluated
// exactly, generated as Go and differentiated again (see Hessian). Grad
// fails with a *NoRuleError if a gate on the way has no rule.
func Grad(output *Node, wrt ...*Node) ([]*Node, error) {
	return NewBuilder(output.graph).Grad(output, wrt...)
}

// NoRuleError reports a gate that Grad needs to differentiate but that has
// no derivative rule.
type NoRuleError struct {
	Node, Kind string
}

func (e *NoRuleError) Error() string {
	return fmt.Sprintf("cgraph: node %q: gate %s has no derivative rule (implement cgraph.Deriver)", e.Node, e.Kind)
}

// Grad is the package's Grad with b's sharing of common subexpressions. A
// second Grad of the same output by the same builder reuses the gradient
// nodes of the first where they cover wrt.
func (b *Builder) Grad(output *Node, wrt ...*Node) ([]*Node, error) {
	if grads, ok := b.known(output, wrt); ok {
		return grads, nil
	}
	g := b.g
	g.mustOwn(output, "Grad of")
	for _, w := range wrt {
		g.mustOwn(w, "Grad with respect to")
	}
	order, err := g.Order()
	if err != nil {
		return nil, err
	}
	order = slices.Clone(order[:g.pos[output.id]+1]) // adding nodes rebuilds g.order
	needed := neededNodes(order, output, wrt)
	gr := &gradBuild{b: b, output: output, start: len(g.nodes), contribs: map[*Node][]*Node{}, adjoint: map[*Node]*Node{}}
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		if !needed[n] {
			continue
		}
		adj := gr.finish(n)
		if adj == nil {
			continue
		}
		for j, x := range n.inputs {
			if !needed[x] {
				continue
			}
			c, err := contribution(b, n, adj, j)
			if err != nil {
				return nil, err
			}
			if c != nil && constValue(c) != 0 {
				gr.nameLocal(c, adj, n, x)
				gr.contribs[x] = append(gr.contribs[x], c)
			}
		}
	}
	if b.grads == nil {
		b.grads = map[*Node]*gradBuild{}
	}
	gr.needed = needed
	b.grads[output] = gr
	out := make([]*Node, len(wrt))
	for k, w := range wrt {
		if out[k] = gr.adjoint[w]; out[k] == nil {
			out[k] = g.Apply(uniqueName(g, gr.name(w)), &Constant{Value: 0})
		}
	}
	if seed := gr.adjoint[output]; len(seed.consumers) == 0 && !slices.Contains(out, seed) {
		// ∂L/∂L = 1 vanished into the products it would multiply.
		delete(g.byName, seed.name)
		seed.name = ""
		delete(gr.adjoint, output)
	}
	b.dropDead(gr.start, out)
	return out, nil
}

// nameLocal names the local derivative in a contribution up·∂n/∂x, where
// a rule made it as a node of its own (σ'(z) in ∂L/∂yhat·σ'(z)): ∂yhat/∂z.
func (gr *gradBuild) nameLocal(c, up, n, x *Node) {
	if _, ok := c.gate.(Mul); !ok || len(c.inputs) != 2 || c.inputs[0] != up || n.name == "" || x.name == "" {
		return
	}
	if local := c.inputs[1]; gr.fresh(local) {
		gr.b.g.rename(local, uniqueName(gr.b.g, "∂"+operandName(n.name)+"/∂"+operandName(x.name)))
	}
}

// known returns the gradients of output with respect to wrt from an
// earlier Grad, if it built them all.
func (b *Builder) known(output *Node, wrt []*Node) ([]*Node, bool) {
	gr := b.grads[output]
	if gr == nil {
		return nil, false
	}
	out := make([]*Node, len(wrt))
	for k, w := range wrt {
		if out[k] = gr.adjoint[w]; out[k] == nil {
			return nil, false
		}
	}
	return out, true
}

// contribution returns the node of up·∂n/∂input[j] by n's gate's rule.
func contribution(b *Builder, n, up *Node, j int) (*Node, error) {
	d, ok := n.gate.(Deriver)
	if !ok {
		return nil, &NoRuleError{Node: n.Name(), Kind: n.Kind()}
	}
	return d.Derive(b, n.inputs, n, up, j), nil
}

// neededNodes marks the nodes of order that lie on a path from a node of
// wrt to output: only their gradients are built.
func neededNodes(order []*Node, output *Node, wrt []*Node) map[*Node]bool {
	reaches := map[*Node]bool{output: true} // output depends on it
	for i := len(order) - 1; i >= 0; i-- {
		if n := order[i]; reaches[n] {
			for _, x := range n.inputs {
				reaches[x] = true
			}
		}
	}
	depends := map[*Node]bool{} // depends on a node of wrt
	for _, w := range wrt {
		depends[w] = true
	}
	needed := map[*Node]bool{}
	for _, n := range order {
		for _, x := range n.inputs {
			if depends[x] {
				depends[n] = true
			}
		}
		if depends[n] && reaches[n] {
			needed[n] = true
		}
	}
	return needed
}

// gradBuild is the state of one Grad: the contributions received so far
// by each node and the gradient nodes made.
type gradBuild struct {
	b        *Builder
	output   *Node
	start    int // the first node id made by this Grad
	needed   map[*Node]bool
	contribs map[*Node][]*Node
	adjoint  map[*Node]*Node
}

// finish makes n's gradient node from its contributions, in the order
// they arrived, and returns it; nil if n receives none (its gradient is 0).
func (gr *gradBuild) finish(n *Node) *Node {
	g := gr.b.g
	var adj *Node
	cs := gr.contribs[n]
	switch {
	case n == gr.output:
		adj = g.Apply(uniqueName(g, gr.name(n)), &Constant{Value: 1})
	case len(cs) == 0:
		return nil
	case len(cs) == 1 && n.name != "" && !gr.fresh(cs[0]):
		// The gradient is another node's (∂L/∂p1 = ∂L/∂z): a node of its
		// own under its own name, so that every node has its gradient.
		adj = g.Apply(uniqueName(g, gr.name(n)), Add{}, cs[0])
	case len(cs) == 1:
		adj = cs[0]
		if n.name != "" {
			g.rename(adj, uniqueName(g, gr.name(n)))
		}
	default:
		adj = g.Apply("", Add{}, cs...)
		if n.name != "" {
			g.rename(adj, uniqueName(g, gr.name(n)))
		}
	}
	gr.adjoint[n] = adj
	return adj
}

// fresh reports whether n is an anonymous node that this Grad made, which
// can take the name of a gradient.
func (gr *gradBuild) fresh(n *Node) bool {
	return n.name == "" && n.id >= gr.start && len(n.inputs) > 0
}

// name returns the name of ∂output/∂n, ∂L/∂x.
func (gr *gradBuild) name(n *Node) string {
	return "∂" + operandName(gr.output.Name()) + "/∂" + operandName(n.Name())
}

// operandName puts a name in parentheses inside a gradient's name where
// it is not one identifier: ∂(∂L/∂w1)/∂w2, ∂L/∂(yhat − y).
func operandName(s string) string {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.' && r != '#' && r != '\'' {
			return "(" + s + ")"
		}
	}
	return s
}

// rename gives an anonymous node a name.
func (g *Graph) rename(n *Node, name string) {
	if n.name != "" {
		panic("cgraph: rename of the named node " + n.name)
	}
	n.name = name
	g.byName[name] = n
}
