package expr_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/randprog"
)

const exerciseProgram = "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2"

// exerciseInputs are the numbers of exercise 3-3.
var exerciseInputs = map[string]float64{"x1": 1, "x2": 1, "w1": 4.0 / 5, "w2": -7.0 / 5, "p0": 3.0 / 5, "y": 1}

func run(t *testing.T, src string, inputs map[string]float64) (*expr.Built, *cgraph.Exact) {
	t.Helper()
	b, err := expr.Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range inputs {
		if err := b.Graph.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Graph.Run(b.Output); err != nil {
		t.Fatal(err)
	}
	ex, err := b.Graph.Exact(b.Output)
	if err != nil {
		t.Fatal(err)
	}
	return b, ex
}

// TestExerciseProgram checks the exercise typed as a program against the
// hand solution, exactly.
func TestExerciseProgram(t *testing.T) {
	b, ex := run(t, exerciseProgram, exerciseInputs)
	want := map[string][2]string{ // value, ∂L/∂node
		"x1": {"1", "-1/5"}, "x2": {"1", "7/20"}, "w1": {"4/5", "-1/4"},
		"w2": {"-7/5", "-1/4"}, "p0": {"3/5", "-1/4"}, "y": {"1", "1"},
		"p1": {"4/5", "-1/4"}, "p2": {"-7/5", "-1/4"}, "z": {"0", "-1/4"},
		"yhat": {"1/2", "-1"}, "yhat - y": {"-1/2", "-1"}, "L": {"1/4", "1"},
	}
	for name, w := range want {
		n := b.Graph.Lookup(name)
		if n == nil {
			t.Fatalf("no node %q", name)
		}
		if v, d := ex.Value(n), ex.Grad(n); v == nil || d == nil || v.RatString() != w[0] || d.RatString() != w[1] {
			t.Errorf("%s: %v, %v; want %s, %s", name, v, d, w[0], w[1])
		}
	}
	if b.Output.Name() != "L" {
		t.Errorf("output %s, want L", b.Output)
	}
	var inputs []string
	for _, n := range b.Inputs {
		inputs = append(inputs, n.Name())
	}
	if got := strings.Join(inputs, " "); got != "w1 x1 w2 x2 p0 y" {
		t.Errorf("inputs %s", got)
	}
	if z := b.Graph.Lookup("z"); z.Kind() != "add" || len(z.Inputs()) != 3 {
		t.Errorf("z is %s of %d inputs, want one add of 3", z.Kind(), len(z.Inputs()))
	}
}

func TestCourseProgram(t *testing.T) {
	b, ex := run(t, "c = a + b; e = c * d; g = e - f", map[string]float64{"a": 3, "b": 1, "d": -2, "f": 0.5})
	want := map[string][2]string{
		"a": {"3", "-2"}, "b": {"1", "-2"}, "c": {"4", "-2"}, "d": {"-2", "4"},
		"e": {"-8", "1"}, "f": {"1/2", "-1"}, "g": {"-17/2", "1"},
	}
	for name, w := range want {
		n := b.Graph.Lookup(name)
		if v, d := ex.Value(n), ex.Grad(n); v.RatString() != w[0] || d.RatString() != w[1] {
			t.Errorf("%s: %v, %v; want %s, %s", name, v, d, w[0], w[1])
		}
	}
}

func TestBuildShapes(t *testing.T) {
	tests := []struct {
		src   string
		node  string
		kind  string
		value float64
	}{
		{"a = x + y + z", "a", "add", 6},
		{"a = x * y * z", "a", "mul", 6},
		{"a = x - y - z", "a", "sub", -4},
		{"a = -2", "a", "const", -2},
		{"a = 2^3^2", "a", "pow", 512},
		{"a = x; b = a * 2", "a", "add", 1},
		{"b = a * 2; a = x + 1", "b", "mul", 4}, // a used before its statement
		{"L = mse(x, y, z, y)", "L", "mse", (1 + 1) / 2.0},
		{"L = sqloss(σ(x - x), y)", "L", "sqloss", 2.25},
		{"a = (x+y)*(x+y)", "x + y#2", "add", 3},
	}
	for _, tt := range tests {
		b, _ := run(t, tt.src, nil)
		for name, v := range map[string]float64{"x": 1, "y": 2, "z": 3} {
			b.Graph.Set(name, v)
		}
		if err := b.Graph.Run(b.Output); err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		n := b.Graph.Lookup(tt.node)
		if n == nil || n.Kind() != tt.kind || n.Value() != tt.value {
			t.Errorf("%s: node %q = %v, want a %s of value %v", tt.src, tt.node, n, tt.kind, tt.value)
			continue
		}
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a = b + 1; b = a", "1:1: "},
		{"a = a + 1", "1:1: "},
		{"a = 1\na = 2", "2:1: a is assigned twice"},
		{"a = foo(1)", "1:5: "},
		{"a = sigmoid(1, 2)", "1:5: "},
	}
	for _, tt := range tests {
		_, err := expr.Compile(tt.src)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want prefix %q", tt.src, err, tt.want)
		}
	}
}

// TestEveryFunctionHasAGate keeps the language's function table and the
// builder's gates in step.
func TestEveryFunctionHasAGate(t *testing.T) {
	for _, f := range expr.Funcs() {
		args := make([]string, max(f.MinArgs, 1))
		for i := range args {
			args[i] = fmt.Sprintf("x%d", i)
		}
		if f.Pairs && len(args)%2 == 1 {
			args = append(args, "y")
		}
		src := fmt.Sprintf("out = %s(%s)", f.Name, strings.Join(args, ", "))
		b, err := expr.Compile(src)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if b.Output.Gate() == nil {
			t.Errorf("%s: no gate", src)
		}
	}
}

// TestRandomProgramsFiniteDifferences generates random programs, builds
// them and checks every node's gradient against central differences.
func TestRandomProgramsFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 150; trial++ {
		src := randprog.Program(rng, randprog.Options{})
		b, err := expr.Compile(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for _, in := range b.Inputs {
			b.Graph.Set(in.Name(), 0.2+rng.Float64()) // positive: log and ^ stay defined
		}
		results, err := cgraph.Check(b.Graph, b.Output, nil)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for _, r := range results {
			if !r.OK {
				t.Errorf("%s\n%s: grad %v numeric %v", src, r.Node, r.Grad, r.Numeric)
			}
		}
	}
}

func ExampleCompile() {
	b, err := expr.Compile("c = a + b; e = c * d; g = e - f")
	if err != nil {
		fmt.Println(err)
		return
	}
	for name, v := range map[string]float64{"a": 2, "b": 1, "d": 4, "f": 5} {
		b.Graph.Set(name, v)
	}
	if err := b.Graph.Run(b.Output); err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range b.Targets {
		fmt.Printf("%s = %v, ∂g/∂%s = %v\n", n, n.Value(), n, n.Grad())
	}
	// Output:
	// c = 3, ∂g/∂c = 4
	// e = 12, ∂g/∂e = 1
	// g = 7, ∂g/∂g = 1
}
