package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

const exercise = "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2"

var exerciseArgs = []string{"x1=1", "x2=1", "w1=4/5", "w2=-7/5", "p0=3/5", "y=1"}

// run runs the command line and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// decodeOne decodes out, which must be exactly one JSON value with no
// fields unknown to v.
func decodeOne(t *testing.T, out string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Fatal("more than one JSON value")
	}
}

func TestEvalJSONExercise(t *testing.T) {
	code, out, errOut := run(t, "", append([]string{"eval", "--json", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got evalJSON
	decodeOne(t, out, &got)
	if got.Output != "L" {
		t.Errorf("output %q", got.Output)
	}
	// The hand solution: value, gradient, and their exact forms.
	want := map[string]struct {
		value, grad         float64
		exactVal, exactGrad string
	}{
		"x1":   {1, -0.2, "1", "-1/5"},
		"x2":   {1, 0.35, "1", "7/20"},
		"w1":   {0.8, -0.25, "4/5", "-1/4"},
		"w2":   {-1.4, -0.25, "-7/5", "-1/4"},
		"p0":   {0.6, -0.25, "3/5", "-1/4"},
		"y":    {1, 1, "1", "1"},
		"p1":   {0.8, -0.25, "4/5", "-1/4"},
		"p2":   {-1.4, -0.25, "-7/5", "-1/4"},
		"z":    {1.1102230246251565e-16, -0.25, "0", "-1/4"}, // float64 rounding; exact 0
		"yhat": {0.5, -1, "1/2", "-1"},
		"L":    {0.25, 1, "1/4", "1"},
	}
	seen := map[string]bool{}
	for _, n := range got.Nodes {
		seen[n.Name] = true
		w, ok := want[n.Name]
		if !ok {
			if !n.Generated {
				t.Errorf("unexpected named node %q", n.Name)
			}
			continue
		}
		if n.Grad == nil {
			t.Errorf("%s has no gradient", n.Name)
			continue
		}
		if n.Value != w.value || *n.Grad != w.grad || n.ExactValue != w.exactVal || n.ExactGrad != w.exactGrad {
			t.Errorf("%s: %+v, want %+v", n.Name, n, w)
		}
		if n.Generated || n.Literal {
			t.Errorf("%s marked generated or literal", n.Name)
		}
	}
	for _, n := range got.Nodes {
		if (n.Name == "2") != n.Literal {
			t.Errorf("%s: literal %v; only the 2 of ^2 is", n.Name, n.Literal)
		}
		if n.Literal && (n.Grad != nil || n.ExactGrad != "") {
			t.Errorf("%s: a literal with a gradient %v %q", n.Name, *n.Grad, n.ExactGrad)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("node %s missing", name)
		}
	}
}

func TestEvalTable(t *testing.T) {
	code, out, errOut := run(t, "", append([]string{"eval", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, line := range []string{
		"z         add      p1, p2, p0   0      -1/4",
		"yhat      sigmoid  z            1/2    -1",
		"x2        input                 1      7/20",
		"2         const                 2      –", // no gradient for the 2 of ^2
	} {
		if !strings.Contains(out, line) {
			t.Errorf("table lacks %q:\n%s", line, out)
		}
	}
}

func TestEvalStdinAndFile(t *testing.T) {
	code, out, errOut := run(t, "c = a + b\ne = c * d\ng = e - f\n", "eval", "-", "a=1", "b=2", "d=3", "f=4")
	if code != 0 || !strings.Contains(out, "g     sub    e, f    5      1") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // fragments of stderr
	}{
		{"missing input", []string{"eval", "c = a + b", "a=1"}, []string{"missing value for b"}},
		{"unknown name", []string{"eval", "c = a + b", "a=1", "b=2", "q=3"}, []string{"q is not a name in the program"}},
		{"computed name", []string{"eval", "c = a + b", "a=1", "b=2", "c=3"}, []string{"c is computed by the program"}},
		{"repeated", []string{"eval", "c = a + b", "a=1", "a=2", "b=1"}, []string{"a is given twice"}},
		{"malformed value", []string{"eval", "c = a + b", "a=1/", "b=1"}, []string{"value of a"}},
		{"not an assignment", []string{"eval", "c = a + b", "a"}, []string{`"a" is not an assignment`}},
		{"zero denominator", []string{"eval", "c = a + b", "a=1/0", "b=1"}, []string{"divides by zero"}},
		{"nan", []string{"eval", "c = a + b", "a=NaN", "b=1"}, []string{"not a number"}},
		{"syntax", []string{"eval", "c = a +\nd = (a * 2"}, []string{"program:1:8:", "program:2:"}},
		{"cycle", []string{"eval", "a = b + 1; b = a * 2"}, []string{"cycle"}},
		{"no program", []string{"eval"}, []string{"no program"}},
		{"bad flag", []string{"eval", "--nope", "c = a"}, []string{"unknown flag"}},
		{"unknown verb", []string{"evil"}, []string{"unknown command"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "", tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %s", code, exitUsage, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
		})
	}
}

func TestEvalSyntaxErrorMarked(t *testing.T) {
	_, _, errOut := run(t, "", "eval", "c = a + )")
	want := "program:1:9: "
	if !strings.Contains(errOut, want) || !strings.Contains(errOut, "c = a + )\n") || !strings.Contains(errOut, "        ^") {
		t.Errorf("stderr %q: want position %q and the line with a caret under )", errOut, want)
	}
}

func TestEvalNumericError(t *testing.T) {
	code, _, errOut := run(t, "", "eval", "q = log(x)", "x=-1")
	if code != exitError || !strings.Contains(errOut, `node "q" (log) produced NaN from x=-1`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestEvalOptimize(t *testing.T) {
	code, out, errOut := run(t, "", append([]string{"eval", "--optimize", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"optimized: 13 nodes → 8, 6 operations → 2",
		"fuse: yhat, L → L (sigmoid + sqloss → sigmoid_sqloss)",
		"z     muladd          w1, x1, w2, x2, p0  0      -1/4",
		"L     sigmoid_sqloss  z, y                1/4    1",
		"largest difference of an input's gradient 0\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = run(t, "", append([]string{"eval", "--optimize", "--json", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got evalJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Optimized == nil || len(got.Optimized.Nodes) != 8 || got.Optimized.MaxGradDiff != 0 || len(got.Optimized.Changes) != 3 {
		t.Fatalf("optimized JSON %+v", got.Optimized)
	}
	for _, n := range got.Optimized.Nodes {
		if n.Name == "x2" && (n.ExactGrad != "7/20" || n.Generated) {
			t.Errorf("optimized x2: %+v", n)
		}
	}
}

func TestEvalWeights(t *testing.T) {
	args := append([]string{"eval", "--json", "--weights", "w1,w2,p0", "--lr", "0.5", exercise}, exerciseArgs...)
	code, out, errOut := run(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got evalJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, n := range got.Nodes {
		want := map[string]string{"w1": "weight", "w2": "weight", "p0": "weight", "x1": "input", "y": "input"}[n.Name]
		if want != "" && n.Op != want {
			t.Errorf("%s is a %s, want %s", n.Name, n.Op, want)
		}
		if n.Name == "w1" && n.ExactGrad != "-1/4" {
			t.Errorf("∂L/∂w1 = %s", n.ExactGrad)
		}
	}
	code, _, errOut = run(t, "", append([]string{"eval", "--weights", "w9", exercise}, exerciseArgs...)...)
	if code != exitUsage || !strings.Contains(errOut, "weight w9 is not a free name") {
		t.Errorf("unknown weight: exit %d, %s", code, errOut)
	}
}

// TestEvalModel trains XOR, saves it, and evaluates the saved network on
// one sample: its prediction and loss must be the trained network's.
func TestEvalModel(t *testing.T) {
	path := t.TempDir() + "/xor.json"
	code, out, errOut := run(t, "", "train", "xor", "--epochs", "2000", "--json", "--save", path)
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, errOut)
	}
	var trained struct {
		Predictions []struct {
			X    []float64
			Y    float64
			Yhat float64
		}
	}
	if err := json.Unmarshal([]byte(out), &trained); err != nil {
		t.Fatal(err)
	}
	p := trained.Predictions[1] // x = (0, 1)
	code, out, errOut = run(t, "", "eval", "--model", path, "--json", "x1=0", "x2=1", "y1=1")
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, errOut)
	}
	var got evalJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	values := map[string]float64{}
	for _, n := range got.Nodes {
		values[n.Name] = n.Value
	}
	if got.Output != "L" || values["yhat1"] != p.Yhat || values["L"] != (p.Yhat-1)*(p.Yhat-1) {
		t.Errorf("output %s, yhat1 %v L %v; trained prediction %v", got.Output, values["yhat1"], values["L"], p.Yhat)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"eval", "--model", path, "x1=0", "x2=1"}, "missing value for y1"},
		{[]string{"eval", "--model", path, "x1=0", "x2=1", "y1=1", "z=3"}, "z is not an input of the network"},
		{[]string{"eval", "--model", t.TempDir() + "/none.json", "x1=0"}, "none.json"},
	} {
		code, _, errOut := run(t, "", tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %s; want %q", tc.args, code, errOut, tc.want)
		}
	}
}
