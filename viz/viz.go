package viz

import (
	"errors"
	"fmt"

	"github.com/cgraph/cgraph"
)

// View selects which pass a diagram shows.
type View int

const (
	// ForwardView shows every node's value, arrows from inputs to the gates
	// that consume them.
	ForwardView View = iota
	// BackwardView shows the gradient graph: arrows reversed, each edge
	// labelled with the gradient that flowed along it, each node with its
	// accumulated gradient.
	BackwardView
	// BothView shows the two side by side in one picture.
	BothView
)

// ParseView reads "forward", "backward" or "both".
func ParseView(s string) (View, error) {
	switch s {
	case "forward":
		return ForwardView, nil
	case "backward":
		return BackwardView, nil
	case "both":
		return BothView, nil
	}
	return 0, fmt.Errorf("viz: unknown view %q (want forward, backward or both)", s)
}

func (v View) String() string {
	switch v {
	case ForwardView:
		return "forward"
	case BackwardView:
		return "backward"
	case BothView:
		return "both"
	}
	return fmt.Sprintf("View(%d)", int(v))
}

// DefaultMaxLabelled is the number of nodes above which diagrams show names
// only: beyond a few hundred nodes the numbers are unreadable anyway, and
// labels dominate the layout time.
const DefaultMaxLabelled = 300

// Options sets what a diagram or explanation shows. A nil *Options means
// the defaults.
type Options struct {
	// View is the pass to draw; the zero value is ForwardView.
	View View
	// Output is the node the backward pass ran from (the loss), named in
	// ∂L/∂x. Nil means the last node in topological order.
	Output *cgraph.Node
	// Hand adds the hand calculation to every label: the formula, the same
	// formula with numbers, and on backward edges the local derivative and
	// upstream × local = contribution.
	Hand bool
	// MaxLabelled is the number of nodes above which values and gradients
	// are hidden; 0 means DefaultMaxLabelled.
	MaxLabelled int
	// Gradient, if set, marks the nodes of a gradient graph (made by
	// cgraph.Grad), which are drawn in the colour of the backward pass.
	Gradient func(*cgraph.Node) bool
	// Groups are sets of nodes drawn as one gate each, such as the calls
	// of a program's defs; see Group. Explain and Markdown show them so
	// too.
	Groups []*Group
	// Expand draws every node of the Groups, each group's inside in a
	// labelled cluster, instead of one gate per group. Explain and
	// Markdown then show every step.
	Expand bool
	// Fold, when Expand is false, says which groups are drawn as one
	// node: the zero value FoldAll every one, FoldLarge only those of a
	// graph of more than MaxReadable nodes. A group that only its Result
	// leaves is drawn as that node, Name(arguments); one that several
	// nodes leave (a layer of a network) as a box titled with its Label,
	// with the range of its outputs and parameters (forward) or the norms
	// of their gradients (backward), and one edge to each node it feeds.
	Fold Fold
	// Open and Shut name groups (by ID, or by Name for every call of a
	// def) drawn open or as one node whatever Expand and Fold say; Shut
	// wins.
	Open, Shut []string
	// Layout is the direction of the arrows; the zero value AutoLayout
	// turns deep narrow chains top to bottom (see AutoLayout).
	Layout Layout
	// LabelNodes draws the label of each backward edge as a small node on
	// the edge itself, which then passes through it, instead of as the
	// edge's Graphviz label, which dot may place nearer another edge. The
	// edge is then two DOT edges, n<from> -> e<from>_<to>_<input> ->
	// n<to>: leave it off where a page finds edges by their SVG title.
	LabelNodes bool
	// Structure draws a graph whose inputs have no values, such as
	// exercise 3-2's g = (a + b)·d − f before any numbers are chosen: no
	// numbers at all, every node's name and formula (c = a + b), in the
	// backward view ∂g/∂c on every node and the local derivative's
	// formula on every edge (∂e/∂c = d). Explain and Markdown write the
	// steps as formulas. Nothing is run, so the values may be anything.
	Structure bool
	// Compact draws the backward view of a graph with numbers for a
	// narrow panel (a phone): its edges without labels, each node's
	// gradient on lines of its own under its value (∂L/∂w1, = −1/4),
	// and a short title, so that a small graph fits about 370 px at the
	// full text size. What flowed along each edge is then for the reader
	// to find elsewhere (Explain, the web page's step text).
	Compact bool
}

