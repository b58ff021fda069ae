package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalAnswers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	allRight := write("right.json", `{"values": {"p1": "4/5", "z": "0", "L": "0.25"}, "grads": {"x2": "7/20", "w1": "-1/4"}}`)
	twoWrong := write("wrong.json", `{"values": {"p1": "4/5"}, "grads": {"z": "1/4", "x1": "-1/4"}}`)
	for _, tt := range []struct {
		file string
		code int
		out  []string
	}{
		{allRight, 0, []string{"✓  ∂L/∂x2  7/20", "5 of 5 right"}},
		{twoWrong, exitError, []string{
			"✗  ∂L/∂z   1/4",
			"✗ ∂L/∂z — missed: the product with the upstream gradient.",
			"✗ ∂L/∂x1 — missed: the local derivative.",
			"1 of 3 right",
		}},
	} {
		code, out, errOut := run(t, "", append([]string{"eval", "--answers", tt.file, exercise}, exerciseArgs...)...)
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d: %s", tt.file, code, tt.code, errOut)
		}
		for _, want := range tt.out {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", tt.file, want, out)
			}
		}
	}
	code, out, _ := run(t, "", append([]string{"eval", "--json", "--answers", twoWrong, exercise}, exerciseArgs...)...)
	var got answersJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != exitError {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if got.Right != 1 || got.Total != 3 || got.Verdicts[2].Node != "x1" || got.Verdicts[2].Rule != "local derivative" {
		t.Errorf("--json: %+v", got)
	}
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--answers", filepath.Join(dir, "none.json")}, "none.json"},
		{[]string{"--answers", write("bad.json", `{"value": {}}`)}, "unknown field"},
		{[]string{"--answers", write("q.json", `{"values": {"q": "1"}}`)}, "q is not a node"},
		{[]string{"--answers", allRight, "--step"}, "without --step"},
	} {
		code, _, errOut := run(t, "", append(append(append([]string{"eval"}, tt.args...), exercise), exerciseArgs...)...)
		if code != exitUsage || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%v: exit %d, %q; want %q", tt.args, code, errOut, tt.msg)
		}
	}
}
