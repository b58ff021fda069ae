package cli

import (
	"fmt"
	"io"
	"math/big"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/internal/program"
)

// gradOptions are eval's flags for derivatives as graphs: the gradient
// graph (--grad-graph) and second derivatives (--hessian).
type gradOptions struct {
	graph   bool
	hessian string
}

func (o *gradOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&o.graph, "grad-graph", false, "show the backward pass as a graph of its own: nodes ∂L/∂x computed from the forward values by the chain rule")
	f.StringVar(&o.hessian, "hessian", "", "add the Hessian of the output with respect to `NAMES` (comma-separated, or all: every input and weight)")
}

// gradRun is what --grad-graph and --hessian add to an evaluated graph.
type gradRun struct {
	nodes     []*cgraph.Node // the gradient graph's nodes, in topological order
	isGrad    map[*cgraph.Node]bool
	wrt       []*cgraph.Node // of the Hessian
	hessian   [][]*cgraph.Node
	showGraph bool // --grad-graph: the graph is shown, not only the Hessian
}

// build adds the gradient graph and the Hessian's nodes to r's graph, runs
// them and recomputes the exact view over the larger graph.
func (o *gradOptions) build(r *evalRun) (*gradRun, error) {
	if !o.graph && o.hessian == "" {
		return nil, nil
	}
	g := r.graph
	start := g.Len()
	gr := &gradRun{isGrad: map[*cgraph.Node]bool{}, showGraph: o.graph}
	b := cgraph.NewBuilder(g)
	if o.graph {
		if _, err := b.Grad(r.output, leaves(r.order)...); err != nil {
			return nil, err
		}
	}
	end := g.Len() // the gradient graph is start:end, the Hessian's nodes after
	if o.hessian != "" {
		wrt, err := hessianNodes(g, r.order, o.hessian)
		if err != nil {
			return nil, err
		}
		gr.wrt = wrt
		if gr.hessian, _, err = b.HessianGraph(r.output, wrt...); err != nil {
			return nil, err
		}
	}
	if err := g.Forward(); err != nil {
		return nil, err
	}
	order, _ := g.Order()
	for _, n := range order {
		if n.ID() >= start && n.ID() < end {
			gr.nodes = append(gr.nodes, n)
		}
		if n.ID() >= start {
			gr.isGrad[n] = true
		}
	}
	if g.Len() <= program.MaxExactNodes {
		r.exact, _ = g.Exact(r.output)
	}
	return gr, nil
}

// leaves returns the inputs and weights of order: what a gradient graph
// differentiates with respect to.
func leaves(order []*cgraph.Node) []*cgraph.Node {
	var out []*cgraph.Node
	for _, n := range order {
		if n.IsInput() || n.IsWeight() {
			out = append(out, n)
		}
	}
	return out
}

// hessianNodes resolves --hessian's names: "all" is every input and weight
// in topological order.
func hessianNodes(g *cgraph.Graph, order []*cgraph.Node, spec string) ([]*cgraph.Node, error) {
	if strings.TrimSpace(spec) == "all" {
		return leaves(order), nil
	}
	var out []*cgraph.Node
	for _, name := range strings.Split(spec, ",") {
		name = strings.TrimSpace(name)
		n := g.Lookup(name)
		if n == nil {
			return nil, usagef("--hessian: no node named %q (known: %s)", name, strings.Join(names(leaves(order)), ", "))
		}
		if n.IsConst() {
			return nil, usagef("--hessian: %s is a constant, which has no derivative", name)
		}
		out = append(out, n)
	}
	if len(out) > maxHessian {
		return nil, usagef("--hessian: %d nodes, more than the %d a matrix is shown for", len(out), maxHessian)
	}
	return out, nil
}

// maxHessian bounds the size of the matrix built and shown: it grows with
// the square. Larger problems want Hessian-vector products (cgraph.HVP).
const maxHessian = 64

// hessianJSON is the "hessian" object of eval --json.
type hessianJSON struct {
	Of     string      `json:"of"`
	Wrt    []string    `json:"wrt"`
	Values [][]float64 `json:"values"`
	Exact  [][]string  `json:"exact,omitempty"`
}

func (gr *gradRun) hessianJSON(r *evalRun) *hessianJSON {
	if gr == nil || gr.hessian == nil {
		return nil
	}
	h := &hessianJSON{Of: r.output.Name(), Wrt: names(gr.wrt)}
	exact := r.exact != nil
	for _, row := range gr.hessian {
		vals := make([]float64, len(row))
		ex := make([]string, len(row))
		for j, n := range row {
			vals[j] = n.Value()
			if v := exactValue(r, n); v != nil {
				ex[j] = v.RatString()
			} else {
				exact = false
			}
		}
		h.Values = append(h.Values, vals)
		h.Exact = append(h.Exact, ex)
	}
	if !exact {
		h.Exact = nil // present only where every entry is exact
	}
	return h
}

func exactValue(r *evalRun, n *cgraph.Node) *big.Rat {
	if r.exact == nil {
		return nil
	}
	return r.exact.Value(n)
}

// writeGradTable prints the gradient graph, one node a line with its
// formula, and the Hessian as a matrix.
func writeGradTable(w io.Writer, r *evalRun, gr *gradRun, showGraph bool) error {
	if showGraph {
		fmt.Fprintf(w, "\ngradient graph of %s: every node computed from the forward values by the chain rule\n", r.output.Name())
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "node\top\tformula\tvalue\n")
		for _, n := range gr.nodes {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.Name(), n.Kind(), formulaOf(n), numfmt.Value(n.Value(), exactValue(r, n)))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if gr.hessian == nil {
		return nil
	}
	fmt.Fprintf(w, "\nHessian of %s with respect to %s\n", r.output.Name(), strings.Join(names(gr.wrt), ", "))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\t%s\t\n", strings.Join(names(gr.wrt), "\t"))
	for i, row := range gr.hessian {
		cells := make([]string, len(row))
		for j, n := range row {
			cells[j] = numfmt.Value(n.Value(), exactValue(r, n))
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", gr.wrt[i].Name(), strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// formulaOf writes what n computes from its inputs' names.
func formulaOf(n *cgraph.Node) string {
	if len(n.Inputs()) == 0 {
		return ""
	}
	args := make([]string, len(n.Inputs()))
	for i, x := range n.Inputs() {
		args[i] = cgraph.Operand(x.Name())
		if x.IsConst() && x.Graph().Lookup(x.Name()) != x {
			args[i] = cgraph.NumberText(x.Value())
		}
	}
	return cgraph.Formula(n.Gate(), args)
}
