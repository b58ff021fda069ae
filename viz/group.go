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
	// ID tells this group from the others with the same Name, for
	// Options.Open and Shut: "softrelu#2", the second call of softrelu.
	// "" means Name.
	ID string

	// A group that several of its nodes leave (a layer of a network,
	// whose units the next layer reads) is drawn closed as a box titled
	// Label, with the range of its outputs' values and of its Params
	// (forward) or the norms of their gradients (backward), written with
	// OutName ("a2", default "out") and ParamName ("W2", default "w").
	// Outputs are the nodes summarised so; nil means those read outside
	// the group.
	Outputs   []*cgraph.Node
	OutName   string
	Params    []*cgraph.Node
	ParamName string
	// Box draws the group closed as a box even if only its Result leaves
	// it (a run of repeated statements), not as Name(arguments).
	Box bool
}

func (g *Group) label() string {
	if g.Label != "" {
		return g.Label
	}
	return g.Name
}

// collapse redraws each group of groups as one node: a group that only
// its Result leaves (a call of a def) as that node, Name(arguments), with
// edges from the nodes that feed the group carrying the derivatives
// through the inner paths; with boxes, a group that several nodes leave
// (a layer of a network) as a box (see box). Without boxes such a group
// is drawn node by node. It returns the node drawn for each group.
func (m *model) collapse(groups []*Group, boxes bool) map[*Group]*nodeInfo {
	owner := map[*cgraph.Node]*Group{}
	for _, g := range groups {
		for _, n := range g.Nodes {
			if owner[n] == nil {
				owner[n] = g
			}
		}
	}
	outs := make([][]*nodeInfo, len(groups))
	for i, g := range groups {
		outs[i] = m.outputs(owner, g)
	}
	reps := map[*Group]*nodeInfo{}
	drawn := map[*nodeInfo]*nodeInfo{} // the box of each node inside one
	for i, g := range groups {
		r := m.byNode[g.Result]
		gate := !g.Box && r != nil && owner[g.Result] == g && len(outs[i]) <= 1 && (len(outs[i]) == 0 || outs[i][0] == r)
		switch {
		case gate:
			m.collapseGroup(g, r, owner)
			reps[g] = r
		case boxes && len(outs[i]) > 0:
			rep := m.box(g, owner, outs[i])
			reps[g] = rep
			for _, info := range m.nodes {
				if owner[info.n] == g {
					drawn[info] = rep
				}
			}
		default: // drawn node by node
			for _, n := range g.Nodes {
				if owner[n] == g {
					delete(owner, n)
				}
			}
		}
	}
	kept := m.nodes[:0]
	for _, info := range m.nodes {
		if g := owner[info.n]; g == nil || reps[g] == info {
			kept = append(kept, info)
		} else {
			delete(m.byNode, info.n)
		}
	}
	m.nodes = kept
	if len(drawn) > 0 {
		m.merge(drawn)
	}
	for _, info := range m.nodes {
		info.out = nil
	}
	for _, info := range m.nodes {
		for _, e := range info.in {
			e.from.out = append(e.from.out, e)
		}
	}
	return reps
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
			e.contribF = p.f * r.n.Grad()
			e.contrib = num(e.contribF, contribR)
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

// clusters writes the nodes of one view with each open group's nodes in
// a cluster of its own (nested as the groups are), labelled with the
// group's Label; a closed group inside an open one is a node of its
// cluster.
func (d *dotWriter) clusters(v View, prefix string, groups []*folded) {
	home := map[*cgraph.Node]*folded{} // the innermost open group of each node
	var assign func(fs []*folded)
	assign = func(fs []*folded) {
		for _, f := range fs {
			for _, n := range f.g.Nodes {
				home[n] = f
			}
			assign(f.kids)
		}
	}
	assign(groups)
	members := map[*folded][]*nodeInfo{}
	for _, info := range d.m.nodes {
		f := home[info.n]
		if f == nil {
			d.node(v, prefix, info)
			continue
		}
		members[f] = append(members[f], info)
	}
	var write func(fs []*folded, indent string)
	write = func(fs []*folded, indent string) {
		for _, f := range fs {
			d.printf("%ssubgraph cluster_%sg%s {\n", indent, prefix, strconv.Itoa(f.k))
			d.printf("%s  label=%s; style=\"rounded,dashed\"; color=\"#6b7280\"; fontcolor=\"#374151\"; fontsize=12;\n", indent, quote(f.g.label()))
			for _, info := range members[f] {
				d.printf("%s", indent)
				d.node(v, prefix, info)
			}
			write(f.kids, indent+"  ")
			d.printf("%s}\n", indent)
		}
	}
	write(groups, "  ")
}
