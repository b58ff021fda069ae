package viz

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/cgraph/cgraph"
)

// Explain writes the forward pass in topological order (each node: formula,
// the formula with numbers, value) and the backward pass in reverse order
// (each node's gradient, then each edge to its inputs: local derivative,
// upstream × local = contribution; sums where a node feeds several gates),
// in the order a student writes them on paper. It shows the numbers of the
// last Forward and Backward run.
func Explain(w io.Writer, g *cgraph.Graph, opt *Options) error {
	m, err := explainModel(g, opt)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	switch {
	case m.structure:
		explainStructure(bw, m)
		return bw.Flush()
	case m.gradient != nil:
		explainGradientGraph(bw, m)
		return bw.Flush()
	}
	fmt.Fprintln(bw, "Forward pass (topological order)")
	for _, info := range m.nodes {
		fmt.Fprintln(bw, "  "+forwardStep(info))
	}
	fmt.Fprintf(bw, "\nBackward pass from %s (reverse order)\n", m.output.Name())
	for _, info := range m.reached() {
		fmt.Fprintln(bw, "  "+m.gradStep(info))
		for _, e := range info.in {
			if !e.from.literal {
				fmt.Fprintf(bw, "    to %s: %s;  %s\n", e.from.n.Name(), m.localStep(e), contribStep(e))
			}
		}
	}
	return bw.Flush()
}

// Markdown writes the same steps as Explain as two Markdown tables, to be
// pasted into a solution.
func Markdown(w io.Writer, g *cgraph.Graph, opt *Options) error {
	m, err := explainModel(g, opt)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if m.structure {
		markdownStructure(bw, m)
		return bw.Flush()
	}
	fmt.Fprintf(bw, "### Forward pass\n\n| # | node | formula | with numbers | value |\n|---|---|---|---|---|\n")
	for i, info := range m.nodes {
		f, nums := info.formula, info.numbers
		if f == "" {
			f = info.n.Kind()
		}
		row(bw, fmt.Sprint(i+1), info.n.Name(), f, nums, info.value)
	}
	out := m.output.Name()
	fmt.Fprintf(bw, "\n### Backward pass from %s\n\n| # | gradient | local derivative | upstream × local | value |\n|---|---|---|---|---|\n", out)
	step := 0
	for _, info := range m.reached() {
		step++
		row(bw, fmt.Sprint(step), m.partial(info), m.gradHow(info), info.gradSum(), info.grad)
		for _, e := range info.in {
			if e.from.literal {
				continue
			}
			step++
			row(bw, fmt.Sprint(step), m.partial(e.from)+" via "+info.n.Name(), m.localStep(e),
				e.to.grad+" × "+paren(e.local), e.contrib)
		}
	}
	return bw.Flush()
}

func explainModel(g *cgraph.Graph, opt *Options) (*model, error) {
	o := opt.orDefault()
	out, err := o.output(g)
	if err != nil {
		return nil, err
	}
	var m *model
	if o.Structure {
		m, err = newStructure(g, out)
	} else {
		m, err = newModel(g, out, true)
	}
	if m != nil {
		m.gradient = o.Gradient
	}
	if err == nil && len(o.Groups) > 0 {
		if _, shut, _, _ := o.fold(g); len(shut) > 0 {
			m.collapse(shut, false)
		}
	}
	return m, err
}

// explainGradientGraph writes a gradient graph as what it is, a forward
// computation: first the forward nodes, then every gradient node from the
// forward values by the chain rule.
func explainGradientGraph(w io.Writer, m *model) {
	fmt.Fprintln(w, "Forward pass (topological order)")
	for _, info := range m.nodes {
		if !m.gradient(info.n) {
			fmt.Fprintln(w, "  "+forwardStep(info))
		}
	}
	fmt.Fprintln(w, "\nGradient graph (each gradient computed from the forward values)")
	for _, info := range m.nodes {
		if m.gradient(info.n) {
			fmt.Fprintln(w, "  "+forwardStep(info))
		}
	}
}

// explainStructure writes the steps of a graph without values: each
// node's formula, then each gradient by the chain rule with the local
// derivatives as formulas.
func explainStructure(w io.Writer, m *model) {
	fmt.Fprintln(w, "Forward pass (topological order; no values given)")
	for _, info := range m.nodes {
		fmt.Fprintln(w, "  "+structureStep(info))
	}
	fmt.Fprintf(w, "\nBackward pass from %s (reverse order; no values given)\n", m.output.Name())
	for _, info := range m.reached() {
		fmt.Fprintln(w, "  "+m.partial(info)+" = "+m.chainRule(info))
		for _, e := range info.in {
			if !e.from.literal && e.formula != "" {
				fmt.Fprintf(w, "    to %s: ∂%s/∂%s = %s\n", e.from.n.Name(), e.to.symbol, e.from.symbol, e.formula)
			}
		}
	}
}

