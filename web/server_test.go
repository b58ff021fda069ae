package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// post sends body (a string as is, anything else as JSON) to path and
// returns the status and the decoded answer.
func post(t *testing.T, h http.Handler, path string, body any) (int, map[string]any) {
	t.Helper()
	var data []byte
	if s, ok := body.(string); ok {
		data = []byte(s)
	} else {
		var err error
		if data, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req := newRequest("POST", path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	return serve(t, h, req)
}

// newRequest is httptest.NewRequest addressed to localhost, a Host the
// server accepts (httptest's own default, example.com, it refuses).
func newRequest(method, path string, body io.Reader) *http.Request {
	req := httptest.NewRequest(method, path, body)
	req.Host = "localhost"
	return req
}

func serve(t *testing.T, h http.Handler, req *http.Request) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: answer is not a JSON object: %v\n%s", req.Method, req.URL.Path, err, rec.Body.Bytes())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", req.URL.Path, ct)
	}
	return rec.Code, out
}

const exercise = "p1 = w1*x1\np2 = w2*x2\nz = p1 + p2 + p0\nyhat = sigmoid(z)\nL = (yhat - y)^2"

var exerciseInputs = map[string]any{"x1": 1, "x2": "1", "w1": "4/5", "w2": "-7/5", "p0": "3/5", "y": "1"}

func nodeByName(t *testing.T, resp map[string]any, name string) map[string]any {
	t.Helper()
	for _, n := range resp["nodes"].([]any) {
		if m := n.(map[string]any); m["name"] == name {
			return m
		}
	}
	t.Fatalf("no node %s in %v", name, resp["nodes"])
	return nil
}

func TestGraphExercise(t *testing.T) {
	s := New(nil)
	code, resp := post(t, s, "/api/graph", map[string]any{"program": exercise, "inputs": exerciseInputs})
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp)
	}
	// The exercise's hand solution, exactly (3-3 (a) and (c)).
	for name, want := range map[string][2]string{
		"p1": {"4/5", "−1/4"}, "p2": {"−7/5", "−1/4"}, "z": {"0", "−1/4"}, "yhat": {"1/2", "−1"},
		"L": {"1/4", "1"}, "w1": {"4/5", "−1/4"}, "w2": {"−7/5", "−1/4"}, "p0": {"3/5", "−1/4"},
		"x1": {"1", "−1/5"}, "x2": {"1", "7/20"}, "y": {"1", "1"},
	} {
		n := nodeByName(t, resp, name)
		if n["value"] != want[0] || n["grad"] != want[1] {
			t.Errorf("%s: value %v grad %v; want %s and %s", name, n["value"], n["grad"], want[0], want[1])
		}
	}
	if got := nodeByName(t, resp, "yhat")["value_num"]; got != 0.5 {
		t.Errorf("yhat value_num %v", got)
	}
	fw, bw := resp["forward"].([]any), resp["backward"].([]any)
	// A backward step per node and per edge, but for the 2 of ^2 and its
	// edge: 12 + 11.
	if len(fw) != 13 || len(bw) != 23 {
		t.Errorf("%d forward and %d backward steps; want 13 and 23", len(fw), len(bw))
	}
	if two := nodeByName(t, resp, "2"); two["literal"] != true {
		t.Errorf("the 2 of ^2 is not marked literal: %v", two)
	}
	if got := bw[len(bw)-1].(map[string]any)["text"]; !strings.HasPrefix(got.(string), "∂L/∂") {
		t.Errorf("last backward step %q", got)
	}
	svg := resp["svg"].(map[string]any)
	for _, view := range []string{"forward", "backward"} {
		if s := svg[view].(string); !strings.Contains(s, "<svg") || !strings.Contains(s, "<title>n0</title>") {
			t.Errorf("%s diagram is not an SVG with node ids: %.200s", view, s)
		}
	}
	if !strings.Contains(svg["backward"].(string), "−1/4 × 1 = −1/4") {
		t.Error("backward diagram lacks the hand calculation")
	}
}

func TestGraphNoDiagramAndNumbers(t *testing.T) {
	code, resp := post(t, New(nil), "/api/graph", map[string]any{
		"program": "c = a + b; e = c * d; g = e - f", "inputs": map[string]any{"a": 1, "b": 2.5, "d": "3", "f": "-4"},
		"no_diagram": true,
	})
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp)
	}
	if _, ok := resp["svg"]; ok {
		t.Error("no_diagram still sent the diagrams")
	}
	if g := nodeByName(t, resp, "g"); g["value_num"] != 14.5 {
		t.Errorf("g = %v, want 14.5", g["value_num"])
	}
}

