package cgraph

import (
	"math/big"
	"strings"
)

// Add is the sum of one or more inputs.
type Add struct{}

func (Add) Kind() string          { return "add" }
func (Add) Arity() (min, max int) { return 1, -1 }

func (Add) Forward(in []float64) float64 {
	s := 0.0
	for _, x := range in {
		s += x
	}
	return s
}

// ∂out/∂in[i] = 1
func (Add) Backward(in []float64, _, up float64, grads []float64) {
	for i := range in {
		grads[i] += up
	}
}

func (Add) Derive(_ *Builder, _ []*Node, _, up *Node, _ int) *Node { return up }

func (Add) ExactForward(in []*big.Rat) *big.Rat {
	r := new(big.Rat)
	for _, x := range in {
		r.Add(r, x)
	}
	return r
}

func (Add) Formula(a []string) string { return strings.Join(a, " + ") }

func (Add) GoForward(v string, in []string) string {
	if len(in) == 2 {
		return v + " := " + in[0] + " + " + in[1] + "\n"
	}
	return v + " := 0 + " + strings.Join(in, " + ") + "\n"
}

func (Add) GoBackward(_ string, in []string, _, up string) []string {
	c := make([]string, len(in))
	for j := range c {
		c[j] = up
	}
	return c
}

func (Add) ForwardPasses(int) bool  { return true }
func (Add) BackwardPasses(int) bool { return true }

func (Add) kernel(n int) opcode {
	if n == 2 {
		return opAdd2
	}
	return opAddN
}

// x + 0 = x, and a sum of no terms left is 0.
func (Add) simplify(b *Builder, in []*Node) (*Node, bool) {
	var rest []*Node
	for _, x := range in {
		if constValue(x) != 0 {
			rest = append(rest, x)
		}
	}
	switch {
	case len(rest) == 0:
		return b.Const(0), true
	case len(rest) == 1 && len(in) > 1:
		return rest[0], true
	case len(rest) < len(in):
		return b.Apply(Add{}, rest...), true
	}
	return nil, false
}

func (Add) commutative() {}

// fusion rebuilds Σ a·b + Σ c as a muladd when the products are read by
// nothing else (Optimize). MulAdd adds its products first, so only the
// products before the first other term are fused: the sum keeps its order
// and its rounding (Add(L, a·b, c·d) stays as it is).
func (Add) fusion(r *rewriter, n *Node) (fusion, bool) {
	var pairs, rest, absorbed []*Node
	for _, in := range n.inputs {
		// absorbable also means n is in's only consumer, so in appears
		// once among n's inputs.
		if _, ok := in.gate.(Mul); ok && len(in.inputs) == 2 && r.absorbable(in) && len(rest) == 0 {
			pairs = append(pairs, in.inputs...)
			absorbed = append(absorbed, in)
		} else {
			rest = append(rest, in)
		}
	}
	if len(absorbed) == 0 {
		return fusion{}, false
	}
	return fusion{MulAdd{Pairs: len(absorbed)}, append(pairs, rest...), absorbed, "products and sum → muladd"}, true
}
