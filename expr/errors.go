package expr

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is an error in a program, at a position in its source.
type Error struct {
	Pos  Pos    // where the offending text starts
	Len  int    // length of the offending text in runes; Snippet marks it
	Msg  string // what is wrong
	Line string // the source line of Pos, without its line break
}

// Error returns "line:col: msg".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg) }

// Snippet returns the source line, indented by two spaces, and below it a
// line that marks the offending text: a caret under its first rune, then
// "~" under the others, for example "  c = a + )\n          ^" or
// "  x = 1.2.3\n      ^~~~~".
// Tabs are kept so the caret lines up; invisible characters show as spaces
// or "�". A long line is cut to a window around the error, marked "…".
// The caret lines up on a terminal with a fixed-width font as long as every
// rune of the line takes one cell (no wide CJK characters or combining
// marks before it).
func (e *Error) Snippet() string {
	total := utf8.RuneCountInString(e.Line) // an invalid byte counts as one rune, as in the lexer
	col := min(max(e.Pos.Col-1, 0), total)

	// Show the runes [lo, hi) of the line: at most snippetWidth, with the
	// error not too far right. Only they are decoded, so a snippet of a
	// huge line is cheap.
	const snippetWidth, snippetLead = 100, 40
	lo := 0
	if col > snippetWidth-snippetLead {
		lo = col - snippetLead
	}
	hi := min(total, lo+snippetWidth)
	window := make([]rune, 0, hi-lo)
	i := 0
	for _, r := range e.Line { // decodes an invalid byte as one U+FFFD
		if i == hi {
			break
		}
		if i >= lo {
			window = append(window, visible(r))
		}
		i++
	}
	n := max(min(e.Len, hi-col), 1) // mark within the window, or just past its end

	var b strings.Builder
	b.WriteString("  ")
	if lo > 0 {
		b.WriteString("…")
	}
	b.WriteString(string(window))
	if hi < total {
		b.WriteString("…")
	}
	b.WriteString("\n  ")
	if lo > 0 {
		b.WriteByte(' ')
	}
	for _, r := range window[:col-lo] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	b.WriteString(strings.Repeat("~", n-1))
	return b.String()
}

// visible replaces a rune that would not show as one cell.
func visible(r rune) rune {
	switch {
	case r == '\t' || unicode.IsPrint(r):
		return r
	case unicode.IsSpace(r):
		return ' '
	}
	return '\uFFFD'
}

// ErrorList is a list of errors, sorted by position. Parse returns its
// errors as an ErrorList.
type ErrorList []*Error

// maxErrorsShown is how many errors ErrorList.Error lists.
const maxErrorsShown = 10

// Error lists the first errors, one a line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i == maxErrorsShown {
			fmt.Fprintf(&b, "\n(and %d more errors)", len(l)-i)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, so that errors.As finds an *Error.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sort sorts the list by position, keeping the order of errors at the same
// position.
func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
}

// newError returns an error at pos in src, marking n runes.
func newError(src string, pos Pos, n int, msg string) *Error {
	return &Error{Pos: pos, Len: max(n, 1), Msg: msg, Line: sourceLine(src, pos.Line)}
}

// sourceLine returns line n (1-based) of src without its line break ("\n"
// or "\r\n"), or "" if there is no such line.
func sourceLine(src string, n int) string {
	for ; n > 1; n-- {
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			return ""
		}
		src = src[i+1:]
	}
	if i := strings.IndexByte(src, '\n'); i >= 0 {
		return strings.TrimSuffix(src[:i], "\r")
	}
	return src
}
