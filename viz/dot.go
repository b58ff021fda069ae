package viz

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph"
)

// dotWriter writes a model as DOT. Node ids are "n" and the node's creation
// index (with a prefix per cluster in BothView), so that any name a user
// chooses is only ever a label, and the output is deterministic.
type dotWriter struct {
	buf    bytes.Buffer
	m      *model
	hand   bool
	limit  int
	groups []*folded // the groups drawn open, as clusters
	views  []GroupView
	layout Layout // LeftRight or TopBottom, resolved
	// labelNodes draws each backward edge's label as a small node on the
	// edge (see Options.LabelNodes).
	labelNodes bool
	// compact draws the backward view for a narrow panel (see
	// Options.Compact).
	compact bool
}

// style is the look of one class of node: the kinds are told apart by
// shape as well as colour, so they differ in print too.
type style struct{ shape, fill, color, extra string }

var styles = map[string]style{
	"input":  {"ellipse", "#dbeafe", "#1e40af", ""},
	"weight": {"ellipse", "#fef3c7", "#b45309", ", peripheries=2"},
	"const":  {"ellipse", "#f3f4f6", "#6b7280", `, style="filled,dashed"`},
	"op":     {"box", "#ffffff", "#374151", `, style="rounded,filled"`},
	"loss":   {"box", "#fee2e2", "#b91c1c", `, style="rounded,filled,bold"`},
	"grad":   {"box", "#fff1f2", "#b91c1c", `, style="rounded,filled"`},
	"group":  {"box3d", "#ede9fe", "#5b21b6", ""},
}

const (
	forwardEdgeColor  = "#374151"
	backwardEdgeColor = "#b91c1c"
	literalEdgeColor  = "#9ca3af" // to a literal, in the backward view
)

func (d *dotWriter) printf(format string, args ...any) {
	fmt.Fprintf(&d.buf, format, args...)
}

// graph writes a whole digraph of one view.
func (d *dotWriter) graph(v View) {
	d.header(v.String())
	d.printf("  label=%s;\n", quote(d.title(v)))
	d.body(v, "")
	d.printf("}\n")
}

// both writes the forward and the backward view as two clusters of one
// digraph. With rankdir=LR Graphviz stacks clusters bottom-up in the
// order written, so backward is written first to put forward on top; with
// rankdir=TB it puts them side by side in the order written, forward on
// the left.
func (d *dotWriter) both() {
	d.header("forward_backward")
	if !d.m.numbers && !d.m.structure {
		d.printf("  label=%s;\n", quote(d.hiddenNote()))
	}
	views := []View{BackwardView, ForwardView}
	if d.layout == TopBottom {
		views = []View{ForwardView, BackwardView}
	}
	for _, v := range views {
		d.printf("  subgraph cluster_%s {\n", v)
		d.printf("  label=%s; color=\"#d1d5db\";\n", quote(d.title(v)))
		d.body(v, v.String()[:1])
		d.printf("  }\n")
	}
	d.printf("}\n")
}

func (d *dotWriter) header(name string) {
	d.printf("digraph %s {\n", name)
	dir := "LR"
	if d.layout == TopBottom {
		dir = "TB"
	}
	// An edge whose label is a node on it (labelNodes) spans two ranks,
	// one for the label: half the gap between ranks (less from top to
	// bottom, where the gaps are the arrows' length, not the labels'
	// room) leaves it about as long as one without, and the exercise's
	// backward diagram fits a laptop's panel (1400×900) top to bottom.
	// Top to bottom, the nodes of a rank stand side by side, where the
	// labels already keep them apart: a smaller gap lets the exercise's
	// forward diagram fit a phone (390 px).
	ranksep, nodesep := "0.5", "0.3"
	switch {
	case d.compact && name == BackwardView.String(): // no label nodes: the arrows' length
		ranksep = "0.3"
	case d.labelNodes && d.layout == TopBottom:
		ranksep = "0.15"
	case d.labelNodes:
		ranksep = "0.25"
	}
	if d.layout == TopBottom {
		nodesep = "0.15"
	}
	d.printf("  rankdir=%s; labelloc=t; fontname=\"Helvetica\"; fontsize=14; nodesep=%s; ranksep=%s;\n", dir, nodesep, ranksep)
	d.printf("  node [fontname=\"Helvetica\", fontsize=12, style=filled, penwidth=1.2];\n")
	d.printf("  edge [fontname=\"Helvetica\", fontsize=12, arrowsize=0.7];\n")
}

