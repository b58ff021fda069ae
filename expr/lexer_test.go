package expr

import (
	"fmt"
	"strings"
	"testing"
)

// lexAll returns the tokens of src, each as kind(text)@line:col, with +n
// when the token is n > 1 runes long and =op when an operator is written
// another way.
func lexAll(src string) string {
	l := newLexer(src)
	var out []string
	for i := 0; i < 1000; i++ {
		t := l.nextToken()
		var s string
		switch t.kind {
		case tokEOF:
			s = "EOF"
		case tokError:
			s = fmt.Sprintf("error(%s)", t.msg)
		case tokNewline:
			s = "NL"
		case tokSemi:
			s = ";"
		case tokName:
			s = "name(" + t.text + ")"
		case tokNumber:
			s = "num(" + t.text + ")"
		case tokOp:
			s = t.text
			if string(t.op) != t.text {
				s += "=" + string(t.op)
			}
		}
		s += fmt.Sprintf("@%d:%d", t.pos.Line, t.pos.Col)
		if t.len > 1 {
			s += fmt.Sprintf("+%d", t.len)
		}
		out = append(out, s)
		if t.kind == tokEOF {
			break
		}
	}
	return strings.Join(out, " ")
}

func TestLexer(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "EOF@1:1"},
		{"statement", "c = a + b",
			"name(c)@1:1 =@1:3 name(a)@1:5 +@1:7 name(b)@1:9 EOF@1:10"},
		{"operators", "(a-b)*c/d^e,f;",
			"(@1:1 name(a)@1:2 -@1:3 name(b)@1:4 )@1:5 *@1:6 name(c)@1:7 /@1:8 name(d)@1:9 ^@1:10 name(e)@1:11 ,@1:12 name(f)@1:13 ;@1:14 EOF@1:15"},
		{"lines", "a=1\nb=2\n",
			"name(a)@1:1 =@1:2 num(1)@1:3 NL@1:4 name(b)@2:1 =@2:2 num(2)@2:3 NL@2:4 EOF@3:1"},
		{"crlf", "a\r\nb\r\n",
			"name(a)@1:1 NL@1:2 name(b)@2:1 NL@2:2 EOF@3:1"},
		{"lone cr is space", "a\rb", "name(a)@1:1 name(b)@1:3 EOF@1:4"},
		{"comments", "# head\na = 1 # tail\n#end",
			"NL@1:7 name(a)@2:1 =@2:3 num(1)@2:5 NL@2:13 EOF@3:5"},
		{"comment before crlf", "a # x\r\nb", "name(a)@1:1 NL@1:6 name(b)@2:1 EOF@2:2"},
		{"numbers", "1 0.25 .5 3. 1e-3 2.5E+4 1.e5 007",
			"num(1)@1:1 num(0.25)@1:3+4 num(.5)@1:8+2 num(3.)@1:11+2 num(1e-3)@1:14+4 num(2.5E+4)@1:19+6 num(1.e5)@1:26+4 num(007)@1:31+3 EOF@1:34"},
		{"names", "yhat w_1 _x ŷ σ w₁ αβγ x2y",
			"name(yhat)@1:1+4 name(w_1)@1:6+3 name(_x)@1:10+2 name(ŷ)@1:13 name(σ)@1:15 name(w₁)@1:17+2 name(αβγ)@1:20+3 name(x2y)@1:24+3 EOF@1:27"},
		{"combining mark", "y\u0302 = 1", "name(y\u0302)@1:1+2 =@1:4 num(1)@1:6 EOF@1:7"},
		{"columns count runes", "ŷ=σ(z)", "name(ŷ)@1:1 =@1:2 name(σ)@1:3 (@1:4 name(z)@1:5 )@1:6 EOF@1:7"},
		{"pasted operators", "a·b⋅c×d÷e−f",
			"name(a)@1:1 ·=*@1:2 name(b)@1:3 ⋅=*@1:4 name(c)@1:5 ×=*@1:6 name(d)@1:7 ÷=/@1:8 name(e)@1:9 −=-@1:10 name(f)@1:11 EOF@1:12"},
		{"python power", "a**2", "name(a)@1:1 **=^@1:2+2 num(2)@1:4 EOF@1:5"},
		{"unicode space and BOM", "\uFEFFa\u00A0=\u2003b", "name(a)@1:2 =@1:4 name(b)@1:6 EOF@1:7"},
		{"tab", "\ta", "name(a)@1:2 EOF@1:3"},
		{"number then dot name", "1 .x", "num(1)@1:1 error(unexpected character '.')@1:3 name(x)@1:4 EOF@1:5"},
		{"bad exponent", "1e", `error(malformed number "1e": exponent has no digits)@1:1+2 EOF@1:3`},
		{"bad exponent sign", "1e+ x", `error(malformed number "1e+": exponent has no digits)@1:1+3 name(x)@1:5 EOF@1:6`},
		{"two dots", "1.2.3", `error(malformed number "1.2.3")@1:1+5 EOF@1:6`},
		{"number then letter", "2x", `error(malformed number "2x" (missing operator?))@1:1+2 EOF@1:3`},
		{"bad character", "a $ b", "name(a)@1:1 error(unexpected character '$')@1:3 name(b)@1:5 EOF@1:6"},
		{"NUL", "a\x00", "name(a)@1:1 error(unexpected character U+0000)@1:2 EOF@1:3"},
		{"invalid UTF-8", "\xffa\xc3", "error(invalid UTF-8 byte 0xff)@1:1 name(a)@1:2 error(invalid UTF-8 byte 0xc3)@1:3 EOF@1:4"},
		{"invalid UTF-8 in comment", "#\xff\xfe\na", "NL@1:4 name(a)@2:1 EOF@2:2"},
		{"superscript", "x²", "name(x)@1:1 error(unexpected character '²' (write ^2 for a power))@1:2 EOF@1:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lexAll(tt.src); got != tt.want {
				t.Errorf("lex %q\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}
