package nn

import (
	"fmt"
	"strings"

	"github.com/cgraph/cgraph"
)

// Activation names the nonlinearity of a layer.
type Activation string

// The activations. Linear adds no node: the layer's output is its
// pre-activation.
const (
	Sigmoid   Activation = "sigmoid"
	Tanh      Activation = "tanh"
	ReLU      Activation = "relu"
	LeakyReLU Activation = "leaky_relu" // slope cgraph.DefaultLeak below 0
	Linear    Activation = "linear"
)

// Activations lists the activations in the order of help texts.
var Activations = []Activation{Sigmoid, Tanh, ReLU, LeakyReLU, Linear}

// ParseActivation returns the activation called s. Besides the names of the
// constants it accepts "leaky-relu", "lrelu", "identity" and "none".
func ParseActivation(s string) (Activation, error) {
	switch a := Activation(strings.ToLower(strings.TrimSpace(s))); a {
	case Sigmoid, Tanh, ReLU, LeakyReLU, Linear:
		return a, nil
	case "leaky-relu", "leakyrelu", "lrelu":
		return LeakyReLU, nil
	case "identity", "none":
		return Linear, nil
	}
	return "", fmt.Errorf("nn: unknown activation %q (want one of sigmoid, tanh, relu, leaky_relu, linear)", s)
}

// Gate returns the gate of the activation, or nil for Linear. It panics for
// an unknown activation.
func (a Activation) Gate() cgraph.Gate {
	switch a {
	case Sigmoid:
		return cgraph.Sigmoid{}
	case Tanh:
		return cgraph.Tanh{}
	case ReLU:
		return cgraph.ReLU{}
	case LeakyReLU:
		return cgraph.LeakyReLU{}
	case Linear:
		return nil
	}
	panic("nn: unknown activation " + string(a))
}

func (a Activation) valid() bool {
	switch a {
	case Sigmoid, Tanh, ReLU, LeakyReLU, Linear:
		return true
	}
	return false
}
