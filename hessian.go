package cgraph

import (
	"fmt"
	"math"
)

// HessianGraph adds to output's graph the nodes of the second derivatives
// ∂²output/∂wrt[i]∂wrt[j], built by differentiating the gradient graph
// (Grad of Grad), and returns them as a matrix of nodes. It also returns
// the gradient nodes. Run Forward to compute them; Exact gives them as
// fractions where they are rational. Entries that are identically zero are
// constant 0 nodes.
func HessianGraph(output *Node, wrt ...*Node) (h [][]*Node, grads []*Node, err error) {
	return NewBuilder(output.graph).HessianGraph(output, wrt...)
}

// HessianGraph is the package's HessianGraph, sharing b's gradient nodes:
// after b.Grad(output, …) it differentiates the gradient graph already
// built.
func (b *Builder) HessianGraph(output *Node, wrt ...*Node) (h [][]*Node, grads []*Node, err error) {
	grads, err = b.Grad(output, wrt...)
	if err != nil {
		return nil, nil, err
	}
	h = make([][]*Node, len(wrt))
	for i, gi := range grads {
		if h[i], err = b.Grad(gi, wrt...); err != nil {
			return nil, nil, err
		}
	}
	return h, grads, nil
}

// Hessian returns the matrix ∂²output/∂wrt[i]∂wrt[j] at the current values
// of the leaves. It builds the second-derivative nodes in output's graph
// (see HessianGraph) and runs Forward; a NaN or ±Inf is a *NumericError
// naming the node that produced it.
func Hessian(output *Node, wrt ...*Node) ([][]float64, error) {
	h, _, err := HessianGraph(output, wrt...)
	if err != nil {
		return nil, err
	}
	if err := output.graph.Forward(); err != nil {
		return nil, err
	}
	return values(h), nil
}

func values(h [][]*Node) [][]float64 {
	m := make([][]float64, len(h))
	for i, row := range h {
		m[i] = make([]float64, len(row))
		for j, n := range row {
			m[i][j] = n.Value()
		}
	}
	return m
}

// HVP adds to output's graph the Hessian-vector product H·v without the
// matrix: it differentiates Σᵢ (∂output/∂wrt[i])·v[i] once more, so the
// graph grows by a few times its size whatever the number of nodes in wrt,
// where HessianGraph grows with their square. It returns the Input nodes
// of v, named v[w] after the nodes of wrt (set them with Graph.Set), and
// the nodes of (H·v)[i].
func HVP(output *Node, wrt ...*Node) (v, hv []*Node, err error) {
	g := output.graph
	b := NewBuilder(g)
	grads, err := b.Grad(output, wrt...)
	if err != nil {
		return nil, nil, err
	}
	v = make([]*Node, len(wrt))
	terms := make([]*Node, len(wrt))
	for i, w := range wrt {
		v[i] = g.Input(uniqueName(g, "v["+w.Name()+"]"), 0)
		terms[i] = b.Mul(grads[i], v[i])
	}
	dot := b.Add(terms...)
	if dot == nil {
		dot = b.Const(0)
	}
	hv, err = b.Grad(dot, wrt...)
	return v, hv, err
}

// HessianCheck compares one entry of a Hessian built from the rules with a
// central finite difference of the gradients from Backward.
type HessianCheck struct {
	Row, Col string // the nodes: ∂²/∂Row∂Col
	Rule     float64
	Numeric  float64
	OK       bool
}

// CheckHessian is a second-order gradient check, as PyTorch's
// gradgradcheck: it computes the Hessian of output with respect to wrt
// (leaves that can be Set) from the gradient graph, and compares every
// entry with (∇f(w + h·eⱼ) − ∇f(w − h·eⱼ))/2h from Backward. The tolerance
// is relative to the largest entry of the Hessian, so that entries that
// are 0 or tiny are judged on the scale of the matrix. It builds the
// Hessian's nodes in output's graph and leaves the leaves' values as they
// were. It returns the first entry that fails as an error too.
func CheckHessian(output *Node, wrt []*Node, tol float64) ([]HessianCheck, error) {
	if tol <= 0 {
		tol = 1e-5
	}
	g := output.graph
	h, err := Hessian(output, wrt...)
	if err != nil {
		return nil, err
	}
	scale := 1e-300
	for _, row := range h {
		for _, x := range row {
			scale = max(scale, math.Abs(x))
		}
	}
	var out []HessianCheck
	var first error
	for j, w := range wrt {
		col, err := numericColumn(g, output, wrt, j)
		if err != nil {
			return nil, err
		}
		for i := range wrt {
			c := HessianCheck{Row: wrt[i].Name(), Col: w.Name(), Rule: h[i][j], Numeric: col[i]}
			c.OK = math.Abs(c.Rule-c.Numeric) <= tol*scale
			if !c.OK && first == nil {
				first = fmt.Errorf("cgraph: ∂²%s/∂%s∂%s is %v by the rules but %v by finite differences",
					output.Name(), c.Row, c.Col, c.Rule, c.Numeric)
			}
			out = append(out, c)
		}
	}
	return out, first
}

// numericColumn returns the central differences of the gradients of wrt
// when wrt[j] moves, each gradient from a Backward run.
func numericColumn(g *Graph, output *Node, wrt []*Node, j int) ([]float64, error) {
	w := wrt[j]
	v := w.Value()
	h := 1e-5 * max(1, math.Abs(v)) // ε^(1/3) balances truncation and rounding
	grad := func(x float64) ([]float64, error) {
		if err := g.setLeaf(w, x); err != nil {
			return nil, err
		}
		if err := g.Run(output); err != nil {
			return nil, err
		}
		d := make([]float64, len(wrt))
		for i, x := range wrt {
			d[i] = x.Grad()
		}
		return d, nil
	}
	defer func() { _ = g.setLeaf(w, v) }()
	plus, err := grad(v + h)
	if err != nil {
		return nil, err
	}
	minus, err := grad(v - h)
	if err != nil {
		return nil, err
	}
	col := make([]float64, len(wrt))
	for i := range col {
		col[i] = (plus[i] - minus[i]) / (2 * h)
	}
	return col, nil
}

// setLeaf sets the value of an Input or Weight node, named or not.
func (g *Graph) setLeaf(n *Node, v float64) error {
	s, ok := n.gate.(Settable)
	if !ok {
		return fmt.Errorf("cgraph: node %q is a %s, not an input or weight", n.Name(), n.Kind())
	}
	s.Set(v)
	g.vals[n.id] = v
	g.fresh = false
	return nil
}
