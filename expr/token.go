package expr

import "fmt"

// Pos is a position in the source text. Line and Col are 1-based; Col counts
// runes, not bytes (an invalid UTF-8 byte counts as one rune).
type Pos struct{ Line, Col int }

// String returns the position as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// before reports whether p comes before q in the source.
func (p Pos) before(q Pos) bool { return p.Line < q.Line || p.Line == q.Line && p.Col < q.Col }

// tokenKind is the class of a token.
type tokenKind int

const (
	tokEOF     tokenKind = iota
	tokError             // a lexical error: msg says what is wrong with text
	tokNewline           // "\n" or "\r\n"
	tokSemi              // ";"
	tokName              // an identifier
	tokNumber            // a number literal
	tokOp                // an operator or punctuation; op holds its ASCII form
	tokDef               // the keyword def, which starts a function definition
)

// A token is a lexeme with its position.
type token struct {
	kind tokenKind
	op   rune   // tokOp: one of + - * / ^ ( ) , =
	text string // the source text, e.g. "×" for op '*'
	msg  string // tokError: the error message
	pos  Pos
	len  int // length of text in runes, at least 1
}

// is reports whether t is the operator op.
func (t token) is(op rune) bool { return t.kind == tokOp && t.op == op }

// String describes the token for error messages ("name x", "'+'").
func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokNewline:
		return "newline"
	case tokSemi:
		return "';'"
	case tokName:
		return "name " + t.text
	case tokNumber:
		return "number " + t.text
	case tokOp:
		return "'" + t.text + "'"
	case tokDef:
		return "keyword def"
	}
	return fmt.Sprintf("%q", t.text)
}
