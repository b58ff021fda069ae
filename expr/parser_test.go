package expr

import (
	"slices"
	"strings"
	"testing"
)

// precedenceTests gives, for expressions, their tree (see tree) and their
// canonical String.
var precedenceTests = []struct {
	src, tree, str string
}{
	// Power: right-associative, tighter than unary minus, takes a negative exponent.
	{"2^3^2", "(^ 2 (^ 3 2))", "2^3^2"},
	{"(2^3)^2", "(^ (^ 2 3) 2)", "(2^3)^2"},
	{"-2^2", "(- (^ 2 2))", "-2^2"},
	{"(-2)^2", "(^ (- 2) 2)", "(-2)^2"},
	{"2^-1", "(^ 2 (- 1))", "2^-1"},
	{"2^-3^2", "(^ 2 (- (^ 3 2)))", "2^-3^2"},
	{"a^(b+c)", "(^ a (+ b c))", "a^(b + c)"},
	{"a^b*c", "(* (^ a b) c)", "a^b * c"},
	{"a**b**c", "(^ a (^ b c))", "a^b^c"},
	{"exp(-x)^2", "(^ (exp (- x)) 2)", "exp(-x)^2"},
	{"(yhat - y)^2", "(^ (- yhat y) 2)", "(yhat - y)^2"},

	// Subtraction and division: binary, left-associative.
	{"a-b-c", "(- (- a b) c)", "a - b - c"},
	{"a-(b-c)", "(- a (- b c))", "a - (b - c)"},
	{"a/b/c", "(/ (/ a b) c)", "a / b / c"},
	{"a/(b/c)", "(/ a (/ b c))", "a / (b / c)"},
	{"a/(b*c)", "(/ a (* b c))", "a / (b * c)"},
	{"a-(b+c)", "(- a (+ b c))", "a - (b + c)"},

	// Sums and products: one Nary per chain; parentheses keep grouping.
	{"a+b+c", "(+ a b c)", "a + b + c"},
	{"a*b*c", "(* a b c)", "a * b * c"},
	{"(a+b)+c", "(+ (+ a b) c)", "(a + b) + c"},
	{"a+(b+c)", "(+ a (+ b c))", "a + (b + c)"},
	{"(a*b)*c*d", "(* (* a b) c d)", "(a * b) * c * d"},
	{"a+b-c+d", "(+ (- (+ a b) c) d)", "a + b - c + d"},
	{"a-b+c", "(+ (- a b) c)", "a - b + c"},
	{"a*b/c*d", "(* (/ (* a b) c) d)", "a * b / c * d"},
	{"w1*x1 + w2*x2 + p0", "(+ (* w1 x1) (* w2 x2) p0)", "w1 * x1 + w2 * x2 + p0"},
	{"(a+b)*d - f", "(- (* (+ a b) d) f)", "(a + b) * d - f"},
	{"a*(b+c)", "(* a (+ b c))", "a * (b + c)"},

	// Unary minus and plus.
	{"-a*b", "(* (- a) b)", "-a * b"},
	{"a*-b", "(* a (- b))", "a * -b"},
	{"a - -b", "(- a (- b))", "a - -b"},
	{"--a", "(- (- a))", "- -a"},
	{"-(-a)", "(- (- a))", "- -a"},
	{"-(a+b)", "(- (+ a b))", "-(a + b)"},
	{"+a", "a", "a"},
	{"a - +b", "(- a b)", "a - b"},
	{"+-+a", "(- a)", "-a"},

	// Atoms, calls and parentheses.
	{"(((a)))", "a", "a"},
	{"1e-3 + .5 + 3. + 2.5E+4", "(+ 1e-3 .5 3. 2.5E+4)", "1e-3 + .5 + 3. + 2.5E+4"},
	{"sigmoid(w1*x1 + p0)", "(sigmoid (+ (* w1 x1) p0))", "sigmoid(w1 * x1 + p0)"},
	{"σ(z)", "(sigmoid z)", "sigmoid(z)"},
	{"mse(a, b, c, d)", "(mse a b c d)", "mse(a, b, c, d)"},
	{"sqloss(sigmoid(tanh(x)), y)", "(sqloss (sigmoid (tanh x)) y)", "sqloss(sigmoid(tanh(x)), y)"},
	{"leaky_relu(x) + relu(x) + log(exp(neg(x)))", "(+ (leaky_relu x) (relu x) (log (exp (neg x))))",
		"leaky_relu(x) + relu(x) + log(exp(neg(x)))"},

	// Pasted operators.
	{"a · b × c", "(* a b c)", "a * b * c"},
	{"a ⋅ b ÷ c", "(/ (* a b) c)", "a * b / c"},
	{"a − b", "(- a b)", "a - b"},
	{"−a", "(- a)", "-a"},

	// Newlines inside parentheses are space.
	{"(a +\n b)", "(+ a b)", "a + b"},
	{"mse(a,\n  b, # first pair\n  c, d\n)", "(mse a b c d)", "mse(a, b, c, d)"},
}

