package viz

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph"
)

// Fold says which of Options.Groups a diagram draws as one node.
type Fold int

const (
	// FoldAll draws every group as one node, as cgraph eval draws the
	// calls of a program's defs.
	FoldAll Fold = iota
	// FoldLarge draws every node of a graph of up to MaxReadable nodes,
	// and each group as one node in a larger one: the layers of a small
	// network are its gates, those of a large one are boxes.
	FoldLarge
)

// MaxReadable is the size of the largest graph that FoldLarge draws node
// by node. At labels of 12 px, the exercise's diagram takes about 110 px
// per rank and 50 px per row of labelled nodes: a 1400×900 screen's
// diagram panel (about 1000×600 px) holds some 9 ranks of 12 rows, a
// projector's twice that, so about a hundred nodes are what a class can
// read. XOR's 2-2-1 network (26 nodes) and 2-4-1 (44) stay whole; the
// spiral's 2-16-16-1 (712) is drawn as its layers.
const MaxReadable = 100

// GroupView is how a diagram drew one of Options.Groups, for a page that
// opens and closes groups on a click.
type GroupView struct {
	ID    string `json:"id"`    // Group.ID, or Group.Name
	Label string `json:"label"` // the box's or the cluster's title
	Open  bool   `json:"open"`  // drawn node by node, in a cluster
	// Node is the DOT id of the node a closed group is drawn as ("n12");
	// Cluster the name of an open group's cluster ("cluster_g3").
	Node    string `json:"node,omitempty"`
	Cluster string `json:"cluster,omitempty"`
	// Size is the number of the graph's nodes in the group.
	Size int `json:"size"`
	// Nodes are the creation indexes of the group's nodes, for a page
	// that shows a step inside a closed group on its node.
	Nodes []int `json:"nodes"`
}

func newGroupView(grp *Group) GroupView {
	v := GroupView{ID: grp.id(), Label: grp.label(), Size: len(grp.Nodes), Nodes: make([]int, len(grp.Nodes))}
	for i, n := range grp.Nodes {
		v.Nodes[i] = n.ID()
	}
	return v
}

// folded is a group drawn open, with the groups inside it that are open
// too; k numbers the groups in depth-first order for cluster names.
type folded struct {
	g    *Group
	k    int
	kids []*folded
}

func (g *Group) id() string {
	if g.ID != "" {
		return g.ID
	}
	return g.Name
}

// fold decides which groups are drawn open (a tree of clusters) and which
// closed (the outermost closed groups; their insides are not drawn).
// views says how each group that is seen was drawn, viewOf where a closed
// one is in views.
func (o Options) fold(g *cgraph.Graph) (open []*folded, shut []*Group, views []GroupView, viewOf map[*Group]int) {
	viewOf = map[*Group]int{}
	large := g.Len() > MaxReadable
	k := 0
	var walk func(gs []*Group, hidden bool) []*folded
	walk = func(gs []*Group, hidden bool) []*folded {
		var out []*folded
		for _, grp := range gs {
			k++
			if hidden {
				walk(grp.Groups, true)
				continue
			}
			if o.closed(grp, large) {
				shut = append(shut, grp)
				viewOf[grp] = len(views)
				views = append(views, newGroupView(grp))
				walk(grp.Groups, true)
				continue
			}
			f := &folded{g: grp, k: k}
			gv := newGroupView(grp)
			gv.Open, gv.Cluster = true, "cluster_g"+strconv.Itoa(k)
			views = append(views, gv)
			f.kids = walk(grp.Groups, false)
			out = append(out, f)
		}
		return out
	}
	open = walk(o.Groups, false)
	return open, shut, views, viewOf
}

// closed reports whether grp is drawn as one node.
func (o Options) closed(grp *Group, large bool) bool {
	named := func(names []string) bool {
		return slices.Contains(names, grp.id()) || slices.Contains(names, grp.Name)
	}
	switch {
	case named(o.Shut):
		return true
	case named(o.Open), o.Expand:
		return false
	case o.Fold == FoldLarge:
		return large
	}
	return true
}

// outputs are the nodes of the group that something outside it reads,
// and the model's output if it is inside.
func (m *model) outputs(owner map[*cgraph.Node]*Group, grp *Group) []*nodeInfo {
	var outs []*nodeInfo
	for _, info := range m.nodes {
		if owner[info.n] != grp {
			continue
		}
		read := info.n == m.output
		for _, e := range info.out {
			read = read || owner[e.to.n] != grp
		}
		if read {
			outs = append(outs, info)
		}
	}
	return outs
}

// box turns a group whose inside several nodes outside it read (a layer of
// a network, whose units the next layer reads) into one node: its
// representative (Result, or its last node) with the edges from outside
// into the group. The edges out of the group are moved to the box later
// (see merge).
func (m *model) box(grp *Group, owner map[*cgraph.Node]*Group, outs []*nodeInfo) *nodeInfo {
	rep := m.byNode[grp.Result]
	if rep == nil || owner[grp.Result] != grp {
		for _, info := range m.nodes {
			if owner[info.n] == grp {
				rep = info
			}
		}
	}
	var in []*edge
	for _, info := range m.nodes {
		if owner[info.n] != grp {
			continue
		}
		for _, e := range info.in {
			if owner[e.from.n] != grp {
				in = append(in, e)
			}
		}
	}
	rep.in = in
	rep.box = &boxInfo{group: grp, outs: outs}
	return rep
}

