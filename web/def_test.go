package web

import (
	"strings"
	"testing"
)

// TestGraphDef checks that the playground's path takes a program with
// defs: parse lists its inputs (the free names of bodies included), graph
// evaluates it and draws each call in a cluster titled with its def.
func TestGraphDef(t *testing.T) {
	s := New(nil)
	src := "def softrelu(x) = log(1 + exp(x))\nh = softrelu(w*x + b)\nL = (h - y)^2"
	code, resp := post(t, s, "/api/parse", map[string]any{"program": src})
	if code != 200 || strings.Join(toStrings(resp["inputs"]), " ") != "w x b y" {
		t.Fatalf("parse: %d %v", code, resp)
	}
	code, resp = post(t, s, "/api/graph", map[string]any{
		"program": src, "inputs": map[string]any{"w": "1", "x": "0", "b": "0", "y": "1"},
	})
	if code != 200 {
		t.Fatalf("graph: %d %v", code, resp["error"])
	}
	h := nodeByName(t, resp, "h")
	if v := h["value_num"].(float64); v < 0.6931 || v > 0.6932 { // log 2
		t.Errorf("h = %v, want log 2", v)
	}
	if nodeByName(t, resp, "softrelu#1:exp(x)")["generated"] != true {
		t.Error("the call's inner node is not generated")
	}
	svg := resp["svg"].(map[string]any)
	for _, view := range []string{"forward", "backward"} {
		if !strings.Contains(svg[view].(string), "softrelu(x) = log(1 + exp(x))") {
			t.Errorf("%s diagram has no cluster titled with the def", view)
		}
	}
	code, resp = post(t, s, "/api/parse", map[string]any{"program": "def f(x) = f(x)\ny = f(1)"})
	if code != 400 || !strings.HasPrefix(resp["error"].(string), "1:12: recursion: f calls itself") {
		t.Errorf("recursion: %d %v", code, resp)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
