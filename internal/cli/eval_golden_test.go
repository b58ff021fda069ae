package cli

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestEvalJSONGolden holds eval --json to golden files: the shape scripts
// rely on (see the README) and the numbers of the exercise. Run
// go test ./internal/cli -update to rewrite them after a deliberate change,
// and read the diff.
func TestEvalJSONGolden(t *testing.T) {
	const exercise = "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2"
	exerciseArgs := []string{"x1=1", "x2=1", "w1=4/5", "w2=-7/5", "p0=3/5", "y=1"}
	tests := []struct {
		file string
		args []string
	}{
		{"exercise.json", append([]string{"eval", "--json", exercise}, exerciseArgs...)},
		{"exercise_grad_graph.json", append([]string{"eval", "--json", "--grad-graph", exercise}, exerciseArgs...)},
		{"exercise_hessian.json", append([]string{"eval", "--json", "--hessian", "w1,w2,p0", exercise}, exerciseArgs...)},
		{"literals.json", []string{"eval", "--json", "L = x^2 + x^2 + 3*x", "x=1/3"}},
		{"def.json", []string{"eval", "--json", "def sq(t) = t^2\nL = sq(x) + sq(2*x)", "x=3"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			code, out, errOut := run(t, "", tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./internal/cli -update writes it)", err)
			}
			if out != string(want) {
				t.Errorf("%s differs from the golden file (go test ./internal/cli -update rewrites it)\ngot:\n%s\nwant:\n%s", tt.file, out, want)
			}
		})
	}
}
