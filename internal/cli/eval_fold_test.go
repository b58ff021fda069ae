//go:build !norender

package cli

import (
	"os"
	"strings"
	"testing"
)

// TestEvalModelLayers: a network too large to read gate by gate (the
// spiral's 2-16-16-1, 712 nodes) is drawn as one box per layer with its
// numbers; --open layer2 opens one, --expand all; XOR's 2-2-1 stays whole.
func TestEvalModelLayers(t *testing.T) {
	dir := t.TempDir()
	for _, m := range []struct{ name, hidden string }{{"spiral", "16,16"}, {"xor", "2"}} {
		if code, _, errOut := run(t, "", "train", m.name, "--hidden", m.hidden, "--activation", "tanh", "--epochs", "2", "--save", dir+"/"+m.name+".json"); code != 0 {
			t.Fatalf("train %s: %s", m.name, errOut)
		}
	}
	dot := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(t, "", append([]string{"eval", "--dot", "--view", "backward"}, args...)...)
		if code != 0 {
			t.Fatalf("eval %v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	in := []string{"x1=1/2", "x2=-1/5", "y1=1"}
	s := dot(append([]string{"--model", dir + "/spiral.json"}, in...)...)
	if n := strings.Count(s, "shape=box3d"); n != 3 {
		t.Errorf("%d boxes; want 3 layers:\n%s", n, s)
	}
	// The edges between boxes stand for several: their label nodes are
	// m<from>_<to>_<i>, not an input's e….
	for _, want := range []string{`layer 2: 16 tanh units, W2 16×16\n|∂L/∂a2| = `, `16 gradients, |g| = `, `L = 0.`, ` -> m`} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in\n%s", want, s)
		}
	}
	s = dot(append([]string{"--model", dir + "/spiral.json", "--open", "layer3"}, in...)...)
	if n := strings.Count(s, "shape=box3d"); n != 2 || !strings.Contains(s, "cluster_g3") || !strings.Contains(s, `label="yhat1 = `) {
		t.Errorf("--open layer3: %d boxes; want 2 and the output layer's gates with their numbers", n)
	}
	s = dot(append([]string{"--model", dir + "/spiral.json", "--expand"}, in...)...)
	if strings.Contains(s, "box3d") || !strings.Contains(s, `label="z2_16"`) {
		t.Errorf("--expand draws boxes or not every gate")
	}
	s = dot(append([]string{"--model", dir + "/xor.json"}, in...)...)
	if strings.Contains(s, "box3d") || !strings.Contains(s, "z1_2 = ") {
		t.Errorf("XOR's network is not drawn gate by gate:\n%s", s)
	}
	// A network of 9,000 nodes, which render.MaxNodes refuses gate by
	// gate, is drawn as its layers.
	if code, _, errOut := run(t, "", "train", "spiral", "--hidden", "64,64", "--epochs", "1", "--save", dir+"/wide.json"); code != 0 {
		t.Fatalf("train: %s", errOut)
	}
	svg := dir + "/wide.svg"
	if code, _, errOut := run(t, "", append([]string{"eval", "--model", dir + "/wide.json", "--svg", svg}, in...)...); code != 0 {
		t.Fatalf("eval --svg of the 2-64-64-1 network: exit %d: %s", code, errOut)
	}
	if data, err := os.ReadFile(svg); err != nil || !strings.Contains(string(data), "layer 2: 64 sigmoid units, W2 64×64") {
		t.Errorf("the SVG has no box of layer 2 (%v)", err)
	}
	if code, _, errOut := run(t, "", append([]string{"eval", "--dot", "--model", dir + "/xor.json", "--open", "layer9"}, in...)...); code != exitUsage || !strings.Contains(errOut, "layer1, layer2") {
		t.Errorf("--open layer9: exit %d, %q; want %d listing layer1, layer2", code, errOut, exitUsage)
	}
	// A def opened by name: every call of it is a cluster.
	code, out, errOut := run(t, "", "eval", "--dot", "--view", "forward", "--open", "sq", "def sq(u) = u*u\ny = sq(a) + sq(b)", "a=1", "b=2")
	if code != 0 || strings.Count(out, "subgraph cluster_") != 2 {
		t.Errorf("--open sq: exit %d, %s\n%s", code, errOut, out)
	}
}
