package expr

import (
	"fmt"
	"strings"
)

// tree returns e as a fully parenthesised prefix expression, such as
// (- (^ 2 2)) for -2^2, so tests can compare structure, not just text.
func tree(e Expr) string {
	switch e := e.(type) {
	case *Num:
		return e.Text
	case *Ident:
		return e.Name
	case *Unary:
		return fmt.Sprintf("(%c %s)", e.Op, tree(e.X))
	case *Binary:
		return fmt.Sprintf("(%c %s %s)", e.Op, tree(e.X), tree(e.Y))
	case *Nary:
		return fmt.Sprintf("(%c %s)", e.Op, trees(e.Args))
	case *Call:
		if len(e.Args) == 0 {
			return "(" + e.Func + ")"
		}
		return fmt.Sprintf("(%s %s)", e.Func, trees(e.Args))
	}
	return fmt.Sprintf("?%T", e)
}

func trees(es []Expr) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = tree(e)
	}
	return strings.Join(s, " ")
}

// programTree returns the trees of all statements, "target = tree; ...".
func programTree(p *Program) string {
	s := make([]string, len(p.Stmts))
	for i, st := range p.Stmts {
		s[i] = st.Target + " = " + tree(st.Expr)
	}
	return strings.Join(s, "; ")
}
