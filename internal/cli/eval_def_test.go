package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// defExample calls softrelu, a def, in the exercise's place of σ: the
// table and --json show the call as one gate unless --expand.
const defExample = "def softrelu(x) = log(1 + exp(x))\ndef sq(d) = d^2\nh = softrelu(w*x + b)\nL = sq(h - y)"

var defArgs = []string{"w=1", "x=1", "b=0", "y=1"}

func TestEvalDefTable(t *testing.T) {
	code, out, errOut := run(t, "", append([]string{"eval", defExample}, defArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "softrelu#1:") || !strings.Contains(out, "softrelu  w * x + b") {
		t.Errorf("collapsed table shows the call's inside, or not the call:\n%s", out)
	}
	if !strings.Contains(out, "\nL          sq        h - y") {
		t.Errorf("L is no row of op sq:\n%s", out)
	}
	code, out, errOut = run(t, "", append([]string{"eval", "--expand", defExample}, defArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"softrelu#1:exp(x)", "h                      log", "sq#1:2"} {
		if !strings.Contains(out, want) {
			t.Errorf("expanded table lacks %q:\n%s", want, out)
		}
	}
}

func TestEvalDefJSON(t *testing.T) {
	byName := func(args ...string) map[string]nodeJSON {
		code, out, errOut := run(t, "", append(append([]string{"eval", "--json"}, args...), defArgs...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var got evalJSON
		decodeOne(t, out, &got)
		m := map[string]nodeJSON{}
		for _, n := range got.Nodes {
			m[n.Name] = n
		}
		return m
	}
	collapsed := byName(defExample)
	if len(collapsed) != 9 {
		t.Errorf("%d nodes, want 9 (w x w*x b w*x+b h y h-y L)", len(collapsed))
	}
	if h := collapsed["h"]; h.Op != "softrelu" || strings.Join(h.Inputs, ",") != "w * x + b" || h.In != "" || h.Generated {
		t.Errorf("h = %+v", h)
	}
	expanded := byName("--expand", defExample)
	if len(expanded) != 13 {
		t.Errorf("%d nodes, want 13", len(expanded))
	}
	if h := expanded["h"]; h.Op != "log" || h.In != "softrelu#1" || h.Value != collapsed["h"].Value || h.Grad == nil || collapsed["h"].Grad == nil || *h.Grad != *collapsed["h"].Grad {
		t.Errorf("h = %+v", h)
	}
	if n := expanded["sq#1:2"]; n.In != "sq#1" || !n.Literal || !n.Generated {
		t.Errorf("sq#1:2 = %+v", n)
	}
	if n := expanded["w * x"]; n.In != "" {
		t.Errorf("w * x = %+v", n)
	}
}

func TestEvalDefDiagram(t *testing.T) {
	code, out, errOut := run(t, "", append([]string{"eval", "--dot", "--view", "forward", defExample}, defArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "cluster") || strings.Contains(out, "softrelu#1:") || !strings.Contains(out, `h = softrelu(w * x + b)`) {
		t.Errorf("collapsed diagram:\n%s", out)
	}
	code, out, errOut = run(t, "", append([]string{"eval", "--dot", "--expand", defExample}, defArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "subgraph cluster_fg1 {") || !strings.Contains(out, `label="softrelu(x) = log(1 + exp(x))"`) {
		t.Errorf("expanded diagram has no cluster for softrelu:\n%s", out)
	}
}

func TestEvalDefErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"def f(x) = f(x)\ny = f(a)", "program:1:12: recursion: f calls itself"},
		{"def sigmoid(x) = x\ny = a", "program:1:5: cannot redefine the built-in function sigmoid"},
		{"def f(x) = x\ny = f(a, b)", "program:2:5: f takes 1 argument (x), got 2"},
		{"def = 1", "program:1:1: def is a keyword"},
	} {
		code, _, errOut := run(t, "", "eval", tt.src)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("eval %q: exit %d, %q; want 2 and %q", tt.src, code, errOut, tt.want)
		}
	}
}

// TestGenDef checks that gen writes the expanded graph of a program with
// defs, whose free names are weights like any, as Go that compiles.
func TestGenDef(t *testing.T) {
	dir := t.TempDir()
	src := "def neuron(x) = sigmoid(w*x + b)\nL = sqloss(neuron(u), y)"
	code, out, errOut := run(t, "", "gen", "--weights", "w,b", "--package", "neuron", "-o", filepath.Join(dir, "neuron", "neuron.go"), src, "w=1/2")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, out, errOut)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet: %v\n%s", err, msg)
	}
}
