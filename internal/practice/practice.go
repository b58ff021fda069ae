// Package practice checks a student's values and gradients of a graph
// against the computed ones and, for a wrong gradient, names the rule of
// backpropagation that was missed: the local derivative, the product with
// the upstream gradient, or the sum over the consumers of a node that
// feeds several gates. `cgraph eval --answers` uses it; a page can too.
package practice

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/internal/numfmt"
)

// Answers are a student's numbers by node name, as written: fractions
// ("4/5", "-7/5") or decimals ("0.35"). Any subset of the nodes.
type Answers struct {
	Values map[string]string `json:"values"`
	Grads  map[string]string `json:"grads"`
}

// Rule is a rule of backpropagation that a wrong gradient missed.
type Rule string

const (
	// Local: the answer is the upstream gradient times a wrong local
	// derivative (or the upstream alone, as if the local were 1).
	Local Rule = "local derivative"
	// Upstream: the answer is the local derivative alone, not multiplied
	// by the upstream gradient ∂L/∂consumer.
	Upstream Rule = "product with the upstream gradient"
	// FanOut: the node feeds several gates and the answer is one of their
	// contributions (or some of them), not their sum.
	FanOut Rule = "sum over the consumers"
	// Seed: the output's own gradient ∂L/∂L is 1.
	Seed Rule = "seed"
	// Carried: the rule is applied right, to the student's own wrong
	// answer for the gradient upstream.
	Carried Rule = "carried from a wrong upstream answer"
)

// RelTol is the relative tolerance of an answer that is not exactly the
// value: any rounding to 3 significant digits is within it (the largest
// relative rounding error at 3 digits is 0.5/100, at a leading digit 1), so
// 0.731 and 0.73 are right for σ(1) = 0.731059, 1/3 may be 0.333, and
// 0.3 is wrong.
const RelTol = 0.005

// AbsTol is the tolerance where the value is 0 (a float64 sum such as
// 0.8 − 1.4 + 0.6 is 1.1e-16 where the exact value is 0).
const AbsTol = 1e-9

// Verdict is the check of one cell.
type Verdict struct {
	Kind   string `json:"kind"` // "value" or "grad"
	Node   string `json:"node"`
	Cell   string `json:"cell"`   // "p1" or "∂L/∂x2"
	Answer string `json:"answer"` // as given
	Want   string `json:"want"`   // the right number: a fraction where exact
	Right  bool   `json:"right"`
	Rule   Rule   `json:"rule,omitempty"` // for a wrong gradient, if one is recognised
	Why    string `json:"why,omitempty"`  // for a wrong cell: how it is computed
}

// number is a value or gradient: its float64, and its exact rational or nil.
type number struct {
	f  float64
	ex *big.Rat
}

func (n number) String() string { return strings.ReplaceAll(numfmt.Value(n.f, n.ex), "-", "−") }

func mul(a, b number) number {
	p := number{f: a.f * b.f}
	if a.ex != nil && b.ex != nil {
		p.ex = new(big.Rat).Mul(a.ex, b.ex)
	}
	return p
}

func add(a, b number) number {
	s := number{f: a.f + b.f}
	if a.ex != nil && b.ex != nil {
		s.ex = new(big.Rat).Add(a.ex, b.ex)
	}
	return s
}

// same reports whether answer a is right for value v: exactly equal, or
// within RelTol (AbsTol where v is 0).
func same(a, v number) bool {
	if a.ex != nil && v.ex != nil && a.ex.Cmp(v.ex) == 0 {
		return true
	}
	want := v.f
	if v.ex != nil {
		want, _ = v.ex.Float64()
	}
	got := a.f
	if a.ex != nil {
		got, _ = a.ex.Float64()
	}
	d := math.Abs(got - want)
	if want == 0 {
		return d <= AbsTol
	}
	return d <= RelTol*math.Abs(want)
}

// parse reads an answer exactly.
func parse(node, s string) (number, error) {
	r, err := numfmt.ParseRat(s)
	if err != nil {
		return number{}, fmt.Errorf("practice: answer for %s: %v", node, err)
	}
	f, _ := r.Float64()
	return number{f: f, ex: r}, nil
}

