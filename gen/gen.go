// Package gen writes a graph as Go source code: a type holding every
// node's value and gradient and a Run method that computes them all in
// straight-line code, with the graph's structure compiled away.
//
// The tape (see the cgraph package) interprets a graph: every step loads
// its operands from memory and dispatches on its operation, and a
// forward+backward pass is one long chain that cannot overlap with the
// next. Generated code is what a careful programmer writes by hand for one
// fixed graph: values in registers, no dispatch, and independent runs that
// the processor overlaps. It runs a small graph at the speed of
// hand-written Go, which is what the exercise's graph and per-sample
// training need; a graph whose structure changes, or one of many thousands
// of nodes, is better served by the tape.
//
// The generated code uses the same formulas in the same order as the
// tape, so its values and gradients are bit for bit those of
// cgraph.Graph.Run (the tests hold it to that), except that constants get
// no gradient: nobody trains the 2 of (ŷ − y)^2. It needs only the
// standard library.
package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/cgraph/cgraph"
)

// MaxNodes bounds the size of a graph written as straight-line code: the
// Go compiler's time grows quickly with the length of one function, and
// graphs that large gain nothing over the tape.
const MaxNodes = 20_000

// Options name what is generated.
type Options struct {
	Package string // the package clause; "graph" if empty
	Type    string // the exported type holding the graph; "Graph" if empty
	// Source, if set, is quoted in the file's header comment (e.g. the
	// program the graph was compiled from).
	Source string
}

// Coder is implemented by a gate of the user's own that can be generated.
// The arguments are Go expressions (local variable names or literals) of
// the gate's inputs, its output and the gradient flowing into it. The
// expressions may use the math package and sigmoid(x), σ computed as the
// cgraph package does.
type Coder interface {
	// GoForward returns an expression for the gate's output.
	GoForward(in []string) string
	// GoBackward returns one expression per input for the contribution
	// to its gradient (added to it), or "" for no contribution.
	GoBackward(in []string, out, up string) []string
}

// Go returns the source of a Go file that computes g's values and the
// gradients ∂output/∂node of every node. It fails on a graph that does not
// validate, has more than MaxNodes nodes, or has a gate it cannot write
// (a user's gate that does not implement Coder).
func Go(g *cgraph.Graph, output *cgraph.Node, opt Options) ([]byte, error) {
	if output == nil || output.Graph() != g {
		return nil, fmt.Errorf("gen: the output is not a node of the graph")
	}
	order, err := g.Order()
	if err != nil {
		return nil, err
	}
	if len(order) > MaxNodes {
		return nil, fmt.Errorf("gen: %d nodes, more than the %d written as straight-line code; run the graph's tape instead", len(order), MaxNodes)
	}
	if opt.Package == "" {
		opt.Package = "graph"
	}
	if opt.Type == "" {
		opt.Type = "Graph"
	}
	if !token.IsIdentifier(opt.Package) || !token.IsIdentifier(opt.Type) || !token.IsExported(opt.Type) {
		return nil, fmt.Errorf("gen: package %q and type %q must be Go identifiers, the type exported", opt.Package, opt.Type)
	}
	w := newWriter(order, output, opt)
	if err := w.file(); err != nil {
		return nil, err
	}
	src, err := format.Source(w.buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("gen: internal error, the generated code does not parse: %v", err)
	}
	return src, nil
}

// writer builds one file. Node i of the order has value v<i> and gradient
// d<i> as locals of Run, and index i in the Value and Grad arrays.
type writer struct {
	buf    bytes.Buffer
	order  []*cgraph.Node
	index  map[*cgraph.Node]int
	output int
	opt    Options
	consts []string // Go names of the index constants, "" for none
	used   map[string]bool
	// valueLocals and gradLocals are what Run checks: the values as read
	// from v (see backward) and the gradients' locals.
	valueLocals, gradLocals []string
	// fromValue: the code being written reads values from v, not locals
	// (see backward).
	fromValue bool
	// helpers lists the helper functions the code calls, in first use.
	helpers []string
}

func newWriter(order []*cgraph.Node, output *cgraph.Node, opt Options) *writer {
	w := &writer{order: order, index: make(map[*cgraph.Node]int, len(order)), opt: opt, used: map[string]bool{}}
	for i, n := range order {
		w.index[n] = i
	}
	w.output = w.index[output]
	w.consts = constNames(order, opt.Type)
	return w
}

func (w *writer) p(format string, args ...any) { fmt.Fprintf(&w.buf, format+"\n", args...) }