func TestBadInput(t *testing.T) {
	s := New(nil)
	tests := []struct {
		name, path string
		body       any
		status     int
		msg        string // in the error
	}{
		{"malformed JSON", "/api/graph", `{"program": `, 400, "malformed JSON"},
		{"not an object", "/api/graph", `[1, 2]`, 400, "malformed JSON"},
		{"two values", "/api/graph", `{} {}`, 400, "more than one value"},
		{"empty body", "/api/parse", ``, 400, "empty body"},
		{"unknown field", "/api/graph", `{"program": "a = b", "bogus": 1}`, 400, "unknown field"},
		{"syntax error", "/api/graph", map[string]any{"program": "a = b +* c"}, 400, "1:8:"},
		// a missing input draws the structure (TestGraphStructureOnly); practice needs every value
		{"missing input", "/api/practice", map[string]any{"program": "a = b + c", "inputs": map[string]any{"b": 1}}, 400, "missing value for c"},
		{"unknown input", "/api/graph", map[string]any{"program": "a = b", "inputs": map[string]any{"b": 1, "q": 2}}, 400, "q is not a name"},
		{"computed input", "/api/graph", map[string]any{"program": "a = b", "inputs": map[string]any{"b": 1, "a": 2}}, 400, "computed by the program"},
		{"bad value", "/api/graph", map[string]any{"program": "a = b", "inputs": map[string]any{"b": "4/0"}}, 400, "value of b"},
		{"value of a wrong type", "/api/graph", `{"program": "a = b", "inputs": {"b": [1]}}`, 400, "must be a number"},
		{"NaN in forward", "/api/graph", map[string]any{"program": "a = log(b)", "inputs": map[string]any{"b": -1}}, 400, "a"},
		{"cycle", "/api/graph", map[string]any{"program": "a = b + 1; b = a"}, 400, "cycle"},
		{"program too long", "/api/parse", map[string]any{"program": "a = " + strings.Repeat("b + ", 5000) + "c"}, 400, "limit"},
		{"too many nodes", "/api/parse", map[string]any{"program": manyNodes(800)}, 400, "nodes, more than the limit"},
		{"unknown dataset", "/api/train", map[string]any{"dataset": "nope", "hidden": []int{2}}, 400, "unknown dataset"},
		{"too many epochs", "/api/train", map[string]any{"dataset": "xor", "epochs": 1 << 20}, 400, "epochs"},
		{"too many steps", "/api/train", map[string]any{"dataset": "circle", "samples": 500, "epochs": 1000}, 400, "steps"},
		{"too many layers", "/api/train", map[string]any{"dataset": "xor", "hidden": []int{2, 2, 2, 2, 2, 2, 2, 2, 2}}, 400, "hidden layers"},
		{"train work", "/api/train", map[string]any{"dataset": "spiral", "samples": 500, "hidden": []int{64, 64, 64, 64, 64, 64, 64, 64}, "epochs": 200}, 400, "weights"},
		{"too wide", "/api/train", map[string]any{"dataset": "xor", "hidden": []int{1000}}, 400, "units"},
		{"zero units", "/api/train", map[string]any{"dataset": "xor", "hidden": []int{0}}, 400, "units"},
		{"bad activation", "/api/train", map[string]any{"dataset": "xor", "activation": "swish"}, 400, "swish"},
		{"bad params", "/api/train", map[string]any{"dataset": "xor", "hidden": []int{2}, "params": []float64{1, 2}}, 400, "params"},
		{"negative lr", "/api/train", map[string]any{"dataset": "xor", "lr": -1}, 400, "learning rate"},
		{"noise", "/api/train", map[string]any{"dataset": "xor", "noise": 2}, 400, "noise"},
		{"grid", "/api/train", map[string]any{"dataset": "xor", "grid": 100000}, 400, "grid"},
		{"deep vanish", "/api/vanish", map[string]any{"depth": 1000, "width": 4, "activations": []string{"relu"}, "inits": []string{"he"}}, 400, "depth"},
		{"wide vanish", "/api/vanish", map[string]any{"depth": 10, "width": 1000, "activations": []string{"relu"}, "inits": []string{"he"}}, 400, "width"},
		{"many runs", "/api/vanish", map[string]any{"depth": 5, "width": 4, "activations": []string{"relu", "tanh"}, "inits": []string{"he", "normal"}, "seeds": 20}, 400, "runs"},
		{"vanish work", "/api/vanish", map[string]any{"depth": 200, "width": 128, "activations": []string{"relu", "tanh", "sigmoid", "leaky_relu"}, "inits": []string{"he", "normal"}, "seeds": 4}, 400, "limit"},
		{"bad init", "/api/vanish", map[string]any{"depth": 5, "width": 4, "activations": []string{"relu"}, "inits": []string{"magic"}}, 400, "magic"},
		{"no activations", "/api/vanish", map[string]any{"depth": 5, "width": 4}, 400, "at least one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, resp := post(t, s, tt.path, tt.body)
			msg, _ := resp["error"].(string)
			if code != tt.status || !strings.Contains(msg, tt.msg) {
				t.Errorf("status %d, error %q; want %d with %q", code, msg, tt.status, tt.msg)
			}
		})
	}
}

