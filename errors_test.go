package cgraph_test

import (
	"errors"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestNumericErrorIsSnapshot keeps an error, then reruns the graph with
// other values and renames nothing but changes everything it could read:
// the message must stay word for word what it was.
func TestNumericErrorIsSnapshot(t *testing.T) {
	tests := []struct {
		name  string
		build func(g *cgraph.Graph) *cgraph.Node
		other map[string]float64 // values of the later, successful run
		want  string
	}{
		{"forward", func(g *cgraph.Graph) *cgraph.Node {
			return g.Apply("q", cgraph.Div{}, g.Input("a", 1), g.Input("b", 0))
		}, map[string]float64{"a": 3, "b": 2},
			`cgraph: forward: node "q" (div) produced +Inf from a=1, b=0`},
		{"backward", func(g *cgraph.Graph) *cgraph.Node {
			return g.Apply("r", cgraph.Pow{}, g.Input("x", 0), g.Const("half", 0.5))
		}, map[string]float64{"x": 4},
			`cgraph: backward: node "r" (pow) produced +Inf as gradient for input "x" from x=0, half=0.5`},
		{"anonymous", func(g *cgraph.Graph) *cgraph.Node {
			return g.Apply("", cgraph.Log{}, g.Input("x", -1))
		}, map[string]float64{"x": 2},
			`cgraph: forward: node "log#1" (log) produced NaN from x=-1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := cgraph.New()
			out := tt.build(g)
			err := g.Run(out)
			var ne *cgraph.NumericError
			if !errors.As(err, &ne) {
				t.Fatalf("Run: %v, want a *NumericError", err)
			}
			if got := err.Error(); got != tt.want {
				t.Fatalf("first message\n%s\nwant\n%s", got, tt.want)
			}
			for name, v := range tt.other {
				if err := g.Set(name, v); err != nil {
					t.Fatal(err)
				}
			}
			if err := g.Run(out); err != nil {
				t.Fatalf("second run: %v", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("after another run the message is\n%s\nwant still\n%s", got, tt.want)
			}
			if ne.Node != out || ne.NodeName != out.Name() {
				t.Errorf("Node %v, NodeName %q: want the node %v", ne.Node, ne.NodeName, out)
			}
		})
	}
}
