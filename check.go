package cgraph

import (
	"fmt"
	"math"
)

// CheckOptions tune Check. A nil *CheckOptions means the defaults.
type CheckOptions struct {
	// Step is the largest finite-difference step relative to the node's
	// value: the steps are h₀ = Step·max(1, |v|), h₀/2, h₀/4, … Default
	// 0.1. Ridders' extrapolation over the steps makes a large first step
	// accurate; a first step whose output is NaN or ±Inf (log near 0) is
	// divided by 8 until it is finite.
	Step float64
	// Tol is the largest accepted |grad − numeric| / max(|grad|, |numeric|)
	// beyond the estimated error of both (see Check). Default 1e-6.
	Tol float64
}

func (o *CheckOptions) withDefaults() CheckOptions {
	d := CheckOptions{Step: 0.1, Tol: 1e-6}
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

// CheckStatus is the verdict of Check on one node.
type CheckStatus uint8

const (
	// CheckOK: the gradient agrees with the finite differences.
	CheckOK CheckStatus = iota
	// CheckWrong: it does not, and the output is smooth at the node's
	// value, so the gradient is wrong.
	CheckWrong
	// CheckKink: the output has a kink at the node's value (relu or abs at
	// exactly 0): the derivatives from the left and from the right differ,
	// and the gradient lies between them, as a convention at a kink does
	// (relu'(0) = 0 takes the left one).
	CheckKink
	// CheckSkipped: a Constant (a literal of the program, which has no
	// gradient to speak of), or a node for which no estimate could be
	// made: perturbing it by any step, or by any but the largest, makes
	// the output NaN or ±Inf.
	CheckSkipped
)

func (s CheckStatus) String() string {
	switch s {
	case CheckOK:
		return "OK"
	case CheckWrong:
		return "WRONG"
	case CheckKink:
		return "KINK"
	case CheckSkipped:
		return "SKIPPED"
	}
	return fmt.Sprintf("CheckStatus(%d)", uint8(s))
}

// CheckResult compares one node's gradient from Backward with a
// finite-difference estimate.
type CheckResult struct {
	Node    *Node
	Grad    float64 // ∂output/∂node from Backward
	Numeric float64 // the central-difference estimate, extrapolated; 0 if skipped
	// NumErr is the estimated error of Numeric: Ridders' estimate from the
	// extrapolation, or the rounding noise of the output's differences if
	// that is larger.
	NumErr float64
	RelErr float64 // |Grad − Numeric| / max(|Grad|, |Numeric|); 0 if both are 0
	Status CheckStatus
	// OK is Status != CheckWrong: the gradient is right or, at a kink or
	// for a skipped node, not wrong.
	OK bool
	// Left and Right are the one-sided derivatives, set where they were
	// needed: when Grad and Numeric disagree, to tell a kink from a wrong
	// gradient.
	Left, Right float64
}

// CheckReport is Check's result: one CheckResult per node, in topological
// order.
type CheckReport []CheckResult

// Err returns nil if no node's gradient is wrong, and else a *CheckError
// naming the first wrong node in topological order.
func (r CheckReport) Err() error {
	var first *CheckResult
	wrong := 0
	for i := range r {
		if r[i].Status == CheckWrong {
			if first == nil {
				first = &r[i]
			}
			wrong++
		}
	}
	if first == nil {
		return nil
	}
	return &CheckError{
		Node: first.Node, NodeName: first.Node.Name(), Kind: first.Node.Kind(),
		Grad: first.Grad, Numeric: first.Numeric, RelErr: first.RelErr,
		Wrong: wrong, Checked: len(r),
	}
}

// CheckError reports gradients that disagree with finite differences. It
// is a snapshot: NodeName and Kind are copied when it is made.
type CheckError struct {
	Node           *Node
	NodeName, Kind string
	Grad, Numeric  float64
	RelErr         float64
	Wrong, Checked int // how many nodes are wrong, of how many
}

func (e *CheckError) Error() string {
	return fmt.Sprintf("cgraph: gradient check: node %q (%s): backward gives %v, finite differences %v (relative error %.2g); %d of %d nodes wrong",
		e.NodeName, e.Kind, e.Grad, e.Numeric, e.RelErr, e.Wrong, e.Checked)
}

// Check runs Forward and Backward from output, then estimates every node's
// gradient by finite differences: the node's value is perturbed, the nodes
// after it are recomputed, and the change of output is measured. It
// returns one result per node in topological order and leaves the graph as
// after Forward and Backward. Check(...).Err() (or the report's Err) is nil
// when no gradient is wrong. It costs up to 34 partial forward passes per
// node (up to 64 more where a kink is suspected) and is meant for tests and
// teaching, not for large graphs.
//
// The check is scale-aware, so that a gradient of 4e-6 that is twice too
// large fails as surely as one of 4: each node's estimate comes from
// central differences at the steps h₀, h₀/2, … extrapolated by Ridders'
// method (Numerical Recipes §5.7), which also estimates its own error. A
// gradient is wrong when
//
//	|grad − numeric| > Tol·max(|grad|, |numeric|) + 4·numErr + gradErr
//
// where numErr is Ridders' estimate, never below the rounding noise of
// the output's differences (ε·Σ|∂out/∂v|·|v| over the nodes, divided by
// the step), and gradErr = 32·ε·Σ over paths of Π|local derivatives|
// bounds the rounding of Backward itself, which matters only where
// contributions cancel. Nothing is measured against 1: a small gradient is
// compared at its own scale. Where the estimates disagree, one-sided
// differences tell a kink (CheckKink) from a wrong gradient. Constants are
// skipped. The result is deterministic.
func Check(g *Graph, output *Node, opts *CheckOptions) (CheckReport, error) {
	o := opts.withDefaults()
	if err := g.Run(output); err != nil {
		return nil, err
	}
	c := checker{
		g: g, output: output, last: g.pos[output.id], opts: o,
		saved: append([]float64(nil), g.vals...),
	}
	c.gradErr = g.absGradients(c.last, output)
	for i := 0; i <= c.last; i++ {
		id := g.order[i].id
		c.noise += math.Abs(g.grads[id] * c.saved[id])
	}
	c.noise *= epsilon
	if c.noise-c.noise != 0 {
		c.noise = 0 // an overflow in the sum; Ridders' estimate remains
	}
	results := make(CheckReport, len(g.order))
	for i, n := range g.order {
		results[i] = c.node(i, n)
	}
	copy(g.vals, c.saved)
	return results, nil
}

// epsilon is the spacing of float64 values at 1, 2⁻⁵².
const epsilon = 0x1p-52

// checker holds what the check of every node shares.
type checker struct {
	g      *Graph
	output *Node
	last   int // output's position in the order
	opts   CheckOptions
	saved  []float64 // the values of the run, by node id
	// noise is ε·Σ|∂out/∂v|·|v|, a bound of the rounding error of output's
	// value; a difference of two outputs divided by h has noise/h.
	noise float64
	// gradErr[id] is Σ over paths of Π|local derivatives|, for the bound
	// of Backward's rounding.
	gradErr []float64
}

// node checks the node at position i of the order.
func (c *checker) node(i int, n *Node) CheckResult {
	g := c.g
	r := CheckResult{Node: n, Grad: g.grads[n.id]}
	if _, ok := n.gate.(*Constant); ok {
		r.Status, r.OK = CheckSkipped, true
		return r
	}
	if i > c.last { // after the output: it cannot change it
		r.Status, r.OK = CheckOK, true
		return r
	}
	v := c.saved[n.id]
	f := func(x float64) float64 { return g.outputWith(i, x, c.output, c.last) }
	defer func() { g.vals[n.id] = v }() // the next node's estimate must see this one unperturbed
	h0 := c.opts.Step * max(1, math.Abs(v))

	num, numErr, _ := ridders(func(h float64) float64 { return (f(v+h) - f(v-h)) / (2 * h) }, h0, 4, c.noise)
	if num-num != 0 || numErr-numErr != 0 { // no estimate, or one without an error bound
		r.Status, r.OK = CheckSkipped, true
		return r
	}
	r.Numeric, r.NumErr = num, numErr
	r.RelErr = relErr(r.Grad, num)
	gradErr := 32 * epsilon * c.gradErr[n.id]
	tol := c.opts.Tol
	agree := math.Abs(r.Grad-num) <= tol*max(math.Abs(r.Grad), math.Abs(num))+4*numErr+gradErr
	f0 := c.saved[c.output.id]
	if agree && !c.bends(f, v, f0, h0, tol*max(math.Abs(r.Grad), math.Abs(num))+4*numErr) {
		r.Status, r.OK = CheckOK, true
		return r
	}

	// A disagreement, or a bend at v: compare the one-sided derivatives.
	left, errL, _ := ridders(func(h float64) float64 { return (f0 - f(v-h)) / h }, h0, 2, c.noise)
	right, errR, _ := ridders(func(h float64) float64 { return (f(v+h) - f0) / h }, h0, 2, c.noise)
	r.Left, r.Right = left, right
	slack := tol*max(math.Abs(left), math.Abs(right)) + 4*max(errL, errR) + gradErr
	lo, hi := min(left, right), max(left, right)
	switch {
	case hi-lo > slack && r.Grad >= lo-slack && r.Grad <= hi+slack:
		// A kink, and the gradient one of the conventions there. (NaN, a
		// side that cannot be estimated, is no kink.)
		r.Status, r.OK = CheckKink, true
	case agree:
		r.Status, r.OK = CheckOK, true
	default:
		r.Status = CheckWrong
	}
	return r
}

// bendStep is the step of the probe for a kink, relative to the first
// step h₀: about 6e-9 for a node of value 1.
const bendStep = 0x1p-24

// bends reports whether the output may have a kink at v where the central
// differences cannot see one (abs at 0 is symmetric: its central estimate
// 0 agrees with the gradient 0). At a tiny step k, the difference of the
// one-sided quotients, (f(v+k) − 2f(v) + f(v−k))/k, is k·f″(v) → 0 where
// f is smooth, but the jump of the derivative at a kink. Beyond slack and
// the rounding noise it is worth the one-sided estimates.
func (c *checker) bends(f func(float64) float64, v, f0, h0, slack float64) bool {
	k := h0 * bendStep
	jump := math.Abs(f(v+k)-2*f0+f(v-k)) / k
	return jump > slack+8*c.noise/k // NaN: no
}

// relErr returns |a − b| / max(|a|, |b|), 0 if both are 0.
func relErr(a, b float64) float64 {
	if scale := max(math.Abs(a), math.Abs(b)); scale > 0 {
		return math.Abs(a-b) / scale
	}
	return 0
}

// Ridders' method: difference quotients at the steps h, h/2, h/4, … are
// extrapolated to h = 0 in a Neville tableau. Column j of row i removes
// the error term of order h^(p·j): p = 2 for central differences (their
// error has even powers only, so each column gains a factor 4) and p = 1
// for one-sided ones (factor 2). The error estimate of an entry is its
// distance to its neighbours, and the entry with the least is the answer.
// Numerical Recipes' dfridr stops when the diagonal grows worse; that
// stopped too early where the first steps are far too large (a^−2 near
// a = 0.2 behind a saturated tanh). Here the tableau stops only when the
// rounding bound of the next, smaller step exceeds the best error so far,
// since from then on no entry can be trusted more.
const (
	riddersRows = 16 // steps h₀ … h₀/2¹⁵
)

// ridders returns the extrapolated limit of d(h) as h → 0, its estimated
// error and the step of the row it came from. fac is 2^p (4 or 2). noise
// bounds the rounding error of a difference of two values of the output:
// an entry at step h is not trusted beyond 2·noise/h, so that where the
// differences drown in rounding the larger steps win. The first step is
// divided by 8 until d is finite there; if it never is, the estimate is
// NaN.
func ridders(d func(h float64) float64, h0, fac, noise float64) (est, errEst, hBest float64) {
	h := h0
	q := d(h)
	for tries := 0; q-q != 0; tries++ {
		if tries == 40 { // h₀/8⁴⁰ ≈ h₀·1e-36
			return math.NaN(), math.Inf(1), h
		}
		h /= 8
		q = d(h)
	}
	var tab [riddersRows][riddersRows]float64 // tab[i][j]: row i (step h/2^i), column j
	tab[0][0] = q
	est, errEst, hBest = q, math.Inf(1), h
	for i := 1; i < riddersRows; i++ {
		h /= 2
		if 2*noise/h > errEst {
			break // no entry of this row or after can be trusted more
		}
		q := d(h)
		if q-q != 0 {
			break
		}
		tab[i][0] = q
		f := fac
		for j := 1; j <= i; j++ {
			tab[i][j] = (tab[i][j-1]*f - tab[i-1][j-1]) / (f - 1)
			f *= fac
			e := max(math.Abs(tab[i][j]-tab[i][j-1]), math.Abs(tab[i][j]-tab[i-1][j-1]), 2*noise/h)
			if e <= errEst {
				est, errEst, hBest = tab[i][j], e, h
			}
		}
	}
	return est, errEst, hBest
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

// absGradients returns, by node id, the sum over the paths from the node
// to output of the product of the absolute local derivatives: the
// gradient Backward would compute if nothing cancelled. Backward's
// rounding error is at most a small multiple of ε times it. Non-finite
// local derivatives (where the run's gradient is finite because the
// upstream gradient is 0) count as 0.
func (g *Graph) absGradients(last int, output *Node) []float64 {
	abs := make([]float64, len(g.nodes))
	abs[output.id] = 1
	for i := last; i >= 0; i-- {
		n := g.order[i]
		up := abs[n.id]
		if len(n.inputs) == 0 || up == 0 {
			continue
		}
		in := g.gather(n)
		local := g.gradBuf[:len(in)]
		clear(local)
		n.gate.Backward(in, g.vals[n.id], 1, local)
		for k, x := range n.inputs {
			if d := math.Abs(local[k]) * up; d-d == 0 {
				abs[x.id] += d
			}
		}
	}
	return abs
}
