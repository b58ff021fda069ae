package cgraph

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// The rules of a gate, built once over placeholders, serve the views that
// need a local derivative without a graph of their own: its exact value
// (Exact) and its formula (LocalFormula). No table of derivative formulas
// is kept anywhere else.

// gateRules is a gate's rules for a node of len(in) inputs, built in a
// scratch graph whose leaves in and out stand for the inputs and output.
type gateRules struct {
	in    []*Node
	out   *Node
	local []*Node // ∂out/∂in[i]; nil where 0
}

var ruleCache = struct {
	sync.Mutex
	m map[string]*gateRules
}{m: map[string]*gateRules{}}

// maxCachedRules bounds the cache: a program may make gates with many
// different parameters (leaky slopes).
const maxCachedRules = 1024

// rulesOf returns the rules of n's gate, or a *NoRuleError. Inputs of n
// that are constants are constants in the rules too, so that the rules
// simplify as they do in a gradient graph: the 2 of x^2 gives 2·x, not
// 2·x^(2 − 1).
func rulesOf(node *Node) (*gateRules, error) {
	gate, n := node.gate, len(node.inputs)
	d, ok := gate.(Deriver)
	if !ok {
		return nil, &NoRuleError{Node: node.Name(), Kind: gate.Kind()}
	}
	consts := make([]float64, n)
	for i, x := range node.inputs {
		consts[i] = math.NaN()
		if c, ok := x.gate.(*Constant); ok {
			consts[i] = c.Value
		}
	}
	key := fmt.Sprintf("%T %#v %v", gate, gate, consts)
	ruleCache.Lock()
	defer ruleCache.Unlock()
	if r := ruleCache.m[key]; r != nil {
		return r, nil
	}
	g := New()
	r := &gateRules{in: make([]*Node, n), local: make([]*Node, n)}
	for i, c := range consts {
		if c == c {
			r.in[i] = g.Apply("in"+strconv.Itoa(i), &Constant{Value: c})
		} else {
			r.in[i] = g.Apply("in"+strconv.Itoa(i), &Input{})
		}
	}
	r.out = g.Apply("out", &Input{})
	b := NewBuilder(g)
	one := b.Const(1) // the rule with up = 1 is the local derivative
	for i := range r.local {
		r.local[i] = d.Derive(b, r.in, r.out, one, i)
	}
	if len(ruleCache.m) >= maxCachedRules {
		clear(ruleCache.m)
	}
	ruleCache.m[key] = r
	return r, nil
}

// PowerBase puts the base of a power in parentheses unless it is a name, a
// whole or decimal number or already parenthesised: (1/2)², not 1/2², which
// reads as 1/4.
func PowerBase(s string) string {
	if isTerm(s) && !strings.ContainsAny(s, "/·") {
		return s
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && isTerm(s) {
		return s
	}
	return "(" + s + ")"
}

// hasTopLevel reports whether s contains one of chars outside parentheses.
func hasTopLevel(s, chars string) bool {
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			depth--
		case depth == 0 && strings.ContainsRune(chars, r):
			return true
		}
	}
	return false
}

// Formula writes gate applied to args as a formula: the gate's own
// (Formulaer), or kind(args) for a gate without one.
func Formula(gate Gate, args []string) string {
	if f, ok := gate.(Formulaer); ok {
		return f.Formula(args)
	}
	return gate.Kind() + "(" + strings.Join(args, ", ") + ")"
}

// LocalFormula writes the local derivative ∂n/∂input[i], as n's gate's
// rule builds it, with n's inputs written args and n written out:
// "σ(z)(1 − σ(z))" for a sigmoid of z. It returns "" for a gate without a
// rule.
func LocalFormula(n *Node, args []string, out string, i int) string {
	r, err := rulesOf(n)
	if err != nil || i >= len(args) {
		return ""
	}
	l := r.local[i]
	if l == nil {
		return "0"
	}
	names := map[*Node]string{r.out: out}
	for j, p := range r.in {
		names[p] = args[j]
	}
	return formulaText(l, names)
}

// formulaText writes the expression that node n computes, with the names
// given for leaves and constants written as numbers.
func formulaText(n *Node, names map[*Node]string) string {
	if s, ok := names[n]; ok {
		return s
	}
	if c, ok := n.gate.(*Constant); ok {
		return NumberText(c.Value)
	}
	args := make([]string, len(n.inputs))
	for i, x := range n.inputs {
		args[i] = Operand(formulaText(x, names))
	}
	return Formula(n.gate, args)
}

// NumberText writes x as a formula shows a number: a simple fraction where
// x is one (2/3), else its shortest decimal, with a true minus sign.
func NumberText(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if r := SimpleRat(x, 1000); r != nil && !r.IsInt() && len(r.RatString()) < len(s) {
		s = r.RatString()
	}
	return strings.ReplaceAll(s, "-", "−")
}

// Operand puts an argument of a formula in parentheses unless it is a
// single term: a name, a number, a call f(…) or a power, so that
// (yhat − y)² does not read as yhat − y².
func Operand(s string) string {
	if isTerm(s) {
		return s
	}
	return "(" + s + ")"
}

func isTerm(s string) bool {
	if strings.HasPrefix(s, "∂") {
		return !hasTopLevel(s, " ")
	}
	depth := 0
	for i, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			depth--
		case depth == 0 && (r == ' ' || (r == '−' && i > 0) || r == '/'):
			return false
		case depth == 0 && r == '−' && i == 0:
			return false // −x as an operand: 2·(−x)
		case depth == 0 && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_.#'²^∂σ", r):
			return false
		}
	}
	return true
}