func TestPrecedence(t *testing.T) {
	for _, tt := range precedenceTests {
		prog, err := Parse("out = " + tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		e := prog.Stmts[0].Expr
		if got := tree(e); got != tt.tree {
			t.Errorf("tree of %q = %s, want %s", tt.src, got, tt.tree)
		}
		if got := e.String(); got != tt.str {
			t.Errorf("String of %q = %q, want %q", tt.src, got, tt.str)
		}
	}
}

// TestRoundTrip checks that the String of an expression parses to the same
// tree: String has just the parentheses the structure needs.
func TestRoundTrip(t *testing.T) {
	srcs := []string{
		"p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2",
		"c = a + b; e = c * d; g = e - f",
		"a = ((x + y) + (z + w)) * ((x * y) * z)",
		"a = -(x^2)^-(y - z) / -(-(w))",
		"a = mse(σ(x) - 1, -y, (a1 + b1) * c1, d1^2^-3)",
		"a = 1 - (2 - (3 - (4 - 5)))",
		"a = x / (y / z) / w",
	}
	for _, tt := range precedenceTests {
		srcs = append(srcs, "out = "+tt.src)
	}
	for _, src := range srcs {
		prog, err := Parse(src)
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		again, err := Parse(prog.String())
		if err != nil {
			t.Errorf("Parse(%q) (String of %q): %v", prog.String(), src, err)
			continue
		}
		if got, want := programTree(again), programTree(prog); got != want {
			t.Errorf("round trip of %q through %q:\n got %s\nwant %s", src, prog.String(), got, want)
		}
		if got, want := again.String(), prog.String(); got != want {
			t.Errorf("String of String of %q = %q, want %q", src, got, want)
		}
	}
}

func TestExercisePrograms(t *testing.T) {
	tests := []struct {
		name, src string
		stmts     []string
		inputs    []string
		output    string
	}{
		{
			name: "exercise 3-2: MSE of a sigmoid neuron",
			src:  "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2",
			stmts: []string{
				"p1 = w1 * x1", "p2 = w2 * x2", "z = p1 + p2 + p0", "yhat = sigmoid(z)", "L = (yhat - y)^2",
			},
			inputs: []string{"w1", "x1", "w2", "x2", "p0", "y"},
			output: "L",
		},
		{
			name:   "exercise 3-2: g = (a + b) * d - f",
			src:    "c = a + b; e = c * d; g = e - f",
			stmts:  []string{"c = a + b", "e = c * d", "g = e - f"},
			inputs: []string{"a", "b", "d", "f"},
			output: "g",
		},
		{
			name: "multi-line, comments, blank lines, trailing separators, pasted symbols",
			src: `# the exercise, as a student types it
ŷ = σ(w₁·x₁ + w₂·x₂ + p₀);

L = (ŷ − y)^2;
`,
			stmts:  []string{"ŷ = sigmoid(w₁ * x₁ + w₂ * x₂ + p₀)", "L = (ŷ - y)^2"},
			inputs: []string{"w₁", "x₁", "w₂", "x₂", "p₀", "y"},
			output: "L",
		},
		{
			name:   "order of statements is free; the output is the last target",
			src:    "yhat = sigmoid(z)\nz = w*x\nL = sqloss(yhat, y)",
			stmts:  []string{"yhat = sigmoid(z)", "z = w * x", "L = sqloss(yhat, y)"},
			inputs: []string{"w", "x", "y"},
			output: "L",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog, err := Parse(tt.src)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var stmts []string
			for _, s := range prog.Stmts {
				stmts = append(stmts, s.String())
			}
			if !slices.Equal(stmts, tt.stmts) {
				t.Errorf("statements = %q, want %q", stmts, tt.stmts)
			}
			if got := prog.Inputs(); !slices.Equal(got, tt.inputs) {
				t.Errorf("Inputs() = %q, want %q", got, tt.inputs)
			}
			if got := prog.Output(); got != tt.output {
				t.Errorf("Output() = %q, want %q", got, tt.output)
			}
			if prog.Src != tt.src {
				t.Errorf("Src = %q, want the source", prog.Src)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	prog, err := Parse("z = p1 + p2 + p0\n  ŷ = σ(z) - -2.5 ^ w₁ # c\n\n\tq = (a/b) * c")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range prog.Stmts {
		got = append(got, s.Target+"@"+s.TargetPos.String())
		if s.Pos != s.TargetPos {
			t.Errorf("statement %s: Pos %v != TargetPos %v", s.Target, s.Pos, s.TargetPos)
		}
		Inspect(s.Expr, func(e Expr) bool {
			got = append(got, tree(e)+"@"+e.Position().String())
			return true
		})
	}
	want := []string{
		"z@1:1", "(+ p1 p2 p0)@1:8", "p1@1:5", "p2@1:10", "p0@1:15",
		"ŷ@2:3", "(- (sigmoid z) (- (^ 2.5 w₁)))@2:12", "(sigmoid z)@2:7", "z@2:9",
		"(- (^ 2.5 w₁))@2:14", "(^ 2.5 w₁)@2:19", "2.5@2:15", "w₁@2:21",
		"q@4:2", "(* (/ a b) c)@4:12", "(/ a b)@4:8", "a@4:7", "b@4:9", "c@4:14",
	}
	if !slices.Equal(got, want) {
		t.Errorf("positions:\n got %q\nwant %q", got, want)
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		src  string
		want float64
	}{
		{"0", 0}, {"42", 42}, {"0.25", 0.25}, {".5", 0.5}, {"3.", 3},
		{"1e-3", 0.001}, {"2.5E+4", 25000}, {"1.e2", 100}, {"007", 7},
		{"1e-400", 0}, // underflows to 0, as strconv.ParseFloat does
	}
	for _, tt := range tests {
		prog, err := Parse("x = " + tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		n, ok := prog.Stmts[0].Expr.(*Num)
		if !ok || n.Value != tt.want || n.Text != tt.src {
			t.Errorf("Parse(%q) = %#v, want Num %v", tt.src, prog.Stmts[0].Expr, tt.want)
		}
	}
}

// TestDepth checks that deep nesting is an error at the place where it gets
// too deep, not a stack overflow, and that wide expressions are fine.
func TestDepth(t *testing.T) {
	rep := strings.Repeat
	deep := 10 * MaxDepth
	tests := []struct {
		name, src string
		want      string // "" for success, else the error's position
	}{
		{"parentheses at the limit", "a = " + rep("(", MaxDepth-1) + "b" + rep(")", MaxDepth-1), ""},
		{"parentheses", "a = " + rep("(", deep) + "b" + rep(")", deep), "1:1005"},
		{"unclosed parentheses", "a = " + rep("(", deep), "1:1005"},
		{"calls", "a = " + rep("exp(", deep) + "b" + rep(")", deep), "1:4005"},
		{"unary minus", "a = " + rep("-", deep) + "b", "1:1005"},
		{"powers", "a = " + rep("2^", deep) + "2", "1:2005"},
		{"subtraction chain at the limit", "a = b" + rep("-b", MaxDepth-1), ""},
		{"subtraction chain", "a = b" + rep("-b", deep), "1:2004"},
		{"division chain", "a = b" + rep("/b", deep), "1:2004"},
		{"alternating chain", "a = b" + rep("+b-b", deep), "1:2004"},
		{"long sum", "a = b" + rep("+b", 100*MaxDepth), ""},
		{"long product", "a = b" + rep("*b", 100*MaxDepth), ""},
		{"many arguments", "a = mse(b" + rep(",b", 100*MaxDepth-1) + ")", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.src + "\nc = $")
			list, _ := err.(ErrorList)
			if tt.want == "" {
				if len(list) != 1 || list[0].Pos.Line != 2 {
					t.Fatalf("want only the error in line 2, got %v", err)
				}
				return
			}
			if len(list) != 2 {
				t.Fatalf("want 2 errors (the depth in line 1 and the '$' in line 2), got %v", err)
			}
			e := list[0]
			if e.Pos.String() != tt.want || !strings.Contains(e.Msg, "nested too deeply") {
				t.Errorf("error %v, want %s: expression nested too deeply", e, tt.want)
			}
		})
	}
}
