package gen_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/gen"
	"github.com/cgraph/cgraph/internal/randprog"
	"github.com/cgraph/cgraph/nn"
)

// testCase is one graph to generate, compile, run and compare with the
// tape.
type testCase struct {
	name string
	g    *cgraph.Graph
	out  *cgraph.Node
}

// result is what a generated program reports of one graph: the bits of
// every value and gradient after Run, of every value after Step, and
// Run's error.
type result struct {
	Value, Grad, Stepped []uint64
	Err                  string
}

// TestGeneratedMatchesTape generates Go for graphs with every built-in
// gate, random programs, their optimized forms and a network, compiles
// them all into one program, and requires every value, gradient and
// weight after a Step to be bit-identical to the tape's.
func TestGeneratedMatchesTape(t *testing.T) {
	cases := []testCase{allGates(t), softsignGraph(t), xorGraph(t, nn.Squared), xorGraph(t, nn.BCE)}
	rng := rand.New(rand.NewPCG(11, 3))
	for i := 0; i < 40; i++ {
		src := randprog.Program(rng, randprog.Options{Kinks: true, Loss: true})
		seed := rng.Uint64()
		b := compileRandom(t, src, seed)
		cases = append(cases, testCase{fmt.Sprintf("random%d", i), b.Graph, b.Output})
		// The optimized graph shares its weights' gates with the graph it
		// came from, so it is made from a copy of its own.
		b = compileRandom(t, src, seed)
		o, err := cgraph.Optimize(b.Graph, b.Output)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, testCase{fmt.Sprintf("optimized%d", i), o.Graph, o.Output})
	}
	cases = append(cases, nanGraph(t, "forward"), nanGraph(t, "backward"), sqrtAtZero(t))
	cases = append(cases, newGateRules(t))
	cases = append(cases, hiddenCases(t)...)
	// The random programs again, with some leaves so large or small that
	// nodes overflow, underflow or turn NaN where a later gate may hide it:
	// the generated check must find every one the tape finds.
	for i := 0; i < 40; i++ {
		src := randprog.Program(rng, randprog.Options{Kinks: true, Loss: true})
		b := compileExtreme(t, src, rng.Uint64())
		cases = append(cases, testCase{fmt.Sprintf("extreme%d", i), b.Graph, b.Output})
	}

	got := runGenerated(t, cases)
	for i, c := range cases {
		compareWithTape(t, c, got[i])
	}
}

// compileRandom compiles src with weights a and b and leaves set from
// seed.
func compileRandom(t *testing.T, src string, seed uint64) *expr.Built {
	b, err := expr.CompileWith(src, &expr.Options{Weights: []string{"a", "b"}, Alpha: 0.3})
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	for _, in := range b.Graph.Nodes() {
		if len(in.Inputs()) == 0 && in.Kind() != "const" {
			if err := b.Graph.Set(in.Name(), 0.2+rng.Float64()); err != nil {
				t.Fatal(err)
			}
		}
	}
	return b
}

// extremes are leaf values that make products overflow (1e200²), exp
// overflow (e^710) or underflow, and quotients blow up.
var extremes = []float64{1e200, -1e200, 1e155, -1e155, 710, -750, 1e-310, 0, 1e300, -1e300}

