package cgraph

import "math/big"

// Pow is in[0] ^ in[1].
//
// Conventions, as PyTorch's where it defines them: 0^0 = 1, and where the
// exponent is 0 the base's derivative is 0 (not 0·0^−1 = NaN). For a base
// a ≤ 0 the exponent's derivative is taken as 0: a^b is then only defined
// for integer b (a = 0: for b > 0, where it is constantly 0), so there is
// no real derivative in b, and exponents are almost always constants whose
// gradient nobody reads. (PyTorch gives NaN for a < 0.)
type Pow struct{}

func (Pow) Kind() string          { return "pow" }
func (Pow) Arity() (min, max int) { return 2, 2 }

func (Pow) Forward(in []float64) float64 { return pow(in[0], in[1]) }

func pow(a, b float64) float64 { return powForward(a, b) }

// ∂out/∂a = b·a^(b−1), ∂out/∂b = a^b·ln a.
func (Pow) Backward(in []float64, out, up float64, grads []float64) {
	a, b := in[0], in[1]
	grads[0] += powBase(a, b, up)
	grads[1] += powExp(a, out, up)
}

func powBase(a, b, up float64) float64 {
	switch b {
	case 2:
		return up * 2 * a
	case 1:
		return up
	case 0:
		return 0
	}
	return up * b * powForward(a, b-1)
}

func powExp(a, out, up float64) float64 {
	if a > 0 {
		return up * out * logAccurate(a)
	}
	return 0
}

// Derive associates as Backward does: (up·b)·a^(b−1) and (up·out)·ln a.
func (Pow) Derive(b *Builder, in []*Node, out, up *Node, i int) *Node {
	if i == 0 {
		return b.Mul(up, in[1], b.Apply(Pow{}, in[0], b.Sub(in[1], b.Const(1))))
	}
	return b.Apply(PowExpDeriv{}, in[0], b.Mul(up, out))
}

func (Pow) ExactForward(in []*big.Rat) *big.Rat { return ratPow(in[0], in[1]) }

func (Pow) Formula(a []string) string {
	if a[1] == "2" {
		return PowerBase(a[0]) + "²"
	}
	return PowerBase(a[0]) + "^" + Operand(a[1])
}

func (Pow) GoForward(v string, in []string) string {
	return v + " := pow(" + in[0] + ", " + in[1] + ")\n"
}

func (Pow) GoBackward(_ string, in []string, out, up string) []string {
	return []string{
		"powBase(" + in[0] + ", " + in[1] + ", " + up + ")",
		"powExp(" + in[0] + ", " + out + ", " + up + ")",
	}
}

func (Pow) GoHelpers() map[string]string {
	return map[string]string{
		"pow":         mathfnGo["pow"],
		"logAccurate": mathfnGo["logAccurate"],
		"powBase": `// powBase is the contribution up·b·a^(b−1) to the base's gradient, 0
// where b = 0.
func powBase(a, b, up float64) float64 {
	switch b {
	case 2:
		return up * 2 * a
	case 1:
		return up
	case 0:
		return 0
	}
	return up * b * pow(a, b-1)
}`,
		"powExp": `// powExp is the contribution up·a^b·ln a to the exponent's gradient,
// taken as 0 for a ≤ 0.
func powExp(a, out, up float64) float64 {
	if a > 0 {
		return up * out * logAccurate(a)
	}
	return 0
}`,
	}
}

// maxExactPower bounds integer exponents computed exactly, so that a hostile
// 2^1000000 does not build a huge number.
const maxExactPower = 64

// ratPow returns a^b for an integer b with |b| ≤ maxExactPower whose
// result stays within MaxExactBits, else nil. 0^0 is 1.
func ratPow(a, b *big.Rat) *big.Rat {
	if !b.IsInt() || !b.Num().IsInt64() {
		return nil
	}
	k := b.Num().Int64()
	if k > maxExactPower || k < -maxExactPower || (k < 0 && a.Sign() == 0) {
		return nil
	}
	if k < 0 {
		k = -k
		a = new(big.Rat).Inv(a)
	}
	if int64(a.Num().BitLen()+a.Denom().BitLen())*k > 2*MaxExactBits {
		return nil // computed only to be given up on
	}
	r := big.NewRat(1, 1)
	for ; k > 0; k-- {
		r.Mul(r, a)
	}
	return r
}

// PowExpDeriv is the exponent's derivative of a^b, a^b·ln a, of inputs a and
// out = a^b: 0 for a ≤ 0, see Pow. Pow's rule makes it.
type PowExpDeriv struct{}

func (PowExpDeriv) Kind() string          { return "pow_dexp" }
func (PowExpDeriv) Arity() (min, max int) { return 2, 2 }

func (PowExpDeriv) Forward(in []float64) float64 { return powExp(in[0], in[1], 1) }

// ∂/∂a = out/a, ∂/∂out = ln a, both 0 for a ≤ 0.
func (PowExpDeriv) Backward(in []float64, _, up float64, grads []float64) {
	if a := in[0]; a > 0 {
		grads[0] += up * (in[1] / a)
		grads[1] += up * logAccurate(a)
	}
}

func (PowExpDeriv) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	if i == 0 {
		return b.Mul(up, b.Apply(Step{}, in[0]), b.Div(in[1], in[0]))
	}
	return b.Apply(PowExpDeriv{}, in[0], up)
}

// ExactForward is rational only where ln a is 0 or not taken.
func (PowExpDeriv) ExactForward(in []*big.Rat) *big.Rat {
	if in[0].Sign() <= 0 || in[0].Cmp(ratOne) == 0 {
		return new(big.Rat)
	}
	return nil
}

func (PowExpDeriv) Formula(a []string) string {
	if a[1] == "1" {
		return "ln " + a[0]
	}
	return a[1] + "·ln " + a[0]
}

func (PowExpDeriv) GoForward(v string, in []string) string {
	return v + " := powExp(" + in[0] + ", " + in[1] + ", 1)\n"
}

func (PowExpDeriv) GoBackward(_ string, in []string, _, up string) []string {
	return []string{
		"powExpDA(" + in[0] + ", " + in[1] + ", " + up + ")",
		"powExpDOut(" + in[0] + ", " + up + ")",
	}
}

func (PowExpDeriv) GoHelpers() map[string]string {
	h := Pow{}.GoHelpers()
	h["powExpDA"] = `func powExpDA(a, out, up float64) float64 {
	if a > 0 {
		return up * (out / a)
	}
	return 0
}`
	h["powExpDOut"] = `func powExpDOut(a, up float64) float64 {
	if a > 0 {
		return up * logAccurate(a)
	}
	return 0
}`
	return h
}

// x¹ = x
func (Pow) simplify(_ *Builder, in []*Node) (*Node, bool) {
	if constValue(in[1]) == 1 {
		return in[0], true
	}
	return nil, false
}

// fusion rebuilds (a − b)^2 as sqloss(a, b) when a − b is read by nothing
// else (Optimize).
func (Pow) fusion(r *rewriter, n *Node) (fusion, bool) {
	x, e := n.inputs[0], n.inputs[1]
	c, ok := e.gate.(*Constant)
	if _, sub := x.gate.(Sub); !ok || c.Value != 2 || !sub || !r.absorbable(x) {
		return fusion{}, false
	}
	absorbed := []*Node{x}
	if r.absorbable(e) {
		absorbed = append(absorbed, e) // the 2 is no longer needed
	}
	return fusion{SquaredLoss{}, x.inputs, absorbed, "(a − b)^2 → sqloss"}, true
}
