package cgraph_test

import (
	"fmt"
	"math"

	"github.com/cgraph/cgraph"
)

// Softsign is a gate the library lacks: softsign(x) = x/(1 + |x|).
type Softsign struct{}

func (Softsign) Kind() string { return "softsign" }

func (Softsign) Forward(in []float64) float64 {
	return in[0] / (1 + math.Abs(in[0]))
}

// softsign'(x) = 1/(1 + |x|)²
func (Softsign) Backward(in []float64, _, upstream float64, grads []float64) {
	d := 1 + math.Abs(in[0])
	grads[0] += upstream / (d * d)
}

// Derive is the same contribution as gates (cgraph.Deriver), which gives
// the gate gradient graphs, Hessians and its local derivative's formula.
func (Softsign) Derive(b *cgraph.Builder, in []*cgraph.Node, _, up *cgraph.Node, _ int) *cgraph.Node {
	d := b.Add(b.Const(1), b.Apply(cgraph.Abs{}, in[0]))
	return b.Div(up, b.Apply(cgraph.Pow{}, d, b.Const(2))) // d² is d·d, as in Backward
}

func (Softsign) Formula(a []string) string { return "softsign(" + a[0] + ")" }

// A user's own gate works like a built-in one: here softsign(w·x), its
// gradient, the finite-difference check of every node, and the gradient
// graph its rule builds.
func Example_customGate() {
	g := cgraph.New()
	x := g.Input("x", 2)
	w := g.Weight("w", 0.5, 0.1)
	wx := g.Apply("wx", cgraph.Mul{}, w, x)
	out := g.Apply("out", Softsign{}, wx)

	if err := g.Run(out); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("softsign(1) = %v\n", out.Value())
	fmt.Printf("∂out/∂w = x/(1 + 1)² = %v\n", w.Grad())

	results, err := cgraph.Check(g, out, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		fmt.Printf("%-3s %-8s grad %.6f  numeric %.6f  ok %v\n", r.Node, r.Node.Kind(), r.Grad, r.Numeric, r.OK)
	}
	grads, err := cgraph.Grad(out, w)
	if err != nil {
		fmt.Println(err)
		return
	}
	g.Forward()
	fmt.Printf("Grad: %s = %v; ∂out/∂wx by the rule: %s\n", grads[0], grads[0].Value(),
		cgraph.LocalFormula(out, []string{"wx"}, "out", 0))
	// Output:
	// softsign(1) = 0.5
	// ∂out/∂w = x/(1 + 1)² = 0.5
	// x   input    grad 0.125000  numeric 0.125000  ok true
	// w   weight   grad 0.500000  numeric 0.500000  ok true
	// wx  mul      grad 0.250000  numeric 0.250000  ok true
	// out softsign grad 1.000000  numeric 1.000000  ok true
	// Grad: ∂out/∂w = 0.5; ∂out/∂wx by the rule: 1 / (1 + abs(wx))²
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
