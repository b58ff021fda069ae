package web

import (
	"strings"
	"testing"
)

// The exercise's x2 feeds p2 only; its gradient is ∂L/∂p2 · w2 = −1/4 ·
// (−7/5) = 7/20. Answering w2 (the local derivative alone) misses the
// product with the upstream gradient.
func TestPracticeNamesTheRule(t *testing.T) {
	s := New(nil)
	code, resp := post(t, s, "/api/practice", map[string]any{
		"program": exercise, "inputs": exerciseInputs,
		"answers": map[string]any{
			"values": map[string]string{"p1": "4/5", "z": "0.1"},
			"grads":  map[string]string{"x2": "-7/5", "w1": "-1/4"},
		},
	})
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp)
	}
	vs := resp["verdicts"].([]any)
	if len(vs) != 4 {
		t.Fatalf("%d verdicts, want 4: %v", len(vs), vs)
	}
	got := map[string]map[string]any{}
	for _, v := range vs {
		m := v.(map[string]any)
		got[m["kind"].(string)+" "+m["node"].(string)] = m
	}
	if got["value p1"]["right"] != true || got["value z"]["right"] != false || got["grad w1"]["right"] != true {
		t.Errorf("verdicts %v", vs)
	}
	x2 := got["grad x2"]
	if x2["right"] != false || x2["rule"] != "product with the upstream gradient" || x2["want"] != "7/20" {
		t.Errorf("∂L/∂x2 = −7/5: %v; want wrong, the product with the upstream gradient, 7/20", x2)
	}
}

func TestPracticeErrors(t *testing.T) {
	s := New(nil)
	for _, body := range []map[string]any{
		{"program": exercise, "inputs": exerciseInputs, "answers": map[string]any{"values": map[string]string{"nope": "1"}}},
		{"program": exercise, "inputs": exerciseInputs, "answers": map[string]any{"grads": map[string]string{"x1": "one"}}},
		{"program": exercise, "inputs": map[string]any{"x1": 1}, "answers": map[string]any{}},
		{"program": "a = ", "answers": map[string]any{}},
	} {
		if code, resp := post(t, s, "/api/practice", body); code != 400 || resp["error"] == "" {
			t.Errorf("%v: status %d, %v; want 400 with a message", body, code, resp)
		}
	}
}

// A program sent without some of its inputs' values is drawn without
// numbers, with formulas, and nothing is stepped through.
func TestGraphStructureOnly(t *testing.T) {
	s := New(nil)
	code, resp := post(t, s, "/api/graph", map[string]any{"program": "c = a + b\ne = c * d\ng = e - f", "inputs": map[string]any{"a": "1"}})
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp)
	}
	if m := resp["missing"].([]any); len(m) != 3 {
		t.Errorf("missing %v, want b, d, f", m)
	}
	if f := nodeByName(t, resp, "e")["formula"]; f != "c · d" && f != "c*d" && !strings.Contains(f.(string), "c") {
		t.Errorf("e's formula %v", f)
	}
	if n := len(resp["forward"].([]any)); n != 0 {
		t.Errorf("%d forward steps for a program without values", n)
	}
	svg := resp["svg"].(map[string]any)
	if b := svg["backward"].(string); !strings.Contains(b, "∂g/∂c") {
		t.Errorf("the backward structure diagram does not name ∂g/∂c")
	}
}
