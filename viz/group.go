package viz

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph"
)

// Group is a set of nodes that the views draw together: a call of a
// function defined in a program (see expr.Group), which the program's
// author thinks of as one gate.
//
// By default (Options.Expand false) each group is drawn as one node: the
// Result node, labelled Name(arguments), with its value and gradient, and
// one edge from each node outside the group that feeds it. The local
// derivative on such an edge is ∂Result/∂input through the group's inner
// nodes (the sum over the inner paths of the products of their local
// derivatives, exact where they all are), and the gradient on it is what
// flowed from the group to that input. With Options.Expand every node is
// drawn, each group's inside a labelled Graphviz cluster.
type Group struct {
	// Name labels the collapsed node: "softrelu" draws softrelu(z).
	Name string
	// Label titles the cluster of the expanded group; "" means Name.
	Label string
	// Result is the node whose value and gradient are the group's.
	Result *cgraph.Node
	// Nodes are all nodes of the group, Result and those of Groups
	// included. Nothing outside the group may read a node of it but
	// Result.
	Nodes []*cgraph.Node
	// Groups are groups inside this one, drawn as clusters inside its
	// cluster.
	Groups []*Group
}

func (g *Group) label() string {
	if g.Label != "" {
		return g.Label
	}
	return g.Name
}

// collapse redraws each group of groups as its result node: the nodes
// inside it leave the model, and edges from the nodes that feed the group
// go to the result, carrying the derivatives through the inner paths.
func (m *model) collapse(groups []*Group) {
	owner := map[*cgraph.Node]*Group{}
	for _, g := range groups {
		for _, n := range g.Nodes {
			if owner[n] == nil {
				owner[n] = g
			}
		}
	}
	for _, g := range groups {
		if r := m.byNode[g.Result]; r != nil && owner[g.Result] == g {
			m.collapseGroup(g, r, owner)
		}
	}
	kept := m.nodes[:0]
	for _, info := range m.nodes {
		if g := owner[info.n]; g == nil || g.Result == info.n {
			kept = append(kept, info)
		} else {
			delete(m.byNode, info.n)
		}
	}
	m.nodes = kept
	for _, info := range m.nodes {
		info.out = nil
	}
	for _, info := range m.nodes {
		for _, e := range info.in {
			e.from.out = append(e.from.out, e)
		}
	}
}

// collapseGroup makes r, the result of g, read the group's inputs
// directly. A reverse pass over the group's nodes, seeded with 1 at r,
// gives ∂r/∂x for every node x that feeds the group.
func (m *model) collapseGroup(g *Group, r *nodeInfo, owner map[*cgraph.Node]*Group) {
	type partial struct {
		f float64
		r *big.Rat // nil: not exact
	}
	add := func(acc partial, seen bool, adj partial, e *edge) partial {
		p := partial{f: adj.f * e.localF}
		if adj.r != nil && e.localR != nil {
			p.r = new(big.Rat).Mul(adj.r, e.localR)
		}
		if !seen {
			return p
		}
		acc.f += p.f
		if acc.r != nil && p.r != nil {
			acc.r = new(big.Rat).Add(acc.r, p.r)
		} else {
			acc.r = nil
		}
		return acc
	}
	inner := map[*nodeInfo]partial{r: {1, big.NewRat(1, 1)}}
	outer := map[*nodeInfo]partial{}
	var inputs []*nodeInfo // the nodes that feed the group, in order of their edges
	for i := len(m.nodes) - 1; i >= 0; i-- {
		info := m.nodes[i]
		adj, ok := inner[info]
		if !ok || owner[info.n] != g {
			continue
		}
		for _, e := range info.in {
			if owner[e.from.n] == g {
				acc, seen := inner[e.from]
				inner[e.from] = add(acc, seen, adj, e)
				continue
			}
			acc, seen := outer[e.from]
			if !seen {
				inputs = append(inputs, e.from)
			}
			outer[e.from] = add(acc, seen, adj, e)
		}
	}
	// The reverse pass meets the inputs from the last inner node back;
	// list them in the order of their nodes, arguments first as a rule.
	sortByPosition(inputs, m)

	names := make([]string, len(inputs))
	values := make([]string, len(inputs))
	r.in = nil
	for i, x := range inputs {
		names[i] = x.symbol
		if !x.literal {
			names[i] = x.n.Name()
		}
		values[i] = paren(x.value)
		e := &edge{from: x, to: r, i: i}
		if m.numbers {
			p := outer[x]
			e.localF, e.localR = p.f, p.r
			e.local = num(p.f, p.r)
			var contribR *big.Rat
			if p.r != nil && r.exactG != nil {
				contribR = new(big.Rat).Mul(p.r, r.exactG)
			}
			e.contrib = num(p.f*r.n.Grad(), contribR)
		}
		r.in = append(r.in, e)
	}
	r.formula = g.Name + "(" + strings.Join(names, ", ") + ")"
	if m.numbers {
		r.numbers = g.Name + "(" + strings.Join(values, ", ") + ")"
	}
}

// sortByPosition sorts nodes by their place in the model's topological
// order.
func sortByPosition(nodes []*nodeInfo, m *model) {
	pos := make(map[*nodeInfo]int, len(m.nodes))
	for i, info := range m.nodes {
		pos[info] = i
	}
	for i := 1; i < len(nodes); i++ {
		for j := i; j > 0 && pos[nodes[j]] < pos[nodes[j-1]]; j-- {
			nodes[j], nodes[j-1] = nodes[j-1], nodes[j]
		}
	}
}

// clusters writes the nodes of one view with each group's nodes in a
// cluster of its own (nested as the groups are), labelled with the
// group's Label.
func (d *dotWriter) clusters(v View, prefix string, groups []*Group) {
	home := map[*cgraph.Node]*Group{} // the innermost group of each node
	var assign func(gs []*Group)
	assign = func(gs []*Group) {
		for _, g := range gs {
			for _, n := range g.Nodes {
				home[n] = g
			}
			assign(g.Groups)
		}
	}
	assign(groups)
	members := map[*Group][]*nodeInfo{}
	for _, info := range d.m.nodes {
		g := home[info.n]
		if g == nil {
			d.node(v, prefix, info)
			continue
		}
		members[g] = append(members[g], info)
	}
	k := 0
	var write func(gs []*Group, indent string)
	write = func(gs []*Group, indent string) {
		for _, g := range gs {
			k++
			d.printf("%ssubgraph cluster_%sg%s {\n", indent, prefix, strconv.Itoa(k))
			d.printf("%s  label=%s; style=\"rounded,dashed\"; color=\"#6b7280\"; fontcolor=\"#374151\"; fontsize=12;\n", indent, quote(g.label()))
			for _, info := range members[g] {
				d.printf("%s", indent)
				d.node(v, prefix, info)
			}
			write(g.Groups, indent+"  ")
			d.printf("%s}\n", indent)
		}
	}
	write(groups, "  ")
}