// title says what the picture shows, and why numbers are missing if they
// are.
func (d *dotWriter) title(v View) string {
	t := "Forward pass: values"
	switch {
	case d.m.structure && v == BackwardView:
		return fmt.Sprintf("Backward pass: ∂%s/∂· by the chain rule (no values given)", d.m.output.Name())
	case d.m.structure:
		return "Forward pass: the graph (no values given)"
	case d.m.gradient != nil:
		t = fmt.Sprintf("Gradient graph of %s (red): every ∂%s/∂· computed from the forward values by the chain rule", d.m.output.Name(), d.m.output.Name())
	case v == BackwardView && d.compact:
		t = fmt.Sprintf("Backward pass: ∂%s/∂·", d.m.output.Name())
	case v == BackwardView:
		t = fmt.Sprintf("Backward pass: gradients ∂%s/∂· (arrows point back to the inputs)", d.m.output.Name())
	}
	if !d.m.numbers {
		t += "\n" + d.hiddenNote()
	}
	return t
}

func (d *dotWriter) hiddenNote() string {
	return fmt.Sprintf("%d nodes: values and gradients hidden above %d nodes (use cgraph eval or --explain for the numbers)",
		len(d.m.nodes), d.limit)
}

// body writes the nodes and edges of one view; prefix keeps the ids of two
// views apart in one digraph.
func (d *dotWriter) body(v View, prefix string) {
	if d.groups != nil {
		d.clusters(v, prefix, d.groups)
	} else {
		for _, info := range d.m.nodes {
			d.node(v, prefix, info)
		}
	}
	for _, info := range d.m.nodes {
		for _, e := range info.in {
			d.edge(v, prefix, e)
		}
	}
}

func (d *dotWriter) node(v View, prefix string, info *nodeInfo) {
	s := styles[d.m.kindClass(info)]
	extra := s.extra
	if d.compact && v == BackwardView && s.shape == "ellipse" {
		// An ellipse around three lines is wide: Graphviz widens the
		// label's box with its margin, then by √2.
		extra += `, margin="0.02,0.02"`
	}
	d.printf("  %s%s [label=%s, shape=%s, fillcolor=%q, color=%q%s];\n",
		prefix, id(info.n), quote(d.nodeLabel(v, info)), s.shape, s.fill, s.color, extra)
}

func (d *dotWriter) edge(v View, prefix string, e *edge) {
	from, to := prefix+id(e.from.n), prefix+id(e.to.n)
	if v == ForwardView {
		d.printf("  %s -> %s [color=%q];\n", from, to, forwardEdgeColor)
		return
	}
	// dir=back keeps the forward layout (inputs left, loss right) while the
	// arrowhead points back to the input, as gradients flow.
	attrs := fmt.Sprintf("dir=back, color=%q, fontcolor=%q", backwardEdgeColor, backwardEdgeColor)
	if e.from.literal { // no gradient to show: a thin grey line keeps the layout
		d.printf("  %s -> %s [dir=none, style=dashed, color=%q];\n", from, to, literalEdgeColor)
		return
	}
	var label string
	switch {
	case d.compact:
		d.printf("  %s -> %s [%s];\n", from, to, attrs)
		return
	case d.m.numbers:
		label = quote(d.edgeLabel(e))
	case d.m.structure && e.formula != "":
		label = quote("∂" + e.to.symbol + "/∂" + e.from.symbol + " = " + e.formula)
	default:
		d.printf("  %s -> %s [%s];\n", from, to, attrs)
		return
	}
	if !d.labelNodes {
		d.printf("  %s -> %s [label=%s, %s];\n", from, to, label, attrs)
		return
	}
	// The label as a node on the edge, which passes through it: Graphviz
	// places a label beside its edge, and beside a bent edge that can be
	// nearer another edge than its own.
	// An edge that stands for several (to or from a box) is m…: it is no
	// input of its end node's gate, which a page finds by e….
	kind := "e"
	if e.merged > 0 {
		kind = "m"
	}
	mid := fmt.Sprintf("%s%s%d_%d_%d", prefix, kind, e.from.n.ID(), e.to.n.ID(), e.i)
	d.printf("  %s [label=%s, shape=box, style=filled, fillcolor=\"#ffffff\", color=\"#ffffff\", fontsize=12, fontcolor=%q, margin=\"0.04,0.02\", width=0, height=0];\n",
		mid, label, backwardEdgeColor)
	d.printf("  %s -> %s [dir=back, color=%q];\n", from, mid, backwardEdgeColor)
	d.printf("  %s -> %s [dir=none, color=%q];\n", mid, to, backwardEdgeColor)
}