func (o *Options) orDefault() Options {
	if o == nil {
		return Options{}
	}
	return *o
}

func (o Options) maxLabelled() int {
	if o.MaxLabelled > 0 {
		return o.MaxLabelled
	}
	return DefaultMaxLabelled
}

// ErrEmpty is returned for a graph without nodes: there is nothing to draw.
var ErrEmpty = errors.New("viz: the graph has no nodes")

// output returns the node named by o, or the graph's last node in
// topological order.
func (o Options) output(g *cgraph.Graph) (*cgraph.Node, error) {
	if o.Output != nil {
		if o.Output.Graph() != g {
			return nil, errors.New("viz: Options.Output is a node of another graph")
		}
		return o.Output, nil
	}
	order, err := g.Order()
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, ErrEmpty
	}
	return order[len(order)-1], nil
}

// Forward runs g's forward pass and returns the forward diagram as DOT, the
// picture the exercise's graph class hands back after forward.
func Forward(g *cgraph.Graph, opt *Options) ([]byte, error) {
	if err := g.Forward(); err != nil {
		return nil, err
	}
	o := opt.orDefault()
	o.View = ForwardView
	return DOT(g, &o)
}

// Backward runs g's backward pass from output (after a Forward) and returns
// the backward diagram as DOT.
func Backward(g *cgraph.Graph, output *cgraph.Node, opt *Options) ([]byte, error) {
	if err := g.Backward(output); err != nil {
		return nil, err
	}
	o := opt.orDefault()
	o.View, o.Output = BackwardView, output
	return DOT(g, &o)
}

// ChooseLayout returns the direction DOT draws g in with opt: opt.Layout,
// or for AutoLayout top to bottom for a deep narrow chain, else left to
// right (see AutoLayout).
func ChooseLayout(g *cgraph.Graph, opt *Options) (Layout, error) {
	d, err := newDotWriter(g, opt)
	if err != nil {
		return 0, err
	}
	return d.layout, nil
}

// DOT returns the diagram of g's current values and gradients as Graphviz
// DOT text. It runs nothing: call it after Forward and Backward (or use
// Forward and Backward of this package).
func DOT(g *cgraph.Graph, opt *Options) ([]byte, error) {
	dot, _, err := Diagram(g, opt)
	return dot, err
}

// Diagram is DOT that also says how each of opt.Groups was drawn: open,
// or as one node (and which).
func Diagram(g *cgraph.Graph, opt *Options) ([]byte, []GroupView, error) {
	d, err := newDotWriter(g, opt)
	if err != nil {
		return nil, nil, err
	}
	switch v := opt.orDefault().View; v {
	case ForwardView, BackwardView:
		d.graph(v)
	case BothView:
		d.both()
	default:
		return nil, nil, fmt.Errorf("viz: unknown view %d", int(v))
	}
	return d.buf.Bytes(), d.views, nil
}

// newDotWriter works out the model of g that opt asks to draw.
func newDotWriter(g *cgraph.Graph, opt *Options) (*dotWriter, error) {
	o := opt.orDefault()
	out, err := o.output(g)
	if err != nil {
		return nil, err
	}
	open, shut, views, viewOf := o.fold(g)
	// What is drawn decides whether the numbers are shown: a large
	// network drawn as its layers shows them on the boxes. Exact numbers
	// are worked out for a graph small enough to show every node's.
	shown := g.Len()
	for _, grp := range shut {
		shown -= len(grp.Nodes) - 1
	}
	var m *model
	if o.Structure {
		m, err = newStructure(g, out)
	} else {
		m, err = makeModel(g, out, shown <= o.maxLabelled(), g.Len() <= o.maxLabelled(), false)
	}
	if err != nil {
		return nil, err
	}
	m.gradient = o.Gradient
	d := &dotWriter{m: m, hand: o.Hand && m.numbers, limit: o.maxLabelled(), labelNodes: o.LabelNodes, compact: o.Compact && !o.Structure && m.numbers, groups: open, views: views}
	if len(shut) > 0 {
		reps := m.collapse(shut, true)
		for _, grp := range shut {
			if r := reps[grp]; r != nil {
				d.views[viewOf[grp]].Node = id(r.n)
			}
		}
	}
	d.layout = d.chooseLayout(o.Layout)
	return d, nil
}
