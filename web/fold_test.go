package web

import (
	"fmt"
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
	if len(groups) != 1 || groups[0].(map[string]any)["id"] != "v0..v329" {
		t.Errorf("groups %v", groups)
	}
	// 3 s: room for a loaded machine and -race, as for 400 nodes.
	if took > 3*time.Second {
		t.Errorf("answered after %v", took)
	}
	t.Logf("answered in %v", took.Round(time.Millisecond))
}

// TestDiagramTurnsToFit: for a panel of 1400×900's size (1023×622 px,
// 12 px text), the exercise's backward diagram, too wide left to right,
// is drawn top to bottom, whole at a readable size, both views the same
// way; without values too. Without a panel it stays left to right.
func TestDiagramTurnsToFit(t *testing.T) {
	s := New(nil)
	defer s.Close()
	panel := map[string]any{"w": 1023, "h": 622, "text": 12}
	size := func(svg string) (w, h float64) {
		m := viewBoxRe.FindStringSubmatch(svg)
		if m == nil {
			t.Fatalf("no viewBox in %.200s", svg)
		}
		fmt.Sscan(m[1], &w)
		fmt.Sscan(m[2], &h)
		return w, h
	}
	for _, tt := range []struct {
		name   string
		inputs map[string]any
	}{{"with values", exerciseInputs}, {"without", map[string]any{}}} {
		code, resp := post(t, s, "/api/graph", map[string]any{"program": exercise, "inputs": tt.inputs, "panel": panel})
		if code != 200 {
			t.Fatalf("%s: status %d: %v", tt.name, code, resp["error"])
		}
		svg := resp["svg"].(map[string]any)
		for _, view := range []string{"forward", "backward"} {
			if w, h := size(svg[view].(string)); w > 1023 || h > 622 {
				t.Errorf("%s: the %s diagram is %.0f×%.0f at 12 px text; want within 1023×622", tt.name, view, w, h)
			}
		}
	}
	code, resp := post(t, s, "/api/graph", map[string]any{"program": exercise, "inputs": exerciseInputs})
	if w, _ := size(resp["svg"].(map[string]any)["backward"].(string)); code != 200 || w < 1023 {
		t.Errorf("without a panel the backward diagram is %.0f wide; want left to right, wider than the panel", w)
	}
}

// TestDiagramCompactOnAPhone: for a phone's panel (390×844: 374×583 px,
// 12 px text) the exercise's backward diagram fits neither way with its
// edge labels; it comes compact, without them, and fits. Asked for the
// labels, or on a laptop's panel, or a low one wide enough (800×600:
// 769×412), it keeps them.
func TestDiagramCompactOnAPhone(t *testing.T) {
	s := New(nil)
	defer s.Close()
	phone := map[string]any{"w": 374, "h": 583, "text": 12}
	laptop := map[string]any{"w": 1023, "h": 622, "text": 12}
	low := map[string]any{"w": 769, "h": 412, "text": 12}
	for _, tt := range []struct {
		name    string
		panel   map[string]any
		labels  bool
		compact bool
	}{{"phone", phone, false, true}, {"phone, labels asked for", phone, true, false}, {"laptop", laptop, false, false}, {"low", low, false, false}} {
		code, resp := post(t, s, "/api/graph", map[string]any{"program": exercise, "inputs": exerciseInputs, "panel": tt.panel, "edge_labels": tt.labels})
		if code != 200 {
			t.Fatalf("%s: status %d: %v", tt.name, code, resp["error"])
		}
		compact, _ := resp["compact"].(bool)
		svg := resp["svg"].(map[string]any)
		back := svg["backward"].(string)
		if compact != tt.compact || strings.Contains(back, "e7_8_0") == tt.compact {
			t.Errorf("%s: compact %v, edge label nodes %v; want compact %v", tt.name, compact, strings.Contains(back, "e7_8_0"), tt.compact)
		}
	}
	code, resp := post(t, s, "/api/graph", map[string]any{"program": exercise, "inputs": exerciseInputs, "panel": phone})
	d := resp["svg"].(map[string]any)
	p := &panelSize{W: 374, H: 583, Text: 12}
	if f := p.fit(&diagrams{Forward: d["forward"].(string), Backward: d["backward"].(string)}); code != 200 || f < 1 {
		t.Errorf("on a phone the diagrams fit at %.2f of the readable size; want whole at 12 px or more", f)
	}
}
