package cgraph

import (
	"math/big"
	"strings"
)

// Mul is the product of one or more inputs.
type Mul struct{}

func (Mul) Kind() string          { return "mul" }
func (Mul) Arity() (min, max int) { return 1, -1 }

func (Mul) Forward(in []float64) float64 {
	p := 1.0
	for _, x := range in {
		p *= x
	}
	return p
}

// ∂out/∂in[i] = Π_{j≠i} in[j]. Computed as a product of the others, never as
// out/in[i], so an input of 0 still gets its gradient.
func (Mul) Backward(in []float64, _, up float64, grads []float64) {
	if len(in) == 2 {
		grads[0] += up * in[1]
		grads[1] += up * in[0]
		return
	}
	for i := range in {
		p := up
		for j, x := range in {
			if j != i {
				p *= x
			}
		}
		grads[i] += p
	}
}

// Derive multiplies the upstream gradient by the other inputs in order, as
// Backward does.
func (Mul) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	factors := make([]*Node, 0, len(in))
	factors = append(factors, up)
	factors = append(factors, in[:i]...)
	factors = append(factors, in[i+1:]...)
	return b.Mul(factors...)
}

func (Mul) ExactForward(in []*big.Rat) *big.Rat {
	r := big.NewRat(1, 1)
	for _, x := range in {
		r.Mul(r, x)
	}
	return r
}

// Formula writes a product as on paper: w1 · x1, but 2·d and 2(ŷ − y)
// where the first factor is a number.
func (Mul) Formula(a []string) string {
	if len(a) == 2 && isNumber(a[0]) && !isNumber(a[1]) && !strings.HasPrefix(a[1], "(−") {
		if strings.HasPrefix(a[1], "(") {
			return a[0] + a[1]
		}
		return a[0] + "·" + a[1]
	}
	return strings.Join(a, " · ")
}

// isNumber reports whether s is a number as formulas write it.
func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789./") == ""
}

func (Mul) GoForward(v string, in []string) string {
	if len(in) == 2 {
		return v + " := " + in[0] + " * " + in[1] + "\n"
	}
	return v + " := 1 * " + strings.Join(in, " * ") + "\n"
}

func (Mul) GoBackward(_ string, in []string, _, up string) []string {
	c := make([]string, len(in))
	if len(in) == 2 {
		c[0], c[1] = up+" * "+in[1], up+" * "+in[0]
		return c
	}
	for j := range c {
		others := []string{up}
		for k, x := range in {
			if k != j {
				others = append(others, x)
			}
		}
		c[j] = strings.Join(others, " * ")
	}
	return c
}

func (Mul) ForwardPasses(int) bool  { return true }
func (Mul) BackwardPasses(int) bool { return true }

func (Mul) kernel(n int) opcode {
	if n == 2 {
		return opMul2
	}
	return opGate
}

// x·1 = x, x·0 = 0, x·(−1) = −x, and a product of no factors left is 1.
func (Mul) simplify(b *Builder, in []*Node) (*Node, bool) {
	var rest []*Node
	for _, x := range in {
		switch constValue(x) {
		case 0:
			return b.Const(0), true
		case 1:
			continue
		}
		rest = append(rest, x)
	}
	switch {
	case len(rest) == 0:
		return b.Const(1), true
	case len(rest) == 1 && len(in) > 1:
		return rest[0], true
	case len(rest) == 2 && constValue(rest[0]) == -1:
		return b.Neg(rest[1]), true
	case len(rest) == 2 && constValue(rest[1]) == -1:
		return b.Neg(rest[0]), true
	case len(rest) < len(in):
		return b.Apply(Mul{}, rest...), true
	}
	return nil, false
}

func (Mul) commutative() {}