func (w *writer) file() error {
	var forward, backward bytes.Buffer
	if err := w.forward(&forward); err != nil {
		return err
	}
	if err := w.backward(&backward); err != nil {
		return err
	}
	w.types()
	w.run(forward.String(), backward.String())
	w.step()
	w.fail()
	w.writeHelpers()
	body := w.buf.String()
	w.buf.Reset()
	w.header(strings.Contains(body, "math."))
	w.buf.WriteString(body)
	return nil
}

func (w *writer) header(usesMath bool) {
	w.p("// Code generated by cgraph gen; DO NOT EDIT.")
	w.p("")
	if w.opt.Source != "" {
		w.p("// This file computes the graph of")
		w.p("//")
		for _, line := range strings.Split(strings.TrimSpace(w.opt.Source), "\n") {
			w.p("//\t%s", line)
		}
		w.p("//")
		w.p("// forward and backward, in straight-line Go.")
		w.p("")
	}
	w.p("package %s", w.opt.Package)
	w.p("")
	if usesMath {
		w.p("import (\n\"fmt\"\n\"math\"\n)")
	} else {
		w.p("import \"fmt\"")
	}
	w.p("")
	w.p("// The nodes of %s in topological order: their indices in Value, Grad", w.opt.Type)
	w.p("// and %sNames.", w.opt.Type)
	w.p("const (")
	for i, n := range w.order {
		if w.consts[i] != "" {
			w.p("%s = %d // %s: %s", w.consts[i], i, n.Name(), describe(n))
		}
	}
	w.p("%sNodes = %d // the number of nodes", w.opt.Type, len(w.order))
	w.p("%sOutput = %d // the output, %s", w.opt.Type, w.output, w.order[w.output].Name())
	w.p(")")
	w.p("")
	w.p("// %sNames are the nodes' names in the graph, by index.", w.opt.Type)
	w.p("var %sNames = [%sNodes]string{", w.opt.Type, w.opt.Type)
	for _, n := range w.order {
		w.p("%s,", strconv.Quote(n.Name()))
	}
	w.p("}")
	w.p("")
}

// describe says what a node is, for the comment of its constant.
func describe(n *cgraph.Node) string {
	if len(n.Inputs()) == 0 {
		return n.Kind()
	}
	names := make([]string, len(n.Inputs()))
	for i, in := range n.Inputs() {
		names[i] = in.Name()
	}
	return n.Kind() + "(" + strings.Join(names, ", ") + ")"
}

func (w *writer) types() {
	t := w.opt.Type
	w.p("// %s holds the value and the gradient ∂%s/∂node of every node. Set the", t, w.order[w.output].Name())
	w.p("// values of the inputs and weights, call Run, and read Value and Grad.")
	w.p("type %s struct {", t)
	w.p("Value [%sNodes]float64", t)
	w.p("Grad [%sNodes]float64", t)
	w.p("}")
	w.p("")
	w.p("// New%s returns the graph with the values its leaves had when it was", t)
	w.p("// generated.")
	w.p("func New%s() *%s {", t, t)
	w.p("g := new(%s)", t)
	for i, n := range w.order {
		if v, ok := leafValue(n); ok && v != 0 {
			w.p("g.Value[%s] = %s", w.ref(i), literal(v))
		}
	}
	w.p("return g")
	w.p("}")
	w.p("")
}

// leafValue returns the value a leaf's gate holds now (a graph's own copy
// is only refreshed by Forward).
func leafValue(n *cgraph.Node) (float64, bool) {
	switch g := n.Gate().(type) {
	case *cgraph.Input:
		return g.Value, true
	case *cgraph.Weight:
		return g.Value, true
	case *cgraph.Constant:
		return g.Value, true
	}
	return 0, false
}

// ref returns how the code names index i: its constant or the number.
func (w *writer) ref(i int) string {
	if w.consts[i] != "" {
		return w.consts[i]
	}
	return strconv.Itoa(i)
}

func (w *writer) run(forward, backward string) {
	t := w.opt.Type
	w.p("// Run computes every node's value from the leaves' values in Value, then")
	w.p("// every gradient into Grad. It returns an error naming the first node")
	w.p("// whose value or gradient is NaN or ±Inf; Grad is then not meaningful.")
	w.p("func (g *%s) Run() error {", t)
	w.p("v := &g.Value")
	w.buf.WriteString(forward)
	locals := append(append([]string(nil), w.valueLocals...), w.gradLocals...)
	if len(locals) > maxInlineCheck {
		w.p("if !%s(v[:]) {", w.need("finite"))
		w.p("return g.fail(\"forward\", v[:])")
		w.p("}")
		w.buf.WriteString(backward)
		w.p("if !finite(g.Grad[:]) {")
		w.p("return g.fail(\"backward\", g.Grad[:])")
		w.p("}")
		w.p("return nil")
		w.p("}")
		w.p("")
		return
	}
	// One check of everything at the end: a NaN of the forward pass only
	// makes the backward pass compute more NaNs before it is reported.
	w.buf.WriteString(backward)
	w.p("if s := %s; s-s != 0 {", balancedSum(locals))
	w.p("if err := g.fail(\"forward\", v[:]); err != nil {")
	w.p("return err")
	w.p("}")
	w.p("return g.fail(\"backward\", g.Grad[:])")
	w.p("}")
	w.p("return nil")
	w.p("}")
	w.p("")
}

