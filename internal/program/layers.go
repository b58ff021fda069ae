package program

import (
	"fmt"
	"strconv"

	"github.com/cgraph/cgraph/nn"
	"github.com/cgraph/cgraph/viz"
)

// Layers are the layers of m as groups that a diagram of a large
// network draws as one box each (viz.FoldLarge): "layer 2: 16 tanh units,
// W2 16×16" with the range of the activations and weights, or the norms
// of their gradients.
func Layers(m *nn.MLP) []*viz.Group {
	layers := m.Layers()
	groups := make([]*viz.Group, len(layers))
	for l, L := range layers {
		ls := strconv.Itoa(l + 1)
		g := &viz.Group{Name: "layer" + ls, OutName: "a" + ls, ParamName: "W" + ls, Outputs: L.A}
		units := "units"
		if L.Out == 1 {
			units = "unit"
		}
		title := "layer " + ls
		if l == len(layers)-1 {
			title += " (output)"
			g.OutName = "yhat"
		}
		g.Label = fmt.Sprintf("%s: %d %s %s, W%s %d×%d", title, L.Out, L.Activation, units, ls, L.Out, L.In)
		for j := range L.Out {
			g.Nodes = append(g.Nodes, L.W[j]...)
			g.Nodes = append(g.Nodes, L.P[j]...)
			g.Nodes = append(g.Nodes, L.B[j], L.Z[j])
			if L.A[j] != L.Z[j] {
				g.Nodes = append(g.Nodes, L.A[j])
			}
			g.Params = append(g.Params, L.W[j]...)
		}
		groups[l] = g
	}
	return groups
}
