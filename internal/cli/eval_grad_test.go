package cli

import (
	"strings"
	"testing"
)

var exerciseEval = []string{
	"p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2",
	"x1=1", "x2=1", "w1=4/5", "w2=-7/5", "p0=3/5", "y=1",
}

// TestEvalGradGraphViews: --grad-graph in the table, --explain and --dot,
// with the hand solution's numbers.
func TestEvalGradGraphViews(t *testing.T) {
	tests := []struct {
		flags []string
		want  []string
	}{
		{[]string{"--grad-graph"}, []string{
			"gradient graph of L",
			"∂yhat/∂z        sigmoid'  σ(z)(1 − σ(z))       1/4",
			"∂L/∂x2          mul       ∂L/∂p2 · w2          7/20",
		}},
		{[]string{"--grad-graph", "--explain"}, []string{
			"Gradient graph (each gradient computed from the forward values)",
			"∂L/∂z = ∂L/∂yhat · ∂yhat/∂z = (−1) · 1/4 = −1/4",
			"∂L/∂x2 = ∂L/∂p2 · w2 = (−1/4) · (−7/5) = 7/20",
		}},
		{[]string{"--grad-graph", "--dot", "--hand"}, []string{
			"Gradient graph of L (red)",
			`∂L/∂x2 = ∂L/∂p2 · w2\n= (−1/4) · (−7/5)\n= 7/20`,
		}},
		{[]string{"--hessian", "all"}, []string{
			"Hessian of L with respect to w1, x1, w2, x2, p0, y",
			// by hand: ∂²L/∂w1∂x1 = δ + x1·w1·∂δ/∂z = −1/4 + 4/5·1/8, with
			// δ = ∂L/∂z; ∂²L/∂x2² = w2²/8; ∂²L/∂y² = 2
			"w1    1/8  -3/20     1/8   -7/40    1/8  -1/2",
			"x2  -7/40  -7/50  -17/40  49/200  -7/40  7/10",
			" y   -1/2   -2/5    -1/2    7/10   -1/2     2",
		}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.flags, " "), func(t *testing.T) {
			args := append(append([]string{"eval"}, tt.flags...), exerciseEval...)
			code, out, errOut := run(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestEvalHessianErrors: bad --hessian names are usage errors (exit 2)
// that say what is wrong.
func TestEvalHessianErrors(t *testing.T) {
	tests := []struct {
		flags []string
		want  string
	}{
		{[]string{"--hessian", "w9"}, `no node named "w9"`},
		{[]string{"--hessian", "2"}, "is a constant"},
		{[]string{"--hessian", "w1", "--optimize"}, "--optimize shows another graph"},
	}
	for _, tt := range tests {
		args := append(append([]string{"eval"}, tt.flags...), exerciseEval...)
		code, _, errOut := run(t, "", args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tt.flags, code, errOut, tt.want)
		}
	}
}
