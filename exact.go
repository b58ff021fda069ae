package cgraph

import (
	"math"
	"math/big"
)

// Exact holds a graph's values and gradients in exact rational arithmetic,
// as a student computes them by hand: with 4/5 instead of 0.8000000000000000444.
//
// A leaf's value is read as the simplest fraction p/q (q ≤ MaxExactDenom)
// whose nearest float64 is the leaf's value, so 0.8 is 4/5 and 1/3 typed as
// a decimal is 1/3. Every built-in gate then computes exactly where the
// result is rational: + − × ÷, integer powers, the squared losses, ReLU,
// and the elementary functions at the points where they are rational
// (σ(0) = 1/2, e⁰ = 1, ln 1 = 0, tanh 0 = 0). Where a value is irrational,
// or a gate is not built in, the node and all that depends on it have no
// exact value; local derivatives that do not need the unknown numbers (those
// of + and −, say) stay exact. Numbers longer than MaxExactBits are given
// up on as well, so the exact view costs bounded time on any graph. The float64 run is not changed: the exact numbers are a
// second, independent computation for display and checking.
type Exact struct {
	value map[*Node]*big.Rat
	grad  map[*Node]*big.Rat
	local map[*Node][]*big.Rat
}

// MaxExactDenom bounds the denominators of leaves read as fractions.
const MaxExactDenom = 1_000_000

// Value returns n's exact value, or nil if it is not known exactly.
func (e *Exact) Value(n *Node) *big.Rat { return e.value[n] }

// Grad returns n's exact gradient, or nil if it is not known exactly.
func (e *Exact) Grad(n *Node) *big.Rat { return e.grad[n] }

// Local returns the exact local derivative ∂n/∂input[i], or nil.
func (e *Exact) Local(n *Node, i int) *big.Rat {
	if l := e.local[n]; i < len(l) {
		return l[i]
	}
	return nil
}

// Exact computes the graph's values and the gradients of output exactly
// where they are rational (see type Exact). It does not need a float64 run.
func (g *Graph) Exact(output *Node) (*Exact, error) {
	order, err := g.Order()
	if err != nil {
		return nil, err
	}
	e := &Exact{value: map[*Node]*big.Rat{}, grad: map[*Node]*big.Rat{}, local: map[*Node][]*big.Rat{}}
	for _, n := range order {
		if v := e.forward(n); v != nil {
			e.value[n] = v
		}
	}
	e.backward(order[:g.pos[output.id]+1], output)
	return e, nil
}

func (e *Exact) forward(n *Node) *big.Rat {
	if len(n.inputs) == 0 {
		switch n.gate.(type) {
		case *Input, *Weight, *Constant:
			return SimpleRat(n.gate.Forward(nil), MaxExactDenom)
		}
		return nil
	}
	in := make([]*big.Rat, len(n.inputs)) // nil where an input is not exact
	complete := true
	for i, x := range n.inputs {
		in[i] = e.value[x]
		complete = complete && in[i] != nil
	}
	var out *big.Rat
	if complete {
		out = bounded(exactForward(n.gate, in))
	}
	local := exactLocal(n.gate, in, out)
	for i := range local {
		local[i] = bounded(local[i])
	}
	e.local[n] = local
	return out
}

// MaxExactBits bounds the numerators and denominators of exact numbers. A
// chain of squarings of 1/3 doubles their length at every node, so without
// a bound a 40-node program would exhaust time and memory; past the bound a
// number is simply not known exactly (and is shown as a decimal). 4096 bits
// is far beyond any fraction a student writes by hand.
const MaxExactBits = 4096

// bounded returns r, or nil if r is nil or longer than MaxExactBits.
func bounded(r *big.Rat) *big.Rat {
	if r == nil || tooBig(r) {
		return nil
	}
	return r
}

func tooBig(r *big.Rat) bool {
	return r.Num().BitLen() > MaxExactBits || r.Denom().BitLen() > MaxExactBits
}

// backward accumulates exact gradients; a node's gradient is unknown as soon
// as one contribution to it is.
func (e *Exact) backward(order []*Node, output *Node) {
	unknown := map[*Node]bool{}
	for _, n := range order {
		e.grad[n] = new(big.Rat)
	}
	e.grad[output].SetInt64(1)
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		up := e.grad[n]
		if unknown[n] {
			up = nil
		}
		for j, x := range n.inputs {
			l := e.Local(n, j)
			if up == nil || l == nil {
				if up == nil || up.Sign() != 0 {
					unknown[x] = true
				}
				continue // an exact zero upstream contributes exactly zero
			}
			e.grad[x].Add(e.grad[x], new(big.Rat).Mul(up, l))
			if tooBig(e.grad[x]) {
				unknown[x] = true
			}
		}
	}
	for n := range unknown {
		delete(e.grad, n)
	}
}

