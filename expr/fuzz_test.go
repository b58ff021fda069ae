package expr

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks the contract of Parse on any input: it never panics; on
// error, every error lies inside the source (Line in [1, lines+1], Col in
// [1, runes of the line + 1]) and carries its source line; on success, the
// String of each statement parses back to the same tree and String (after
// the program's defs, which it may call), and so does each def.
func FuzzParse(f *testing.F) {
	for _, tt := range precedenceTests {
		f.Add("out = " + tt.src)
	}
	for _, s := range []string{
		"p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2",
		"c = a + b; e = c * d; g = e - f",
		"# comment\n\nŷ = σ(w₁·x − b)\r\nL = mse(ŷ, y,\n  ŷ, y);\n",
		"a = 2^-3^2 - -(b) / +c ** 2",
		"", ";;\n;", "a", "a =", "= b", "a = )", "a = (b", "a = (b +\n", "a = f(x)",
		"a = 1.2.3", "a = 1e", "a = 2x", "a = $", "a = b\x00", "\xff\xfe", "a = 1e999",
		"a = b; b = a", "exp = 1", "a = 1; a = 2", "a = exp", "a = mse(b)",
		"a = (((((b)))))", "a = ----b", "a = b-b-b-b/b/b", "x = a²",
		"def softrelu(x) = log(1 + exp(x))\ndef swish(x) = x * sigmoid(x)\nh = softrelu(w*x + b)",
		"def f(x, y) = x * w + y; a = f(b, 2) + f(a1, a2)", "def f() = 1\na = f()",
		"def f(x) = f(x)\na = f(1)", "def f(x) = g(x)\ndef g(x) = f(x)\na = f(1)",
		"def sigmoid(x) = x\na = 1", "def f(x) = x\ndef f(x) = x\na = f(1, 2)",
		"def f(x, x) = x", "a = f(1)\ndef f(x) = x", "def = 1", "a = def", "def f(def) = 1",
		"def f(x) = x * w\nw = f(2)", "def f(x\n, y) = x +\n y\na = f(1, 2)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		prog, err := Parse(src)
		if err != nil {
			checkErrors(t, src, err)
			return
		}
		if len(prog.Stmts) == 0 {
			t.Fatalf("Parse(%q): no statements and no error", src)
		}
		var defs strings.Builder // the defs, which statements may call
		for _, d := range prog.Defs {
			text := d.String()
			again, err := Parse(defs.String() + text + "\n_ = 0")
			if err != nil {
				t.Fatalf("Parse(%q): def %q does not parse: %v", src, text, err)
			}
			if got := again.Defs[len(again.Defs)-1]; got.String() != text || tree(got.Body) != tree(d.Body) {
				t.Fatalf("Parse(%q): %q parses to %q", src, text, got)
			}
			defs.WriteString(text + "\n")
		}
		for _, s := range prog.Stmts {
			text := s.String()
			again, err := Parse(defs.String() + text)
			if err != nil {
				t.Fatalf("Parse(%q): statement %q does not parse: %v", src, text, err)
			}
			if len(again.Stmts) != 1 {
				t.Fatalf("Parse(%q): statement %q parses as %d statements", src, text, len(again.Stmts))
			}
			if got := again.Stmts[0].String(); got != text {
				t.Fatalf("Parse(%q): String of %q is %q", src, text, got)
			}
			if got, want := tree(again.Stmts[0].Expr), tree(s.Expr); got != want {
				t.Fatalf("Parse(%q): %q parses to %s, want %s", src, text, got, want)
			}
		}
	})
}

// checkErrors checks that err is a non-empty ErrorList of errors inside src.
func checkErrors(t *testing.T, src string, err error) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("Parse(%q): error %v (%T) is no non-empty ErrorList", src, err, err)
	}
	lines := strings.Split(src, "\n")
	for _, e := range list {
		if e.Pos.Line < 1 || e.Pos.Line > len(lines) {
			t.Fatalf("Parse(%q): %v: line outside the source", src, e)
		}
		line := lines[e.Pos.Line-1]
		if e.Pos.Line < len(lines) {
			line = strings.TrimSuffix(line, "\r") // a CRLF line break
		}
		if e.Pos.Col < 1 || e.Pos.Col > utf8.RuneCountInString(line)+1 {
			t.Fatalf("Parse(%q): %v: column outside line %q", src, e, line)
		}
		if e.Line != line {
			t.Fatalf("Parse(%q): %v: Line = %q, want %q", src, e, e.Line, line)
		}
		if e.Msg == "" || e.Len < 1 {
			t.Fatalf("Parse(%q): error %#v without message or length", src, e)
		}
		if snip := e.Snippet(); strings.Count(snip, "\n") != 1 || !strings.Contains(snip, "^") {
			t.Fatalf("Parse(%q): %v: bad snippet %q", src, e, snip)
		}
	}
}
