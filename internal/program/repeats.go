package program

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/viz"
)

// DiagramGroups are the groups a diagram of b folds: the calls of its
// defs, or, for a program without defs of more than viz.MaxReadable
// nodes, its runs of repeated statements (see Repeats).
func DiagramGroups(b *expr.Built) []*viz.Group {
	if len(b.Groups) > 0 || b.Graph.Len() <= viz.MaxReadable {
		return Groups(b)
	}
	return Repeats(b)
}

// minRun is the shortest run of statements Repeats folds: three make a
// pattern a reader sees at once.
const minRun = 3

// Repeats finds the runs of at least minRun consecutive statements of one
// form, each reading the one before, such as the chain of issue 17
// (v1 = sigmoid(v0 * w1 + b), v2 = sigmoid(v1 * w2 + b), …), and returns
// each as a group that a diagram draws as one box: the run's statements
// and the inputs only they read (but those of its first statement, which
// are the run's inputs), titled "v0 = sigmoid(x * w0 + b) … v129: 130
// statements alike", with the range of the targets' values or the norm
// of their gradients.
func Repeats(b *expr.Built) []*viz.Group {
	own := map[*cgraph.Node]int{} // the statement (index in Targets) that made a node
	stmts := make([][]*cgraph.Node, len(b.Targets))
	for i, t := range b.Targets {
		var walk func(n *cgraph.Node)
		walk = func(n *cgraph.Node) {
			if _, seen := own[n]; seen || (n != t && !b.Generated(n)) {
				return
			}
			own[n] = i
			stmts[i] = append(stmts[i], n)
			for _, x := range n.Inputs() {
				walk(x)
			}
		}
		walk(t)
	}
	var shape func(n *cgraph.Node, i int) string
	shape = func(n *cgraph.Node, i int) string {
		if j, ok := own[n]; !ok || j != i {
			return "_"
		}
		if len(n.Inputs()) == 0 {
			return n.Name()
		}
		parts := make([]string, len(n.Inputs()))
		for k, x := range n.Inputs() {
			parts[k] = shape(x, i)
		}
		return n.Kind() + "(" + strings.Join(parts, ",") + ")"
	}
	shapes := make([]string, len(b.Targets))
	for i, t := range b.Targets {
		shapes[i] = shape(t, i)
	}
	reads := func(i int, x *cgraph.Node) bool {
		for _, n := range stmts[i] {
			for _, in := range n.Inputs() {
				if in == x {
					return true
				}
			}
		}
		return false
	}
	var groups []*viz.Group
	for i := 0; i < len(b.Targets); {
		j := i + 1
		for j < len(b.Targets) && shapes[j] == shapes[i] && reads(j, b.Targets[j-1]) {
			j++
		}
		if j-i >= minRun {
			groups = append(groups, run(b, stmts[i:j], b.Targets[i:j]))
		}
		i = j
	}
	return groups
}

// run makes the group of the statements stmts (targets ts).
func run(b *expr.Built, stmts [][]*cgraph.Node, ts []*cgraph.Node) *viz.Group {
	in := map[*cgraph.Node]bool{}
	var nodes []*cgraph.Node
	for _, s := range stmts {
		for _, n := range s {
			in[n] = true
			nodes = append(nodes, n)
		}
	}
	first := map[*cgraph.Node]bool{}
	for _, n := range stmts[0] {
		for _, x := range n.Inputs() {
			first[x] = true
		}
	}
	// The leaves that only the run reads, but for the first statement's.
	for _, s := range stmts {
		for _, n := range s {
			for _, x := range n.Inputs() {
				if in[x] || first[x] || len(x.Inputs()) > 0 {
					continue
				}
				only := true
				for _, c := range x.Consumers() {
					only = only && in[c]
				}
				if only {
					in[x] = true
					nodes = append(nodes, x)
				}
			}
		}
	}
	last := ts[len(ts)-1]
	stmt, _ := b.From[ts[0]].(*expr.Stmt)
	head := ts[0].Name()
	if stmt != nil {
		head = stmt.String()
	}
	return &viz.Group{
		Name: ts[0].Name() + ".." + last.Name(), Box: true, Result: last, Nodes: nodes, Outputs: ts,
		Label:   fmt.Sprintf("%s … %s: %d statements alike", head, last.Name(), len(ts)),
		OutName: commonStem(ts),
	}
}

// commonStem is the name the targets share without their numbers (v for
// v0 … v129), or "".
func commonStem(ts []*cgraph.Node) string {
	stem := strings.TrimRightFunc(ts[0].Name(), unicode.IsDigit)
	for _, t := range ts {
		if stem == "" || strings.TrimRightFunc(t.Name(), unicode.IsDigit) != stem {
			return ""
		}
	}
	return stem
}
