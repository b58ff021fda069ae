package viz

import (
	"math/big"
	"strconv"
	"strings"
	"unicode"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/internal/numfmt"
)

// model is what every view shows, worked out once from the graph: the
// nodes in topological order with their numbers as text, and for each input
// edge its local derivative and the gradient that flowed along it. The
// diagrams and the step-by-step text are only different layouts of it.
type model struct {
	output  *cgraph.Node
	nodes   []*nodeInfo
	byNode  map[*cgraph.Node]*nodeInfo
	numbers bool // false when the graph is too large to show numbers
	// structure: the graph has no values (Options.Structure); it is drawn
	// and explained with names and formulas, numbers is false.
	structure bool
	// gradient marks the nodes of a gradient graph; nil for none.
	gradient func(*cgraph.Node) bool
}

type nodeInfo struct {
	n      *cgraph.Node
	symbol string // how other formulas refer to it: its name, or a constant's value
	// literal: an unnamed constant, the 2 of x^2, written as its value. The
	// backward pass shows no gradient for it: ∂L/∂2 means nothing to a
	// student (and is 0 where the base is negative).
	literal bool
	value   string
	grad    string
	formula string   // symbolic, "" for a leaf: "p1 + p2 + p0"
	numbers string   // the formula with the inputs' values: "4/5 + (-7/5) + 3/5"
	in      []*edge  // one per input, in input order
	out     []*edge  // one per consumer edge, in consumer order
	exactV  *big.Rat // nil if not exact
	exactG  *big.Rat
	box     *boxInfo // a group drawn as one box (see fold.go), or nil
}

// edge is input i of node to, coming from node from.
type edge struct {
	from, to *nodeInfo
	i        int
	formula  string // ∂to/∂from symbolically, "" if the gate has no rule
	local    string // its value
	contrib  string // upstream × local: what flowed back to from
	localF   float64
	localR   *big.Rat // nil if not exact
	contribF float64  // the contribution as a float64
	// merged is the number of edges of the graph that this one stands
	// for, between a box and another node (see merge); 0 for an edge of
	// the graph.
	merged int
}

func newModel(g *cgraph.Graph, out *cgraph.Node, withNumbers bool) (*model, error) {
	return makeModel(g, out, withNumbers, withNumbers, false)
}

// newStructure is the model of a graph without values: names and
// formulas, the local derivatives as formulas.
func newStructure(g *cgraph.Graph, out *cgraph.Node) (*model, error) {
	return makeModel(g, out, false, false, true)
}

// makeModel works out the model of g; with exact (and withNumbers) the
// numbers are the exact rationals where known, else the float64 run's.
func makeModel(g *cgraph.Graph, out *cgraph.Node, withNumbers, exact, structure bool) (*model, error) {
	order, err := g.Order()
	if err != nil {
		return nil, err
	}
	m := &model{output: out, byNode: make(map[*cgraph.Node]*nodeInfo, len(order)), numbers: withNumbers, structure: structure}
	var ex *cgraph.Exact
	if withNumbers && exact && out != nil {
		if ex, err = g.Exact(out); err != nil {
			return nil, err
		}
	}
	for _, n := range order {
		info := &nodeInfo{n: n, symbol: m.symbol(g, n), literal: isLiteral(g, n)}
		if ex != nil {
			info.exactV, info.exactG = ex.Value(n), ex.Grad(n)
		}
		info.value = num(n.Value(), info.exactV)
		info.grad = num(n.Grad(), info.exactG)
		m.nodes = append(m.nodes, info)
		m.byNode[n] = info
	}
	for _, info := range m.nodes {
		m.link(info, ex)
	}
	return m, nil
}

// link fills in the formulas of info and the edges from its inputs.
func (m *model) link(info *nodeInfo, ex *cgraph.Exact) {
	n := info.n
	if len(n.Inputs()) == 0 {
		return
	}
	names := make([]string, len(n.Inputs()))
	values := make([]string, len(n.Inputs()))
	for i, x := range n.Inputs() {
		in := m.byNode[x]
		names[i] = in.symbol
		values[i] = paren(in.value)
	}
	info.formula = cgraph.Formula(n.Gate(), names)
	if !m.numbers {
		for i, x := range n.Inputs() {
			e := &edge{from: m.byNode[x], to: info, i: i}
			if m.structure {
				e.formula = cgraph.LocalFormula(n, names, info.symbol, i)
			}
			m.addEdge(e)
		}
		return
	}
	info.numbers = cgraph.Formula(n.Gate(), values)
	localF := n.LocalGrads()
	for i, x := range n.Inputs() {
		e := &edge{from: m.byNode[x], to: info, i: i}
		e.formula = cgraph.LocalFormula(n, names, info.symbol, i)
		var localR, contribR *big.Rat
		if ex != nil {
			localR = ex.Local(n, i)
			if localR != nil && info.exactG != nil {
				contribR = new(big.Rat).Mul(localR, info.exactG)
			}
		}
		e.localF, e.localR = localF[i], localR
		e.local = num(localF[i], localR)
		e.contribF = localF[i] * n.Grad()
		e.contrib = num(e.contribF, contribR)
		m.addEdge(e)
	}
}

