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
	in := make([]*big.Rat, len(n.inputs)) // nil where an input is not exact
	complete := true
	for i, x := range n.inputs {
		in[i] = e.value[x]
		complete = complete && in[i] != nil
	}
	var out *big.Rat
	if x, ok := n.gate.(Exacter); ok && complete {
		out = bounded(x.ExactForward(in))
	}
	if len(n.inputs) > 0 {
		e.local[n] = exactLocals(n, in, out)
	}
	return out
}

// exactLocals evaluates the rules of n's gate exactly: ∂n/∂input[i] where
// the numbers it needs are exact and the result is rational, else nil.
func exactLocals(n *Node, in []*big.Rat, out *big.Rat) []*big.Rat {
	d := make([]*big.Rat, len(in))
	r, err := rulesOf(n)
	if err != nil {
		return d
	}
	given := map[*Node]*big.Rat{r.out: out}
	for i, p := range r.in {
		given[p] = in[i]
	}
	for i, l := range r.local {
		if l == nil {
			d[i] = new(big.Rat)
			continue
		}
		d[i] = exactEval(l, given)
	}
	return d
}

// exactEval returns n's exact value from the given values of leaves, or
// nil where it is not exact; it fills given as it goes.
func exactEval(n *Node, given map[*Node]*big.Rat) *big.Rat {
	if v, ok := given[n]; ok {
		return v
	}
	var v *big.Rat
	if x, ok := n.gate.(Exacter); ok {
		in := make([]*big.Rat, len(n.inputs))
		complete := true
		for i, p := range n.inputs {
			in[i] = exactEval(p, given)
			complete = complete && in[i] != nil
		}
		if complete {
			v = bounded(x.ExactForward(in))
		}
	}
	given[n] = v
	return v
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
