package expr

import (
	"fmt"
	"strconv"
)

// MaxDepth is the deepest nesting of expressions that Parse accepts: both
// the nesting of parentheses, calls and operators in the source and the
// height of the resulting tree (a - b - c - … nests to the left). Deeper
// programs are an error, not a stack overflow, here or in the code that
// walks the tree.
const MaxDepth = 1000

// maxErrors is how many errors Parse collects before it gives up.
const maxErrors = 100

// Parse parses a program and checks it (see Program.Check). On error it
// returns an ErrorList, sorted by position, and the statements that did
// parse, which are no valid program.
func Parse(src string) (*Program, error) { return ParseWith(src, nil) }

// ParseWith is Parse for programs that may call the Go gates of
// opts.Funcs as well as the built-in functions and their own defs. The
// other fields of opts matter only to Build. A malformed opts.Funcs is an
// error without a position.
func ParseWith(src string, opts *Options) (*Program, error) {
	if err := opts.checkFuncs(); err != nil {
		return nil, err
	}
	p := &parser{src: src, lex: newLexer(src)}
	p.advance()
	prog := p.program()
	if len(p.errs) > 0 {
		p.errs.sort()
		return prog, p.errs
	}
	if err := prog.CheckWith(opts); err != nil {
		return prog, err
	}
	return prog, nil
}

// parser is a recursive-descent parser with one token of lookahead. Each
// parsing method returns the tree it parsed and the tree's height.
type parser struct {
	src   string
	lex   *lexer
	tok   token   // the current token
	end   Pos     // where the token before it ends
	opens []token // the open parentheses: newlines inside them are skipped
	depth int     // nesting of unary, through which all recursion passes
	errs  ErrorList
}

// bailout is panicked by fail to abandon a statement; stmt recovers it.
type bailout struct{}

// advance moves to the next token, skipping newlines inside parentheses.
func (p *parser) advance() {
	p.end = Pos{p.tok.pos.Line, p.tok.pos.Col + p.tok.len}
	p.tok = p.lex.nextToken()
	for len(p.opens) > 0 && p.tok.kind == tokNewline {
		p.tok = p.lex.nextToken()
	}
}

// errorAt records an error at token t.
func (p *parser) errorAt(t token, format string, args ...any) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, newError(p.src, t.pos, t.len, fmt.Sprintf(format, args...)))
	}
}

// fail records an error at token t and abandons the statement. If t is a
// lexical error, that is the error reported: it is why t was unexpected.
// An unexpected end of input inside parentheses, after skipped newlines, is
// reported where the last token ends, which shows more than an empty line.
func (p *parser) fail(t token, format string, args ...any) {
	if t.kind == tokEOF && t.pos.Line > p.end.Line && p.end.Line > 0 {
		t.pos, t.len = p.end, 1
	}
	switch {
	case t.kind == tokError:
		p.errorAt(t, "%s", t.msg)
	case t.kind == tokEOF && len(p.opens) > 0:
		open := p.opens[len(p.opens)-1]
		p.errorAt(t, "%s (unclosed '(' at %s)", fmt.Sprintf(format, args...), open.pos)
	default:
		p.errorAt(t, format, args...)
	}
	panic(bailout{})
}

// checkHeight fails at operator t if a tree of height h is too deep.
func (p *parser) checkHeight(h int, t token) {
	if h > MaxDepth {
		p.fail(t, "expression nested too deeply (more than %d levels)", MaxDepth)
	}
}

// program parses
//
//	program = [ item ] { sep [ item ] } .
//	item    = def | stmt .
//	sep     = newline | ";" .
func (p *parser) program() *Program {
	prog := &Program{Src: p.src}
	for len(p.errs) < maxErrors {
		for p.tok.kind == tokNewline || p.tok.kind == tokSemi {
			p.advance()
		}
		if p.tok.kind == tokEOF {
			break
		}
		if p.tok.kind == tokDef {
			if d := p.def(); d != nil {
				prog.Defs = append(prog.Defs, d)
			}
			continue
		}
		if s := p.stmt(); s != nil {
			prog.Stmts = append(prog.Stmts, s)
		}
	}
	return prog
}

// stmt parses a statement up to its separator:
//
//	stmt = name "=" expr .
//
// After an error it skips to the separator and returns nil.
func (p *parser) stmt() (s *Stmt) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			p.sync()
			s = nil
		}
	}()
	target := p.tok
	if target.kind != tokName {
		p.fail(target, "expected name at start of statement, found %s", target)
	}
	p.advance()
	if !p.tok.is('=') {
		p.fail(p.tok, "expected '=' after %s, found %s", target.text, p.tok)
	}
	p.advance()
	x, _ := p.expr()
	if k := p.tok.kind; k != tokNewline && k != tokSemi && k != tokEOF {
		p.fail(p.tok, "expected operator or end of statement, found %s", p.tok)
	}
	return &Stmt{Target: target.text, TargetPos: target.pos, Expr: x, Pos: target.pos}
}

// sync skips to the end of the statement.
func (p *parser) sync() {
	p.opens = p.opens[:0]
	for k := p.tok.kind; k != tokNewline && k != tokSemi && k != tokEOF; k = p.tok.kind {
		p.tok = p.lex.nextToken()
	}
}

