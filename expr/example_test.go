package expr_test

import (
	"errors"
	"fmt"

	"github.com/cgraph/cgraph/expr"
)

func ExampleParse() {
	prog, err := expr.Parse(`
# exercise 3-2: the squared error of a sigmoid neuron
p1 = w1*x1; p2 = w2*x2
z = p1 + p2 + p0
yhat = σ(z)
L = (yhat - y)^2
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range prog.Stmts {
		fmt.Printf("%v  %s\n", s.Pos, s)
	}
	fmt.Println("inputs:", prog.Inputs())
	fmt.Println("output:", prog.Output())
	// Output:
	// 3:1  p1 = w1 * x1
	// 3:13  p2 = w2 * x2
	// 4:1  z = p1 + p2 + p0
	// 5:1  yhat = sigmoid(z)
	// 6:1  L = (yhat - y)^2
	// inputs: [w1 x1 w2 x2 p0 y]
	// output: L
}

func ExampleParse_errors() {
	_, err := expr.Parse("c = a + b\ne = c * (d +\ng = e - f")
	var list expr.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Println(e)
			fmt.Println(e.Snippet())
		}
	}
	// Output:
	// 3:3: expected ')' or operator, found '=' (unclosed '(' at 2:9)
	//   g = e - f
	//     ^
}

func ExampleError_Snippet() {
	_, err := expr.Parse("L = sqloss(yhat)")
	var e *expr.Error
	if errors.As(err, &e) {
		fmt.Println(e)
		fmt.Println(e.Snippet())
	}
	// Output:
	// 1:5: sqloss takes 2 arguments (yhat, y), got 1
	//   L = sqloss(yhat)
	//       ^~~~~~
}

// Sums and products of several operands are one node each, ready to become
// one Add or Multiply gate with several inputs; subtraction stays binary.
func ExampleNary() {
	prog, _ := expr.Parse("g = a*b*c + d - f")
	sub := prog.Stmts[0].Expr.(*expr.Binary)
	sum := sub.X.(*expr.Nary)
	prod := sum.Args[0].(*expr.Nary)
	fmt.Printf("%c %q\n", sub.Op, sub)
	fmt.Printf("%c %d %q\n", sum.Op, len(sum.Args), sum)
	fmt.Printf("%c %d %q\n", prod.Op, len(prod.Args), prod)
	// Output:
	// - "a * b * c + d - f"
	// + 2 "a * b * c + d"
	// * 3 "a * b * c"
}

func ExampleInspect() {
	prog, _ := expr.Parse("L = sqloss(sigmoid(w*x + b), y)")
	expr.Inspect(prog.Stmts[0].Expr, func(e expr.Expr) bool {
		if c, ok := e.(*expr.Call); ok {
			fmt.Println(c.Position(), c.Func, len(c.Args))
		}
		return true
	})
	// Output:
	// 1:5 sqloss 2
	// 1:12 sigmoid 1
}
