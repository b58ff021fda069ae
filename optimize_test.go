package cgraph_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

// agree runs both graphs and compares the output and the gradients of every
// input and weight of the original with their counterparts.
func agree(t *testing.T, g *cgraph.Graph, out *cgraph.Node, o *cgraph.Optimized) {
	t.Helper()
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
	if err := o.Graph.Run(o.Output); err != nil {
		t.Fatal(err)
	}
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*max(1, math.Abs(a)) }
	if !close(out.Value(), o.Output.Value()) {
		t.Errorf("output %v, optimized %v", out.Value(), o.Output.Value())
	}
	for _, n := range g.Nodes() {
		if k := n.Kind(); k != "input" && k != "weight" {
			continue
		}
		m := o.Of(n)
		if m == nil {
			if n.Grad() != 0 {
				t.Errorf("%s (grad %v) has no counterpart", n, n.Grad())
			}
			continue
		}
		if !close(n.Grad(), m.Grad()) {
			t.Errorf("%s: grad %v, optimized %v", n, n.Grad(), m.Grad())
		}
	}
}

func TestOptimizeExercise(t *testing.T) {
	g, L := exercise()
	o, err := cgraph.Optimize(g, L)
	if err != nil {
		t.Fatal(err)
	}
	agree(t, g, L, o)
	var kinds []string
	order, _ := o.Graph.Order()
	for _, n := range order {
		if len(n.Inputs()) > 0 {
			kinds = append(kinds, n.Name()+":"+n.Kind())
		}
	}
	if got := strings.Join(kinds, " "); got != "z:muladd L:sigmoid_sqloss" {
		t.Errorf("optimized steps %s, want z:muladd L:sigmoid_sqloss", got)
	}
	if o.Of(g.Lookup("yhat")) != nil || o.Of(g.Lookup("z")) == nil {
		t.Error("yhat should be fused away and z kept")
	}
}

func TestOptimizeRewrites(t *testing.T) {
	g := cgraph.New()
	x, y := g.Input("x", 0.3), g.Input("y", -0.7)
	two := g.Const("two", 2)
	three := g.Apply("three", cgraph.Add{}, two, g.Const("one", 1)) // folds to 3
	a := g.Apply("a", cgraph.Mul{}, x, y)
	b := g.Apply("b", cgraph.Mul{}, y, x) // same as a
	g.Apply("unused", cgraph.Exp{}, x)    // dead
	d := g.Apply("d", cgraph.Sub{}, a, b)
	sq := g.Apply("sq", cgraph.Pow{}, g.Apply("diff", cgraph.Sub{}, d, x), g.Const("e", 2))
	out := g.Apply("out", cgraph.Mul{}, sq, three)
	o, err := cgraph.Optimize(g, out)
	if err != nil {
		t.Fatal(err)
	}
	agree(t, g, out, o)
	var changes []string
	for _, c := range o.Changes {
		changes = append(changes, c.String())
	}
	all := strings.Join(changes, "\n")
	for _, want := range []string{
		"dead: unused",
		"fold: three → three (constant 3)",
		"cse: b → a",
		"cse: e → two",
		"fuse: diff, two, sq → sq ((a − b)^2 → sqloss)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("changes lack %q:\n%s", want, all)
		}
	}
}

