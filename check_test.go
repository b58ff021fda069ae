package cgraph_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

// doubled is a gate whose Backward is twice too large: the bug Check must
// find at every scale.
type doubled struct{ cgraph.Gate }

func (d doubled) Kind() string { return "doubled_" + d.Gate.Kind() }

func (d doubled) Backward(in []float64, out, up float64, grads []float64) {
	d.Gate.Backward(in, out, 2*up, grads)
}

// sigmoidChain returns x → gate → depth sigmoids (each σ(1.5·z − 0.5)
// would do too; plain σ keeps σ' below 1/4) and the output.
func sigmoidChain(g *cgraph.Graph, x float64, gate cgraph.Gate, depth int) (*cgraph.Node, *cgraph.Node) {
	in := g.Input("x", x)
	n := g.Apply("g", gate, in)
	for range depth {
		n = g.Apply("", cgraph.Sigmoid{}, n)
	}
	return in, n
}

// oldAccepts is the rule of Check before it was scale-aware: the
// difference measured against max(1, |grad|, |numeric|) with Tol 1e-5.
func oldAccepts(grad, num float64) bool {
	return math.Abs(grad-num) <= 1e-5*max(1, math.Abs(grad), math.Abs(num))
}

// TestCheckCatchesSmallWrongGradient is the failure of issue 12: a
// backward twice too large where the true gradient is about 4e-6 (the
// scale of the vanishing-gradient lab) passed the old check.
func TestCheckCatchesSmallWrongGradient(t *testing.T) {
	g := cgraph.New()
	x, out := sigmoidChain(g, 1.75, doubled{cgraph.Neg{}}, 8)
	report, err := cgraph.Check(g, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := report[0]
	if r.Node != x {
		t.Fatalf("first result is %v, want x", r.Node)
	}
	if truth := math.Abs(r.Grad / 2); truth < 1e-6 || truth > 1e-5 {
		t.Fatalf("true gradient %v: the chain should put it near 4e-6", truth)
	}
	if !oldAccepts(r.Grad, r.Numeric) {
		t.Fatalf("the old rule rejects grad %v vs %v: the test no longer shows the old failure", r.Grad, r.Numeric)
	}
	if r.Status != cgraph.CheckWrong || r.OK {
		t.Errorf("x: grad %v numeric %v (err %v): status %v, want WRONG", r.Grad, r.Numeric, r.NumErr, r.Status)
	}
	t.Logf("x: grad %.4g, numeric %.4g ± %.2g: %v", r.Grad, r.Numeric, r.NumErr, r.Status)
	err = report.Err()
	var ce *cgraph.CheckError
	if !errors.As(err, &ce) || ce.NodeName != "x" || ce.Wrong != 1 {
		t.Fatalf("Err() = %v, want a CheckError naming x, 1 wrong", err)
	}
	if want := `node "x" (input)`; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
	for _, r := range report[1:] {
		if r.Status != cgraph.CheckOK {
			t.Errorf("%v: %v, want OK (grad %v numeric %v)", r.Node, r.Status, r.Grad, r.Numeric)
		}
	}
}

// TestCheckDeepSigmoidChain: a correct chain whose first gradient is about
// 1e-10 passes at every node, and the same chain with the doubled gate
// still fails: the check has no floor at 1e-5 or anywhere near.
func TestCheckDeepSigmoidChain(t *testing.T) {
	for _, wrong := range []bool{false, true} {
		g := cgraph.New()
		var gate cgraph.Gate = cgraph.Neg{}
		if wrong {
			gate = doubled{gate}
		}
		x, out := sigmoidChain(g, 0.5, gate, 15)
		report, err := cgraph.Check(g, out, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := math.Abs(x.Grad()); d < 1e-11 || d > 1e-9 {
			t.Fatalf("∂out/∂x = %v, want about 1e-10", d)
		}
		t.Logf("wrong=%v: x: grad %.4g, numeric %.4g ± %.2g: %v", wrong, report[0].Grad, report[0].Numeric, report[0].NumErr, report[0].Status)
		if wrong {
			if report[0].Status != cgraph.CheckWrong || report.Err() == nil {
				t.Errorf("doubled at 1e-10: x is %v (grad %v numeric %v ± %v), want WRONG", report[0].Status, report[0].Grad, report[0].Numeric, report[0].NumErr)
			}
			continue
		}
		if err := report.Err(); err != nil {
			t.Error(err)
		}
		// The estimate at 1e-10 is limited by the rounding of the output
		// (about 0.6, so 1e-16) over steps of about 1e-2: NumErr is ~1.5e-14
		// and the error itself ~1e-15, 5e-6 relative.
		for _, r := range report {
			if r.Status != cgraph.CheckOK || r.RelErr > 1e-4 {
				t.Errorf("%v: %v, grad %v numeric %v ± %v (rel. error %.2g)", r.Node, r.Status, r.Grad, r.Numeric, r.NumErr, r.RelErr)
			}
		}
	}
}

// absGate is |x| with the convention |x|'(0) = 0 (PyTorch's), a user
// gate: the library has none yet.
type absGate struct{}

func (absGate) Kind() string                 { return "abs" }
func (absGate) Forward(in []float64) float64 { return math.Abs(in[0]) }
func (absGate) Backward(in []float64, _, up float64, grads []float64) {
	switch {
	case in[0] > 0:
		grads[0] += up
	case in[0] < 0:
		grads[0] -= up
	}
}

// badKink is relu with a derivative of 2 at 0: outside [0, 1], so no
// convention at the kink can justify it.
type badKink struct{ cgraph.ReLU }

func (badKink) Kind() string { return "bad_kink" }
func (badKink) Backward(in []float64, _, up float64, grads []float64) {
	switch {
	case in[0] > 0:
		grads[0] += up
	case in[0] == 0:
		grads[0] += 2 * up
	}
}

func TestCheckKinks(t *testing.T) {
	tests := []struct {
		gate        cgraph.Gate
		want        cgraph.CheckStatus
		left, right float64
	}{
		{cgraph.ReLU{}, cgraph.CheckKink, 0, 1},
		{cgraph.LeakyReLU{}, cgraph.CheckKink, cgraph.DefaultLeak, 1},
		{absGate{}, cgraph.CheckKink, -1, 1},
		{badKink{}, cgraph.CheckWrong, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.gate.Kind(), func(t *testing.T) {
			g := cgraph.New()
			x := g.Input("x", 0)
			k := g.Apply("k", tt.gate, x)
			out := g.Apply("out", cgraph.Mul{}, k, g.Input("c", 3))
			report, err := cgraph.Check(g, out, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := report[0]
			if r.Node != x || r.Status != tt.want {
				t.Fatalf("%v: %v (grad %v numeric %v), want %v", r.Node, r.Status, r.Grad, r.Numeric, tt.want)
			}
			if math.Abs(r.Left-3*tt.left) > 1e-9 || math.Abs(r.Right-3*tt.right) > 1e-9 {
				t.Errorf("one-sided derivatives %v, %v, want %v, %v", r.Left, r.Right, 3*tt.left, 3*tt.right)
			}
			if gotErr := report.Err() != nil; gotErr != (tt.want == cgraph.CheckWrong) {
				t.Errorf("Err() = %v", report.Err())
			}
		})
	}
}

func TestCheckSkipsConstants(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 3)
	two := g.Const("2", 2)
	out := g.Apply("out", cgraph.Pow{}, x, two)
	report, err := cgraph.Check(g, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range report {
		want := cgraph.CheckOK
		if r.Node == two {
			want = cgraph.CheckSkipped
		}
		if r.Status != want || !r.OK {
			t.Errorf("%v: %v, want %v", r.Node, r.Status, want)
		}
	}
}

// randomInputs draws inputs for a gate inside its domain and away from
// kinks: positive bases for pow and log, pairs for the losses.
func randomInputs(rng *rand.Rand, gate cgraph.Gate, n int) []float64 {
	in := make([]float64, n)
	for i := range in {
		in[i] = 4*rng.Float64() - 2
		switch gate.(type) {
		case cgraph.Log, cgraph.Pow, cgraph.Sqrt, cgraph.PowExpDeriv:
			if i == 0 {
				in[i] = 0.2 + 2*rng.Float64()
			}
		case cgraph.ReLU, cgraph.LeakyReLU, cgraph.Abs, cgraph.Sign, cgraph.Step, cgraph.LeakyStep:
			if math.Abs(in[i]) < 0.1 {
				in[i] += 0.2
			}
		case cgraph.SoftmaxCE: // the last input is a class, 0 … K−1
			if i == n-1 {
				in[i] = float64(rng.IntN(n - 1))
			}
		case cgraph.IsClass:
			in[i] = float64(rng.IntN(3)) + 0.6*rng.Float64() - 0.3
		case cgraph.Max, cgraph.Min, cgraph.Greater:
			if i == 1 && math.Abs(in[1]-in[0]) < 0.1 {
				in[1] = in[0] + 0.2
			}
		case cgraph.Div:
			if i == 1 && math.Abs(in[i]) < 0.3 {
				in[i] += 0.5
			}
		}
	}
	return in
}

// TestCheckBuiltinGatesRandom checks every built-in gate at random inputs,
// at the scale of 1 and of 1e-7 (the output multiplied by a small weight),
// and the same gate with its Backward doubled, which must be found WRONG
// at both scales wherever the true gradient is not 0.
func TestCheckBuiltinGatesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	for _, tc := range gateCases {
		for trial := range 10 {
			for _, scale := range []float64{1, 1e-7} {
				for _, wrong := range []bool{false, true} {
					g := cgraph.New()
					var ins []*cgraph.Node
					for _, v := range randomInputs(rng, tc.gate, len(tc.in)) {
						ins = append(ins, g.Input("", v))
					}
					gate := tc.gate
					if wrong {
						gate = doubled{gate}
					}
					n := g.Apply("gate", gate, ins...)
					th := g.Apply("", cgraph.Tanh{}, g.Apply("", cgraph.Mul{}, n, g.Const("", 0.7)))
					out := g.Apply("out", cgraph.Mul{}, th, g.Weight("s", scale, 0))
					report, err := cgraph.Check(g, out, nil)
					if err != nil {
						t.Fatal(err)
					}
					for _, r := range report {
						isInput := false
						for _, in := range ins {
							isInput = isInput || r.Node == in
						}
						switch {
						case wrong && isInput && r.Grad != 0:
							if r.Status != cgraph.CheckWrong {
								t.Errorf("%s #%d scale %g: %v doubled is %v (grad %v numeric %v ± %v)", tc.gate.Kind(), trial, scale, r.Node, r.Status, r.Grad, r.Numeric, r.NumErr)
							}
						case r.Status != cgraph.CheckOK && r.Status != cgraph.CheckSkipped:
							t.Errorf("%s #%d scale %g wrong=%v: %v is %v (grad %v numeric %v ± %v)", tc.gate.Kind(), trial, scale, wrong, r.Node, r.Status, r.Grad, r.Numeric, r.NumErr)
						}
					}
				}
			}
		}
	}
}

// Check at a kink: relu at exactly 0. The central difference is the mean
// of the one-sided slopes, 1.5; the gradient 0 (relu'(0) = 0, as in
// PyTorch) is the left one, so x is a kink, not a wrong gradient. The
// constant 3 is skipped.
func ExampleCheck() {
	g := cgraph.New()
	x := g.Input("x", 0)
	r := g.Apply("r", cgraph.ReLU{}, x)
	out := g.Apply("out", cgraph.Mul{}, r, g.Const("3", 3))
	report, err := cgraph.Check(g, out, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range report {
		fmt.Printf("%-3s %-7v grad %g  numeric %.6g\n", c.Node, c.Status, c.Grad, c.Numeric)
	}
	fmt.Printf("x: left %.6g, right %.6g\n", report[0].Left, report[0].Right)
	fmt.Println("wrong:", report.Err())
	// Output:
	// x   KINK    grad 0  numeric 1.5
	// r   OK      grad 3  numeric 3
	// 3   SKIPPED grad 0  numeric 0
	// out OK      grad 1  numeric 1
	// x: left 0, right 3
	// wrong: <nil>
}