// markdownStructure writes explainStructure's steps as two tables.
func markdownStructure(w io.Writer, m *model) {
	fmt.Fprintf(w, "### Forward pass\n\n| # | node | formula |\n|---|---|---|\n")
	for i, info := range m.nodes {
		f := info.formula
		if f == "" {
			f = info.n.Kind()
		}
		row(w, fmt.Sprint(i+1), info.n.Name(), f)
	}
	fmt.Fprintf(w, "\n### Backward pass from %s\n\n| # | gradient | chain rule |\n|---|---|---|\n", m.output.Name())
	for i, info := range m.reached() {
		row(w, fmt.Sprint(i+1), m.partial(info), m.chainRule(info))
	}
}

// structureStep is "c = a + b", or "a  (input)" for a leaf.
func structureStep(info *nodeInfo) string {
	if info.formula == "" {
		return info.symbol + "  (" + info.n.Kind() + ")"
	}
	return info.n.Name() + " = " + info.formula
}

// chainRule is a gradient as the sum over the node's consumers of
// upstream × local derivative, in formulas: "∂g/∂e · d", "1" for the
// output.
func (m *model) chainRule(info *nodeInfo) string {
	if info.n == m.output {
		return "1  (seed)"
	}
	var terms []string
	for _, e := range info.out {
		t := m.partial(e.to)
		switch e.formula {
		case "1":
		case "−1", "-1":
			t = "−" + t
		case "", "0":
			continue
		default:
			t += " · " + cgraph.Operand(e.formula)
		}
		terms = append(terms, t)
	}
	if len(terms) == 0 {
		return "0"
	}
	return strings.Join(terms, " + ")
}

// reached returns the nodes the backward pass visits, output first: those
// up to the output in topological order, reversed, but for literals.
func (m *model) reached() []*nodeInfo {
	var r []*nodeInfo
	for i := len(m.nodes) - 1; i >= 0; i-- {
		if m.nodes[i].n == m.output || len(r) > 0 && !m.nodes[i].literal {
			r = append(r, m.nodes[i])
		}
	}
	return r
}

// forwardStep is "z = p1 + p2 + p0 = 4/5 + (−7/5) + 3/5 = 0".
func forwardStep(info *nodeInfo) string {
	s := info.n.Name() + " = "
	if info.formula == "" {
		return s + info.value + "  (" + info.n.Kind() + ")"
	}
	if strings.ReplaceAll(info.n.Name(), "-", "−") != info.formula {
		s += info.formula + " = "
	}
	if info.numbers != info.value {
		s += info.numbers + " = "
	}
	return s + info.value
}

func (m *model) partial(info *nodeInfo) string {
	return "∂" + operand(m.output.Name()) + "/∂" + info.symbol
}

// gradHow says where a node's gradient comes from: the seed, one
// consumer, or the sum over several.
func (m *model) gradHow(info *nodeInfo) string {
	switch {
	case info.n == m.output:
		return "seed"
	case len(info.out) > 1:
		return fmt.Sprintf("sum of %d contributions", len(info.out))
	}
	return ""
}

// gradStep is "∂L/∂a = 2 + 3 = 5  (sum over its 2 consumers)".
func (m *model) gradStep(info *nodeInfo) string {
	s := m.partial(info) + " = "
	if sum := info.gradSum(); sum != "" {
		s += sum + " = "
	}
	s += info.grad
	if how := m.gradHow(info); how != "" {
		s += "  (" + how + ")"
	}
	return s
}

// localStep is "∂yhat/∂z = σ(z)(1 − σ(z)) = 1/4".
func (m *model) localStep(e *edge) string {
	s := "∂" + e.to.symbol + "/∂" + e.from.symbol + " = "
	if e.formula != "" && e.formula != e.local {
		s += e.formula + " = "
	}
	return s + e.local
}

// contribStep is "−1 × 1/4 = −1/4".
func contribStep(e *edge) string {
	return e.to.grad + " × " + paren(e.local) + " = " + e.contrib
}

// row writes one Markdown table row, escaping the cells' pipes.
func row(w io.Writer, cells ...string) {
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(strings.ReplaceAll(c, "|", `\|`), "\n", " ")
	}
	fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
}