// Check compares the answers with the graph's values and the gradients of
// output, after a run of g (Forward and Backward from output); ex is its
// exact view, or nil. Values come first in topological order, then
// gradients in the order of the backward pass. An unknown node, a
// malformed number or a gradient asked of a constant is an error.
func Check(g *cgraph.Graph, output *cgraph.Node, ex *cgraph.Exact, a *Answers) ([]Verdict, error) {
	order, err := g.Order()
	if err != nil {
		return nil, err
	}
	c := &checker{g: g, out: output, ex: ex, given: map[*cgraph.Node]number{}}
	for _, m := range []map[string]string{a.Values, a.Grads} {
		for name := range m {
			if g.Lookup(name) == nil {
				return nil, fmt.Errorf("practice: %s is not a node of the graph", name)
			}
		}
	}
	for name, s := range a.Grads {
		n := g.Lookup(name)
		if n.IsConst() {
			return nil, fmt.Errorf("practice: %s is a constant: it has no gradient to check", name)
		}
		if c.given[n], err = parse(name, s); err != nil {
			return nil, err
		}
	}
	var out []Verdict
	for _, n := range order {
		if s, ok := a.Values[n.Name()]; ok {
			v, err := c.value(n, s)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	for _, n := range slices.Backward(order) {
		if s, ok := a.Grads[n.Name()]; ok {
			out = append(out, c.grad(n, s))
		}
	}
	return out, nil
}

type checker struct {
	g     *cgraph.Graph
	out   *cgraph.Node
	ex    *cgraph.Exact
	given map[*cgraph.Node]number // the student's gradients
}

func (c *checker) valueOf(n *cgraph.Node) number {
	v := number{f: n.Value()}
	if c.ex != nil {
		v.ex = c.ex.Value(n)
	}
	return v
}

func (c *checker) gradOf(n *cgraph.Node) number {
	v := number{f: n.Grad()}
	if c.ex != nil {
		v.ex = c.ex.Grad(n)
	}
	return v
}

func (c *checker) value(n *cgraph.Node, s string) (Verdict, error) {
	a, err := parse(n.Name(), s)
	if err != nil {
		return Verdict{}, err
	}
	want := c.valueOf(n)
	v := Verdict{Kind: "value", Node: n.Name(), Cell: n.Name(), Answer: s, Want: want.String(), Right: same(a, want)}
	if !v.Right && len(n.Inputs()) > 0 {
		names := make([]string, len(n.Inputs()))
		nums := make([]string, len(n.Inputs()))
		for i, x := range n.Inputs() {
			names[i] = cgraph.Operand(x.Name())
			nums[i] = paren(c.valueOf(x).String())
		}
		v.Why = fmt.Sprintf("%s = %s = %s = %s", n.Name(), cgraph.Formula(n.Gate(), names),
			cgraph.Formula(n.Gate(), nums), want)
	}
	return v, nil
}

// contribution is what flowed back along one edge: from consumer to, input
// i, upstream × local.
type contribution struct {
	to          *cgraph.Node
	i           int
	up, local   number
	total       number
	localForm   string // "x1", "σ(z)(1 − σ(z))"
	upCell      string // "∂L/∂p1"
	partialCell string // "∂p1/∂w1"
}

func (c *checker) contributions(n *cgraph.Node) []contribution {
	var cs []contribution
	order, _ := c.g.Order()
	for _, to := range order {
		locals := to.LocalGrads()
		for i, x := range to.Inputs() {
			if x != n {
				continue
			}
			k := contribution{to: to, i: i, up: c.gradOf(to), local: number{f: locals[i]}}
			if c.ex != nil {
				k.local.ex = c.ex.Local(to, i)
			}
			k.total = mul(k.up, k.local)
			names := make([]string, len(to.Inputs()))
			for j, y := range to.Inputs() {
				names[j] = cgraph.Operand(y.Name())
			}
			k.localForm = cgraph.LocalFormula(to, names, cgraph.Operand(to.Name()), i)
			k.upCell = c.cell(to)
			k.partialCell = "∂" + cgraph.Operand(to.Name()) + "/∂" + cgraph.Operand(n.Name())
			cs = append(cs, k)
		}
	}
	return cs
}

func (c *checker) cell(n *cgraph.Node) string {
	return "∂" + cgraph.Operand(c.out.Name()) + "/∂" + cgraph.Operand(n.Name())
}

func (c *checker) grad(n *cgraph.Node, s string) Verdict {
	a := c.given[n]
	want := c.gradOf(n)
	v := Verdict{Kind: "grad", Node: n.Name(), Cell: c.cell(n), Answer: s, Want: want.String(), Right: same(a, want)}
	if v.Right {
		return v
	}
	if n == c.out {
		v.Rule, v.Why = Seed, fmt.Sprintf("%s = 1: backward starts from the output with gradient 1", v.Cell)
		return v
	}
	cs := c.contributions(n)
	v.Rule, v.Why = c.diagnose(n, a, cs)
	if v.Why == "" {
		v.Why = c.chain(n, cs, want)
	}
	return v
}

// chain writes the gradient by the chain rule: ∂L/∂x = up × local (+ …) = g.
func (c *checker) chain(n *cgraph.Node, cs []contribution, want number) string {
	if len(cs) == 0 {
		return fmt.Sprintf("%s = 0: %s does not feed %s", c.cell(n), n.Name(), c.out.Name())
	}
	terms := make([]string, len(cs))
	for i, k := range cs {
		terms[i] = k.up.String() + " × " + paren(k.local.String())
	}
	return fmt.Sprintf("%s = %s = %s", c.cell(n), strings.Join(terms, " + "), want)
}

// diagnose names the rule a wrong answer a for n's gradient missed, if it
// recognises one.
func (c *checker) diagnose(n *cgraph.Node, a number, cs []contribution) (Rule, string) {
	if len(cs) == 0 {
		return "", ""
	}
	// The right rule on the student's own wrong upstream answers.
	carried, wrongUp := number{ex: new(big.Rat)}, ""
	for _, k := range cs {
		up := k.up
		if g, ok := c.given[k.to]; ok && !same(g, k.up) {
			up, wrongUp = g, k.upCell
		}
		carried = add(carried, mul(up, k.local))
	}
	if wrongUp != "" && same(a, carried) {
		return Carried, fmt.Sprintf("the chain rule is applied right, but to your %s, which is wrong: with the right upstream, %s",
			wrongUp, c.chain(n, cs, c.gradOf(n)))
	}
	if len(cs) > 1 {
		if part := partialSum(a, cs); part != nil {
			var via, terms []string
			for i, k := range cs {
				terms = append(terms, paren(k.total.String()))
				if part[i] {
					via = append(via, k.to.Name())
				}
			}
			return FanOut, fmt.Sprintf("%s feeds %d gates and its gradient is the sum of what flows back from each: %s = %s; your answer is only what comes through %s",
				n.Name(), len(cs), strings.Join(terms, " + "), c.gradOf(n), strings.Join(via, ", "))
		}
	}
	for _, k := range cs {
		if same(a, k.local) && !same(k.local, k.total) {
			return Upstream, fmt.Sprintf("your answer is the local derivative %s = %s = %s alone; multiply it by the upstream gradient %s = %s: %s × %s = %s",
				k.partialCell, k.localForm, k.local, k.upCell, k.up, k.up, paren(k.local.String()), k.total)
		}
	}
	for _, k := range cs {
		if same(a, k.up) && !same(k.up, k.total) {
			return Local, fmt.Sprintf("your answer is the upstream gradient %s = %s alone; multiply it by the local derivative %s = %s = %s: %s × %s = %s",
				k.upCell, k.up, k.partialCell, k.localForm, k.local, k.up, paren(k.local.String()), k.total)
		}
	}
	if len(cs) == 1 && cs[0].up.f != 0 {
		k := cs[0]
		return Local, fmt.Sprintf("with the upstream gradient %s = %s your answer needs a local derivative of %s; %s = %s = %s, so %s × %s = %s",
			k.upCell, k.up, impliedLocal(a, k.up), k.partialCell, k.localForm, k.local, k.up, paren(k.local.String()), k.total)
	}
	return "", ""
}

// impliedLocal is answer / upstream, the local derivative the answer used.
func impliedLocal(a, up number) number {
	l := number{f: a.f / up.f}
	if a.ex != nil && up.ex != nil && up.ex.Sign() != 0 {
		l.ex = new(big.Rat).Quo(a.ex, up.ex)
	}
	return l
}

// maxSubsets bounds the partial sums tried: a node feeding up to 10 gates.
const maxSubsets = 10

// partialSum returns which contributions add up to a, if a proper,
// non-empty subset of them does; nil if none does.
func partialSum(a number, cs []contribution) []bool {
	if len(cs) > maxSubsets {
		for i, k := range cs {
			if same(a, k.total) {
				pick := make([]bool, len(cs))
				pick[i] = true
				return pick
			}
		}
		return nil
	}
	all := 1<<len(cs) - 1
	for mask := 1; mask < all; mask++ {
		sum := number{ex: new(big.Rat)}
		for i, k := range cs {
			if mask&(1<<i) != 0 {
				sum = add(sum, k.total)
			}
		}
		if same(a, sum) {
			pick := make([]bool, len(cs))
			for i := range cs {
				pick[i] = mask&(1<<i) != 0
			}
			return pick
		}
	}
	return nil
}

// paren puts a negative number in parentheses: −1/4 × (−7/5).
func paren(s string) string {
	if strings.HasPrefix(s, "−") {
		return "(" + s + ")"
	}
	return s
}