var (
	ratZero = big.NewRat(0, 1)
	ratOne  = big.NewRat(1, 1)
	ratHalf = big.NewRat(1, 2)
)

// exactForward is the rational counterpart of each built-in gate's Forward,
// or nil where the result is irrational or unknown.
func exactForward(gate Gate, in []*big.Rat) *big.Rat {
	r := new(big.Rat)
	switch g := gate.(type) {
	case Add:
		for _, x := range in {
			r.Add(r, x)
		}
	case Mul:
		r.SetInt64(1)
		for _, x := range in {
			r.Mul(r, x)
		}
	case Sub:
		r.Sub(in[0], in[1])
	case Neg:
		r.Neg(in[0])
	case Div:
		if in[1].Sign() == 0 {
			return nil
		}
		r.Quo(in[0], in[1])
	case Pow:
		return ratPow(in[0], in[1])
	case SquaredLoss:
		r.Sub(in[0], in[1])
		r.Mul(r, r)
	case MSE:
		for i := 0; i+1 < len(in); i += 2 {
			d := new(big.Rat).Sub(in[i], in[i+1])
			r.Add(r, d.Mul(d, d))
		}
		r.Quo(r, big.NewRat(int64(len(in)/2), 1))
	case MulAdd:
		k := 2 * g.Pairs
		for i := 0; i < k; i += 2 {
			r.Add(r, new(big.Rat).Mul(in[i], in[i+1]))
		}
		for _, c := range in[k:] {
			r.Add(r, c)
		}
	case SigmoidSqLoss:
		s := atZero(in[0], ratHalf)
		if s == nil {
			return nil
		}
		r.Sub(s, in[1])
		r.Mul(r, r)
	case ReLU:
		if in[0].Sign() > 0 {
			r.Set(in[0])
		}
	case LeakyReLU:
		r.Set(in[0])
		if in[0].Sign() <= 0 {
			s := SimpleRat(g.slope(), MaxExactDenom)
			if s == nil {
				return nil
			}
			r.Mul(r, s)
		}
	case Sigmoid:
		return atZero(in[0], ratHalf)
	case Tanh:
		return atZero(in[0], ratZero)
	case Exp:
		return atZero(in[0], ratOne)
	case Log:
		if in[0].Cmp(ratOne) == 0 {
			return r
		}
		return nil
	default:
		return nil
	}
	return r
}

// exactLocal returns the exact local derivatives of a built-in gate, with
// nil for those that are irrational or need a number that is not exact.
// in[i] and out are nil where not exact.
func exactLocal(gate Gate, in []*big.Rat, out *big.Rat) []*big.Rat {
	d := make([]*big.Rat, len(in))
	switch g := gate.(type) {
	case Add:
		for i := range in {
			d[i] = ratOne
		}
	case Sub:
		d[0], d[1] = ratOne, big.NewRat(-1, 1)
	case Neg:
		d[0] = big.NewRat(-1, 1)
	case Mul: // the product of the others
		for i := range in {
			d[i] = productExcept(in, i)
		}
	case Div: // 1/b and −out/b
		if b := in[1]; b != nil && b.Sign() != 0 {
			d[0] = new(big.Rat).Inv(b)
			if out != nil {
				d[1] = new(big.Rat).Neg(new(big.Rat).Quo(out, b))
			}
		}
	case Pow: // b·a^(b−1); a^b·ln a is rational only where it is 0
		a, b := in[0], in[1]
		if a != nil && b != nil {
			if p := ratPow(a, new(big.Rat).Sub(b, ratOne)); p != nil {
				d[0] = p.Mul(p, b)
			}
		}
		if a != nil && (a.Sign() <= 0 || a.Cmp(ratOne) == 0) {
			d[1] = ratZero
		}
	case SquaredLoss, MSE: // ±2(ŷᵢ − yᵢ)/k for k pairs
		k := big.NewRat(2, int64(len(in)/2))
		for i := 0; i+1 < len(in); i += 2 {
			if in[i] != nil && in[i+1] != nil {
				t := new(big.Rat).Sub(in[i], in[i+1])
				d[i] = t.Mul(t, k)
				d[i+1] = new(big.Rat).Neg(d[i])
			}
		}
	case MulAdd:
		k := 2 * g.Pairs
		for i := 0; i < k; i += 2 {
			d[i], d[i+1] = in[i+1], in[i]
		}
		for j := k; j < len(in); j++ {
			d[j] = ratOne
		}
	case SigmoidSqLoss: // 2(σ(z) − y)σ'(z) and −2(σ(z) − y), rational at z = 0
		if z, y := in[0], in[1]; z != nil && y != nil && z.Sign() == 0 {
			t := new(big.Rat).Sub(ratHalf, y)
			t.Mul(t, big.NewRat(2, 1))
			d[0] = new(big.Rat).Mul(t, big.NewRat(1, 4))
			d[1] = new(big.Rat).Neg(t)
		}
	case ReLU:
		if in[0] != nil {
			d[0] = ratZero
			if in[0].Sign() > 0 {
				d[0] = ratOne
			}
		}
	case LeakyReLU:
		if in[0] != nil {
			d[0] = ratOne
			if in[0].Sign() <= 0 {
				d[0] = SimpleRat(g.slope(), MaxExactDenom)
			}
		}
	case Sigmoid: // σ(1−σ)
		if out != nil {
			d[0] = new(big.Rat).Mul(out, new(big.Rat).Sub(ratOne, out))
		}
	case Tanh: // 1 − tanh²
		if out != nil {
			d[0] = new(big.Rat).Sub(ratOne, new(big.Rat).Mul(out, out))
		}
	case Exp:
		d[0] = out
	case Log:
		if in[0] != nil && in[0].Sign() != 0 {
			d[0] = new(big.Rat).Inv(in[0])
		}
	}
	return d
}

