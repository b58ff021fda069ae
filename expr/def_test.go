package expr

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestDefErrors checks each error of a definition, or of its use, for its
// position and message.
func TestDefErrors(t *testing.T) {
	tests := []struct {
		src  string
		want []string // "line:col: message fragment", in order
	}{
		// Syntax.
		{"def = 1", []string{"1:1: def is a keyword and cannot be assigned: choose another name"}},
		{"a = def + 1", []string{"1:5: def is a keyword, not a value"}},
		{"a = b * def(x)", []string{"1:9: def is a keyword, not a value"}},
		{"def 1(x) = x", []string{"1:5: expected function name after def, found number 1"}},
		{"def f x = 1", []string{"1:7: expected '(' and parameters after def f, found name x"}},
		{"def f(x) x", []string{"1:10: expected '=' after def f(x), found name x"}},
		{"def f(x, 2) = x", []string{"1:10: expected parameter name, found number 2"}},
		{"def f(def) = 1", []string{"1:7: expected parameter name, found keyword def"}},
		{"def f(x + 1) = x", []string{"1:9: expected ',' or ')', found '+'"}},
		{"def f(x) = x x\na = f(1)", []string{"1:14: expected operator or end of definition, found name x"}},
		{"def f(x\na = 1", []string{"2:1: expected ',' or ')', found name a (unclosed '(' at 1:6)"}},
		{"a = b def f(x) = x", []string{"1:7: expected operator or end of statement, found keyword def"}},

		// Meaning.
		{"def f(x) = f(x)\na = f(1)", []string{"1:12: recursion: f calls itself"}},
		{"def f(x) = 2 * g(x)\ndef g(x) = f(x) + 1\na = f(1)", []string{"1:16: recursion: f -> g -> f"}},
		{"def f(x) = g(x)\ndef g(x) = h(x)\ndef h(x) = f(x)\na = f(1)", []string{
			"1:12: recursion: f -> g -> h -> f", "2:12: recursion: g -> h -> f -> g"}},
		{"def f(x) = g(x)\ndef g(x) = x\na = f(1)", []string{"1:12: g is defined below f (at 2:1): a def may call only the defs above it"}},
		{"a = f(1)\ndef f(x) = x", []string{"1:5: f is defined below its use (at 2:1): a def must come before the statements that call it"}},
		{"def sigmoid(x) = x\na = 1", []string{"1:5: cannot redefine the built-in function sigmoid"}},
		{"def σ(x) = x\na = 1", []string{"1:5: cannot redefine the built-in function σ"}},
		{"def f(x) = x\ndef f(y) = y\na = f(1)", []string{"2:5: f is defined twice (first at 1:5)"}},
		{"def f(x) = x\na = f(1, 2)", []string{"2:5: f takes 1 argument (x), got 2"}},
		{"def f(x, y) = x\na = f(1)", []string{"2:5: f takes 2 arguments (x, y), got 1"}},
		{"def f() = 1\na = f(b)", []string{"2:5: f takes 0 arguments, got 1"}},
		{"def f(x) = x\ndef g(x) = f()\na = g(1)", []string{"2:12: f takes 1 argument (x), got 0"}},
		{"def f(x) = softmax(x)\na = f(1)", []string{"1:12: unknown function softmax (known: " + knownFuncs() + ", f)"}},
		{"def soft(x) = x\na = Soft(1)", []string{"2:5: unknown function Soft (did you mean soft?)"}},
		{"def f(x) = exp(x, x)\na = f(1)", []string{"1:12: exp takes 1 argument (x), got 2"}},
		{"def f(x, y, x) = x\na = f(1, 2, 3)", []string{"1:13: parameter x is repeated (first at 1:7)"}},
		{"def f(exp) = 1\na = f(1)", []string{"1:7: cannot use exp as a parameter: it is a function"}},
		{"def g(x) = x\ndef f(g) = 1\na = f(1)", []string{"2:7: cannot use g as a parameter: it is a function"}},
		{"def f(x) = x\na = f + 1", []string{"2:5: f is a function, not a value: call it as f(...)"}},
		{"def f(x) = x\ndef g(x) = f\na = g(1)", []string{"2:12: f is a function, not a value"}},
		{"def f(x) = x\nf = 2", []string{"2:1: cannot assign to f: it is a function"}},
		{"def f(x) = x", []string{"1:1: empty program: no statements"}},
		{"def f(x, x) = x", []string{"1:1: empty program", "1:10: parameter x is repeated"}},
		// A free name in a body is the program's name: here w, which the
		// call's statement computes.
		{"def f(x) = x * w\nw = f(2)", []string{"2:1: cycle: w -> w"}},
		{"def f(x) = x * v\nw = f(2)\nv = w + 1", []string{"2:1: cycle: w -> v -> w (v at 3:1)"}},
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

// TestDefExpansionLimit checks that defs that double at every level are
// refused before they are built.
func TestDefExpansionLimit(t *testing.T) {
	var src strings.Builder
	src.WriteString("def f0(x) = x * x\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&src, "def f%d(x) = f%d(x) + f%d(x)\n", i, i-1, i-1)
	}
	src.WriteString("y = f30(a)")
	_, err := Parse(src.String())
	if err == nil || !strings.HasPrefix(err.Error(), "32:5: the calls of defs expand to more than") {
		t.Fatalf("got %v, want an error at the call", err)
	}
	// 2^14 copies of x * x are within the limit.
	small := strings.Replace(src.String(), "y = f30(a)", "y = f14(a)", 1)
	b, err := Compile(small)
	if err != nil {
		t.Fatal(err)
	}
	if n := b.Graph.Len(); n > MaxExpansion {
		t.Errorf("%d nodes", n)
	}
}

func TestDefString(t *testing.T) {
	src := "a = 1\ndef  f( x,y )= x*y + g(x) # comment\nb = f(a, 2)\ndef g(z) = z"
	p, err := Parse(strings.Replace(src, "g(x)", "x", 1))
	if err != nil {
		t.Fatal(err)
	}
	want := "a = 1\ndef f(x, y) = x * y + x\nb = f(a, 2)\ndef g(z) = z"
	if got := p.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	if got := p.Defs[0].Signature(); got != "f(x, y)" {
		t.Errorf("Signature() = %q", got)
	}
	again, err := Parse(p.String())
	if err != nil || again.String() != want {
		t.Errorf("String does not parse back: %v\n%s", err, again)
	}
}

func TestDefInputs(t *testing.T) {
	tests := []struct {
		src    string
		inputs []string
	}{
		// x is both a parameter and an input: the parameter is local.
		{"def softrelu(x) = log(1 + exp(x))\nh = softrelu(w*x + b)", []string{"w", "x", "b"}},
		// Free names of the body come after the arguments, at the call.
		{"def neuron(x) = sigmoid(w*x + b)\nh = neuron(u) + v", []string{"u", "w", "b", "v"}},
		// Through a call in a body; an unused def adds nothing.
		{"def f(x) = x * c\ndef g(y) = f(y) + d\ndef unused(z) = z + e\nh = g(a)", []string{"a", "c", "d"}},
		// A free name that the program assigns is no input.
		{"def f(x) = x * k\nk = 2 * a\nh = f(b)", []string{"a", "b"}},
	}
	for _, tt := range tests {
		p, err := Parse(tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		if got := p.Inputs(); !slices.Equal(got, tt.inputs) {
			t.Errorf("Parse(%q).Inputs() = %q, want %q", tt.src, got, tt.inputs)
		}
		b, err := Build(p)
		if err != nil {
			t.Errorf("Build(%q): %v", tt.src, err)
			continue
		}
		var built []string
		for _, n := range b.Inputs {
			built = append(built, n.Name())
		}
		if !slices.Equal(built, tt.inputs) {
			t.Errorf("Build(%q).Inputs = %q, want %q", tt.src, built, tt.inputs)
		}
	}
}

// TestDefGroups checks the nodes and groups that calls make, nested calls
// and a body that is a bare name included.
func TestDefGroups(t *testing.T) {
	src := `def softrelu(x) = log(1 + exp(x))
def g(x, y) = softrelu(x) * y
def id(x) = x
h = softrelu(w*x + b)
L = g(h, 2) + id(h)`
	b, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		name, result, args, nodes, parent string
	}
	wants := []want{
		{"softrelu#1", "h", "w * x + b", "softrelu#1:1 softrelu#1:exp(x) softrelu#1:1 + exp(x) h", ""},
		{"g#1", "g(h, 2)", "h 2", "softrelu#2:1 softrelu#2:exp(x) softrelu#2:1 + exp(x) g#1:softrelu(x) g(h, 2)", ""},
		{"softrelu#2", "g#1:softrelu(x)", "h", "softrelu#2:1 softrelu#2:exp(x) softrelu#2:1 + exp(x) g#1:softrelu(x)", "g#1"},
		{"id#1", "id(h)", "h", "id(h)", ""},
	}
	if len(b.Groups) != len(wants) {
		t.Fatalf("%d groups, want %d", len(b.Groups), len(wants))
	}
	for i, g := range b.Groups {
		w := wants[i]
		parent := ""
		if g.Parent != nil {
			parent = g.Parent.Name
		}
		got := want{g.Name, g.Result.Name(), strings.Join(nodeNames(g.Args), " "), strings.Join(nodeNames(g.Nodes), " "), parent}
		if got != w {
			t.Errorf("group %d = %+v\nwant %+v", i, got, w)
		}
	}
	inside := map[string]string{ // node: Inside, GroupOf
		"h": " softrelu#1", "softrelu#1:exp(x)": "softrelu#1 softrelu#1",
		"g#1:softrelu(x)": "g#1 softrelu#2", "softrelu#2:exp(x)": "g#1 softrelu#2",
		"g(h, 2)": " g#1", "id(h)": " id#1", "L": " ", "w * x + b": " ",
	}
	for name, w := range inside {
		n := b.Graph.Lookup(name)
		if n == nil {
			t.Errorf("no node %q", name)
			continue
		}
		var in, of string
		if g := b.Inside(n); g != nil {
			in = g.Name
		}
		if g := b.GroupOf(n); g != nil {
			of = g.Name
		}
		if got := in + " " + of; got != w {
			t.Errorf("%s: Inside, GroupOf = %q, want %q", name, got, w)
		}
	}
	if n := b.Graph.Lookup("id(h)"); n.Kind() != "add" || n.Inputs()[0].Name() != "h" {
		t.Errorf("id(h) is %s of %v, want a copy of h", n.Kind(), n.Inputs())
	}
	if !b.Generated(b.Graph.Lookup("softrelu#1:exp(x)")) || b.Generated(b.Graph.Lookup("h")) {
		t.Error("Generated: inner nodes are generated, h is not")
	}
}

// TestDefSameNumbers checks that a program with defs computes bit for bit
// what the same program written out computes: a call is its gates.
func TestDefSameNumbers(t *testing.T) {
	tests := []struct{ withDefs, inline string }{
		{"def softrelu(x) = log(1 + exp(x))\nh = softrelu(w*x + b)\nL = (h - y)^2",
			"h = log(1 + exp(w*x + b))\nL = (h - y)^2"},
		{"def swish(x) = x * sigmoid(x)\ndef layer(a, c) = swish(w*a + c)\nL = layer(x, b) * layer(y, b)",
			"z1 = w*x + b\nz2 = w*y + b\nL = (z1 * sigmoid(z1)) * (z2 * sigmoid(z2))"},
		{"def neuron(x) = tanh(w*x + b)\nL = sqloss(neuron(x), y)", "L = sqloss(tanh(w*x + b), y)"},
	}
	inputs := map[string]float64{"w": 0.7, "x": -1.3, "b": 0.2, "y": 0.4}
	for _, tt := range tests {
		values := func(src string) map[string][2]float64 {
			b, err := Compile(src)
			if err != nil {
				t.Fatalf("%q: %v", src, err)
			}
			for _, in := range b.Inputs {
				if err := b.Graph.Set(in.Name(), inputs[in.Name()]); err != nil {
					t.Fatal(err)
				}
			}
			if err := b.Graph.Run(b.Output); err != nil {
				t.Fatal(err)
			}
			out := map[string][2]float64{"output": {b.Output.Value(), b.Output.Grad()}}
			for _, in := range b.Inputs {
				out[in.Name()] = [2]float64{in.Value(), in.Grad()}
			}
			return out
		}
		got, want := values(tt.withDefs), values(tt.inline)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q:\n got %v\nwant %v (from %q)", tt.withDefs, got, want, tt.inline)
		}
	}
}

// cube is a user's gate: x³.
type cube struct{}

func (cube) Kind() string                                      { return "cube" }
func (cube) Forward(in []float64) float64                      { return in[0] * in[0] * in[0] }
func (cube) Arity() (min, max int)                             { return 1, 1 }
func (cube) Backward(in []float64, _, up float64, g []float64) { g[0] += up * 3 * in[0] * in[0] }

// pairs takes pairs of inputs, which its Arity cannot say.
type pairs struct{ cgraph.MSE }

func TestFuncs(t *testing.T) {
	opts := &Options{Funcs: map[string]cgraph.Gate{"cube": cube{}, "pairs": pairs{}}}
	b, err := CompileWith("def f(x) = cube(x) + 1\ny = f(a) * cube(2)", opts)
	if err != nil {
		t.Fatal(err)
	}
	b.Graph.Set("a", 2)
	if err := b.Graph.Run(b.Output); err != nil {
		t.Fatal(err)
	}
	if v, g := b.Output.Value(), b.Inputs[0].Grad(); v != 72 || g != 96 {
		t.Errorf("y = %v, ∂y/∂a = %v; want 72, 96", v, g)
	}

	errTests := []struct{ src, want string }{
		{"y = cube(a, b)", "1:5: cube takes 1 argument, got 2"},
		{"y = pairs(a, b, c)", "1:5: pairs cannot take 3 arguments: mse takes pairs (ŷ, y), got 3 inputs"},
		{"y = pairs(a)", "1:5: pairs takes at least 2 arguments, got 1"},
		{"def cube(x) = x\ny = 1", "1:5: cannot redefine cube: it is a Go gate of Options.Funcs"},
		{"cube = 1", "1:1: cannot assign to cube: it is a function"},
		{"y = cubed(a)", "1:5: unknown function cubed (known: " + knownFuncs() + ", cube, pairs)"},
	}
	for _, tt := range errTests {
		if _, err := ParseWith(tt.src, opts); err == nil || err.Error() != tt.want {
			t.Errorf("ParseWith(%q) = %v, want %s", tt.src, err, tt.want)
		}
	}
	// Without the options, the name is unknown to Parse and to Build.
	if _, err := Parse("y = cube(a)"); err == nil || !strings.HasPrefix(err.Error(), "1:5: unknown function cube") {
		t.Errorf("Parse without Funcs: %v", err)
	}
	p, err := ParseWith("y = cube(a)", opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(p); err == nil || err.Error() != "1:5: unknown function cube" {
		t.Errorf("Build without Funcs: %v", err)
	}

	badOpts := []struct {
		funcs map[string]cgraph.Gate
		want  string
	}{
		{map[string]cgraph.Gate{"exp": cube{}}, "expr: Options.Funcs: exp is a built-in function"},
		{map[string]cgraph.Gate{"σ": cube{}}, "expr: Options.Funcs: σ is a built-in function"},
		{map[string]cgraph.Gate{"a b": cube{}}, `expr: Options.Funcs: "a b" is not a name of the language`},
		{map[string]cgraph.Gate{"def": cube{}}, `expr: Options.Funcs: "def" is not a name of the language`},
		{map[string]cgraph.Gate{"": cube{}}, `expr: Options.Funcs: "" is not a name of the language`},
		{map[string]cgraph.Gate{"f": nil}, "expr: Options.Funcs: f has a nil gate"},
		{map[string]cgraph.Gate{"f": &cgraph.Input{}}, "expr: Options.Funcs: f is a input, a leaf whose value is set from outside"},
	}
	for _, tt := range badOpts {
		_, err := ParseWith("y = 1", &Options{Funcs: tt.funcs})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Funcs %v: %v, want %s", tt.funcs, err, tt.want)
		}
	}
}

// TestBuildUncheckedDefs checks that Build returns errors, not a stack
// overflow, for a program built in code that skipped Check.
func TestBuildUncheckedDefs(t *testing.T) {
	at := Pos{1, 1}
	call := &Call{Func: "f", Args: []Expr{&Ident{Name: "x", Pos: at}}, Pos: at}
	p := &Program{
		Defs:  []*Def{{Name: "f", Params: []*Ident{{Name: "x"}}, Body: call}},
		Stmts: []*Stmt{{Target: "y", Expr: call}},
	}
	if _, err := Build(p); err == nil || !strings.Contains(err.Error(), "recursion: f calls itself") {
		t.Errorf("recursive def: %v", err)
	}
	p.Defs[0].Body = &Ident{Name: "x"}
	p.Stmts[0].Expr = &Call{Func: "f", Pos: at}
	if _, err := Build(p); err == nil || !strings.Contains(err.Error(), "f takes 1 argument (x), got 0") {
		t.Errorf("wrong number of arguments: %v", err)
	}
}

func nodeNames(nodes []*cgraph.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Name()
	}
	return out
}

// TestDefKeywordOnly checks that only "def" itself is the keyword.
func TestDefKeywordOnly(t *testing.T) {
	p, err := Parse("define = 1; def_ = 2; xdef = define + def_; Def = xdef")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Stmts) != 4 || len(p.Defs) != 0 {
		t.Errorf("%d statements, %d defs", len(p.Stmts), len(p.Defs))
	}
}