func id(n *cgraph.Node) string { return "n" + strconv.Itoa(n.ID()) }

// nodeLabel is what a node shows in view v.
func (d *dotWriter) nodeLabel(v View, info *nodeInfo) string {
	if d.m.structure && info.box == nil {
		return d.structureLabel(v, info)
	}
	if info.box != nil {
		return d.boxLabel(v, info)
	}
	if !d.m.numbers {
		return info.n.Name()
	}
	if v == ForwardView {
		return d.forwardLabel(info)
	}
	if info.literal { // "2", not "2 = 2"
		return info.value
	}
	return info.n.Name() + " = " + info.value + "\n" + d.gradLine(info)
}

// structureLabel: "c = a + b" (forward) or "c\n∂g/∂c" (backward) for a
// graph without values.
func (d *dotWriter) structureLabel(v View, info *nodeInfo) string {
	name := info.n.Name()
	switch {
	case info.literal:
		return info.symbol
	case v == BackwardView:
		return name + "\n∂" + operand(d.m.output.Name()) + "/∂" + info.symbol
	case info.formula == "" || strings.ReplaceAll(name, "-", "−") == info.formula:
		return name
	}
	return name + " = " + info.formula
}

// forwardLabel: "x1 = 1" for a leaf, "p1 = w1 · x1\n= 4/5" for a gate, with
// the numbers substituted in between when the hand calculation is on.
func (d *dotWriter) forwardLabel(info *nodeInfo) string {
	name := info.n.Name()
	if info.literal {
		return info.value
	}
	if info.formula == "" {
		if w, ok := info.n.Gate().(*cgraph.Weight); ok && d.hand && w.Alpha != 0 { // α = 0: never trained
			return name + " = " + info.value + "\n(weight, α = " + num(w.Alpha, nil) + ")"
		}
		return name + " = " + info.value
	}
	lines := []string{name + " = " + info.formula}
	if strings.ReplaceAll(name, "-", "−") == info.formula {
		lines = []string{name} // a sub-expression named after its text
	}
	if d.hand && info.numbers != info.value {
		lines = append(lines, "= "+info.numbers)
	}
	return strings.Join(append(lines, "= "+info.value), "\n")
}

// gradLine is "∂L/∂x = g", with the contributions written out as a sum
// where x feeds several gates.
func (d *dotWriter) gradLine(info *nodeInfo) string {
	s := "∂" + operand(d.m.output.Name()) + "/∂" + info.symbol + " = "
	if d.compact { // narrow: the name and the number on lines of their own
		s = strings.TrimSuffix(s, " = ") + "\n= "
	}
	if sum := info.gradSum(); sum != "" {
		return s + sum + "\n= " + info.grad
	}
	return s + info.grad
}

// edgeLabel is the gradient that flowed along e, and with the hand
// calculation how it came about: ∂to/∂from = formula = local, then
// upstream × local = contribution.
func (d *dotWriter) edgeLabel(e *edge) string {
	if !d.hand || e.merged > 0 {
		return e.contrib
	}
	partial := "∂" + e.to.symbol + "/∂" + e.from.symbol + " = "
	if e.formula != "" && e.formula != e.local {
		partial += e.formula + " = "
	}
	partial += e.local
	return partial + "\n" + e.to.grad + " × " + paren(e.local) + " = " + e.contrib
}

// quote returns s as a DOT string: quotes and backslashes escaped, line
// breaks as DOT's centred \n.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}
