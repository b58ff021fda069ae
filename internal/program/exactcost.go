package program

import (
	"math"

	"github.com/cgraph/cgraph"
)

// MaxExactBits bounds the size (numerator and denominator bits) that the
// exact rational view may reach on any node for the view to be shown at
// all. The core gives up on single numbers past cgraph.MaxExactBits, so
// Exact always finishes; this estimate decides, before any exact work, that
// a program like a chain of squarings a2 = a1*a1, a3 = a2*a2, … of 1/3
// (whose sizes double at every node) is shown in decimals throughout
// rather than as a mix of fractions and decimals.
const MaxExactBits = 1 << 14

// ExactIsCheap reports whether the exact view of g (values, and gradients
// from output) stays within MaxExactBits on every node by a conservative
// estimate: sums and products add their inputs' sizes, an integer power k
// multiplies its base's size by |k|, and the transcendental gates, exact
// only at a few points such as σ(0) = 1/2, give small numbers. A gradient
// is bounded by the sum, over its consumers, of their gradient's size plus
// the size of the local derivative.
func ExactIsCheap(g *cgraph.Graph, output *cgraph.Node) bool {
	order, err := g.Order()
	if err != nil {
		return false
	}
	const small = 8 // a constant like 1/2 or 1/4
	bits := make(map[*cgraph.Node]float64, len(order))
	for _, n := range order {
		ins := n.Inputs()
		var sum float64
		for _, x := range ins {
			sum += bits[x]
		}
		var b float64
		switch n.Kind() {
		case "input", "const", "weight":
			b = 1100 // a float64 that is no simple fraction: p/2^k
			if r := cgraph.SimpleRat(n.Value(), cgraph.MaxExactDenom); r != nil {
				b = float64(r.Num().BitLen() + r.Denom().BitLen())
			}
		case "sigmoid", "tanh", "exp", "log":
			b = small
		case "neg", "relu":
			b = sum
		case "pow":
			k := math.Abs(ins[1].Value())
			if k != math.Trunc(k) {
				k = 0 // a fractional power is irrational where it matters
			}
			b = bits[ins[0]]*k + bits[ins[1]]
		default: // + − × ÷, the losses, leaky ReLU, fused and users' gates
			b = sum + float64(len(ins)) + small
		}
		if b > MaxExactBits {
			return false
		}
		bits[n] = b
	}
	grad := make(map[*cgraph.Node]float64, len(order))
	grad[output] = 1
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		g, ok := grad[n]
		if !ok {
			continue
		}
		if g > MaxExactBits {
			return false
		}
		local := localBits(n, bits)
		for _, x := range n.Inputs() {
			grad[x] += g + local
		}
	}
	return true
}

// localBits bounds the size of n's local derivatives.
func localBits(n *cgraph.Node, bits map[*cgraph.Node]float64) float64 {
	switch n.Kind() {
	case "add", "sub", "neg", "relu", "leaky_relu":
		return 8 // ±1, 0 or the leak
	case "sigmoid", "tanh", "exp", "log":
		return 8 // σ' = 1/4 at 0, …: small where exact at all
	}
	var b float64 // × ÷ ^ and the losses: made of the inputs and the output
	for _, x := range n.Inputs() {
		b += bits[x]
	}
	return b + bits[n]
}
