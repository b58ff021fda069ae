package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

func TestEvalCheckTable(t *testing.T) {
	args := append([]string{"eval", exercise}, exerciseArgs...)
	_, plain, _ := run(t, "", args...)
	code, out, errOut := run(t, "", append([]string{"eval", "--check", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, plain) {
		t.Errorf("--check changed the table:\n%s\nwant it to start with\n%s", out, plain)
	}
	rest := strings.TrimPrefix(out, plain)
	for _, want := range []string{
		"gradient check: backward against central differences",
		"node      ∂L/∂node  numeric  ± error",
		"x2        0.35      0.35",
		"2         –         –        –        –           SKIPPED",
	} {
		if !strings.Contains(rest, want) {
			t.Errorf("check table lacks %q:\n%s", want, rest)
		}
	}
	if n := strings.Count(rest, " OK\n"); n != 12 {
		t.Errorf("%d nodes OK, want 12 (13 less the constant):\n%s", n, rest)
	}
}

func TestEvalCheckJSONKink(t *testing.T) {
	code, out, errOut := run(t, "", "eval", "--check", "--json", "y = relu(x) * 3", "x=0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got evalJSON
	decodeOne(t, out, &got)
	if len(got.Check) != len(got.Nodes) {
		t.Fatalf("%d checks for %d nodes", len(got.Check), len(got.Nodes))
	}
	status := map[string]checkJSON{}
	for _, c := range got.Check {
		status[c.Name] = c
	}
	x := status["x"]
	if x.Status != "KINK" || x.Left == nil || x.Right == nil || *x.Left != 0 || *x.Right < 2.999 || *x.Right > 3.001 {
		t.Errorf("x: %+v, want KINK with left 0 and right 3", x)
	}
	if c := status["3"]; c.Status != "SKIPPED" || c.Numeric != nil {
		t.Errorf("3: %+v, want SKIPPED without numeric", c)
	}
	if c := status["y"]; c.Status != "OK" || c.Numeric == nil || *c.Numeric != 1 {
		t.Errorf("y: %+v, want OK with numeric 1", c)
	}
}

func TestEvalJSONWithoutCheckHasNoCheck(t *testing.T) {
	_, out, _ := run(t, "", "eval", "--json", "y = x * 3", "x=1")
	if strings.Contains(out, `"check"`) {
		t.Errorf("--json without --check has a check array:\n%s", out)
	}
}

func TestEvalCheckRefusesTextViews(t *testing.T) {
	code, _, errOut := run(t, "", "eval", "--check", "--dot", "y = x * 3", "x=1")
	if code != exitUsage || !strings.Contains(errOut, "--check") {
		t.Errorf("exit %d, stderr %q: want a usage error about --check", code, errOut)
	}
}

// twice is a user gate with a wrong Backward: 2x, but a gradient of 4.
// Programs cannot reach one, so the check of a wrong gradient is tested
// on a run built here.
type twice struct{}

func (twice) Kind() string                 { return "twice" }
func (twice) Forward(in []float64) float64 { return 2 * in[0] }
func (twice) Backward(_ []float64, _, up float64, grads []float64) {
	grads[0] += 4 * up
}

func TestEvalCheckWrongGradient(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 0.5)
	h := g.Apply("h", twice{}, x)
	out := g.Apply("out", cgraph.Sigmoid{}, h)
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
	order, _ := g.Order()
	r := &evalRun{graph: g, output: out, inputs: []*cgraph.Node{x}, order: order,
		generated: func(*cgraph.Node) bool { return false }}
	if err := runCheck(r); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeCheck(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "WRONG") {
		t.Errorf("table lacks WRONG:\n%s", buf.String())
	}
	err := r.checkErr()
	var ce *cgraph.CheckError
	if !errors.As(err, &ce) || ce.NodeName != "x" {
		t.Fatalf("checkErr() = %v, want a CheckError naming x", err)
	}
	var u usageError
	if errors.As(err, &u) {
		t.Error("a wrong gradient is a usage error; want exit status 1")
	}
}
