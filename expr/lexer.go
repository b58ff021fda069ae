package expr

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The lexer is a state machine in the style of text/template/parse: each
// state function scans part of the input and returns the next state. It
// runs synchronously: nextToken runs the states until one of them emits a
// token, so the parser pulls tokens one at a time and a huge input is never
// held as a token slice.

const (
	eof     = -1 // end of input
	badByte = -2 // an invalid UTF-8 byte
)

type stateFn func(*lexer) stateFn

type lexer struct {
	src      string
	start    int // byte offset where the current token starts
	startPos Pos // and its position
	pos      int // byte offset of the next rune
	line     int // position of the next rune
	col      int
	width    int // byte width of the last rune read, for backup
	prevLine int // position before the last rune read, for backup
	prevCol  int
	tok      token // the token emitted by the last state
}

func newLexer(src string) *lexer {
	return &lexer{src: src, line: 1, col: 1, startPos: Pos{1, 1}}
}

// nextToken returns the next token; at the end of the input it returns
// tokEOF, again and again.
func (l *lexer) nextToken() token {
	l.tok = token{kind: tokEOF}
	for state := lexAny; state != nil; {
		state = state(l)
	}
	return l.tok
}

// next consumes and returns the next rune, eof or badByte.
func (l *lexer) next() rune {
	l.prevLine, l.prevCol = l.line, l.col
	if l.pos >= len(l.src) {
		l.width = 0
		return eof
	}
	r, w := utf8.DecodeRuneInString(l.src[l.pos:])
	if r == utf8.RuneError && w == 1 {
		r = badByte
	}
	l.width = w
	l.pos += w
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

// backup steps back one rune; it may be called once per call of next.
func (l *lexer) backup() {
	l.pos -= l.width
	l.line, l.col = l.prevLine, l.prevCol
}

// peek returns the next rune without consuming it.
func (l *lexer) peek() rune {
	r := l.next()
	l.backup()
	return r
}

// accept consumes the next rune if it is in valid.
func (l *lexer) accept(valid string) bool {
	if strings.ContainsRune(valid, l.next()) {
		return true
	}
	l.backup()
	return false
}

// acceptRun consumes runes while ok holds and returns how many it consumed.
func (l *lexer) acceptRun(ok func(rune) bool) int {
	n := 0
	for ok(l.next()) {
		n++
	}
	l.backup()
	return n
}

// atCRLF reports whether the input continues with "\r\n".
func (l *lexer) atCRLF() bool { return strings.HasPrefix(l.src[l.pos:], "\r\n") }

// ignore skips the input scanned so far.
func (l *lexer) ignore() {
	l.start = l.pos
	l.startPos = Pos{l.line, l.col}
}

// emit makes the scanned input a token of the given kind and ends the run
// of states.
func (l *lexer) emit(kind tokenKind, op rune) stateFn {
	n := 1 // tokens do not span lines, except a newline, which is one column
	if l.line == l.startPos.Line && l.col-l.startPos.Col > 1 {
		n = l.col - l.startPos.Col
	}
	l.tok = token{kind: kind, op: op, text: l.src[l.start:l.pos], pos: l.startPos, len: n}
	return nil
}

// errorf emits the scanned input as an error token.
func (l *lexer) errorf(format string, args ...any) stateFn {
	l.emit(tokError, 0)
	l.tok.msg = fmt.Sprintf(format, args...)
	return nil
}

// operators maps each operator rune, including the look-alikes that
// students paste from documents, to its ASCII form.
var operators = map[rune]rune{
	'+': '+',
	'-': '-', '−': '-', // U+2212 MINUS SIGN
	'*': '*', '·': '*', '⋅': '*', '×': '*', // U+00B7, U+22C5 (LaTeX \cdot), U+00D7
	'/': '/', '÷': '/',
	'^': '^',
	'(': '(', ')': ')', ',': ',', '=': '=',
}

// superscripts maps superscript digits, which are not operators, to the
// digits a user should write after "^".
var superscripts = map[rune]rune{
	'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4',
	'⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
}

// lexAny scans the next token, skipping space and comments.
func lexAny(l *lexer) stateFn {
	l.ignore()
	if l.atCRLF() {
		l.next()
		l.next()
		return l.emit(tokNewline, 0)
	}
	if rest := l.src[l.pos:]; rest != "" && (isDigit(rune(rest[0])) ||
		rest[0] == '.' && len(rest) > 1 && isDigit(rune(rest[1]))) {
		return lexNumber
	}
	r := l.next()
	switch {
	case r == eof:
		return l.emit(tokEOF, 0)
	case r == '\n':
		return l.emit(tokNewline, 0)
	case r == ';':
		return l.emit(tokSemi, 0)
	case r == '#':
		return lexComment
	case isSpace(r):
		return lexSpace
	case isLetter(r):
		return lexName
	case r == '*' && l.peek() == '*':
		l.next()
		return l.emit(tokOp, '^')
	case r == badByte:
		return l.errorf("invalid UTF-8 byte %#02x", l.src[l.start])
	}
	if op, ok := operators[r]; ok {
		return l.emit(tokOp, op)
	}
	if d, ok := superscripts[r]; ok {
		return l.errorf("unexpected character %s (write ^%c for a power)", quoteRune(r), d)
	}
	return l.errorf("unexpected character %s", quoteRune(r))
}

// lexSpace skips a run of space other than line breaks.
func lexSpace(l *lexer) stateFn {
	for !l.atCRLF() {
		if !isSpace(l.next()) {
			l.backup()
			break
		}
	}
	return lexAny
}

// lexComment skips a comment, from "#" to the end of the line.
func lexComment(l *lexer) stateFn {
	rest := l.src[l.pos:]
	n := strings.IndexByte(rest, '\n')
	switch {
	case n < 0:
		n = len(rest)
	case n > 0 && rest[n-1] == '\r':
		n--
	}
	l.pos += n
	l.col += utf8.RuneCountInString(rest[:n])
	return lexAny
}

// lexNumber scans a number: digits [ "." [ digits ] ] [ exponent ] or
// "." digits [ exponent ]. A number immediately followed by a letter, digit
// or "." is malformed ("1.2.3", "2x").
func lexNumber(l *lexer) stateFn {
	l.acceptRun(isDigit)
	if l.accept(".") {
		l.acceptRun(isDigit)
	}
	if l.accept("eE") {
		l.accept("+-")
		if l.acceptRun(isDigit) == 0 {
			return l.badNumber("exponent has no digits")
		}
	}
	switch r := l.peek(); {
	case r == '.':
		return l.badNumber("")
	case isNameRune(r):
		return l.badNumber("(missing operator?)")
	}
	return l.emit(tokNumber, 0)
}

// badNumber consumes the rest of a malformed number and emits an error.
func (l *lexer) badNumber(why string) stateFn {
	l.acceptRun(func(r rune) bool { return r == '.' || isNameRune(r) })
	msg := fmt.Sprintf("malformed number %q", l.src[l.start:l.pos])
	switch {
	case strings.HasPrefix(why, "("):
		msg += " " + why
	case why != "":
		msg += ": " + why
	}
	return l.errorf("%s", msg)
}

// lexName scans the rest of a name, or the keyword def.
func lexName(l *lexer) stateFn {
	l.acceptRun(isNameRune)
	if l.src[l.start:l.pos] == keywordDef {
		return l.emit(tokDef, 0)
	}
	return l.emit(tokName, 0)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// isSpace reports whether r is space other than a line feed.
func isSpace(r rune) bool {
	return r != '\n' && (unicode.IsSpace(r) || r == '\uFEFF') // U+FEFF: byte order mark
}

// isLetter reports whether r may start a name.
func isLetter(r rune) bool { return r == '_' || unicode.IsLetter(r) }

// isNameRune reports whether r may continue a name.
func isNameRune(r rune) bool {
	return isLetter(r) || unicode.IsDigit(r) ||
		unicode.In(r, unicode.Mn, unicode.Mc) || // combining marks: y + U+0302 = ŷ
		'₀' <= r && r <= '₉'
}

// quoteRune quotes r for a message, by its code point if it is invisible.
func quoteRune(r rune) string {
	if unicode.IsPrint(r) {
		return "'" + string(r) + "'"
	}
	return fmt.Sprintf("%U", r)
}
