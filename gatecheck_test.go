package cgraph_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

// hypot2 reads two inputs and declares no Arity.
type hypot2 struct{}

func (hypot2) Kind() string                 { return "hypot2" }
func (hypot2) Forward(in []float64) float64 { return in[0]*in[0] + in[1]*in[1] }
func (hypot2) Backward(in []float64, _, up float64, grads []float64) {
	grads[0] += 2 * in[0] * up
	grads[1] += 2 * in[1] * up
}

// pairGrad reads one input but writes two gradients.
type pairGrad struct{}

func (pairGrad) Kind() string                 { return "pair_grad" }
func (pairGrad) Forward(in []float64) float64 { return in[0] }
func (pairGrad) Backward(_ []float64, _, up float64, grads []float64) {
	grads[0] += up
	grads[1] += up
}

// zeroShy panics on a zero input, which is no sign of a wrong number of
// inputs: the probe must let it be added.
type zeroShy struct{}

func (zeroShy) Kind() string { return "zero_shy" }
func (zeroShy) Forward(in []float64) float64 {
	if in[0] == 0 {
		panic("zero_shy: 0")
	}
	return in[0]
}
func (zeroShy) Backward(_ []float64, _, up float64, grads []float64) { grads[0] += up }

func TestUserGateWrongInputCount(t *testing.T) {
	tests := []struct {
		name   string
		node   string // the name given to Node
		gate   cgraph.Gate
		inputs int
		want   string // the error, "" for none
	}{
		{"too few for Forward", "h", hypot2{}, 1,
			`cgraph: node "h": hypot2's Forward fails with 1 input (does it take another number? an Arity method says so): runtime error: index out of range [1] with length 1`},
		{"none", "h", hypot2{}, 0, `node "h": hypot2's Forward fails with 0 inputs`},
		{"anonymous", "", hypot2{}, 1, `node "hypot2#1": hypot2's Forward`},
		{"too few for Backward", "p", pairGrad{}, 1, `node "p": pair_grad's Backward fails with 1 input`},
		{"right count", "h", hypot2{}, 2, ""},
		{"more than read", "h", hypot2{}, 3, ""}, // not an index error: the gate's business
		{"other panic", "z", zeroShy{}, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := cgraph.New()
			var ins []*cgraph.Node
			for range tt.inputs {
				ins = append(ins, g.Input("", 3))
			}
			n, err := g.Node(tt.node, tt.gate, ins...)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Node: %v", err)
				}
				if _, ok := tt.gate.(zeroShy); !ok {
					if err := g.Run(n); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			var ge *cgraph.GateError
			if !errors.As(err, &ge) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Node: %v, want a *GateError containing %q", err, tt.want)
			}
			if ge.Inputs != tt.inputs {
				t.Errorf("Inputs = %d, want %d", ge.Inputs, tt.inputs)
			}
			if g.Len() != tt.inputs || (tt.node != "" && g.Lookup(tt.node) != nil) {
				t.Errorf("the failed node was added: %d nodes", g.Len())
			}
		})
	}
}