func manyNodes(n int) string {
	var b strings.Builder
	b.WriteString("a0 = x\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "a%d = a%d + 1\n", i, i-1)
	}
	return b.String()
}

func TestSyntaxErrorPositions(t *testing.T) {
	code, resp := post(t, New(nil), "/api/parse", map[string]any{"program": "a = b\nc = (a + \nd = 2 ** * 3"})
	if code != 400 {
		t.Fatalf("status %d", code)
	}
	errs := resp["errors"].([]any)
	if len(errs) == 0 {
		t.Fatal("no positioned errors")
	}
	first := errs[0].(map[string]any)
	if first["line"].(float64) < 2 || first["col"].(float64) < 1 || first["snippet"] == "" {
		t.Errorf("first error %v: want a line ≥ 2, a column and a snippet", first)
	}
}

// TestExactBlowUp: the exact fractions of a chain of squarings of 1/3 double
// in size at every node; the answer must come at once, the first squarings
// as fractions and the rest, past cgraph.MaxExactBits, in decimals.
func TestExactBlowUp(t *testing.T) {
	var b strings.Builder
	b.WriteString("a1 = x*x\n")
	for i := 2; i <= 40; i++ {
		fmt.Fprintf(&b, "a%d = a%d*a%d\n", i, i-1, i-1)
	}
	start := time.Now()
	code, resp := post(t, New(nil), "/api/graph", map[string]any{"program": b.String(), "inputs": map[string]any{"x": "1/3"}})
	if code != 200 || resp["exact"] != true {
		t.Fatalf("status %d, exact %v: %v", code, resp["exact"], resp["error"])
	}
	values := map[string]string{}
	for _, n := range resp["nodes"].([]any) {
		n := n.(map[string]any)
		values[n["name"].(string)], _ = n["value"].(string)
	}
	if values["a2"] != "1/81" || strings.Contains(values["a40"], "/") || values["a40"] == "" {
		t.Errorf("a2 = %q, a40 = %q: want 1/81 and a decimal", values["a2"], values["a40"])
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	if code, resp := post(t, New(nil), "/api/graph", map[string]any{"program": exercise, "inputs": exerciseInputs, "no_diagram": true}); code != 200 || resp["exact"] != true {
		t.Errorf("the exercise is not exact: %d %v", code, resp["exact"])
	}
}

func TestParse(t *testing.T) {
	code, resp := post(t, New(nil), "/api/parse", map[string]any{"program": exercise})
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp)
	}
	if resp["output"] != "L" || len(resp["inputs"].([]any)) != 6 {
		t.Errorf("parse: %v", resp)
	}
}

func TestPresetsEvaluate(t *testing.T) {
	s := New(nil)
	for _, p := range Presets {
		code, resp := post(t, s, "/api/graph", map[string]any{"program": p.Program, "inputs": p.Inputs, "no_diagram": true})
		if code != 200 {
			t.Errorf("preset %s: status %d: %v", p.ID, code, resp["error"])
		}
	}
}

