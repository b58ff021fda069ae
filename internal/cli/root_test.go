package cli

import (
	"errors"
	"strings"
	"testing"
)

// TestCacheProblemIsAWarning: a Graphviz cache that cannot be used costs
// start-up time and a line on stderr, never the command (issue 17, 4).
func TestCacheProblemIsAWarning(t *testing.T) {
	saved := cacheProblem
	t.Cleanup(func() { cacheProblem = saved })
	cacheProblem = func() error { return errors.New("graphviz cache: /x/cgraph belongs to user 1001, not to you (1000)") }
	code, out, errOut := run(t, "", "train", "xor", "--epochs", "1")
	if code != 0 || !strings.Contains(out, "accuracy") {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.HasPrefix(errOut, "cgraph: warning: graphviz cache: /x/cgraph belongs to user 1001") {
		t.Errorf("stderr %q, want the warning", errOut)
	}
}
