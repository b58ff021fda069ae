package expr

import "strings"

// keywordDef starts a function definition; it is no name.
const keywordDef = "def"

// Def is a function definition, def Name(Params) = Body. A call of it is
// expanded into the gates of its body when the graph is built (see Build
// and Group). Params are local to the body; any other name in the body
// refers to the program-level name (an input or a statement's target), as
// a closure in JAX captures the variables around it.
type Def struct {
	Name    string
	NamePos Pos
	Params  []*Ident
	Body    Expr
	Pos     Pos // of the keyword def
}

// String returns the definition in canonical form, "def f(x, y) = body".
func (d *Def) String() string {
	var b strings.Builder
	b.WriteString("def ")
	b.WriteString(d.Name)
	b.WriteString(d.Signature()[len(d.Name):])
	b.WriteString(" = ")
	writeExpr(&b, d.Body)
	return b.String()
}

// Signature returns the function's name and parameters, "f(x, y)".
func (d *Def) Signature() string {
	return d.Name + "(" + d.paramList() + ")"
}

func (d *Def) paramList() string {
	names := make([]string, len(d.Params))
	for i, p := range d.Params {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// def parses a function definition up to its separator:
//
//	def    = "def" name "(" [ params ] ")" "=" expr .
//	params = name { "," name } .
//
// After an error it skips to the separator and returns nil.
func (p *parser) def() (d *Def) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			p.sync()
			d = nil
		}
	}()
	kw := p.tok
	p.advance()
	name := p.tok
	switch {
	case name.is('='):
		p.fail(kw, "def is a keyword and cannot be assigned: choose another name (def starts a definition: def f(x) = ...)")
	case name.kind != tokName:
		p.fail(name, "expected function name after def, found %s", name)
	}
	p.advance()
	if !p.tok.is('(') {
		p.fail(p.tok, "expected '(' and parameters after def %s, found %s", name.text, p.tok)
	}
	open := p.tok
	p.opens = append(p.opens, open)
	p.advance()
	d = &Def{Name: name.text, NamePos: name.pos, Pos: kw.pos}
	if !p.tok.is(')') {
		for {
			t := p.tok
			if t.kind != tokName {
				p.fail(t, "expected parameter name, found %s", t)
			}
			d.Params = append(d.Params, &Ident{Name: t.text, Pos: t.pos})
			p.advance()
			if !p.tok.is(',') {
				break
			}
			p.advance()
		}
	}
	p.close(open, "',' or ')'")
	if !p.tok.is('=') {
		p.fail(p.tok, "expected '=' after def %s(%s), found %s", d.Name, d.paramList(), p.tok)
	}
	p.advance()
	d.Body, _ = p.expr()
	if k := p.tok.kind; k != tokNewline && k != tokSemi && k != tokEOF {
		p.fail(p.tok, "expected operator or end of definition, found %s", p.tok)
	}
	return d
}

// checkDefs reports the errors of the program's definitions: a def that
// redefines a built-in function or a Go gate, or an earlier def; a
// parameter repeated or named like a function; in a body, a function used
// as a value and a bad call (unknown, later, recursive or with the wrong
// number of arguments).
func (sc *scope) checkDefs(p *Program, add func(pos Pos, text, format string, args ...any)) {
	for _, d := range p.Defs {
		switch first := sc.defs[d.Name]; {
		case isFunc(d.Name):
			add(d.NamePos, d.Name, "cannot redefine the built-in function %s", d.Name)
		case sc.fixed(d.Name):
			add(d.NamePos, d.Name, "cannot redefine %s: it is a Go gate of Options.Funcs", d.Name)
		case first != d:
			add(d.NamePos, d.Name, "%s is defined twice (first at %s)", d.Name, first.NamePos)
		}
		seen := map[string]*Ident{}
		for _, param := range d.Params {
			if prev, ok := seen[param.Name]; ok {
				add(param.Pos, param.Name, "parameter %s is repeated (first at %s)", param.Name, prev.Pos)
				continue
			}
			seen[param.Name] = param
			if sc.isFunc(param.Name) {
				add(param.Pos, param.Name, "cannot use %s as a parameter: it is a function", param.Name)
			}
		}
		sc.checkExpr(d.Body, d, add)
	}
}
