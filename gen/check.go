package gen

import "github.com/cgraph/cgraph"

// Run ends with one check that every value and gradient is finite, as the
// tape checks them. It need not add up all of them: a NaN or ±Inf that a
// gate always passes on (a + Inf is ±Inf or NaN, Inf·0 is NaN) shows in
// the gate's output, so a value is checked only where it can vanish: at a
// node no gate reads, or one read by a gate that can turn it into a finite
// number (σ(+Inf) = 1, e^−Inf = 0, x/Inf = 0, a ReLU of −Inf, a user's
// gate). In the same way a gradient is checked only where no input's
// gradient is sure to inherit it: at the leaves, and below gates whose
// backward pass can drop it (ReLU's at x ≤ 0). fail still looks at every
// number to name the first bad one. On the exercise graph this checks 8
// numbers instead of 22.

// checkValue reports whether Run must check node i's value.
func (w *writer) checkValue(i int) bool {
	n := w.order[i]
	if len(n.Consumers()) == 0 {
		return true
	}
	for _, c := range n.Consumers() {
		for j, in := range c.Inputs() {
			if in == n && !forwardPasses(c.Gate(), j) {
				return true
			}
		}
	}
	return false
}

// checkGrad reports whether Run must check node i's gradient.
func (w *writer) checkGrad(i int, hasGrad func(int) bool) bool {
	n := w.order[i]
	for j, in := range n.Inputs() {
		if hasGrad(w.index[in]) && backwardPasses(n.Gate(), j) {
			return false
		}
	}
	return true
}

// forwardPasses reports whether gate's output is NaN or ±Inf whenever its
// input j is, whatever the other inputs: what the gate says of itself, and
// false for a gate that says nothing.
func forwardPasses(gate cgraph.Gate, j int) bool {
	p, ok := gate.(cgraph.NonFinitePasser)
	return ok && p.ForwardPasses(j)
}

// backwardPasses reports whether the contribution of gate to its input j's
// gradient is NaN or ±Inf whenever the gate's own gradient is.
func backwardPasses(gate cgraph.Gate, j int) bool {
	p, ok := gate.(cgraph.NonFinitePasser)
	return ok && p.BackwardPasses(j)
}
