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
