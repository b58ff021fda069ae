package bench

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/gen"
)

var update = flag.Bool("update", false, "rewrite the generated code under internal/")

// generatedFile is a graph of the suite written as Go by package gen.
type generatedFile struct {
	path string
	g    *cgraph.Graph
	out  *cgraph.Node
	opt  gen.Options
}

func generatedFiles(t testing.TB) []generatedFile {
	ex, L := exerciseGraph()
	m, _ := xorNet(t)
	return []generatedFile{
		{"internal/exercise/exercise.go", ex, L, gen.Options{Package: "exercise", Type: "Exercise",
			Source: "exercise 3-3: p1 = w1*x1, p2 = w2*x2, z = p1 + p2 + p0, yhat = σ(z), L = (yhat − y)²"}},
		{"internal/xor/xor.go", m.Graph(), m.Loss(), gen.Options{Package: "xor", Type: "Net",
			Source: "a 2-2-1 sigmoid network with the squared loss (nn.New, seed 3, α = 0.5)"}},
	}
}

// TestGeneratedUpToDate regenerates the code the benchmarks run and
// compares it with the committed files; go generate (-update) rewrites
// them.
func TestGeneratedUpToDate(t *testing.T) {
	for _, f := range generatedFiles(t) {
		src, err := gen.Go(f.g, f.out, f.opt)
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f.path, src, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(old, src) {
			t.Errorf("%s is out of date: run go generate ./bench", f.path)
		}
	}
}