// expr parses
//
//	expr = term { ( "+" | "-" ) term } .
//
// A chain of "+" becomes one Nary; "-" is left-associative.
func (p *parser) expr() (Expr, int) {
	x, h := p.term()
	var sum *Nary // x, if it is a sum made by this chain
	for p.tok.is('+') || p.tok.is('-') {
		op := p.tok
		p.advance()
		y, hy := p.term()
		switch {
		case op.op == '-':
			x, h, sum = &Binary{Op: '-', X: x, Y: y, Pos: op.pos}, max(h, hy)+1, nil
		case sum != nil:
			sum.Args = append(sum.Args, y)
			h = max(h, hy+1)
		default:
			sum = &Nary{Op: '+', Args: []Expr{x, y}, Pos: op.pos}
			x, h = sum, max(h, hy)+1
		}
		p.checkHeight(h, op)
	}
	return x, h
}

// term parses
//
//	term = unary { ( "*" | "/" ) unary } .
//
// A chain of "*" becomes one Nary; "/" is left-associative.
func (p *parser) term() (Expr, int) {
	x, h := p.unary()
	var prod *Nary // x, if it is a product made by this chain
	for p.tok.is('*') || p.tok.is('/') {
		op := p.tok
		p.advance()
		y, hy := p.unary()
		switch {
		case op.op == '/':
			x, h, prod = &Binary{Op: '/', X: x, Y: y, Pos: op.pos}, max(h, hy)+1, nil
		case prod != nil:
			prod.Args = append(prod.Args, y)
			h = max(h, hy+1)
		default:
			prod = &Nary{Op: '*', Args: []Expr{x, y}, Pos: op.pos}
			x, h = prod, max(h, hy)+1
		}
		p.checkHeight(h, op)
	}
	return x, h
}

// unary parses
//
//	unary = ( "-" | "+" ) unary | power .
//
// A unary plus is dropped. Every recursion of the parser passes through
// unary, so this is where the nesting depth is limited.
func (p *parser) unary() (Expr, int) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > MaxDepth {
		p.fail(p.tok, "expression nested too deeply (more than %d levels)", MaxDepth)
	}
	if op := p.tok; op.is('-') || op.is('+') {
		p.advance()
		x, h := p.unary()
		if op.op == '+' {
			return x, h
		}
		p.checkHeight(h+1, op)
		return &Unary{Op: '-', X: x, Pos: op.pos}, h + 1
	}
	return p.power()
}

// power parses
//
//	power = primary [ "^" unary ] .
//
// The exponent is a unary, so "^" is right-associative (2^3^2 is 2^(3^2))
// and takes a negative exponent (2^-1).
func (p *parser) power() (Expr, int) {
	x, h := p.primary()
	if op := p.tok; op.is('^') {
		p.advance()
		y, hy := p.unary()
		h = max(h, hy) + 1
		p.checkHeight(h, op)
		x = &Binary{Op: '^', X: x, Y: y, Pos: op.pos}
	}
	return x, h
}

// primary parses
//
//	primary = number | name | call | "(" expr ")" .
func (p *parser) primary() (Expr, int) {
	switch t := p.tok; {
	case t.kind == tokNumber:
		p.advance()
		return p.number(t), 1
	case t.kind == tokName:
		p.advance()
		if p.tok.is('(') {
			return p.call(t)
		}
		return &Ident{Name: t.text, Pos: t.pos}, 1
	case t.is('('):
		p.opens = append(p.opens, t)
		p.advance()
		x, h := p.expr()
		p.close(t, "')' or operator")
		return x, h
	case t.kind == tokDef:
		p.fail(t, "def is a keyword, not a value (it starts a definition: def f(x) = ...)")
	}
	p.fail(p.tok, "expected expression, found %s", p.tok)
	panic("unreachable")
}

// call parses the arguments of a call of the function name:
//
//	call = name "(" [ expr { "," expr } ] ")" .
//
// Whether the function exists and takes that many arguments is for Check
// to say: a call may name a def of the program or a Go gate of
// Options.Funcs.
func (p *parser) call(name token) (Expr, int) {
	open := p.tok
	p.opens = append(p.opens, open)
	p.advance()
	c := &Call{Func: name.text, Pos: name.pos}
	h := 0
	if !p.tok.is(')') {
		for {
			x, hx := p.expr()
			c.Args = append(c.Args, x)
			h = max(h, hx)
			if !p.tok.is(',') {
				break
			}
			p.advance()
		}
	}
	p.close(open, "',' or ')'")
	if canon, ok := funcAliases[name.text]; ok {
		c.Func, c.written = canon, name.text
	}
	return c, h + 1
}

// close consumes the ")" that closes the parenthesis open; expected says
// what else could have come instead (an operator, or a "," in a call).
func (p *parser) close(open token, expected string) {
	switch t := p.tok; {
	case t.is(')'):
		p.opens = p.opens[:len(p.opens)-1]
		p.advance()
	case t.kind == tokEOF:
		p.fail(open, "unclosed '('")
	case t.pos.Line != open.pos.Line:
		p.fail(t, "expected %s, found %s (unclosed '(' at %s)", expected, t, open.pos)
	default:
		p.fail(t, "expected %s, found %s", expected, t)
	}
}

// number converts a number token.
func (p *parser) number(t token) *Num {
	v, err := strconv.ParseFloat(t.text, 64)
	if err != nil {
		// The lexer only passes numbers ParseFloat can read, so the value
		// is out of range (1e999); a number that rounds to 0 is no error.
		p.fail(t, "number %s is out of range", t.text)
	}
	return &Num{Value: v, Text: t.text, Pos: t.pos}
}
