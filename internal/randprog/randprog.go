// Package randprog writes random programs of the expression language, for
// the tests of the packages that compile, run and generate them.
package randprog

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Options choose what a program may contain.
type Options struct {
	// Kinks allows relu and leaky_relu, whose derivative jumps at 0: central
	// differences near the jump disagree with the gradient.
	Kinks bool
	// Loss appends the statement L = (sigmoid(t3 + a*b) - c)^2.
	Loss bool
}

// Program returns four statements t0 … t3, each an expression of depth up
// to 3 over a, b, c and the statements before it, with sums of two or three
// terms, products, differences, quotients, sigmoid, tanh, exp, log, mse,
// powers and numbers.
func Program(rng *rand.Rand, opt Options) string {
	names := []string{"a", "b", "c"}
	var stmts []string
	for i := range 4 {
		target := fmt.Sprintf("t%d", i)
		stmts = append(stmts, target+" = "+expr(rng, names, 3, opt.Kinks))
		names = append(names, target)
	}
	if opt.Loss {
		stmts = append(stmts, "L = (sigmoid(t3 + a*b) - c)^2")
	}
	return strings.Join(stmts, "\n")
}

func expr(rng *rand.Rand, names []string, depth int, kinks bool) string {
	if depth == 0 || rng.IntN(4) == 0 {
		if rng.IntN(4) == 0 {
			return fmt.Sprintf("%.2g", 0.5+rng.Float64())
		}
		return names[rng.IntN(len(names))]
	}
	x := func() string { return expr(rng, names, depth-1, kinks) }
	switch rng.IntN(12) {
	case 0:
		return x() + " + " + x() + " + " + x()
	case 1:
		return "(" + x() + ") * (" + x() + ")"
	case 2:
		return x() + " - (" + x() + ")"
	case 3:
		return "(" + x() + ") / (1 + sigmoid(" + x() + "))"
	case 4:
		return "sigmoid(" + x() + ")^2"
	case 5:
		return "tanh(" + x() + ")"
	case 6:
		return "exp(tanh(" + x() + "))"
	case 7:
		return "log(1 + sigmoid(" + x() + "))"
	case 8:
		if kinks {
			return "relu(" + x() + ") + leaky_relu(" + x() + ")"
		}
		return x() + " + " + x()
	case 9:
		return "mse(" + x() + ", " + x() + ", " + x() + ", 1)"
	case 10:
		return "(" + x() + ") * (" + x() + ") + (" + x() + ") * " + names[rng.IntN(len(names))]
	default:
		return "-" + x()
	}
}