// maxInlineCheck is the largest number of locals checked for NaN in one
// expression; larger graphs call finite on the arrays.
const maxInlineCheck = 256

// balancedSum returns the sum of xs as a balanced tree of additions. The
// sum is NaN or ±Inf if one of xs is (or, rarely, if it overflows, and
// fail then finds nothing to report): a check of every number with one
// addition each, and additions in a tree do not wait for each other.
func balancedSum(xs []string) string {
	if len(xs) == 1 {
		return xs[0]
	}
	h := len(xs) / 2
	return "(" + balancedSum(xs[:h]) + " + " + balancedSum(xs[h:]) + ")"
}

// step writes Step, SGD with each weight's learning rate.
func (w *writer) step() {
	w.p("// Step applies one step of gradient descent, w ← w − α·∂%s/∂w, to every", w.order[w.output].Name())
	w.p("// weight, with the learning rate α it had in the graph.")
	w.p("func (g *%s) Step() {", w.opt.Type)
	for i, n := range w.order {
		if wt, ok := n.Gate().(*cgraph.Weight); ok {
			w.p("g.Value[%s] -= %s * g.Grad[%s]", w.ref(i), literal(wt.Alpha), w.ref(i))
		}
	}
	w.p("}")
	w.p("")
}

func (w *writer) fail() {
	t := w.opt.Type
	w.p("// fail names the first node whose value (in topological order) or")
	w.p("// gradient (in reverse) is not finite, if there is one.")
	w.p("func (g *%s) fail(pass string, xs []float64) error {", t)
	w.p("for k := range xs {")
	w.p("i := k")
	w.p("if pass == \"backward\" {")
	w.p("i = len(xs) - 1 - k")
	w.p("}")
	w.p("if x := xs[i]; x-x != 0 {")
	w.p("what := \"value\"")
	w.p("if pass == \"backward\" {")
	w.p("what = \"gradient\"")
	w.p("}")
	w.p("return fmt.Errorf(\"%s: %%s pass: the %%s of node %%q is %%v\", pass, what, %sNames[i], x)", t, t)
	w.p("}")
	w.p("}")
	w.p("return nil")
	w.p("}")
	w.p("")
}

// literal writes x as a Go expression that gives back the same float64.
func literal(x float64) string {
	switch {
	case x != x:
		return "math.NaN()"
	case math.IsInf(x, 1):
		return "math.Inf(1)"
	case math.IsInf(x, -1):
		return "math.Inf(-1)"
	}
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eIn") {
		s += ".0" // a float constant, never an integer one
	}
	if x < 0 || (x == 0 && 1/x < 0) {
		if x == 0 {
			return "math.Copysign(0, -1)"
		}
		return "(" + s + ")"
	}
	return s
}

// constNames gives each named node an exported Go constant derived from
// its name (x1 → X1, yhat → Yhat, w1_2 → W1_2, yhat - y → YhatY), prefixed by the type's
// name where the plain one would be taken or reserved.
func constNames(order []*cgraph.Node, typ string) []string {
	names := make([]string, len(order))
	taken := map[string]bool{typ: true, typ + "Nodes": true, typ + "Output": true, typ + "Names": true, "New" + typ: true}
	for i, n := range order {
		c := goName(n.Name())
		if c == "" || strings.Contains(n.Name(), "#") {
			continue
		}
		for taken[c] {
			c += "_" + strconv.Itoa(i)
		}
		taken[c] = true
		names[i] = c
	}
	return names
}

// goName turns a node's name into an exported identifier, "" if it has no
// letter or digit.
func goName(name string) string {
	var b strings.Builder
	upper := true
	for _, r := range name {
		switch {
		case r == '_' && b.Len() > 0:
			b.WriteRune(r)
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if upper {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	s := b.String()
	if s == "" {
		return ""
	}
	if !unicode.IsLetter(rune(s[0])) {
		s = "N" + s
	}
	return s
}