// productExcept returns the product of all in[j] but in[i], or nil if one of
// them is not exact.
func productExcept(in []*big.Rat, i int) *big.Rat {
	p := big.NewRat(1, 1)
	for j, x := range in {
		if j == i {
			continue
		}
		if x == nil {
			return nil
		}
		p.Mul(p, x)
	}
	return p
}

func atZero(x, v *big.Rat) *big.Rat {
	if x.Sign() == 0 {
		return new(big.Rat).Set(v)
	}
	return nil
}

// maxExactPower bounds integer exponents computed exactly, so that a hostile
// 2^1000000 does not build a huge number.
const maxExactPower = 64

// ratPow returns a^b for an integer b with |b| ≤ maxExactPower, else nil.
func ratPow(a, b *big.Rat) *big.Rat {
	if !b.IsInt() || !b.Num().IsInt64() {
		return nil
	}
	k := b.Num().Int64()
	if k > maxExactPower || k < -maxExactPower || (k < 0 && a.Sign() == 0) {
		return nil
	}
	r := big.NewRat(1, 1)
	base := new(big.Rat).Set(a)
	if k < 0 {
		base.Inv(base)
		k = -k
	}
	for ; k > 0; k-- {
		r.Mul(r, base)
	}
	return r
}

// SimpleRat returns the simplest fraction p/q with q ≤ maxDenom whose
// nearest float64 is x, found among the continued-fraction convergents of
// x; nil if there is none (or x is NaN or ±Inf). SimpleRat(0.8, 1000) is
// 4/5.
func SimpleRat(x float64, maxDenom int64) *big.Rat {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	exact := new(big.Rat).SetFloat64(x)
	if exact.IsInt() {
		return exact
	}
	// Convergents h/k of the continued fraction of the exact binary value.
	num, den := new(big.Int).Set(exact.Num()), new(big.Int).Set(exact.Denom())
	h0, h1 := big.NewInt(0), big.NewInt(1)
	k0, k1 := big.NewInt(1), big.NewInt(0)
	limit := big.NewInt(maxDenom)
	for den.Sign() != 0 {
		a, rem := new(big.Int).QuoRem(num, den, new(big.Int))
		if rem.Sign() < 0 { // floor division for negative x
			a.Sub(a, big.NewInt(1))
			rem.Add(rem, den)
		}
		h0, h1 = h1, new(big.Int).Add(new(big.Int).Mul(a, h1), h0)
		k0, k1 = k1, new(big.Int).Add(new(big.Int).Mul(a, k1), k0)
		if k1.Cmp(limit) > 0 {
			return nil
		}
		c := new(big.Rat).SetFrac(h1, k1)
		if f, _ := c.Float64(); f == x {
			return c
		}
		num, den = den, rem
	}
	return nil
}
