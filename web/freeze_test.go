package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// sigmoidChain is the program of issue 17, finding 1: 3.9 KB whose
// diagram Graphviz takes minutes to lay out at n = 130.
func sigmoidChain(n int) (string, map[string]any) {
	var b strings.Builder
	b.WriteString("v0 = sigmoid(x * w0 + b)\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "v%d = sigmoid(v%d * w%d + b)\n", i, i-1, i%5)
	}
	inputs := map[string]any{"x": "1/2", "b": 0}
	for i := range 5 {
		inputs[fmt.Sprintf("w%d", i)] = "1/3"
	}
	return b.String(), inputs
}

func postJSON(url string, body any) (*http.Response, []byte, error) {
	data, _ := json.Marshal(body)
	res, err := http.Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return res, out, err
}

// TestPathologicalRenderIsStopped replays finding 1 with the cost model
// lifted, so that Graphviz really starts on the 130-statement chain: the
// request gets its 503 at the deadline, the health check and the page keep
// answering meanwhile, a garbage collection does not wait for Graphviz,
// and the next diagram is drawn at once (no render lock left held).
//
// The bounds are generous for a loaded 2-core machine and still far from
// the failure they guard against: the layout would take many minutes, and
// before the fix health stopped answering for 9–23 minutes.
func TestPathologicalRenderIsStopped(t *testing.T) {
	limits := DefaultLimits
	limits.Timeout = 2 * time.Second
	limits.MaxLayout = -1                                                     // no cost model: let Graphviz try
	s := New(&Options{Limits: &limits, RenderWorkers: 1, MaxMemory: 8 << 30}) // Graphviz may take 256 MiB
	defer s.Close()
	ts := httptest.NewServer(s)
	defer ts.Close()

	// 130 statements, drawn node by node: a layout of minutes. (40 were
	// enough until diagrams got closer ranks for issue 13; they now lay out
	// in under 2 s.) Graphviz may pass its child's memory limit before the
	// deadline, which ends the render too: either way it is stopped.
	program, inputs := sigmoidChain(130)
	type answer struct {
		status int
		took   time.Duration
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		start := time.Now()
		res, body, err := postJSON(ts.URL+"/api/graph", map[string]any{"program": program, "inputs": inputs, "open": []string{"v0..v129"}})
		a := answer{took: time.Since(start), err: err}
		if err == nil {
			a.status = res.StatusCode
			var r graphResponse
			if a.status == http.StatusOK && (json.Unmarshal(body, &r) != nil || r.SVG == nil || r.SVG.Backward != "" || r.DiagramNote == "") {
				a.err = fmt.Errorf("a diagram after all? %.300s", body)
			}
		}
		done <- a
	}()

	time.Sleep(300 * time.Millisecond) // Graphviz is at work now
	for i := 0; i < 10; i++ {
		start := time.Now()
		res, err := http.Get(ts.URL + "/api/health")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if took := time.Since(start); res.StatusCode != 200 || took > 2*time.Second {
			t.Fatalf("health during the render: %d after %v", res.StatusCode, took)
		}
		start = time.Now()
		runtime.GC() // stops the world: must not wait for Graphviz
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("a garbage collection took %v during the render", took)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// The render ends at the deadline (503), or sooner if Graphviz passes
	// its memory limit first (200, with no backward diagram and a note):
	// which comes first depends on the machine; either way it was stopped.
	a := <-done
	if a.err != nil || (a.status != http.StatusServiceUnavailable && a.status != http.StatusOK) {
		t.Fatalf("pathological request: status %d, %v; want 503 or 200 without its diagram", a.status, a.err)
	}
	t.Logf("pathological request answered %d after %v (limit 2s)", a.status, a.took.Round(time.Millisecond))
	if a.took > 2*time.Second+5*time.Second {
		t.Errorf("503 came %v after the request, more than 5 s after its deadline", a.took)
	}

	start := time.Now()
	res, body, err := postJSON(ts.URL+"/api/graph", map[string]any{"program": exercise, "inputs": exerciseInputs})
	var next graphResponse
	if err != nil || res.StatusCode != 200 || json.Unmarshal(body, &next) != nil || next.SVG == nil ||
		!strings.Contains(next.SVG.Backward, "<svg") {
		t.Fatalf("next diagram: %v %v %.200s", res.Status, err, body)
	}
	t.Logf("the next diagram took %v", time.Since(start).Round(time.Millisecond))
}

// TestPathologicalDiagramRefused: with the default limits, the request of
// finding 1 with the chain drawn node by node (open) never reaches
// Graphviz. It answers at once with the table and the steps, no diagram,
// and a note that says why. Folded, as the page first asks for it, the
// chain is one box (issue 13).
func TestPathologicalDiagramRefused(t *testing.T) {
	s := New(nil)
	defer s.Close()
	program, inputs := sigmoidChain(130)
	code, resp := post(t, s, "/api/graph", map[string]any{"program": program, "inputs": inputs})
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp["error"])
	}
	if svg := resp["svg"].(map[string]any); !strings.Contains(svg["backward"].(string), "130 statements alike") || resp["diagram_note"] != nil {
		t.Errorf("the chain folded: note %v, no box in the diagram", resp["diagram_note"])
	}
	start := time.Now()
	code, resp = post(t, s, "/api/graph", map[string]any{"program": program, "inputs": inputs, "open": []string{"v0..v129"}})
	took := time.Since(start)
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp["error"])
	}
	svg := resp["svg"].(map[string]any)
	note, _ := resp["diagram_note"].(string)
	if svg["forward"] != "" || svg["backward"] != "" || !strings.Contains(note, "no backward diagram") {
		t.Errorf("diagrams of %d and %d bytes, note %q; want none, and a note", len(svg["forward"].(string)), len(svg["backward"].(string)), note)
	}
	if len(resp["nodes"].([]any)) < 130 {
		t.Errorf("%d nodes in the answer", len(resp["nodes"].([]any)))
	}
	// Evaluating 400 nodes exactly and writing their steps is quick; 3 s
	// leaves room for a loaded machine and -race.
	if took > 3*time.Second {
		t.Errorf("answered after %v", took)
	}
	t.Logf("answered in %v: %s", took.Round(time.Millisecond), note)

	// A chain of 20 (84 nodes: drawn open): with numbers too slow, with
	// names only fine.
	program, inputs = sigmoidChain(20)
	code, resp = post(t, s, "/api/graph", map[string]any{"program": program, "inputs": inputs})
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp["error"])
	}
	note, _ = resp["diagram_note"].(string)
	if svg := resp["svg"].(map[string]any); svg["backward"] == "" || !strings.Contains(note, "backward diagram shows names only") {
		t.Errorf("chain of 20: note %q", note)
	}
}

// TestPresetsDrawnInFull: the cost model leaves every preset's diagrams
// alone.
func TestPresetsDrawnInFull(t *testing.T) {
	s := New(nil)
	defer s.Close()
	for _, p := range Presets {
		code, resp := post(t, s, "/api/graph", map[string]any{"program": p.Program, "inputs": p.Inputs})
		if code != 200 || resp["diagram_note"] != nil {
			t.Errorf("preset %s: %d, note %v", p.ID, code, resp["diagram_note"])
		}
	}
}
