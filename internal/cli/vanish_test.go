package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVanishJSON(t *testing.T) {
	code, out, errOut := run(t, "", "vanish", "--depth", "4", "--width", "3", "--activation", "sigmoid,relu", "--init", "normal,xavier*4", "--seeds", "2", "--samples", "3", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got vanishJSON
	decodeOne(t, out, &got)
	if len(got.Runs) != 2*2*2 || got.Depth != 4 || got.Width != 3 || got.Samples != 3 {
		t.Fatalf("%d runs, depth %d, width %d, samples %d", len(got.Runs), got.Depth, got.Width, got.Samples)
	}
	r := got.Runs[3]
	if r.Activation != "sigmoid" || r.Init != "xavier-uniform*4" || r.Seed != 2 || len(r.Layers) != 4 || r.Layers[0].Layer != 1 || r.Layers[0].Grad <= 0 {
		t.Errorf("run 4: %+v", r)
	}
	// The documented shape, read without our types.
	var raw map[string][]map[string]any
	json.Unmarshal([]byte(out), &raw)
	layer := raw["runs"][0]["layers"].([]any)[0].(map[string]any)
	for _, k := range []string{"layer", "grad", "saturated", "dead"} {
		if _, ok := layer[k]; !ok {
			t.Errorf("layer object lacks %q: %v", k, layer)
		}
	}
}

func TestVanishTextAndPlot(t *testing.T) {
	png := filepath.Join(t.TempDir(), "g.png")
	code, out, errOut := run(t, "", "vanish", "--depth", "5", "--width", "4", "--seeds", "3", "--samples", "2", "--plot", png)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"sigmoid+normal", "relu+he", "saturated", "dead", "summary"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if st, err := os.Stat(png); err != nil || st.Size() < 1000 {
		t.Errorf("plot: %v", err)
	}
}

func TestVanishChain(t *testing.T) {
	code, out, errOut := run(t, "", "vanish", "chain", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got chainJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Terms) != 4 || got.Backprop != got.Product || got.Bound != 1.0/256 || got.MaxDSig.Value != 0.25 {
		t.Errorf("%+v", got)
	}
	code, out, _ = run(t, "", "vanish", "chain", "--x", "0.5", "--w", "0.8,-1.4,0.6,2")
	if code != 0 || !strings.Contains(out, "by backpropagation") || !strings.Contains(out, "σ'(z4)·w4 · σ'(z3)·w3") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestVanishLearn(t *testing.T) {
	code, out, errOut := run(t, "", "vanish", "learn", "--depth", "2", "--width", "3", "--epochs", "3", "--points", "20", "--net", "sigmoid+normal,relu+he", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got learnJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Curves) != 2 || len(got.Curves[1].Loss) != 3 || got.Curves[1].Init != "he" {
		t.Errorf("%+v", got)
	}
}

func TestVanishUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"vanish", "--depth", "0"},
		{"vanish", "--depth", "1001"},
		{"vanish", "--width", "513"},
		{"vanish", "--seeds", "0"},
		{"vanish", "--activation", "linear"},
		{"vanish", "--activation", "swish"},
		{"vanish", "--init", "zero"},
		{"vanish", "--init", "he*-2"},
		{"vanish", "--plot", "g.gif"},
		{"vanish", "extra"},
		{"vanish", "chain", "--w", "1,x"},
		{"vanish", "chain", "--x", "NaN"},
		{"vanish", "learn", "--net", "relu"},
		{"vanish", "learn", "--dataset", "nope"},
		{"vanish", "learn", "--alpha", "-1"},
	} {
		code, _, errOut := run(t, "", args...)
		if code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errOut)
		}
	}
}

func TestVanishChainFractionsAndDiagrams(t *testing.T) {
	// The exercise's own weights as fractions: the same numbers as decimals.
	_, frac, _ := run(t, "", "vanish", "chain", "--w", "4/5,-7/5,1,1", "--json")
	_, dec, _ := run(t, "", "vanish", "chain", "--w", "0.8,-1.4,1,1", "--json")
	if frac == "" || frac != dec {
		t.Errorf("--w 4/5,-7/5,1,1:\n%s\n--w 0.8,-1.4,1,1:\n%s", frac, dec)
	}
	code, help, _ := run(t, "", "vanish", "chain", "--help")
	if code != 0 || !strings.Contains(help, "(default 1,1,1,1)") {
		t.Errorf("help does not show the default weights as 1,1,1,1:\n%s", help)
	}
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		out  string
	}{
		{[]string{"--dot"}, "rankdir=TB"}, // a deep narrow chain
		{[]string{"--dot", "--layout", "lr", "--view", "backward"}, "∂y/∂x = "},
		{[]string{"--explain"}, "y = σ(z4)"},
		{[]string{"--png", filepath.Join(dir, "chain.png")}, "by backpropagation"},
	} {
		code, out, errOut := run(t, "", append([]string{"vanish", "chain", "--w", "4/5,-7/5,1,1"}, tt.args...)...)
		if code != 0 || !strings.Contains(out, tt.out) {
			t.Errorf("%v: exit %d %s; want %q in:\n%.400s", tt.args, code, errOut, tt.out, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "chain.png")); err != nil {
		t.Error(err)
	}
	for _, args := range [][]string{{"--w", "1,x"}, {"--w", "1/0"}, {"--x", "NaN"}, {"--dot", "--json"}} {
		if code, _, _ := run(t, "", append([]string{"vanish", "chain"}, args...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestVanishOverflowReported: a network whose numbers outgrow float64 (a
// ReLU network of N(0, 1) weights, 400 layers deep) is reported where it
// overflows and left out of the statistics; the other networks of the
// sweep are measured.
func TestVanishOverflowReported(t *testing.T) {
	code, out, errOut := run(t, "", "vanish", "--depth", "400", "--width", "64", "--seeds", "1", "--samples", "2", "--activation", "relu", "--init", "normal,he", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got vanishJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Runs) != 2 || got.Runs[0].Overflow == nil || got.Runs[0].Layers != nil || got.Runs[1].Overflow != nil || len(got.Runs[1].Layers) != 400 {
		t.Fatalf("runs %+v; want relu+normal overflowed, relu+he measured", got.Runs)
	}
	if o := got.Runs[0].Overflow; o.Layer < 1 || o.Layer > 401 || o.Node == "" {
		t.Errorf("overflow %+v", o)
	}
	code, out, _ = run(t, "", "vanish", "--depth", "400", "--width", "64", "--seeds", "1", "--samples", "2", "--activation", "relu", "--init", "normal,he")
	if code != 0 || !strings.Contains(out, "seed 1: the numbers outgrow float64") || !strings.Contains(out, "every 8th layer shown") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
