package expr_test

import (
	"fmt"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
)

// A program may define functions and call them like built-ins. A call is
// expanded into ordinary gates, so its gradient comes from theirs; the
// group of each call lets views draw it as one gate.
func ExampleCompile_def() {
	b, err := expr.Compile(`
def softrelu(x) = log(1 + exp(x))
def swish(x) = x * sigmoid(x)
h = softrelu(w*x + b)
L = swish(h)
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	b.Graph.Set("w", 0)
	b.Graph.Set("x", 1)
	b.Graph.Set("b", 0)
	if err := b.Graph.Run(b.Output); err != nil {
		fmt.Println(err)
		return
	}
	h := b.Graph.Lookup("h")
	fmt.Printf("h = %.6f, ∂L/∂h = %.6f, ∂L/∂b = %.6f\n", h.Value(), h.Grad(), b.Graph.Lookup("b").Grad())
	for _, g := range b.Groups {
		fmt.Printf("%s: %s of %v, %d nodes\n", g.Name, g.Result, g.Args, len(g.Nodes))
	}
	// Output:
	// h = 0.693147, ∂L/∂h = 0.820699, ∂L/∂b = 0.410350
	// softrelu#1: h of [w * x + b], 4 nodes
	// swish#1: L of [h], 2 nodes
}

// cube is a user's gate, x³, with its own derivative.
type cube struct{}

func (cube) Kind() string                 { return "cube" }
func (cube) Arity() (min, max int)        { return 1, 1 }
func (cube) Forward(in []float64) float64 { return in[0] * in[0] * in[0] }
func (cube) Backward(in []float64, out, upstream float64, grads []float64) {
	grads[0] += upstream * 3 * in[0] * in[0]
}

// A Go gate registered in Options.Funcs is called like a built-in function,
// with the number of arguments checked against its Arity.
func ExampleOptions_funcs() {
	opts := &expr.Options{Funcs: map[string]cgraph.Gate{"cube": cube{}}}
	b, err := expr.CompileWith("y = cube(2*x) + x", opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	b.Graph.Set("x", 1)
	if err := b.Graph.Run(b.Output); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("y =", b.Output.Value(), " ∂y/∂x =", b.Inputs[0].Grad())

	_, err = expr.CompileWith("y = cube(x, 2)", opts)
	fmt.Println(err)
	// Output:
	// y = 9  ∂y/∂x = 25
	// 1:5: cube takes 1 argument, got 2
}
