package web

import (
	"context"
	"net/http"

	"github.com/cgraph/cgraph/lab"
	"github.com/cgraph/cgraph/nn"
)

// Preset is a program the graph panel offers, with values for its inputs.
type Preset struct {
	ID      string            `json:"id"`
	Title   string            `json:"title"`
	Program string            `json:"program"`
	Inputs  map[string]string `json:"inputs"`
}

// Presets are the graphs of the course exercise, in the panel's order;
// "def" writes the exercise with functions of the language.
var Presets = []Preset{
	{
		ID: "exercise", Title: "3-3: MSE of a sigmoid neuron",
		Program: "p1 = w1*x1\np2 = w2*x2\nz = p1 + p2 + p0\nyhat = sigmoid(z)\nL = (yhat - y)^2",
		Inputs:  map[string]string{"x1": "1", "x2": "1", "w1": "4/5", "w2": "-7/5", "p0": "3/5", "y": "1"},
	},
	{
		ID: "chain", Title: "3-1: chain of four sigmoids",
		Program: "a1 = sigmoid(w1*x)\na2 = sigmoid(w2*a1)\na3 = sigmoid(w3*a2)\ny = sigmoid(w4*a3)",
		Inputs:  map[string]string{"x": "1", "w1": "1", "w2": "1", "w3": "1", "w4": "1"},
	},
	{
		ID: "abdf", Title: "3-2: g = (a + b) · d − f",
		Program: "c = a + b\ne = c * d\ng = e - f",
		Inputs:  map[string]string{"a": "1", "b": "2", "d": "3", "f": "4"},
	},
	{
		ID: "def", Title: "3-3 with functions: def neuron, def sqerr",
		Program: "def neuron(a, b) = sigmoid(w1*a + w2*b + p0)\ndef sqerr(yhat, t) = (yhat - t)^2\n" +
			"yhat = neuron(x1, x2)\nL = sqerr(yhat, y)",
		Inputs: map[string]string{"x1": "1", "x2": "1", "w1": "4/5", "w2": "-7/5", "p0": "3/5", "y": "1"},
	},
	{
		ID: "xor", Title: "3-4 (f): XOR network 2-2-1, one sample",
		Program: "h1 = sigmoid(w11*x1 + w12*x2 + b1)\nh2 = sigmoid(w21*x1 + w22*x2 + b2)\n" +
			"yhat = sigmoid(v1*h1 + v2*h2 + c)\nL = (yhat - y)^2",
		Inputs: map[string]string{
			"x1": "1", "x2": "0", "y": "1",
			"w11": "6", "w12": "6", "b1": "-3",
			"w21": "4", "w22": "4", "b2": "-6",
			"v1": "8", "v2": "-8", "c": "-4",
		},
	},
}

func (s *Server) presets(context.Context, *http.Request) (any, error) {
	return Presets, nil
}

// options lists the choices of the training and vanishing panels.
func (s *Server) options(context.Context, *http.Request) (any, error) {
	acts := make([]string, len(nn.Activations))
	for i, a := range nn.Activations {
		acts[i] = string(a)
	}
	inits := make([]string, len(nn.Inits))
	for i, in := range nn.Inits {
		inits[i] = string(in)
	}
	losses := make([]string, len(nn.Losses))
	for i, l := range nn.Losses {
		losses[i] = string(l)
	}
	return map[string]any{
		"datasets": nn.DatasetNames(), "activations": acts, "inits": inits, "losses": losses,
		"saturated_below": lab.SaturatedBelow,
	}, nil
}
