package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
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

// TestPanicIsABug: a panic in a command is reported as a bug with exit
// status 3, never 2 (the status of a usage error).
func TestPanicIsABug(t *testing.T) {
	saved := verbs
	t.Cleanup(func() { verbs = saved })
	verbs = append(verbs[:len(verbs):len(verbs)], func(*env) *cobra.Command {
		return &cobra.Command{Use: "boom", RunE: func(*cobra.Command, []string) error { panic("index out of range") }}
	})
	code, _, errOut := run(t, "", "boom")
	if code != exitBug || !strings.HasPrefix(errOut, "cgraph: internal error, a bug of cgraph") || !strings.Contains(errOut, "index out of range") {
		t.Errorf("exit %d, stderr %.300q", code, errOut)
	}
}
