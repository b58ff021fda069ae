package kernel

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite docs/exercise-3.ipynb with the outputs of this run")

// exerciseNotebook is the notebook shipped with its outputs.
const exerciseNotebook = "../docs/exercise-3.ipynb"

// notebook is what the tests read of an .ipynb file.
type notebook struct {
	Cells []struct {
		CellType string          `json:"cell_type"`
		Source   json.RawMessage `json:"source"`
		Outputs  []struct {
			OutputType string         `json:"output_type"`
			Name       string         `json:"name"`
			Text       any            `json:"text"`
			Data       map[string]any `json:"data"`
			Ename      string         `json:"ename"`
			Evalue     string         `json:"evalue"`
		} `json:"outputs"`
	} `json:"cells"`
}

// joined reads a notebook string, stored as one string or a list of lines.
func joined(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			str, _ := s.(string)
			b.WriteString(str)
		}
		return b.String()
	}
	return ""
}

// checkExercise checks the outputs of the exercise notebook against the
// hand solutions of the sheet.
func checkExercise(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatal(err)
	}
	var text strings.Builder // every text output, table and stream
	svgs, pngs, code := 0, 0, 0
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		code++
		if len(c.Outputs) == 0 {
			t.Errorf("code cell %d has no output", i)
		}
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "error":
				t.Errorf("cell %d: %s: %s", i, o.Ename, o.Evalue)
			case "stream":
				text.WriteString(joined(o.Text))
			default:
				text.WriteString(joined(o.Data["text/plain"]))
				if strings.Contains(joined(o.Data["image/svg+xml"]), "<svg") {
					svgs++
				}
				if joined(o.Data["image/png"]) != "" {
					pngs++
				}
			}
			text.WriteByte('\n')
		}
	}
	out := text.String()
	for _, want := range []string{
		`(?m)^z\s+input\s+0\s+1/4$`,                           // 3-1 (b): σ'(0) = 1/4
		`bound \(1/4\)\^4·Π\|w_i\| = 0\.00390625`,             // 3-1: the bound
		`(?m)^p1\s+mul\s+w1, x1\s+4/5\s+-1/4$`,                // 3-3 (a)
		`(?m)^z\s+add\s+p1, p2, p0\s+0\s+-1/4$`,               // z = 0 exactly
		`(?m)^yhat\s+sigmoid\s+z\s+1/2\s+-1$`,                 // ŷ = 1/2
		`(?m)^L\s+pow\s+yhat - y, 2\s+1/4\s+1$`,               // L = 1/4
		`(?m)^x2\s+input\s+1\s+7/20$`,                         // ∂L/∂x2 = 7/20
		`(?m)^∂L/∂x2\s+mul\s+∂L/∂p2 · w2\s+7/20$`,             // 3-3 (b): the gradient graph
		`to x2: ∂p2/∂x2 = w2 = −7/5;  −1/4 × \(−7/5\) = 7/20`, // 3-3 (c): as on paper
		`(?m)^  w1  1/8  1/8  1/8$`,                           // the Hessian
		`w1 ← 4/5 − 1/10·\(−1/4\) = 33/40`,                    // 3-4: a step of SGD
		`(?m)^w1\s+weight\s+33/40\s`,                          // … kept for the next cell
		`accuracy 1 \(4/4\)`,                                  // 3-4 (f): XOR learnt
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("%s: no output matches %s", path, want)
		}
	}
	if svgs < 8 || pngs < 4 {
		t.Errorf("%s: %d SVG diagrams and %d PNG plots, want at least 8 and 4", path, svgs, pngs)
	}
}

// TestStoredNotebook checks the outputs stored in docs/exercise-3.ipynb,
// which GitHub shows without running it.
func TestStoredNotebook(t *testing.T) { checkExercise(t, exerciseNotebook) }

// TestNotebookExecutes runs the exercise notebook in Jupyter with the
// kernel, as a teacher would, and checks the outputs. The kernel is
// installed into a temporary prefix, not the user's Jupyter folders. It
// skips without jupyter nbconvert (CI installs Debian's).
func TestNotebookExecutes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cgraph and runs Jupyter")
	}
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		t.Skip("jupyter is not installed (apt-get install jupyter-nbconvert python3-nbclient)")
	}
	if err := exec.Command(jupyter, "nbconvert", "--version").Run(); err != nil {
		t.Skipf("jupyter nbconvert does not run: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cgraph")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/cgraph/cgraph/cmd/cgraph").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(dir, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(dir, "config"),
	)
	install := exec.Command(bin, "kernel", "install", "--prefix", dir)
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("kernel install: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	run := exec.CommandContext(ctx, jupyter, "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.kernel_name=cgraph", "--ExecutePreprocessor.timeout=300",
		"--ExecutePreprocessor.record_timing=False",
		"--output-dir", dir, "--output", "executed.ipynb", exerciseNotebook)
	run.Env = env
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, out)
	}
	t.Logf("the notebook executed in %v", time.Since(start).Round(time.Millisecond))
	executed := filepath.Join(dir, "executed.ipynb")
	checkExercise(t, executed)
	if *update && !t.Failed() {
		data, err := os.ReadFile(executed)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(exerciseNotebook, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