func TestGetEndpoints(t *testing.T) {
	s := New(nil)
	for _, path := range []string{"/api/presets", "/api/options", "/api/limits", "/api/health"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, newRequest("GET", path, nil))
		if rec.Code != 200 || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
	}
	for path, want := range map[string]int{"/api/graph": 405, "/api/nope": 404} {
		code, resp := serve(t, s, newRequest("GET", path, nil))
		if code != want || resp["error"] == "" {
			t.Errorf("GET %s: %d %v; want %d", path, code, resp, want)
		}
	}
	req := newRequest("POST", "/api/graph", strings.NewReader("program=a"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if code, _ := serve(t, s, req); code != http.StatusUnsupportedMediaType {
		t.Errorf("a form post answered %d, want 415 (a cross-site form must not reach the API)", code)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, newRequest("GET", "/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "cgraph playground") {
		t.Errorf("GET /: %d", rec.Code)
	}
}

func TestBodyLimit(t *testing.T) {
	limits := DefaultLimits
	limits.MaxBody = 1000
	s := New(&Options{Limits: &limits})
	code, resp := post(t, s, "/api/parse", map[string]any{"program": strings.Repeat("a = b\n", 1000)})
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d %v; want 413", code, resp)
	}
}

func TestTimeout(t *testing.T) {
	limits := DefaultLimits
	limits.Timeout = time.Millisecond
	s := New(&Options{Limits: &limits})
	code, resp := post(t, s, "/api/train", map[string]any{"dataset": "spiral", "samples": 500, "hidden": []int{16, 16, 16}, "epochs": 200})
	if code != http.StatusServiceUnavailable || !strings.Contains(resp["error"].(string), "longer than the limit") {
		t.Errorf("status %d %v; want 503 naming the limit", code, resp)
	}
}

func TestTrainLossFallsAcrossRequests(t *testing.T) {
	s := New(nil)
	req := map[string]any{"dataset": "xor", "hidden": []int{4}, "activation": "tanh", "lr": 0.3, "seed": 1, "epochs": 0, "grid": 8}
	code, resp := post(t, s, "/api/train", req)
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp)
	}
	first := resp["loss"].(float64)
	for range 10 {
		req["params"], req["epoch"], req["epochs"] = resp["params"], resp["epoch"], 50
		if code, resp = post(t, s, "/api/train", req); code != 200 {
			t.Fatalf("status %d: %v", code, resp)
		}
	}
	last := resp["loss"].(float64)
	if resp["epoch"].(float64) != 500 || !(last < first/10) || resp["accuracy"].(float64) != 1 {
		t.Errorf("after %v epochs loss %v → %v, accuracy %v", resp["epoch"], first, last, resp["accuracy"])
	}
	if b := resp["boundary"].(map[string]any); len(b["values"].([]any)) != 64 {
		t.Errorf("boundary of %d values, want 8×8", len(b["values"].([]any)))
	}
}

func TestVanish(t *testing.T) {
	code, resp := post(t, New(nil), "/api/vanish", map[string]any{
		"depth": 10, "width": 8, "activations": []string{"sigmoid", "relu"}, "inits": []string{"normal", "xavier*4"}, "seeds": 2,
	})
	if code != 200 {
		t.Fatalf("status %d: %v", code, resp)
	}
	runs := resp["runs"].([]any)
	if len(runs) != 8 || len(resp["reference"].([]any)) != 10 {
		t.Fatalf("%d runs, %d reference points", len(runs), len(resp["reference"].([]any)))
	}
	r := runs[0].(map[string]any)
	if r["activation"] != "sigmoid" || r["init"] != "normal" || len(r["layers"].([]any)) != 10 {
		t.Errorf("first run %v", r)
	}
}

// TestConcurrentUsers runs different programs at once: each answer must be
// its own program's, whatever the interleaving (run with -race).
func TestConcurrentUsers(t *testing.T) {
	s := New(nil)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			b := float64(i)
			code, resp := post(t, s, "/api/graph", map[string]any{
				"program": "c = a * b", "inputs": map[string]any{"a": 2, "b": b}, "no_diagram": i%2 == 0,
			})
			if code != 200 {
				t.Errorf("user %d: %d %v", i, code, resp)
				return
			}
			if got := nodeByName(t, resp, "c")["value_num"]; got != 2*b {
				t.Errorf("user %d got c = %v, want %v", i, got, 2*b)
			}
		})
	}
	wg.Wait()
}

func TestServeShutsDownGracefully(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, New(nil), 5*time.Second) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the context ended")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/api/health"); err == nil {
		t.Error("still answering after shutdown")
	}
}

// TestTrainAtLimits: a training request at the playground's limits (8
// layers of 64 units, 500 samples, as many epochs as the work limit
// allows, a 64×64 boundary) is answered within its deadline.
func TestTrainAtLimits(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("trains a network at the limits, which the race detector slows past the deadline")
	}
	l := DefaultLimits
	hidden := []int{64, 64, 64, 64, 64, 64, 64, 64}
	weights := 2*64 + 7*64*64 + 64 + 8*64 + 1 // weights and biases
	epochs := l.MaxTrainOp / (500 * weights)
	start := time.Now()
	code, resp := post(t, New(nil), "/api/train", map[string]any{"dataset": "spiral", "samples": 500, "hidden": hidden,
		"epochs": epochs, "lr": 0.01, "grid": l.MaxGrid})
	took := time.Since(start)
	t.Logf("%d epochs: status %d after %v", epochs, code, took.Round(time.Millisecond))
	if code != http.StatusOK {
		t.Fatalf("status %d: %v", code, resp["error"])
	}
	if took > l.Timeout {
		t.Errorf("took %v, longer than the deadline %v", took, l.Timeout)
	}
}
