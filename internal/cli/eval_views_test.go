package cli

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalExplain(t *testing.T) {
	code, out, errOut := run(t, "", append([]string{"eval", "--explain", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"z = p1 + p2 + p0 = 4/5 + (−7/5) + 3/5 = 0",
		"to z: ∂yhat/∂z = σ(z)(1 − σ(z)) = 1/4;  −1 × 1/4 = −1/4",
		"∂L/∂x2 = 7/20",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--explain lacks %q:\n%s", want, out)
		}
	}
}

func TestEvalMarkdownAndDOT(t *testing.T) {
	_, md, _ := run(t, "", append([]string{"eval", "--markdown", exercise}, exerciseArgs...)...)
	if !strings.Contains(md, " | z | p1 + p2 + p0 | 4/5 + (−7/5) + 3/5 | 0 |") {
		t.Errorf("--markdown lacks the row of z:\n%s", md)
	}
	_, dot, _ := run(t, "", append([]string{"eval", "--dot", "--view", "backward", exercise}, exerciseArgs...)...)
	if !strings.HasPrefix(dot, "digraph backward {") || !strings.Contains(dot, `∂L/∂x2 = 7/20`) {
		t.Errorf("--dot output:\n%s", dot)
	}
}

func TestEvalWritesSVGAndPNG(t *testing.T) {
	dir := t.TempDir()
	svgPath, pngPath := filepath.Join(dir, "g.svg"), filepath.Join(dir, "g.png")
	code, out, errOut := run(t, "", append([]string{"eval", "--hand", "--svg", svgPath, "--png", pngPath, exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "7/20") {
		t.Error("the table is not printed beside the files")
	}
	svg, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Errorf("SVG is not XML: %v", err)
	}
	if !bytes.Contains(svg, []byte("∂L/∂x2 = 7/20")) {
		t.Error("SVG lacks ∂L/∂x2 = 7/20")
	}
	data, err := os.ReadFile(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("PNG does not decode: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestEvalViewErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--svg", "/nonexistent-dir/g.svg"}, exitError, "cannot write /nonexistent-dir/g.svg"},
		{[]string{"--view", "sideways", "--dot"}, exitUsage, "--view"},
		{[]string{"--json", "--dot"}, exitUsage, "give one"},
	}
	for _, tt := range tests {
		args := append(append([]string{"eval"}, tt.args...), exercise)
		code, _, errOut := run(t, "", append(args, exerciseArgs...)...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

func TestEvalLayout(t *testing.T) {
	const chain = "a1 = sigmoid(w1*x); a2 = sigmoid(w2*a1); a3 = sigmoid(w3*a2); y = sigmoid(w4*a3)"
	chainArgs := []string{"x=1", "w1=1", "w2=1", "w3=1", "w4=1"}
	for _, tt := range []struct {
		layout string
		prog   string
		args   []string
		want   string
	}{
		{"auto", chain, chainArgs, "rankdir=TB"}, // 9 ranks of at most 2 nodes
		{"lr", chain, chainArgs, "rankdir=LR"},
		{"auto", exercise, exerciseArgs, "rankdir=LR"},
		{"tb", exercise, exerciseArgs, "rankdir=TB"},
	} {
		args := append([]string{"eval", "--dot", "--layout", tt.layout, tt.prog}, tt.args...)
		code, dot, errOut := run(t, "", args...)
		if code != 0 || !strings.Contains(dot, tt.want) {
			t.Errorf("--layout %s: exit %d %s; want %s in:\n%.300s", tt.layout, code, errOut, tt.want, dot)
		}
	}
	code, _, errOut := run(t, "", append([]string{"eval", "--dot", "--layout", "up", exercise}, exerciseArgs...)...)
	if code != exitUsage || !strings.Contains(errOut, "--layout") {
		t.Errorf("--layout up: exit %d, %q", code, errOut)
	}
	// The CLI draws each backward label in a node on its edge.
	_, dot, _ := run(t, "", append([]string{"eval", "--dot", "--view", "backward", exercise}, exerciseArgs...)...)
	if !strings.Contains(dot, `e1_2_1 [label="−1/5"`) {
		t.Errorf("the label of the edge from x1 to p1 is not a node on it:\n%s", dot)
	}
}

// Exercise 3-2 before any numbers: the diagrams and the steps show the
// graph, the table and --json need values.
func TestEvalStructureOnly(t *testing.T) {
	const abdf = "c = a + b; e = c*d; g = e - f"
	dir := t.TempDir()
	pngPath := filepath.Join(dir, "g.png")
	for _, tt := range []struct {
		flags   []string
		assigns []string
		code    int
		out     string // in stdout
		err     string // in stderr
	}{
		{[]string{"--png", pngPath}, nil, 0, "", "no values for a, b, d, f: drawing the graph without numbers"},
		{[]string{"--dot", "--view", "backward"}, nil, 0, `label="∂e/∂c = d"`, "no values for"},
		{[]string{"--explain"}, nil, 0, "∂g/∂c = ∂g/∂e · d", "no values for"},
		{[]string{"--explain"}, []string{"a=1", "b=2"}, 0, "c = a + b\n", "no values for d, f"},
		{nil, nil, exitUsage, "", "missing value for a, b, d, f"},
		{[]string{"--png", pngPath, "--json"}, nil, exitUsage, "", "--json needs them"},
		{[]string{"--png", pngPath, "--optimize"}, nil, exitUsage, "", "--optimize needs them"},
		{[]string{"--dot"}, []string{"a=x"}, exitUsage, "", "value of a"},
		{[]string{"--dot"}, []string{"q=1"}, exitUsage, "", "q is not a name"},
	} {
		args := append(append(append([]string{"eval"}, tt.flags...), abdf), tt.assigns...)
		code, out, errOut := run(t, "", args...)
		if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errOut, tt.err) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d, %q, %q", args[1:], code, out, errOut, tt.code, tt.out, tt.err)
		}
	}
	data, err := os.ReadFile(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("PNG does not decode: %v", err)
	}
}
