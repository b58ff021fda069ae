package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// One SGD step on the exercise with α = 1/10, by hand: every weight's
// gradient is −1/4, so each grows by 1/40.
func TestEvalStep(t *testing.T) {
	code, out, errOut := run(t, "", append([]string{"eval", "--weights", "w1,w2,p0", "--step", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"SGD step 1: w ← w − α·∂L/∂w\n",
		"  w1 ← 4/5 − 1/10·(−1/4) = 33/40\n",
		"  w2 ← −7/5 − 1/10·(−1/4) = −11/8\n",
		"  p0 ← 3/5 − 1/10·(−1/4) = 5/8\n",
		"  L: 1/4 → 0.23161\n", // z = 33/40 − 11/8 + 5/8 = 3/40, (σ(3/40) − 1)²
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "w1        weight                4/5") {
		t.Errorf("the table does not show the weights before the step:\n%s", out)
	}
}

func TestEvalStepForms(t *testing.T) {
	// L = (w·x + b − y)² from w = b = 0 at x = y = 1 with α = 1/8: the
	// gradients are −2, so w = b = 1/4, then ŷ = 1/2, gradients −1, w = b = 3/8.
	const lin = "yhat = w*x + b; L = (yhat - y)^2"
	args := []string{"w=0", "b=0", "x=1", "y=1"}
	for _, tt := range []struct {
		flags []string
		steps int
		last  string // the last update of w
	}{
		{[]string{"--step"}, 1, "w ← 0 − 1/8·(−2) = 1/4"},
		{[]string{"--step", "2"}, 2, "w ← 1/4 − 1/8·(−1) = 3/8"},
		{[]string{"--step=2"}, 2, "w ← 1/4 − 1/8·(−1) = 3/8"},
	} {
		flags := append([]string{"eval", "--weights", "w,b", "--lr", "1/8"}, tt.flags...)
		code, out, errOut := run(t, "", append(append(flags, lin), args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.flags, code, errOut)
		}
		if n := strings.Count(out, "SGD step"); n != tt.steps || !strings.Contains(out, tt.last) {
			t.Errorf("%v: %d steps, want %d with %q:\n%s", tt.flags, n, tt.steps, tt.last, out)
		}
	}
	var got struct {
		Output string
		Nodes  []struct {
			Name  string  `json:"name"`
			Value float64 `json:"value"`
		} `json:"nodes"`
		Steps []struct {
			Step    int `json:"step"`
			Updates []struct {
				Name       string  `json:"name"`
				Value      float64 `json:"value"`
				Grad       float64 `json:"grad"`
				LR         float64 `json:"lr"`
				New        float64 `json:"new"`
				ExactValue string  `json:"exact_value"`
				ExactGrad  string  `json:"exact_grad"`
				ExactLR    string  `json:"exact_lr"`
				ExactNew   string  `json:"exact_new"`
			} `json:"updates"`
			Loss      float64 `json:"loss"`
			ExactLoss string  `json:"exact_loss"`
		} `json:"steps"`
	}
	code, out, errOut := run(t, "", append([]string{"eval", "--json", "--weights", "w,b", "--lr", "1/8", "--step", "2", lin}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Steps) != 2 {
		t.Fatalf("%d steps, want 2:\n%s", len(got.Steps), out)
	}
	u := got.Steps[1].Updates[0]
	if u.Name != "w" || u.Value != 0.25 || u.Grad != -1 || u.LR != 0.125 || u.New != 0.375 ||
		u.ExactValue != "1/4" || u.ExactGrad != "-1" || u.ExactLR != "1/8" || u.ExactNew != "3/8" {
		t.Errorf("step 2 of w: %+v", u)
	}
	if s := got.Steps[1]; s.Loss != 1.0/16 || s.ExactLoss != "1/16" { // ŷ = 3/4
		t.Errorf("loss after step 2: %v %q, want 1/16", s.Loss, s.ExactLoss)
	}
	for _, n := range got.Nodes {
		if n.Name == "w" && n.Value != 0 {
			t.Errorf("nodes show w = %v after the steps, want the value before them, 0", n.Value)
		}
	}
}

func TestEvalStepErrors(t *testing.T) {
	for _, tt := range []struct {
		flags []string
		msg   string
	}{
		{[]string{"--step"}, "--weights (they are w1, x1, w2, x2, p0, y"},
		{[]string{"--step=0", "--weights", "w1"}, "--step: \"0\""},
		{[]string{"--step=x", "--weights", "w1"}, "--step: \"x\""},
		{[]string{"--step", "--dot", "--weights", "w1"}, "without --dot"},
		{[]string{"--lr", "1/0"}, "divides by zero"},
	} {
		args := append(append(append([]string{"eval"}, tt.flags...), exercise), exerciseArgs...)
		code, _, errOut := run(t, "", args...)
		if code != exitUsage || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", tt.flags, code, errOut, exitUsage, tt.msg)
		}
	}
	// Without values there is nothing to step.
	code, _, errOut := run(t, "", "eval", "--png", "/dev/null", "--step", "--weights", "a", "c = a + b")
	if code != exitUsage || !strings.Contains(errOut, "--step needs them") {
		t.Errorf("--step without values: exit %d, %q", code, errOut)
	}
}
