package cgraph_test

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

// gateCases lists every built-in operation gate with input values away from
// kinks and singularities, where central differences are accurate.
var gateCases = []struct {
	gate cgraph.Gate
	in   []float64
}{
	{cgraph.Add{}, []float64{0.3, -1.2, 2.5}},
	{cgraph.Add{}, []float64{0.7}},
	{cgraph.Mul{}, []float64{0.3, -1.2, 2.5}},
	{cgraph.Mul{}, []float64{0, -1.2, 2.5}},
	{cgraph.Mul{}, []float64{1.5, -2}},
	{cgraph.Sub{}, []float64{0.3, -1.2}},
	{cgraph.Neg{}, []float64{0.3}},
	{cgraph.Div{}, []float64{0.3, -1.2}},
	{cgraph.Pow{}, []float64{1.7, 2}},
	{cgraph.Pow{}, []float64{1.7, 0.5}},
	{cgraph.Pow{}, []float64{0.4, -1.3}},
	{cgraph.Sigmoid{}, []float64{0.3}},
	{cgraph.Sigmoid{}, []float64{-6}},
	{cgraph.Sigmoid{}, []float64{8}},
	{cgraph.Tanh{}, []float64{0.3}},
	{cgraph.Tanh{}, []float64{-2.5}},
	{cgraph.ReLU{}, []float64{0.3}},
	{cgraph.ReLU{}, []float64{-0.3}},
	{cgraph.LeakyReLU{}, []float64{-0.3}},
	{cgraph.LeakyReLU{Slope: 0.2}, []float64{-0.3}},
	{cgraph.LeakyReLU{}, []float64{1.3}},
	{cgraph.Exp{}, []float64{0.3}},
	{cgraph.Log{}, []float64{0.3}},
	{cgraph.Softplus{}, []float64{0.3}},
	{cgraph.Softplus{}, []float64{-4}},
	{cgraph.Softplus{}, []float64{30}},
	{cgraph.Abs{}, []float64{0.3}},
	{cgraph.Abs{}, []float64{-1.2}},
	{cgraph.Sqrt{}, []float64{0.3}},
	{cgraph.Sqrt{}, []float64{2.5}},
	{cgraph.Sin{}, []float64{0.3}},
	{cgraph.Sin{}, []float64{-2.5}},
	{cgraph.Cos{}, []float64{0.3}},
	{cgraph.Cos{}, []float64{-2.5}},
	{cgraph.Max{}, []float64{0.3, -1.2}},
	{cgraph.Max{}, []float64{-0.5, 0.8}},
	{cgraph.Min{}, []float64{0.3, -1.2}},
	{cgraph.Min{}, []float64{-0.5, 0.8}},
	{cgraph.SquaredLoss{}, []float64{0.3, 1}},
	{cgraph.MSE{}, []float64{0.3, 1, -0.5, 0, 2, 1.5}},
	{cgraph.MulAdd{Pairs: 2}, []float64{0.3, -1.2, 2.5, 0.7, -0.4}},
	{cgraph.MulAdd{Pairs: 1}, []float64{0.3, -1.2}},
	{cgraph.SigmoidSqLoss{}, []float64{0.3, 1}},
	{cgraph.SigmoidSqLoss{}, []float64{9, 0}},
	// the gates the derivative rules make
	{cgraph.SigmoidDeriv{}, []float64{0.3}},
	{cgraph.SigmoidDeriv{}, []float64{-6}},
	{cgraph.SigmoidDeriv{}, []float64{8}},
	{cgraph.TanhDeriv{}, []float64{0.3}},
	{cgraph.TanhDeriv{}, []float64{-2.5}},
	{cgraph.Step{}, []float64{0.3}},
	{cgraph.Step{AtZero: 0.5}, []float64{-0.3}},
	{cgraph.LeakyStep{Slope: 0.1}, []float64{-0.3}},
	{cgraph.PowExpDeriv{}, []float64{1.7, 2.3}},
	{cgraph.PowExpDeriv{}, []float64{0.4, -1.3}},
	{cgraph.Sign{}, []float64{0.3}},
	{cgraph.Sign{}, []float64{-1.2}},
	{cgraph.Greater{AtTie: 0.5}, []float64{0.3, -1.2}},
	{cgraph.Greater{}, []float64{-0.3, 1.2}},
	{cgraph.SoftmaxCE{}, []float64{0.3, -1.2, 2.5, 1}},
	{cgraph.SoftmaxCE{}, []float64{800, -1.2, 0.5, 2}}, // e^800 would overflow without the max
	{cgraph.SoftmaxAt{I: 1}, []float64{0.3, -1.2, 2.5}},
	{cgraph.IsClass{I: 1}, []float64{1.2}},
}

