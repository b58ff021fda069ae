package web

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// FuzzAPI posts arbitrary bodies to every POST endpoint. The contract: the
// answer is a 200, or a 4xx/503 with a JSON error; never a 500 (which is what
// a recovered panic answers) and never a dropped connection.
//
//	go test ./web -run '^$' -fuzz FuzzAPI -fuzztime 60s
func FuzzAPI(f *testing.F) {
	seeds := []string{
		`{"program": "p1 = w1*x1\np2 = w2*x2\nz = p1 + p2 + p0\nyhat = sigmoid(z)\nL = (yhat - y)^2", "inputs": {"x1": 1, "x2": "1", "w1": "4/5", "w2": "-7/5", "p0": "3/5", "y": "1"}, "no_diagram": true}`,
		`{"program": "a = log(b)", "inputs": {"b": "0"}, "no_diagram": true}`,
		`{"program": "a = b ^ c", "inputs": {"b": "-8", "c": "1/3"}, "no_diagram": true}`,
		`{"dataset": "xor", "hidden": [2], "epochs": 3, "grid": 2, "params": [1,2,3,4,5,6,7,8,9]}`,
		`{"dataset": "spiral", "samples": 20, "hidden": [2, 2], "epochs": 1, "lr": 10, "grid": 2}`,
		`{"depth": 2, "width": 2, "activations": ["relu"], "inits": ["he*1e308"]}`,
		`{"depth": 3, "width": 2, "activations": ["sigmoid"], "inits": ["normal"], "seeds": 1, "samples": 1}`,
		`{"format": "cgraph-mlp", "version": 1, "inputs": 2, "loss": "squared", "alpha": 0.5, "seed": 1, "layers": [{"activation": "sigmoid", "weights": [[1, 2]], "bias": [0]}]}`,
		`{}`, `null`, `[]`, `"x"`, `{"program": 1}`,
	}
	for _, s := range seeds {
		for p := range 6 {
			f.Add(uint8(p), s)
		}
	}
	s := New(nil)
	paths := []string{"/api/parse", "/api/graph", "/api/train", "/api/vanish", "/api/model", "/api/model/open"}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		req := newRequest("POST", paths[int(which)%len(paths)], bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code == 500 || rec.Code == 0 {
			t.Fatalf("%s %q: status %d: %s", req.URL.Path, body, rec.Code, rec.Body)
		}
	})
}
