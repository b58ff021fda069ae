package web

import (
	"strings"
	"testing"
	"time"
)

// TestLargeProgramFolded: at the node limit, raised from 400 to 1000
// since diagrams fold what repeats (issue 13), the chain of issue 17 with
// 330 statements (997 nodes) is answered with every node and step and a
// diagram of its run as one box, in the time the 400-node chain took with
// no diagram: evaluating exactly costs a bounded amount per node
// (cgraph.MaxExactBits), and the layout is of five nodes.
func TestLargeProgramFolded(t *testing.T) {
	s := New(nil)
	defer s.Close()
	program, inputs := sigmoidChain(330)
	start := time.Now()
	code, resp := post(t, s, "/api/graph", map[string]any{"program": program, "inputs": inputs})
	took := time.Since(start)
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp["error"])
	}
	if n := len(resp["nodes"].([]any)); n < 990 || n > s.limits.MaxNodes {
		t.Errorf("%d nodes; want the chain's 997", n)
	}
	svg := resp["svg"].(map[string]any)
	if b := svg["backward"].(string); !strings.Contains(b, "330 statements alike") || !strings.Contains(b, "≤ ∂v329/∂v ≤") || resp["diagram_note"] != nil {
		t.Errorf("the backward diagram does not show the run with its gradients (note %v)", resp["diagram_note"])
	}
	groups := resp["groups"].([]any)
	if len(groups) != 1 || groups[0].(map[string]any)["id"] != "v0…v329" {
		t.Errorf("groups %v", groups)
	}
	// 3 s: room for a loaded machine and -race, as for 400 nodes.
	if took > 3*time.Second {
		t.Errorf("answered after %v", took)
	}
	t.Logf("answered in %v", took.Round(time.Millisecond))
}
