package expr

import (
	"strconv"
	"strings"
)

// Program is a parsed program: its statements and its function
// definitions, each in source order.
type Program struct {
	Stmts []*Stmt
	Defs  []*Def
	Src   string // the source text
}

// Stmt is a statement: Target = Expr.
type Stmt struct {
	Target    string
	TargetPos Pos
	Expr      Expr
	Pos       Pos // where the statement starts (the target)
}

// Expr is an expression node: *Num, *Ident, *Unary, *Binary, *Nary or
// *Call.
type Expr interface {
	// Position returns the position of the node: the start of a number,
	// name or call, and the (first) operator of an operation.
	Position() Pos
	// String returns the expression in canonical source form, with the
	// fewest parentheses that keep its structure: parsing it gives the same
	// tree. It makes a readable name for the node of a graph.
	String() string
	exprNode()
}

// Num is a number literal. The parser gives non-negative values only: -2
// is a Unary minus of 2.
type Num struct {
	Value float64
	Text  string // as written in the source; if empty, String formats Value
	Pos   Pos
}

// Ident is a name: an input or the target of another statement.
type Ident struct {
	Name string
	Pos  Pos
}

// Unary is a negation: Op is '-' (a unary plus is dropped by the parser).
type Unary struct {
	Op  rune
	X   Expr
	Pos Pos
}

// Binary is X Op Y where Op is '-', '/' or '^'. (The parser makes sums and
// products Nary nodes, but String also prints a Binary '+' or '*'.)
type Binary struct {
	Op   rune
	X, Y Expr
	Pos  Pos // of the operator
}

// Nary is a sum ('+') or product ('*') of two or more operands, from a
// chain such as a + b + c. Parentheses keep their grouping: (a + b) + c is
// a sum of a sum and c.
type Nary struct {
	Op   rune
	Args []Expr
	Pos  Pos // of the first operator
}

// Call is a call of a function: a built-in, a def of the program or a Go
// gate of Options.Funcs. Func is its canonical name ("sigmoid" also for
// σ); see LookupFunc.
type Call struct {
	Func string
	Args []Expr
	Pos  Pos // of the function name

	written string // the name as written, if not Func (σ): for messages
}

func (e *Num) Position() Pos    { return e.Pos }
func (e *Ident) Position() Pos  { return e.Pos }
func (e *Unary) Position() Pos  { return e.Pos }
func (e *Binary) Position() Pos { return e.Pos }
func (e *Nary) Position() Pos   { return e.Pos }
func (e *Call) Position() Pos   { return e.Pos }

func (*Num) exprNode()    {}
func (*Ident) exprNode()  {}
func (*Unary) exprNode()  {}
func (*Binary) exprNode() {}
func (*Nary) exprNode()   {}
func (*Call) exprNode()   {}

func (e *Num) String() string    { return exprString(e) }
func (e *Ident) String() string  { return exprString(e) }
func (e *Unary) String() string  { return exprString(e) }
func (e *Binary) String() string { return exprString(e) }
func (e *Nary) String() string   { return exprString(e) }
func (e *Call) String() string   { return exprString(e) }

// String returns the statement in canonical form, "target = expr".
func (s *Stmt) String() string { return s.Target + " = " + exprString(s.Expr) }

// String returns the program in canonical form, one statement or
// definition a line, in source order.
func (p *Program) String() string {
	var b strings.Builder
	defs := p.Defs
	for i, s := range p.Stmts {
		for len(defs) > 0 && !s.Pos.before(defs[0].Pos) {
			b.WriteString(defs[0].String())
			b.WriteByte('\n')
			defs = defs[1:]
		}
		b.WriteString(s.String())
		if i < len(p.Stmts)-1 || len(defs) > 0 {
			b.WriteByte('\n')
		}
	}
	for i, d := range defs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Inspect calls f on e and then, if f returns true, inspects each operand
// of e in source order. It does nothing for a nil e.
func Inspect(e Expr, f func(Expr) bool) {
	if e == nil || !f(e) {
		return
	}
	switch e := e.(type) {
	case *Unary:
		Inspect(e.X, f)
	case *Binary:
		Inspect(e.X, f)
		Inspect(e.Y, f)
	case *Nary:
		for _, a := range e.Args {
			Inspect(a, f)
		}
	case *Call:
		for _, a := range e.Args {
			Inspect(a, f)
		}
	}
}

// Precedence levels for printing, from loosest to tightest.
const (
	precSum     = 1 + iota // + -
	precProduct            // * /
	precUnary              // -x
	precPower              // ^
	precAtom               // number, name, call
)

func precedence(e Expr) int {
	switch e := e.(type) {
	case *Num:
		if e.Text == "" && e.Value < 0 {
			return precUnary
		}
	case *Unary:
		return precUnary
	case *Nary:
		return opPrecedence(e.Op)
	case *Binary:
		return opPrecedence(e.Op)
	}
	return precAtom
}

func opPrecedence(op rune) int {
	switch op {
	case '+', '-':
		return precSum
	case '*', '/':
		return precProduct
	}
	return precPower
}

func exprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

// writeExpr writes e in canonical form. Operands get parentheses where the
// grammar needs them: an operand of lower precedence; the right operand of
// a left-associative operator, or the base of "^", at equal precedence; the
// first operand of a sum (product) if it is itself a sum (product), which
// would otherwise be flattened into it. A negation of a negation is
// written - -x.
func writeExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("<nil>")
	case *Num:
		if e.Text != "" {
			b.WriteString(e.Text)
		} else {
			b.WriteString(strconv.FormatFloat(e.Value, 'g', -1, 64))
		}
	case *Ident:
		b.WriteString(e.Name)
	case *Call:
		b.WriteString(e.Func)
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteByte(')')
	case *Unary:
		b.WriteRune(e.Op)
		if _, ok := e.X.(*Unary); ok {
			b.WriteByte(' ') // - -x, not --x
		}
		writeOperand(b, e.X, precedence(e.X) < precUnary)
	case *Binary:
		p := opPrecedence(e.Op)
		if e.Op == '^' {
			writeOperand(b, e.X, precedence(e.X) < precAtom)
			b.WriteByte('^')
			writeOperand(b, e.Y, precedence(e.Y) < precUnary)
			return
		}
		writeOperand(b, e.X, precedence(e.X) < p)
		writeOp(b, e.Op)
		writeOperand(b, e.Y, precedence(e.Y) <= p)
	case *Nary:
		p := opPrecedence(e.Op)
		for i, a := range e.Args {
			if i == 0 {
				inner, ok := a.(*Nary)
				writeOperand(b, a, precedence(a) < p || ok && inner.Op == e.Op)
				continue
			}
			writeOp(b, e.Op)
			writeOperand(b, a, precedence(a) <= p)
		}
	}
}

func writeOp(b *strings.Builder, op rune) {
	b.WriteByte(' ')
	b.WriteRune(op)
	b.WriteByte(' ')
}

func writeOperand(b *strings.Builder, e Expr, parens bool) {
	if parens {
		b.WriteByte('(')
	}
	writeExpr(b, e)
	if parens {
		b.WriteByte(')')
	}
}