// TestOptimizeKeepsSumOrder: a sum whose products come after another
// term is not fused into a muladd, which would add the products first.
// L = Add(x, a·b, c·d) with x = 1 and both products 2⁻⁵³ is 1 in the
// graph's order ((0 + 1) + 2⁻⁵³ rounds back to 1, twice) and 1 + 2⁻⁵² with
// the products first: a regularised network's L = Ldata + R1 + R2 lost its
// last bit this way.
func TestOptimizeKeepsSumOrder(t *testing.T) {
	g := cgraph.New()
	x := g.Input("x", 1)
	a, b := g.Weight("a", 0x1p-27, 1), g.Weight("b", 0x1p-26, 1)
	c, d := g.Weight("c", 0x1p-26, 1), g.Weight("d", 0x1p-27, 1)
	out := g.Apply("L", cgraph.Add{}, x, g.Apply("ab", cgraph.Mul{}, a, b), g.Apply("cd", cgraph.Mul{}, c, d))
	o, err := cgraph.Optimize(g, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Forward(); err != nil {
		t.Fatal(err)
	}
	if err := o.Graph.Forward(); err != nil {
		t.Fatal(err)
	}
	if got, want := o.Output.Value(), out.Value(); got != want || want != 1 {
		t.Errorf("optimized L = %v, graph %v (want 1)", got, want)
	}
	// Products before the other terms are still fused.
	z := g.Apply("z", cgraph.Add{}, g.Apply("p", cgraph.Mul{}, a, x), g.Apply("q", cgraph.Mul{}, c, x), b)
	if o, err = cgraph.Optimize(g, z); err != nil {
		t.Fatal(err)
	}
	if k := o.Output.Kind(); k != "muladd" {
		t.Errorf("w·x + v·x + b is a %s, want a muladd", k)
	}
}

// TestOptimizeNeverMergesDistinct builds 200,000 products of distinct
// constants, where a 32-bit hash of the nodes would collide many times
// over, and checks that common-subexpression elimination keeps every one.
func TestOptimizeNeverMergesDistinct(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	g := cgraph.New()
	x := g.Input("x", 1)
	terms := make([]*cgraph.Node, n)
	for i := range terms {
		terms[i] = g.Apply("", cgraph.Mul{}, x, g.Const("", float64(i)))
	}
	out := g.Apply("out", cgraph.Add{}, terms...)
	o, err := cgraph.Optimize(g, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Graph.Run(o.Output); err != nil {
		t.Fatal(err)
	}
	want := float64(n) * float64(n-1) / 2
	if got := o.Output.Value(); got != want {
		t.Fatalf("sum %v, want %v", got, want)
	}
	if got := o.Of(x).Grad(); got != want {
		t.Fatalf("∂out/∂x %v, want %v", got, want)
	}
}

// TestOptimizeRandom checks random graphs with repeated sub-expressions
// and constants: the optimized graph agrees and is never larger.
func TestOptimizeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := 0; trial < 200; trial++ {
		g := cgraph.New()
		nodes := []*cgraph.Node{g.Input("a", rng.Float64()), g.Input("b", rng.Float64()), g.Const("", 2), g.Weight("w", rng.Float64(), 0.1)}
		pick := func() *cgraph.Node { return nodes[rng.IntN(len(nodes))] }
		for i := 0; i < 15; i++ {
			var n *cgraph.Node
			switch rng.IntN(6) {
			case 0:
				n = g.Apply("", cgraph.Add{}, pick(), pick())
			case 1:
				n = g.Apply("", cgraph.Mul{}, pick(), pick())
			case 2:
				n = g.Apply("", cgraph.Sigmoid{}, pick())
			case 3:
				n = g.Apply("", cgraph.Pow{}, g.Apply("", cgraph.Sub{}, pick(), pick()), g.Const("", 2))
			case 4:
				n = g.Apply("", cgraph.SquaredLoss{}, g.Apply("", cgraph.Sigmoid{}, pick()), pick())
			default:
				n = g.Apply("", cgraph.Add{}, g.Apply("", cgraph.Mul{}, pick(), pick()), g.Apply("", cgraph.Mul{}, pick(), pick()), pick())
			}
			nodes = append(nodes, n)
		}
		out := g.Apply(fmt.Sprintf("out%d", trial), cgraph.Add{}, nodes[len(nodes)-3:]...)
		o, err := cgraph.Optimize(g, out)
		if err != nil {
			t.Fatal(err)
		}
		agree(t, g, out, o)
		if o.Graph.Len() > g.Len() {
			t.Errorf("optimized graph has %d nodes, original %d", o.Graph.Len(), g.Len())
		}
	}
}