func (m *model) addEdge(e *edge) {
	e.to.in = append(e.to.in, e)
	e.from.out = append(e.from.out, e)
}

// symbol is how formulas refer to n: its name, except that an unnamed
// constant (the 2 in x^2) is written as its value, and an unnamed node
// that computes something (one a rule made in a gradient graph) as its
// formula, where that is short: σ(z)(1 − σ(z)), not sigmoid'#12.
func (m *model) symbol(g *cgraph.Graph, n *cgraph.Node) string {
	if isLiteral(g, n) {
		return paren(num(n.Value(), nil))
	}
	if g.Lookup(n.Name()) != n && len(n.Inputs()) > 0 {
		args := make([]string, len(n.Inputs()))
		for i, x := range n.Inputs() {
			args[i] = cgraph.Operand(m.byNode[x].symbol)
		}
		if f := cgraph.Formula(n.Gate(), args); len([]rune(f)) <= maxInlineFormula {
			return cgraph.Operand(f)
		}
	}
	return operand(n.Name())
}

// maxInlineFormula bounds the formula that stands for an unnamed node.
const maxInlineFormula = 40

// IsLiteral reports whether n is a constant without a name of its own:
// unnamed, or named by its number as the expression language names the 2
// of x^2 (also "2#2" for a second 2, and "softrelu#1:1" for the 1 in a
// def's body). Diagrams and explanations show no gradient for it.
func IsLiteral(n *cgraph.Node) bool { return isLiteral(n.Graph(), n) }

func isLiteral(g *cgraph.Graph, n *cgraph.Node) bool {
	if _, ok := n.Gate().(*cgraph.Constant); !ok {
		return false
	}
	name := n.Name()
	if i := strings.LastIndexByte(name, ':'); i >= 0 && strings.Contains(name[:i], "#") {
		name = name[i+1:] // the number in a call of a def
	}
	if i := strings.IndexByte(name, '#'); i > 0 {
		name = name[:i] // a repeated number
	}
	_, err := strconv.ParseFloat(name, 64)
	return err == nil || g.Lookup(n.Name()) != n
}

// operand puts a name that is not a plain identifier in parentheses: the
// expr package names sub-expressions after their text ("yhat - y"), and
// (yhat - y)^2 must not read as yhat - y^2.
func operand(name string) string {
	if strings.HasPrefix(name, "∂") {
		return cgraph.Operand(name) // ∂L/∂z and ∂L/∂(yhat − y) are one term
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.' && r != '#' {
			return "(" + name + ")"
		}
	}
	return name
}

// paren puts a negative number in parentheses so that it reads right after
// an operator: 4/5 + (-7/5).
func paren(s string) string {
	if strings.HasPrefix(s, "−") {
		return "(" + s + ")"
	}
	return s
}

// gradSum returns the sum written out when a node received several
// contributions ("-1/4 + 1/2"), or "" when it received one or none. Of
// more than maxTerms contributions (a weight shared by forty calls) it
// writes the first and the last few and how many there are.
func (info *nodeInfo) gradSum() string {
	if len(info.out) < 2 {
		return ""
	}
	parts := make([]string, len(info.out))
	for i, e := range info.out {
		parts[i] = paren(e.contrib)
	}
	if len(parts) > maxTerms {
		n := len(parts)
		parts = append(append(parts[:maxTerms/2:maxTerms/2], "…"), parts[n-maxTerms/2:]...)
		return strings.Join(parts, " + ") + " (" + strconv.Itoa(n) + " terms)"
	}
	return strings.Join(parts, " + ")
}

// maxTerms is the longest sum of contributions a label writes out.
const maxTerms = 6

// kindClass sorts a node into the classes the diagrams tell apart.
func (m *model) kindClass(info *nodeInfo) string {
	n := info.n
	switch {
	case info.box != nil:
		return "group"
	case n.IsInput():
		return "input"
	case n.IsWeight():
		return "weight"
	case n.IsConst():
		return "const"
	case m.gradient != nil && m.gradient(n):
		return "grad"
	}
	if _, loss := n.Gate().(cgraph.Loss); loss || n == m.output {
		return "loss"
	}
	return "op"
}

// num formats a number as numfmt does, with a true minus sign (−), as
// printed formulas have it.
func num(x float64, exact *big.Rat) string {
	return strings.ReplaceAll(numfmt.Value(x, exact), "-", "−")
}