// boxInfo is what a group drawn as a box shows.
type boxInfo struct {
	group *Group
	outs  []*nodeInfo // the nodes outside the group read
}

// merge moves every edge to the node drawn for its ends (a box for a node
// inside a group drawn so) and makes the edges between the same two drawn
// nodes one, which carries the sum of their gradients; from a box, whose
// several nodes each get their own gradient, it carries their number and
// their norm.
func (m *model) merge(drawn map[*nodeInfo]*nodeInfo) {
	at := func(info *nodeInfo) *nodeInfo {
		if d := drawn[info]; d != nil {
			return d
		}
		return info
	}
	for _, info := range m.nodes {
		if info.box == nil && !slices.ContainsFunc(info.in, func(e *edge) bool { return drawn[e.from] != nil }) {
			continue
		}
		type acc struct {
			e     *edge
			per   map[*nodeInfo]float64 // from a box: the gradient per node of it
			sum   float64
			count int
		}
		var order []*nodeInfo
		byFrom := map[*nodeInfo]*acc{}
		for _, e := range info.in {
			f := at(e.from)
			a := byFrom[f]
			if a == nil {
				a = &acc{e: e, per: map[*nodeInfo]float64{}}
				byFrom[f] = a
				order = append(order, f)
			}
			a.count++
			a.sum += e.contribF
			a.per[e.from] += e.contribF
		}
		info.in = info.in[:0]
		for i, f := range order {
			a := byFrom[f]
			if a.count == 1 && f.box == nil && info.box == nil {
				a.e.i = i
				info.in = append(info.in, a.e)
				continue
			}
			e := &edge{from: f, to: info, i: i, merged: a.count, contribF: a.sum}
			if m.numbers {
				if f.box != nil && len(a.per) > 1 {
					var ss float64
					for _, g := range a.per {
						ss += g * g
					}
					e.contrib = strconv.Itoa(len(a.per)) + " gradients, |g| = " + short(math.Sqrt(ss))
				} else {
					e.contrib = num(a.sum, nil)
				}
			}
			info.in = append(info.in, e)
		}
		for _, e := range info.in {
			e.to = info
		}
	}
}

// boxLabel is a box's title and, with numbers, the range of what it
// outputs and of its parameters (forward) or the norms of their gradients
// (backward), |∂L/∂W| = √(Σ (∂L/∂w)²).
func (d *dotWriter) boxLabel(v View, info *nodeInfo) string {
	b := info.box
	lines := []string{b.group.label()}
	if d.m.structure {
		return lines[0]
	}
	out := operand(d.m.output.Name())
	outName, outNodes := b.group.OutName, b.group.Outputs
	if outNodes == nil {
		for _, o := range b.outs {
			outNodes = append(outNodes, o.n)
		}
	}
	if len(outNodes) == 1 {
		outName = operand(outNodes[0].Name())
	} else if outName == "" {
		outName = "out"
	}
	params := b.group.Params
	pName := b.group.ParamName
	if pName == "" {
		pName = "w"
	}
	if v == ForwardView {
		lines = append(lines, valueRange(outName, outNodes))
		if len(params) > 0 {
			lines = append(lines, valueRange(pName, params))
		}
		return strings.Join(lines, "\n")
	}
	switch {
	case len(outNodes) == 1:
		lines = append(lines, "∂"+out+"/∂"+outName+" = "+short(outNodes[0].Grad()))
	case len(params) == 0: // a chain: how the gradient shrinks or grows along it
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, n := range outNodes {
			lo, hi = min(lo, n.Grad()), max(hi, n.Grad())
		}
		lines = append(lines, short(lo)+" ≤ ∂"+out+"/∂"+outName+" ≤ "+short(hi))
	default:
		lines = append(lines, "|∂"+out+"/∂"+outName+"| = "+short(gradNorm(outNodes)))
	}
	if len(params) > 0 {
		lines = append(lines, "|∂"+out+"/∂"+pName+"| = "+short(gradNorm(params)))
	}
	return strings.Join(lines, "\n")
}

// valueRange is "a = x" for one node, "lo ≤ a ≤ hi" for several. (The
// PNG's font, the Go font, has ≤ but not ∈; |g| is the Euclidean norm,
// as it has no ‖.)
func valueRange(name string, ns []*cgraph.Node) string {
	if len(ns) == 1 {
		return name + " = " + short(ns[0].Value())
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, n := range ns {
		lo, hi = min(lo, n.Value()), max(hi, n.Value())
	}
	return short(lo) + " ≤ " + name + " ≤ " + short(hi)
}

func gradNorm(ns []*cgraph.Node) float64 {
	var ss float64
	for _, n := range ns {
		ss += n.Grad() * n.Grad()
	}
	return math.Sqrt(ss)
}

// short writes x with three significant digits, as a summary needs.
func short(x float64) string {
	s := strconv.FormatFloat(x, 'g', 3, 64)
	if strings.Contains(s, "e") {
		m, e, _ := strings.Cut(s, "e")
		exp, _ := strconv.Atoi(e)
		s = m + "e" + strconv.Itoa(exp)
	}
	return strings.ReplaceAll(s, "-", "−")
}
