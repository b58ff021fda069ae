package viz_test

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/internal/program"
	"github.com/cgraph/cgraph/nn"
	"github.com/cgraph/cgraph/viz"
)

// network builds an MLP of the given layer sizes (tanh hidden, sigmoid
// output) and runs it forward and backward on one sample.
func network(t *testing.T, inputs int, units ...int) *nn.MLP {
	t.Helper()
	layers := nn.Dense(nn.Tanh, units...)
	layers[len(layers)-1].Activation = nn.Sigmoid
	m, err := nn.New(nn.Config{Inputs: inputs, Layers: layers, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, inputs)
	for i := range x {
		x[i] = 0.5 - 0.3*float64(i)
	}
	if _, err := m.Grad(x, []float64{1}); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLayerBoxes draws the spiral's 2-16-16-1 network (712 nodes, more
// than MaxReadable) as its three layers, with the numbers on the boxes
// and on the edges between them.
func TestLayerBoxes(t *testing.T) {
	m := network(t, 2, 16, 16, 1)
	if n := m.Graph().Len(); n <= viz.MaxReadable {
		t.Fatalf("the network has %d nodes; the test wants more than %d", n, viz.MaxReadable)
	}
	groups := program.Layers(m)
	dot, views, err := viz.Diagram(m.Graph(), &viz.Options{View: viz.BackwardView, Output: m.Loss(), Groups: groups, Fold: viz.FoldLarge, Hand: true})
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	if n := strings.Count(s, "shape=box3d"); n != 3 {
		t.Errorf("%d boxes; want one per layer, 3:\n%s", n, s)
	}
	if n := strings.Count(s, "shape="); n != 7 {
		t.Errorf("%d nodes drawn; want the 2 inputs, 3 layers, the target and the loss (and edge labels)", n)
	}
	norm := func(f func(j int) float64, n int) string {
		var ss float64
		for j := range n {
			ss += f(j) * f(j)
		}
		return strings.ReplaceAll(fmt.Sprintf("%.3g", math.Sqrt(ss)), "-", "−")
	}
	a1 := norm(func(j int) float64 { return m.Layers()[0].A[j].Grad() }, 16)
	w2 := norm(func(j int) float64 { return m.Layers()[1].W[j/16][j%16].Grad() }, 256)
	for _, want := range []string{
		`layer 2: 16 tanh units, W2 16×16\n|∂L/∂a2| = `,
		`|∂L/∂W2| = ` + w2,
		`layer 3 (output): 1 sigmoid unit, W3 1×16\n∂L/∂yhat1 = `,
		// What flows back from layer 2 to layer 1 is ∂L/∂a1.
		`label="16 gradients, |g| = ` + a1 + `"`,
		`label="layer 1: 16 tanh units, W1 16×2\n|∂L/∂a1| = ` + a1,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in\n%s", want, s)
		}
	}
	if len(views) != 3 || views[1].ID != "layer2" || views[1].Open || !regexp.MustCompile(`^n\d+$`).MatchString(views[1].Node) || views[1].Size != 16*(2*16+3) {
		t.Errorf("group views %+v", views)
	}
	// The forward view: ranges of the activations and the weights.
	dot, err = viz.DOT(m.Graph(), &viz.Options{View: viz.ForwardView, Output: m.Loss(), Groups: groups, Fold: viz.FoldLarge})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`layer 1: 16 tanh units, W1 16×2\\n−?[0-9.]+ ≤ a1 ≤ −?[0-9.]+\\n−?[0-9.]+ ≤ W1 ≤ −?[0-9.]+"`).Match(dot) {
		t.Errorf("no ranges on layer 1 in\n%s", dot)
	}
	// Opened, layer 2 is a cluster of its gates between the boxes of
	// layers 1 and 3 (566 nodes: names only, as above DefaultMaxLabelled).
	dot, views, err = viz.Diagram(m.Graph(), &viz.Options{View: viz.BackwardView, Output: m.Loss(), Groups: groups, Fold: viz.FoldLarge, Open: []string{"layer2"}})
	if err != nil {
		t.Fatal(err)
	}
	s = string(dot)
	if n := strings.Count(s, "shape=box3d"); n != 2 {
		t.Errorf("%d boxes with layer 2 open; want 2", n)
	}
	if !strings.Contains(s, `subgraph cluster_g2 {`) || !strings.Contains(s, `label="z2_16"`) {
		t.Errorf("layer 2 is not a cluster of its gates:\n%.3000s", s)
	}
	if !views[1].Open || views[1].Cluster != "cluster_g2" || views[0].Open {
		t.Errorf("group views with layer 2 open: %+v", views)
	}
}

// TestSmallNetworkWhole: XOR's 2-2-1 network is drawn gate by gate, as the
// exercise draws it, unless asked otherwise.
func TestSmallNetworkWhole(t *testing.T) {
	m := network(t, 2, 2, 1)
	groups := program.Layers(m)
	dot, err := viz.DOT(m.Graph(), &viz.Options{View: viz.BackwardView, Output: m.Loss(), Groups: groups, Fold: viz.FoldLarge})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(dot), "box3d") || !strings.Contains(string(dot), "z1_2 = ") {
		t.Errorf("the 2-2-1 network is not drawn gate by gate:\n%s", dot)
	}
	dot, err = viz.DOT(m.Graph(), &viz.Options{View: viz.BothView, Output: m.Loss(), Groups: groups, Shut: []string{"layer1", "layer2"}})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "xor_layers_both.dot", dot)
}
