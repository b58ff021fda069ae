package program_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/program"
)

func sigmoidChain(n int) string {
	var b strings.Builder
	b.WriteString("v0 = sigmoid(x * w0 + b)\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "v%d = sigmoid(v%d * w%d + b)\n", i, i-1, i%5)
	}
	return b.String()
}

// TestRepeats: issue 17's chain of 130 statements is one run; its inputs
// are those of its first statement (x, w0, b), the other weights are
// inside it; a program without a repeated form has none.
func TestRepeats(t *testing.T) {
	b, err := expr.Compile(sigmoidChain(130))
	if err != nil {
		t.Fatal(err)
	}
	groups := program.DiagramGroups(b)
	if len(groups) != 1 {
		t.Fatalf("%d runs; want 1", len(groups))
	}
	g := groups[0]
	if g.Label != "v0 = sigmoid(x * w0 + b) … v129: 130 statements alike" || g.Name != "v0..v129" || !g.Box || g.OutName != "v" {
		t.Errorf("the run is %q (%q, box %v, %q)", g.Label, g.Name, g.Box, g.OutName)
	}
	in := map[string]bool{}
	for _, n := range g.Nodes {
		in[n.Name()] = true
	}
	for name, want := range map[string]bool{"x": false, "w0": false, "b": false, "w1": true, "w4": true, "v0": true, "v129": true} {
		if in[name] != want {
			t.Errorf("%s in the run: %v; want %v", name, in[name], want)
		}
	}
	// Each statement: v·w, the sum, the sigmoid; and w1 … w4.
	if len(g.Nodes) != 3*130+4 {
		t.Errorf("%d nodes in the run; want %d", len(g.Nodes), 3*130+4)
	}
	for _, src := range []string{
		"a = x * 2\nb = a + 1\nc = b * 2\nd = c + 1\n", // alternating forms
		sigmoidChain(2),
	} {
		b, err := expr.Compile(src)
		if err != nil {
			t.Fatal(err)
		}
		if gs := program.Repeats(b); len(gs) != 0 {
			t.Errorf("%q: %d runs; want none", src, len(gs))
		}
	}
	// A small program keeps its statements whole.
	b, _ = expr.Compile(sigmoidChain(20))
	if gs := program.DiagramGroups(b); len(gs) != 0 {
		t.Errorf("a chain of 20 (84 nodes): %d groups; want none", len(gs))
	}
}
