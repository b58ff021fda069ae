package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/web"
)

// postWeb posts body as JSON to the playground's path and returns the
// answer's bytes and headers, failing the test unless it is a 200.
func postWeb(t *testing.T, url string, body any) ([]byte, http.Header) {
	t.Helper()
	data, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", url, resp.StatusCode, out)
	}
	return out, resp.Header
}

// TestPlaygroundModelFile: the file the playground's Download model
// writes (POST /api/model) is one the CLI takes: `train --load FILE
// --epochs 0` finds its dataset in it and reports the page's loss and
// accuracy bit for bit, `eval --model FILE` computes the same output, and
// `gen --model FILE` generates its code.
func TestPlaygroundModelFile(t *testing.T) {
	s := web.New(nil)
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); s.Close() })
	req := map[string]any{"dataset": "xor", "hidden": []int{4}, "activation": "tanh", "l2": 0.001, "lr": 0.3, "seed": 3, "epochs": 300}
	out, _ := postWeb(t, ts.URL+"/api/train", req)
	var page struct {
		Epoch    int
		Loss     float64
		Accuracy float64
		Params   []float64
	}
	if err := json.Unmarshal(out, &page); err != nil {
		t.Fatal(err)
	}
	req["epochs"], req["epoch"], req["params"] = 0, page.Epoch, page.Params
	file, h := postWeb(t, ts.URL+"/api/model", req)
	if cd := h.Get("Content-Disposition"); cd != `attachment; filename="cgraph-xor-2-4-1-epoch300.json"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	path := filepath.Join(t.TempDir(), "cgraph-xor-2-4-1-epoch300.json")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	code, got, errOut := run(t, "", "train", "--load", path, "--epochs", "0", "--json")
	if code != 0 {
		t.Fatalf("train --load: exit %d: %s", code, errOut)
	}
	var rep trainReport
	if err := json.Unmarshal([]byte(got), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Dataset != "xor" || rep.Loss != page.Loss || rep.Accuracy != page.Accuracy || rep.L2 != 0.001 || rep.LR != 0.3 {
		t.Errorf("train --load: dataset %s loss %v accuracy %v l2 %v lr %v; the page: loss %v accuracy %v",
			rep.Dataset, rep.Loss, rep.Accuracy, rep.L2, rep.LR, page.Loss, page.Accuracy)
	}
	code, got, errOut = run(t, "", "eval", "--model", path, "--json", "x1=0", "x2=1", "y1=1")
	if code != 0 {
		t.Fatalf("eval --model: exit %d: %s", code, errOut)
	}
	var ev evalJSON
	if err := json.Unmarshal([]byte(got), &ev); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range ev.Nodes {
		if n.Name == "yhat1" {
			found = true
			if n.Value != rep.Predictions[1].Yhat {
				t.Errorf("eval --model: yhat1 %v at (0, 1); train --load %v", n.Value, rep.Predictions[1].Yhat)
			}
		}
	}
	if !found {
		t.Errorf("eval --model: no node yhat1")
	}
	if code, out, errOut := run(t, "", "gen", "--model", path, "--type", "Net", "x1=0", "x2=1", "y1=1"); code != 0 || !strings.Contains(out, "func (g *Net) Step()") {
		t.Errorf("gen --model: exit %d: %s", code, errOut)
	}
	// And the file goes on training, as any saved model.
	if code, _, errOut := run(t, "", "train", "--load", path, "--epochs", "10"); code != 0 || strings.TrimSpace(errOut) != "" {
		t.Errorf("train --load --epochs 10: exit %d: %s", code, errOut)
	}
}