// TestGatesFiniteDifferences checks every gate's Backward against central
// differences, the gate feeding a nonlinear consumer (so the upstream
// gradient is not 1).
func TestGatesFiniteDifferences(t *testing.T) {
	for _, tc := range gateCases {
		t.Run(tc.gate.Kind(), func(t *testing.T) {
			g := cgraph.New()
			var ins []*cgraph.Node
			for _, v := range tc.in {
				ins = append(ins, g.Input("", v))
			}
			n := g.Apply("gate", tc.gate, ins...)
			out := g.Apply("out", cgraph.Tanh{}, g.Apply("", cgraph.Mul{}, n, g.Const("", 0.7)))
			results, err := cgraph.Check(g, out, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range results {
				if !r.OK {
					t.Errorf("%v: %s grad %v, numeric %v (rel. error %.2g)", tc.in, r.Node, r.Grad, r.Numeric, r.RelErr)
				}
			}
		})
	}
}

// TestSigmoidTails checks σ and σ' far out, where 1/(1+e^−x) overflows and
// σ(1−σ) cancels: σ'(x) must follow e^−|x| (the dominant term), not drop to 0.
func TestSigmoidTails(t *testing.T) {
	for _, x := range []float64{-800, -40, 20, 40, 700} {
		g := cgraph.New()
		in := g.Input("x", x)
		s := g.Apply("s", cgraph.Sigmoid{}, in)
		if err := g.Run(s); err != nil {
			t.Fatalf("x=%v: %v", x, err)
		}
		// σ'(x) = e^−|x| / (1+e^−|x|)²; for |x| ≥ 20 the denominator is 1
		// to within 1e-8.
		want := math.Exp(-math.Abs(x))
		if got := in.Grad(); math.Abs(got-want) > 1e-8*want {
			t.Errorf("σ'(%v) = %v, want %v", x, got, want)
		}
		if v := s.Value(); v < 0 || v > 1 {
			t.Errorf("σ(%v) = %v", x, v)
		}
	}
}

func TestTanhTail(t *testing.T) {
	g := cgraph.New()
	in := g.Input("x", 20)
	out := g.Apply("t", cgraph.Tanh{}, in)
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
	want := 4 * math.Exp(-40) // 1/cosh²(x) → 4e^−2x
	if got := in.Grad(); math.Abs(got-want) > 1e-9*want {
		t.Errorf("tanh'(20) = %v, want %v", got, want)
	}
}

// TestRandomGraphs builds random graphs of differentiable gates with
// fan-out and checks all gradients by finite differences.
func TestRandomGraphs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	unary := []cgraph.Gate{cgraph.Sigmoid{}, cgraph.Tanh{}, cgraph.Neg{}, cgraph.Exp{}}
	for trial := 0; trial < 200; trial++ {
		g := cgraph.New()
		nodes := []*cgraph.Node{}
		for i := 0; i < 3; i++ {
			nodes = append(nodes, g.Input("", rng.Float64()*2-1))
		}
		pick := func() *cgraph.Node { return nodes[rng.IntN(len(nodes))] }
		for i := 0; i < 12; i++ {
			var n *cgraph.Node
			switch rng.IntN(4) {
			case 0:
				n = g.Apply("", cgraph.Add{}, pick(), pick(), pick())
			case 1:
				n = g.Apply("", cgraph.Mul{}, pick(), pick())
			case 2:
				n = g.Apply("", cgraph.Sub{}, pick(), pick())
			default:
				// Squash before exp so values stay moderate.
				n = g.Apply("", unary[rng.IntN(len(unary))], g.Apply("", cgraph.Tanh{}, pick()))
			}
			nodes = append(nodes, n)
		}
		out := g.Apply("out", cgraph.Add{}, nodes[len(nodes)-4:]...)
		results, err := cgraph.Check(g, out, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			if !r.OK {
				t.Fatalf("trial %d: %s grad %v, numeric %v (out=%v)", trial, r.Node, r.Grad, r.Numeric, out.Value())
			}
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(g *cgraph.Graph) (*cgraph.Node, error)
		want  string
	}{
		{"duplicate", func(g *cgraph.Graph) (*cgraph.Node, error) {
			g.Input("a", 1)
			return g.Node("a", &cgraph.Input{})
		}, `duplicate node name "a"`},
		{"arity", func(g *cgraph.Graph) (*cgraph.Node, error) {
			return g.Node("s", cgraph.Sigmoid{}, g.Input("a", 1), g.Input("b", 1))
		}, `node "s": sigmoid takes 1 inputs, got 2`},
		{"mse pairs", func(g *cgraph.Graph) (*cgraph.Node, error) {
			a := g.Input("a", 1)
			return g.Node("m", cgraph.MSE{}, a, a, a)
		}, "mse takes pairs"},
		{"cycle", func(g *cgraph.Graph) (*cgraph.Node, error) {
			a := g.Apply("a", cgraph.Add{}, g.Ref("b"), g.Input("x", 1))
			g.Apply("b", cgraph.Mul{}, g.Ref("c"), g.Const("two", 2))
			return g.Node("c", cgraph.Neg{}, a)
		}, "cycle a -> c -> b -> a"},
		{"self cycle", func(g *cgraph.Graph) (*cgraph.Node, error) {
			return g.Node("a", cgraph.Neg{}, g.Ref("a"))
		}, "cycle a -> a"},
		{"undefined", func(g *cgraph.Graph) (*cgraph.Node, error) {
			return g.Node("a", cgraph.Neg{}, g.Ref("b"))
		}, `node "b" is used by "a" but never defined`},
		{"log of negative", func(g *cgraph.Graph) (*cgraph.Node, error) {
			return g.Node("l", cgraph.Log{}, g.Input("x", -1))
		}, `forward: node "l" (log) produced NaN from x=-1`},
		{"division by zero", func(g *cgraph.Graph) (*cgraph.Node, error) {
			return g.Node("q", cgraph.Div{}, g.Input("a", 1), g.Input("b", 0))
		}, `forward: node "q" (div) produced +Inf from a=1, b=0`},
		{"infinite input", func(g *cgraph.Graph) (*cgraph.Node, error) {
			return g.Node("s", cgraph.Sigmoid{}, g.Input("x", math.Inf(1)))
		}, `forward: node "x" (input) produced +Inf`},
		{"backward NaN", func(g *cgraph.Graph) (*cgraph.Node, error) {
			// √x at 0: the value is 0, the local derivative 0.5·0^−0.5 = +Inf.
			return g.Node("r", cgraph.Pow{}, g.Input("x", 0), g.Const("half", 0.5))
		}, `backward: node "r" (pow) produced +Inf as gradient for input "x"`},
		{"infinity hidden by tanh", func(g *cgraph.Graph) (*cgraph.Node, error) {
			// tanh(+Inf) = 1: the output is finite, the node before is not.
			z := g.Apply("z", cgraph.Mul{}, g.Input("x", 1e200), g.Input("y", 1e200))
			return g.Node("t", cgraph.Tanh{}, z)
		}, `forward: node "z" (mul) produced +Inf from x=1e+200, y=1e+200`},
		{"gradient sum overflows", func(g *cgraph.Graph) (*cgraph.Node, error) {
			// Each contribution to ∂s/∂x is 1e308; their sum is +Inf.
			x, c := g.Input("x", 1e-300), g.Const("c", 1e308)
			return g.Node("s", cgraph.Add{}, g.Apply("p", cgraph.Mul{}, c, x), g.Apply("q", cgraph.Mul{}, c, x))
		}, `backward: node "p" (mul) produced +Inf as gradient for input "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := cgraph.New()
			out, err := tt.build(g)
			if err == nil {
				err = g.Run(out)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestCycleErrorType(t *testing.T) {
	g := cgraph.New()
	g.Apply("a", cgraph.Neg{}, g.Ref("b"))
	g.Apply("b", cgraph.Neg{}, g.Lookup("a"))
	_, err := g.Order()
	var ce *cgraph.CycleError
	if !errors.As(err, &ce) || strings.Join(ce.Nodes, " ") != "a b a" {
		t.Fatalf("error %v, want a CycleError a b a", err)
	}
}

func TestForwardReferencesOrder(t *testing.T) {
	// c is referred to before it is defined; the order must still put it
	// before its consumer, and ties follow creation order.
	g := cgraph.New()
	x := g.Input("x", 2)
	a := g.Apply("a", cgraph.Mul{}, x, g.Ref("c"))
	g.Apply("c", cgraph.Add{}, x, g.Const("one", 1))
	order, err := g.Order()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range order {
		names = append(names, n.Name())
	}
	if got := strings.Join(names, " "); got != "x one c a" {
		t.Fatalf("order %s, want x one c a", got)
	}
	if err := g.Run(a); err != nil || a.Value() != 6 || x.Grad() != 5 {
		t.Fatalf("a=%v ∂a/∂x=%v err=%v, want 6 and 5", a.Value(), x.Grad(), err)
	}
}

func TestSetUnknownAndConstant(t *testing.T) {
	g := cgraph.New()
	g.Const("k", 2)
	if err := g.Set("nope", 1); err == nil || !strings.Contains(err.Error(), `no node named "nope"`) {
		t.Errorf("Set unknown: %v", err)
	}
	if err := g.Set("k", 1); err == nil || !strings.Contains(err.Error(), "not an input or weight") {
		t.Errorf("Set constant: %v", err)
	}
}

// pointCase is a gate at a point where its derivative needs a convention
// (a kink, a tie, a singularity) or where it is rational: what the tape,
// the gate's rule and the exact view must give there.
type pointCase struct {
	gate   cgraph.Gate
	in     []float64
	value  float64
	grads  []float64 // ∂out/∂in[i], by Backward and by the rule (== : ±0 alike)
	exact  string    // the exact value, "" for none
	locals []string  // the exact ∂out/∂in[i], "" for none; nil: not checked
}

// checkPoints checks each case on one gate node of its own inputs.
func checkPoints(t *testing.T, cases []pointCase) {
	t.Helper()
	for _, c := range cases {
		g := cgraph.New()
		ins := make([]*cgraph.Node, len(c.in))
		for i, v := range c.in {
			ins[i] = g.Input(fmt.Sprintf("x%d", i), v)
		}
		n := g.Apply("n", c.gate, ins...)
		if err := g.Run(n); err != nil {
			t.Errorf("%s%v: %v", c.gate.Kind(), c.in, err)
			continue
		}
		if n.Value() != c.value {
			t.Errorf("%s%v = %v, want %v", c.gate.Kind(), c.in, n.Value(), c.value)
		}
		for i, x := range ins {
			if x.Grad() != c.grads[i] {
				t.Errorf("%s%v: Backward's ∂/∂x%d = %v, want %v", c.gate.Kind(), c.in, i, x.Grad(), c.grads[i])
			}
		}
		ex, err := g.Exact(n)
		if err != nil {
			t.Fatal(err)
		}
		if got := ratString(ex.Value(n)); got != c.exact {
			t.Errorf("%s%v: exact value %q, want %q", c.gate.Kind(), c.in, got, c.exact)
		}
		for i, want := range c.locals {
			if got := ratString(ex.Local(n, i)); got != want {
				t.Errorf("%s%v: exact ∂/∂x%d %q, want %q", c.gate.Kind(), c.in, i, got, want)
			}
		}
		rules, err := cgraph.Grad(n, ins...)
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Forward(); err != nil {
			t.Fatal(err)
		}
		for i, d := range rules {
			if d.Value() != c.grads[i] {
				t.Errorf("%s%v: the rule's ∂/∂x%d = %v, want %v", c.gate.Kind(), c.in, i, d.Value(), c.grads[i])
			}
		}
	}
}

func ratString(r *big.Rat) string {
	if r == nil {
		return ""
	}
	return r.RatString()
}
