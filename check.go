package cgraph

import "math"

// CheckOptions tune Check. A nil *CheckOptions means the defaults.
type CheckOptions struct {
	// Step is the finite-difference step relative to the node's value:
	// h = Step·max(1, |v|). Default 1e-6, which balances the O(h²) error of
	// central differences against the rounding error ε/h.
	Step float64
	// Tol is the largest accepted |grad − numeric| / max(1, |grad|,
	// |numeric|). Default 1e-5.
	Tol float64
}

func (o *CheckOptions) withDefaults() CheckOptions {
	d := CheckOptions{Step: 1e-6, Tol: 1e-5}
	if o != nil {
		if o.Step > 0 {
			d.Step = o.Step
		}
		if o.Tol > 0 {
			d.Tol = o.Tol
		}
	}
	return d
}

// CheckResult compares one node's gradient from Backward with a central
// finite-difference estimate.
type CheckResult struct {
	Node    *Node
	Grad    float64 // ∂output/∂node from Backward
	Numeric float64 // (f(v+h) − f(v−h)) / 2h, the node's value perturbed
	RelErr  float64 // |Grad − Numeric| / max(|Grad|, |Numeric|); 0 if both are 0
	OK      bool    // within the tolerance
}

// Check runs Forward and Backward from output, then estimates every node's
// gradient by central finite differences: the node's value is perturbed by
// ±h, the nodes after it are recomputed, and the change of output is
// measured. It returns one result per node in topological order and leaves
// the graph as after Forward and Backward. It costs one partial forward pass
// per node and is meant for tests and teaching, not for large graphs.
func Check(g *Graph, output *Node, opts *CheckOptions) ([]CheckResult, error) {
	o := opts.withDefaults()
	if err := g.Run(output); err != nil {
		return nil, err
	}
	saved := append([]float64(nil), g.vals...)
	results := make([]CheckResult, len(g.order))
	last := g.pos[output.id]
	for i, n := range g.order {
		grad := g.grads[n.id]
		if i > last { // after the output: it cannot change it
			results[i] = compare(n, grad, 0, o.Tol)
			continue
		}
		v := saved[n.id]
		h := o.Step * max(1, math.Abs(v))
		plus := g.outputWith(i, v+h, output, last)
		minus := g.outputWith(i, v-h, output, last)
		g.vals[n.id] = v // the next node's estimate must see this one unperturbed
		results[i] = compare(n, grad, (plus-minus)/(2*h), o.Tol)
	}
	copy(g.vals, saved)
	return results, nil
}

// outputWith returns output's value when the node at index i of the order
// has value v, recomputing the steps after it up to position last; NaN if
// one of them is not finite.
func (g *Graph) outputWith(i int, v float64, output *Node, last int) float64 {
	g.vals[g.order[i].id] = v
	if g.forwardAfter(i, last) >= 0 {
		return math.NaN()
	}
	return g.vals[output.id]
}

func compare(n *Node, grad, num, tol float64) CheckResult {
	diff := math.Abs(grad - num)
	r := CheckResult{Node: n, Grad: grad, Numeric: num}
	if scale := max(math.Abs(grad), math.Abs(num)); scale > 0 {
		r.RelErr = diff / scale
	}
	r.OK = diff <= tol*max(1, math.Abs(grad), math.Abs(num))
	return r
}
