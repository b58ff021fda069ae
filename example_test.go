package cgraph_test

import (
	"fmt"
	"math"

	"github.com/cgraph/cgraph"
)

// Softplus is a gate the library lacks: softplus(x) = ln(1 + eˣ).
type Softplus struct{}

func (Softplus) Kind() string { return "softplus" }

func (Softplus) Forward(in []float64) float64 {
	return math.Log1p(math.Exp(in[0]))
}

// softplus'(x) = σ(x) = 1/(1 + e⁻ˣ)
func (Softplus) Backward(in []float64, _, upstream float64, grads []float64) {
	grads[0] += upstream / (1 + math.Exp(-in[0]))
}

// A user's own gate works like a built-in one: here softplus(w·x), its
// gradient and the finite-difference check of every node.
func Example_customGate() {
	g := cgraph.New()
	x := g.Input("x", 2)
	w := g.Weight("w", 0.5, 0.1)
	wx := g.Apply("wx", cgraph.Mul{}, w, x)
	out := g.Apply("out", Softplus{}, wx)

	if err := g.Run(out); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("softplus(1) = %.6f\n", out.Value())
	fmt.Printf("∂out/∂w = x·σ(1) = %.6f\n", w.Grad())

	results, err := cgraph.Check(g, out, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		fmt.Printf("%-3s %-8s grad %.6f  numeric %.6f  ok %v\n", r.Node, r.Node.Kind(), r.Grad, r.Numeric, r.OK)
	}
	// Output:
	// softplus(1) = 1.313262
	// ∂out/∂w = x·σ(1) = 1.462117
	// x   input    grad 0.365529  numeric 0.365529  ok true
	// w   weight   grad 1.462117  numeric 1.462117  ok true
	// wx  mul      grad 0.731059  numeric 0.731059  ok true
	// out softplus grad 1.000000  numeric 1.000000  ok true
}

// The exercise's graph: forward, backward, and one SGD step.
func Example() {
	g := cgraph.New()
	x1, x2 := g.Input("x1", 1), g.Input("x2", 1)
	w1, w2 := g.Weight("w1", 0.8, 0.5), g.Weight("w2", -1.4, 0.5)
	p0 := g.Weight("p0", 0.6, 0.5)
	y := g.Input("y", 1)
	p1 := g.Apply("p1", cgraph.Mul{}, w1, x1)
	p2 := g.Apply("p2", cgraph.Mul{}, w2, x2)
	z := g.Apply("z", cgraph.Add{}, p1, p2, p0)
	yhat := g.Apply("yhat", cgraph.Sigmoid{}, z)
	L := g.Apply("L", cgraph.SquaredLoss{}, yhat, y)

	if err := g.Run(L); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ŷ = %v, L = %v, ∂L/∂w1 = %v, ∂L/∂x2 = %.4g\n", yhat.Value(), L.Value(), w1.Grad(), x2.Grad())
	g.Step() // w ← w − α·∂L/∂w: each weight gains 0.5·1/4, so z = 3/8
	g.Forward()
	fmt.Printf("after one step: L = %.4f\n", L.Value())
	// Output:
	// ŷ = 0.5, L = 0.25, ∂L/∂w1 = -0.25, ∂L/∂x2 = 0.35
	// after one step: L = 0.1659
}