// compileExtreme is compileRandom with about half the leaves set to one of
// extremes.
func compileExtreme(t *testing.T, src string, seed uint64) *expr.Built {
	b := compileRandom(t, src, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for _, in := range b.Graph.Nodes() {
		if len(in.Inputs()) == 0 && in.Kind() != "const" && rng.IntN(2) == 0 {
			if err := b.Graph.Set(in.Name(), extremes[rng.IntN(len(extremes))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	return b
}

// hiddenCases are graphs whose NaN or ±Inf a later gate hides: the output
// and the leaves' gradients are finite, a node in between is not.
func hiddenCases(t *testing.T) []testCase {
	big := func(g *cgraph.Graph) *cgraph.Node { // 1e200·1e200 = +Inf
		return g.Apply("big", cgraph.Mul{}, g.Input("x", 1e200), g.Input("y", 1e200))
	}
	var cases []testCase
	add := func(name string, build func(g *cgraph.Graph) *cgraph.Node) {
		g := cgraph.New()
		cases = append(cases, testCase{"hidden " + name, g, build(g)})
	}
	add("by tanh", func(g *cgraph.Graph) *cgraph.Node { return g.Apply("out", cgraph.Tanh{}, big(g)) })
	add("by sigmoid", func(g *cgraph.Graph) *cgraph.Node { return g.Apply("out", cgraph.Sigmoid{}, big(g)) })
	add("by exp", func(g *cgraph.Graph) *cgraph.Node {
		return g.Apply("out", cgraph.Exp{}, g.Apply("neg", cgraph.Neg{}, big(g)))
	})
	add("by division", func(g *cgraph.Graph) *cgraph.Node {
		return g.Apply("out", cgraph.Div{}, g.Input("a", 1), big(g))
	})
	add("by relu", func(g *cgraph.Graph) *cgraph.Node {
		return g.Apply("out", cgraph.ReLU{}, g.Apply("neg", cgraph.Neg{}, big(g)))
	})
	add("gradient sum", func(g *cgraph.Graph) *cgraph.Node {
		// ∂out/∂x = 1e308 + 1e308 = +Inf, each contribution finite.
		x, c := g.Input("x", 1e-300), g.Const("c", 1e308)
		return g.Apply("out", cgraph.Add{}, g.Apply("p", cgraph.Mul{}, c, x), g.Apply("q", cgraph.Mul{}, c, x))
	})
	add("gradient by relu", func(g *cgraph.Graph) *cgraph.Node {
		// relu(−1) = 0, so the values are 0; its gradient 1e300·1e300 = +Inf,
		// which ReLU's backward pass does not pass on at x ≤ 0.
		r := g.Apply("r", cgraph.ReLU{}, g.Input("z", -1))
		m := g.Apply("m", cgraph.Mul{}, r, g.Input("k1", 1e300))
		return g.Apply("out", cgraph.Mul{}, m, g.Input("k2", 1e300))
	})
	for _, c := range cases {
		if err := c.g.Run(c.out); err == nil {
			t.Fatalf("%s: the tape finds nothing to report", c.name)
		}
	}
	return cases
}

// compareWithTape runs c on the tape and compares it with r.
func compareWithTape(t *testing.T, c testCase, r result) {
	t.Helper()
	order, _ := c.g.Order()
	err := c.g.Run(c.out)
	if err != nil || r.Err != "" {
		if err == nil || r.Err == "" || !sameNode(err, r.Err) {
			t.Errorf("%s: tape error %v, generated error %q", c.name, err, r.Err)
		}
		return
	}
	for i, n := range order {
		if math.Float64bits(n.Value()) != r.Value[i] {
			t.Errorf("%s: value of %s: tape %v, generated %v", c.name, n, n.Value(), math.Float64frombits(r.Value[i]))
		}
		if n.Kind() != "const" && n.Grad() != math.Float64frombits(r.Grad[i]) { // == : +0 and −0 may differ
			t.Errorf("%s: gradient of %s: tape %v, generated %v", c.name, n, n.Grad(), math.Float64frombits(r.Grad[i]))
		}
	}
	if err := c.g.Step(); err != nil {
		t.Fatal(err)
	}
	for i, n := range order {
		if n.IsWeight() && math.Float64bits(n.Value()) != r.Stepped[i] {
			t.Errorf("%s: weight %s after Step: tape %v, generated %v", c.name, n, n.Value(), math.Float64frombits(r.Stepped[i]))
		}
	}
}

// sameNode reports whether the generated error names the node the tape's
// *cgraph.NumericError names.
func sameNode(err error, generated string) bool {
	var ne *cgraph.NumericError
	if !errorsAs(err, &ne) {
		return false
	}
	names := func(n *cgraph.Node) bool {
		return n != nil && strings.Contains(generated, fmt.Sprintf("node %q", n.Name()))
	}
	return (names(ne.Node) || names(ne.Input)) && strings.Contains(generated, ne.Pass)
}

// runGenerated writes each case as package gN of a temporary module, with
// a main that runs them all and prints their results as JSON.
func runGenerated(t *testing.T, cases []testCase) []result {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module gentest\n\ngo 1.24\n")
	var imports, calls strings.Builder
	for i, c := range cases {
		src, err := gen.Go(c.g, c.out, gen.Options{Package: fmt.Sprintf("g%d", i), Type: "G", Source: c.name})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		write(fmt.Sprintf("g%d/g.go", i), string(src))
		fmt.Fprintf(&imports, "\t\"gentest/g%d\"\n", i)
		fmt.Fprintf(&calls, "\t{ g := g%d.NewG(); err := g.Run(); r := report(g.Value[:], g.Grad[:], err); g.Step(); r.Stepped = bits(g.Value[:]); out = append(out, r) }\n", i)
	}
	write("main.go", `package main

import (
	"encoding/json"
	"math"
	"os"
`+imports.String()+`)

type result struct {
	Value, Grad, Stepped []uint64
	Err                  string
}

func bits(xs []float64) []uint64 {
	b := make([]uint64, len(xs))
	for i, x := range xs {
		b[i] = math.Float64bits(x)
	}
	return b
}

func report(v, g []float64, err error) result {
	r := result{Value: bits(v), Grad: bits(g)}
	if err != nil {
		r.Err = err.Error()
	}
	return r
}

func main() {
	var out []result
`+calls.String()+`	json.NewEncoder(os.Stdout).Encode(out)
}
`)
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run of the generated code: %v", err)
	}
	var got []result
	if err := json.Unmarshal(stdout, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(cases) {
		t.Fatalf("%d results for %d graphs", len(got), len(cases))
	}
	return got
}

// allGates builds a graph that uses every built-in gate, at values that
// take the less common branches (σ near 1, |tanh| near 1, relu and leaky
// relu below 0, powers 1, 2 and 3).
func allGates(t *testing.T) testCase {
	g := cgraph.New()
	a, b := g.Weight("a", 0.7, 0.1), g.Weight("b", -1.3, 0.2)
	c, big := g.Input("c", 2.5), g.Input("big", 6)
	two, three, one := g.Const("two", 2), g.Const("three", 3), g.Const("one", 1)
	nodes := []*cgraph.Node{
		g.Apply("add2", cgraph.Add{}, a, b),
		g.Apply("add3", cgraph.Add{}, a, b, c),
		g.Apply("add1", cgraph.Add{}, b),
		g.Apply("mul2", cgraph.Mul{}, a, b),
		g.Apply("mul3", cgraph.Mul{}, a, b, c),
		g.Apply("square", cgraph.Mul{}, a, a),
		g.Apply("sub", cgraph.Sub{}, a, c),
		g.Apply("neg", cgraph.Neg{}, b),
		g.Apply("div", cgraph.Div{}, c, b),
		g.Apply("pow2", cgraph.Pow{}, b, two),
		g.Apply("pow3", cgraph.Pow{}, a, three),
		g.Apply("pow1", cgraph.Pow{}, b, one),
		g.Apply("powvar", cgraph.Pow{}, c, a),
		g.Apply("sig", cgraph.Sigmoid{}, b),
		g.Apply("sigbig", cgraph.Sigmoid{}, big),
		g.Apply("tanh", cgraph.Tanh{}, a),
		g.Apply("tanhbig", cgraph.Tanh{}, c),
		g.Apply("relu", cgraph.ReLU{}, b),
		g.Apply("relu+", cgraph.ReLU{}, a),
		g.Apply("leaky", cgraph.LeakyReLU{}, b),
		g.Apply("leaky2", cgraph.LeakyReLU{Slope: 0.2}, b),
		g.Apply("exp", cgraph.Exp{}, b),
		g.Apply("log", cgraph.Log{}, c),
		g.Apply("softplus", cgraph.Softplus{}, b),
		g.Apply("softplusbig", cgraph.Softplus{}, big),
		g.Apply("abs", cgraph.Abs{}, b),
		g.Apply("sqrt", cgraph.Sqrt{}, c),
		g.Apply("sin", cgraph.Sin{}, b),
		g.Apply("cos", cgraph.Cos{}, b),
		g.Apply("max", cgraph.Max{}, a, b),
		g.Apply("maxtie", cgraph.Max{}, a, a),
		g.Apply("maxtie2", cgraph.Max{}, a, g.Input("a2", 0.7)),
		g.Apply("min", cgraph.Min{}, a, b),
		g.Apply("mintie", cgraph.Min{}, b, b),
		g.Apply("sqloss", cgraph.SquaredLoss{}, a, c),
		g.Apply("mse", cgraph.MSE{}, a, b, c, a),
		g.Apply("muladd", cgraph.MulAdd{Pairs: 2}, a, b, c, a, b),
		g.Apply("sigsq", cgraph.SigmoidSqLoss{}, a, c),
		g.Apply("sigsqbig", cgraph.SigmoidSqLoss{}, big, c),
		g.Apply("softmaxce", cgraph.SoftmaxCE{}, a, b, c, g.Const("class1", 1)),
		g.Apply("softmax", cgraph.SoftmaxAt{I: 2}, a, b, c),
		g.Apply("isclass", cgraph.IsClass{I: 2}, c),
	}
	total := g.Apply("total", cgraph.Add{}, nodes...)
	return testCase{"all gates", g, total}
}

// softsign is a gate of the user's own, x/(1 + |x|), that can be
// generated.
type softsign struct{}

func (softsign) Kind() string                 { return "softsign" }
func (softsign) Forward(in []float64) float64 { return in[0] / (1 + math.Abs(in[0])) }
func (softsign) Backward(in []float64, _, up float64, grads []float64) {
	d := 1 + math.Abs(in[0])
	grads[0] += up / (d * d)
}
func (softsign) GoForward(v string, in []string) string {
	return v + " := " + in[0] + " / (1 + math.Abs(" + in[0] + "))\n"
}
func (softsign) GoBackward(v string, in []string, _, up string) []string {
	return []string{up + " / ((1 + math.Abs(" + in[0] + ")) * (1 + math.Abs(" + in[0] + ")))"}
}

func softsignGraph(t *testing.T) testCase {
	g := cgraph.New()
	x := g.Weight("x", 0.4, 0.5)
	s := g.Apply("s", softsign{}, x)
	return testCase{"softsign", g, g.Apply("out", cgraph.Mul{}, s, s)}
}

// xorGraph is the optimized graph of a 2-2-1 sigmoid network of nn with
// the given loss (BCE is nn's own gate, generated through gen.Coder).
func xorGraph(t *testing.T, loss nn.Loss) testCase {
	m, err := nn.New(nn.Config{Inputs: 2, Layers: nn.Dense(nn.Sigmoid, 2, 1), Alpha: 0.5, Seed: 3, Loss: loss})
	if err != nil {
		t.Fatal(err)
	}
	m.SetInput([]float64{1, 0})
	m.SetTarget([]float64{1})
	o, err := cgraph.Optimize(m.Graph(), m.Loss())
	if err != nil {
		t.Fatal(err)
	}
	return testCase{fmt.Sprintf("xor, loss %v", loss), o.Graph, o.Output}
}

// nanGraph makes a graph whose forward (log of a negative number) or
// backward (the gradient of sqrt-like 0^0.5 at 0) is not finite.
func nanGraph(t *testing.T, pass string) testCase {
	g := cgraph.New()
	x := g.Input("x", -1)
	if pass == "forward" {
		l := g.Apply("l", cgraph.Log{}, x)
		return testCase{"nan forward", g, g.Apply("out", cgraph.Add{}, l, x)}
	}
	zero := g.Input("zero", 0)
	half := g.Const("half", 0.5)
	r := g.Apply("root", cgraph.Pow{}, zero, half)
	return testCase{"nan backward", g, g.Apply("out", cgraph.Add{}, r, x)}
}

// sqrtAtZero is √0, whose gradient 1/(2·0) is +Inf.
func sqrtAtZero(t *testing.T) testCase {
	g := cgraph.New()
	r := g.Apply("root", cgraph.Sqrt{}, g.Input("zero", 0))
	return testCase{"sqrt at 0", g, g.Apply("out", cgraph.Mul{}, r, g.Input("k", 2))}
}

// newGateRules is the graph of the gradients of softplus, abs, sqrt, sin,
// cos, max and min, built from their rules: it holds the gates the rules
// make (σ, sgn, step) to the tape, at a kink and at ties.
func newGateRules(t *testing.T) testCase {
	g := cgraph.New()
	x, y, zero := g.Input("x", 0.6), g.Input("y", 0.6), g.Input("zero", 0)
	sum := g.Apply("sum", cgraph.Add{},
		g.Apply("", cgraph.Softplus{}, x),
		g.Apply("", cgraph.Abs{}, zero),
		g.Apply("", cgraph.Abs{}, y),
		g.Apply("", cgraph.Sqrt{}, x),
		g.Apply("", cgraph.Sin{}, x),
		g.Apply("", cgraph.Cos{}, y),
		g.Apply("", cgraph.Max{}, x, y),
		g.Apply("", cgraph.Min{}, x, g.Input("z", -1)),
	)
	grads, err := cgraph.Grad(sum, x, y, zero)
	if err != nil {
		t.Fatal(err)
	}
	return testCase{"rules of the new gates", g, g.Apply("out", cgraph.Add{}, grads...)}
}

// TestUnsupportedGate: a user's gate without GoForward is named in the
// error.
func TestUnsupportedGate(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 1)
	out := g.Apply("mine", opaque{}, x)
	_, err := gen.Go(g, out, gen.Options{})
	if err == nil || !strings.Contains(err.Error(), `node "mine"`) || !strings.Contains(err.Error(), "cgraph.GoCoder") {
		t.Fatalf("error %v, want one naming the node and cgraph.GoCoder", err)
	}
}

type opaque struct{}

func (opaque) Kind() string                                         { return "opaque" }
func (opaque) Forward(in []float64) float64                         { return in[0] }
func (opaque) Backward(_ []float64, _, up float64, grads []float64) { grads[0] += up }

// TestBadOptions: names that are not Go identifiers are refused.
func TestBadOptions(t *testing.T) {
	g := cgraph.New()
	out := g.Input("x", 1)
	for _, opt := range []gen.Options{{Package: "a-b"}, {Type: "lower"}, {Type: "A B"}} {
		if _, err := gen.Go(g, out, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
