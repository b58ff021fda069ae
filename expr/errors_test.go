package expr

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrors(t *testing.T) {
	tests := []struct {
		src  string
		want []string // "line:col: message fragment", in order
	}{
		// Syntax.
		{"c = a + )", []string{"1:9: expected expression, found ')'"}},
		{"c = a +", []string{"1:8: expected expression, found end of input"}},
		{"c = a +\nd = 1", []string{"1:8: expected expression, found newline"}},
		{"c = a b", []string{"1:7: expected operator or end of statement, found name b"}},
		{"c = a 2", []string{"1:7: expected operator or end of statement, found number 2"}},
		{"c = (a b)", []string{"1:8: expected ')' or operator, found name b"}},
		{"c = (a", []string{"1:5: unclosed '('"}},
		{"c = sigmoid(a", []string{"1:12: unclosed '('"}},
		{"c = (a\nd = 1", []string{"2:1: expected ')' or operator, found name d (unclosed '(' at 1:5)"}},
		{"c = (a +\n", []string{"1:9: expected expression, found end of input (unclosed '(' at 1:5)"}},
		{"c = a)", []string{"1:6: expected operator or end of statement, found ')'"}},
		{"c = f(a b)", []string{"1:9: expected ',' or ')', found name b"}},
		{"c = sqloss(a,)", []string{"1:14: expected expression, found ')'"}},
		{"c = sqloss(,a)", []string{"1:12: expected expression, found ','"}},
		{"a + b", []string{"1:3: expected '=' after a, found '+'"}},
		{"a", []string{"1:2: expected '=' after a, found end of input"}},
		{"a\nb = 1", []string{"1:2: expected '=' after a, found newline"}},
		{"3 = a", []string{"1:1: expected name at start of statement, found number 3"}},
		{"= a", []string{"1:1: expected name at start of statement, found '='"}},
		{"a == b", []string{"1:4: expected expression, found '='"}},
		{"a = b = c", []string{"1:7: expected operator or end of statement, found '='"}},
		{"a = ()", []string{"1:6: expected expression, found ')'"}},
		{"a = b ^^ c", []string{"1:8: expected expression, found '^'"}},
		{"a = b * * c", []string{"1:9: expected expression, found '*'"}},
		{"a = 2(b)", []string{"1:6: expected operator or end of statement, found '('"}},

		// Lexical.
		{"x = 1.2.3", []string{`1:5: malformed number "1.2.3"`}},
		{"x = 1e", []string{`1:5: malformed number "1e": exponent has no digits`}},
		{"x = 2.5E+", []string{`1:5: malformed number "2.5E+": exponent has no digits`}},
		{"x = 2x", []string{`1:5: malformed number "2x" (missing operator?)`}},
		{"x = a $ b", []string{"1:7: unexpected character '$'"}},
		{"x = a . b", []string{"1:7: unexpected character '.'"}},
		{"x = a²", []string{"1:6: unexpected character '²' (write ^2 for a power)"}},
		{"x = a\x00", []string{"1:6: unexpected character U+0000"}},
		{"x = \xffa", []string{"1:5: invalid UTF-8 byte 0xff"}},
		{"x\xff = a", []string{"1:2: invalid UTF-8 byte 0xff"}},
		{"x = 1e999", []string{"1:5: number 1e999 is out of range"}},

		// Calls.
		{"a = f(x)", []string{"1:5: unknown function f (known: " + knownFuncs() + ")"}},
		{"a = Sigmoid(x)", []string{"1:5: unknown function Sigmoid (did you mean sigmoid?)"}},
		{"a = sigmoid()", []string{"1:5: sigmoid takes 1 argument (x), got 0"}},
		{"a = σ(x, y)", []string{"1:5: σ takes 1 argument (x), got 2"}},
		{"a = sqloss(x)", []string{"1:5: sqloss takes 2 arguments (yhat, y), got 1"}},
		{"a = mse(a1, b1, c1)", []string{"1:5: mse takes an even number of arguments, at least 2 (yhat1, y1, yhat2, y2, ...), got 3"}},
		{"a = mse()", []string{"1:5: mse takes an even number of arguments"}},
		{"a = b * exp(c, d) + f(g(h))", []string{"1:9: exp takes 1 argument", "1:21: unknown function f", "1:23: unknown function g"}},

		// Meaning (Check).
		{"", []string{"1:1: empty program: no statements"}},
		{"\n\n# nothing here\n;;", []string{"1:1: empty program: no statements"}},
		{"a = 1\nb = a\na = 2", []string{"3:1: a is assigned twice (first at 1:1)"}},
		{"exp = 1", []string{"1:1: cannot assign to exp: it is a function"}},
		{"σ = 1", []string{"1:1: cannot assign to σ: it is a function"}},
		{"a = exp + 1", []string{"1:5: exp is a function, not a value: call it as exp(...)"}},
		{"a = a + 1", []string{"1:1: cycle: a -> a"}},
		{"a = b + 1; b = a", []string{"1:1: cycle: a -> b -> a (b at 1:12)"}},
		{"x = 1\na = c\nb = a\nc = b * x", []string{"2:1: cycle: a -> b -> c -> a (b at 3:1, c at 4:1)"}},
		{"a = b\nb = c\nc = a\nd = e\ne = d", []string{"1:1: cycle: a -> c -> b -> a (c at 3:1, b at 2:1)", "4:1: cycle: d -> e -> d (e at 5:1)"}},

		// Recovery: one error per statement, every statement.
		{"a = )\nb = 1\nc = (\nd = 2 2; e = $", []string{
			"1:5: expected expression, found ')'",
			"4:3: expected ')' or operator, found '=' (unclosed '(' at 3:5)", // newlines are space inside ( )
			"4:14: unexpected character '$'",
		}},
		{"a = )\nb = 1\nc = (\n)\nd = 2 2; e = $", []string{
			"1:5: expected expression, found ')'",
			"4:1: expected expression, found ')'",
			"5:7: expected operator or end of statement, found number 2",
			"5:14: unexpected character '$'",
		}},
		{"a = 1 $ $ $\nb = 2 $", []string{"1:7: unexpected character '$'", "2:7: unexpected character '$'"}},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("Parse(%q) = %v, want ErrorList %q", tt.src, err, tt.want)
			continue
		}
		if len(list) != len(tt.want) {
			t.Errorf("Parse(%q): %d errors, want %d:\n%v\nwant %q", tt.src, len(list), len(tt.want), err, tt.want)
			continue
		}
		for i, e := range list {
			if !strings.HasPrefix(e.Error(), tt.want[i]) {
				t.Errorf("Parse(%q): error %d = %q, want prefix %q", tt.src, i, e.Error(), tt.want[i])
			}
		}
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"c = a + )", "  c = a + )\n          ^"},
		{"x = 1.2.3 + y", "  x = 1.2.3 + y\n      ^~~~~"},
		{"a = 1\nb = 2\nc = sigmoid(a, b)\nd = 3", "  c = sigmoid(a, b)\n      ^~~~~~~"},
		{"a = 1\n\tb = (2 +\n", "  \tb = (2 +\n  \t        ^"}, // at the end of the line, not at EOF in line 3
		{"ŷ = σ(z) $", "  ŷ = σ(z) $\n           ^"},
		{"a = b\r\nc = d +\r\ne = f", "  c = d +\n         ^"},
		{"a\x00b = 1", "  a�b = 1\n   ^"},
		{"\xff = 1", "  � = 1\n  ^"},
		{"a = b\x0bc", "  a = b c\n        ^"},
		{"", "  \n  ^"},
		{"a = " + strings.Repeat("b + ", 50) + "$", "  …" + strings.Repeat("b + ", 10) + "$\n  " + strings.Repeat(" ", 41) + "^"},
		{"a = $" + strings.Repeat(" + b", 50), "  a = $" + strings.Repeat(" + b", 23) + " + …\n      ^"},
		{"x = 1." + strings.Repeat("1", 200) + ".1", "  x = 1." + strings.Repeat("1", 94) + "…\n      ^" + strings.Repeat("~", 95)},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want an *Error", tt.src, err)
			continue
		}
		if got := e.Snippet(); got != tt.want {
			t.Errorf("Parse(%q): %v: Snippet =\n%s\nwant\n%s", tt.src, e, got, tt.want)
		}
	}
}

func TestErrorList(t *testing.T) {
	var src strings.Builder
	for i := range 12 {
		fmt.Fprintf(&src, "v%d = $\n", i)
	}
	_, err := Parse(src.String())
	var lines []string
	for i := range 10 {
		lines = append(lines, fmt.Sprintf("%d:6: unexpected character '$'", i+1))
	}
	want := strings.Join(lines, "\n") + "\n(and 2 more errors)"
	if err == nil || err.Error() != want {
		t.Errorf("Error() =\n%v\nwant\n%s", err, want)
	}

	_, err = Parse(strings.Repeat("a = $\n", 10*maxErrors))
	if list := err.(ErrorList); len(list) != maxErrors {
		t.Errorf("got %d errors, want them capped at %d", len(list), maxErrors)
	}

	if got := (ErrorList{}).Error(); got != "no errors" {
		t.Errorf("empty ErrorList.Error() = %q", got)
	}
}

// knownFuncs is the list of functions an unknown function's message gives:
// the table's, so that adding a function is adding its row.
func knownFuncs() string {
	names := make([]string, len(funcs))
	for i, f := range funcs {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}
