package program

import (
	"slices"
	"strings"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/viz"
)

// Groups returns the calls of the program's defs as groups for the
// diagrams, nested as the calls are: each is named after its def, and its
// cluster is titled with the definition ("softrelu(x) = log(1 + exp(x))").
func Groups(b *expr.Built) []*viz.Group {
	made := make(map[*expr.Group]*viz.Group, len(b.Groups))
	var top []*viz.Group
	for _, g := range b.Groups {
		v := &viz.Group{
			Name: g.Def.Name, Label: strings.TrimPrefix(g.Def.String(), "def "),
			Result: g.Result, Nodes: g.Nodes, ID: g.Name,
		}
		made[g] = v
		if p := made[g.Parent]; p != nil {
			p.Groups = append(p.Groups, v)
		} else {
			top = append(top, v)
		}
	}
	return top
}

// Row is one line of a table of nodes (cgraph eval's table and --json).
type Row struct {
	Node   *cgraph.Node
	Op     string         // the gate's kind, or the def's name for a call drawn as one gate
	Inputs []*cgraph.Node // the node's inputs, or the nodes that feed the call
	// In is the innermost call of a def that made the node ("softrelu#1"),
	// when calls are expanded; "" otherwise.
	In string
}

// Rows lists the nodes of order as a table shows them. Collapsed (expand
// false), as the diagrams draw it, a call of a def is one row: its result,
// with the def's name as op and the nodes that feed the call as inputs;
// the nodes inside calls are left out. Expanded, every node is a row, and
// those made by a call say which. b may be nil (a graph of no program).
func Rows(b *expr.Built, order []*cgraph.Node, expand bool) []Row {
	rows := make([]Row, 0, len(order))
	pos := make(map[*cgraph.Node]int, len(order))
	for i, n := range order {
		pos[n] = i
	}
	for _, n := range order {
		row := Row{Node: n, Op: n.Kind(), Inputs: n.Inputs()}
		switch {
		case b == nil:
		case expand:
			if g := b.GroupOf(n); g != nil {
				row.In = g.Name
			}
		case b.Inside(n) != nil:
			continue
		default:
			if g := outermostCall(b, n); g != nil {
				row.Op, row.Inputs = g.Def.Name, callInputs(g, pos)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// outermostCall returns the outermost call whose result is n, or nil.
func outermostCall(b *expr.Built, n *cgraph.Node) *expr.Group {
	g := b.GroupOf(n)
	if g == nil || g.Result != n {
		return nil
	}
	for g.Parent != nil && g.Parent.Result == n {
		g = g.Parent
	}
	return g
}

// callInputs returns the nodes outside the call g that feed it, in the
// order of pos (the topological order, as the diagrams list them).
func callInputs(g *expr.Group, pos map[*cgraph.Node]int) []*cgraph.Node {
	in := make(map[*cgraph.Node]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		in[n] = true
	}
	var out []*cgraph.Node
	seen := map[*cgraph.Node]bool{}
	for _, n := range g.Nodes {
		for _, x := range n.Inputs() {
			if !in[x] && !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *cgraph.Node) int { return pos[a] - pos[b] })
	return out
}
