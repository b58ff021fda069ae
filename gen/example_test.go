package gen_test

import (
	"fmt"
	"strings"

	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/gen"
)

// The Run method generated for g = (a + b) * d: the values in locals,
// each stored as it is computed; then the gradients, reading the values
// back from Value; then one check for NaN and ±Inf, of the numbers a NaN
// or ±Inf anywhere would reach: here g's value and the leaves' gradients.
func ExampleGo() {
	b, err := expr.Compile("c = a + b; g = c * d")
	if err != nil {
		fmt.Println(err)
		return
	}
	src, err := gen.Go(b.Graph, b.Output, gen.Options{Package: "small", Type: "Small"})
	if err != nil {
		fmt.Println(err)
		return
	}
	text := string(src)
	run := text[strings.Index(text, "func (g *Small) Run"):]
	fmt.Println(run[:strings.Index(run, "\n}\n")+2])
	// Output:
	// func (g *Small) Run() error {
	// 	v := &g.Value
	// 	v0 := v[A]
	// 	v1 := v[B]
	// 	v2 := v0 + v1
	// 	v[C] = v2
	// 	v3 := v[D]
	// 	v4 := v2 * v3
	// 	v[G] = v4
	// 	var d0, d1, d2, d3 float64
	// 	d4 := 1.0
	// 	d2 += d4 * v[D]
	// 	d3 += d4 * v[C]
	// 	d0 += d2
	// 	d1 += d2
	// 	g.Grad[A] = d0
	// 	g.Grad[B] = d1
	// 	g.Grad[C] = d2
	// 	g.Grad[D] = d3
	// 	g.Grad[G] = d4
	// 	if s := ((v[G] + d0) + (d1 + d3)); s-s != 0 {
	// 		if err := g.fail("forward", v[:]); err != nil {
	// 			return err
	// 		}
	// 		return g.fail("backward", g.Grad[:])
	// 	}
	// 	return nil
	// }
}
