//go:build !norender

package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEvalLayoutLimit: the diagram of issue 17's sigmoid chain drawn node
// by node (--expand), which Graphviz lays out in minutes, is refused at
// once with exit status 2 and the flag that lifts the limit; a small
// diagram is drawn as before, and so is the chain as one box (issue 13).
func TestEvalLayoutLimit(t *testing.T) {
	var prog strings.Builder
	prog.WriteString("v0 = sigmoid(x * w0 + b)\n")
	for i := 1; i < 130; i++ {
		fmt.Fprintf(&prog, "v%d = sigmoid(v%d * w%d + b)\n", i, i-1, i%5)
	}
	args := []string{"eval", "--hand", "--expand", "--svg", filepath.Join(t.TempDir(), "chain.svg"), prog.String(),
		"x=1/2", "b=0", "w0=1/3", "w1=1/3", "w2=1/3", "w3=1/3", "w4=1/3"}
	start := time.Now()
	code, _, stderr := run(t, "", args...)
	// Refusing takes the time of evaluating 400 nodes, not a layout;
	// 10 s is room for a loaded machine, the layout would take hours.
	if took := time.Since(start); code != exitUsage || !strings.Contains(stderr, "--layout-limit 0") || took > 10*time.Second {
		t.Errorf("status %d after %v, stderr %q; want %d at once, naming --layout-limit 0", code, took, stderr, exitUsage)
	}
	start = time.Now()
	code, _, stderr = run(t, "", append(args[:2:2], args[3:]...)...)
	if took := time.Since(start); code != exitOK || took > 10*time.Second {
		t.Errorf("the chain as one box: status %d after %v, %s", code, took, stderr)
	}
	code, _, stderr = run(t, "", "eval", "--hand", "--svg", filepath.Join(t.TempDir(), "ex.svg"),
		"p1 = w1*x1; L = (p1 - y)^2", "w1=1/2", "x1=1", "y=1")
	if code != exitOK {
		t.Errorf("a small diagram: status %d, %s", code, stderr)
	}
}
