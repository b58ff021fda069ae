package expr

import (
	"fmt"

	"github.com/cgraph/cgraph"
)

// Func describes a built-in function of the language.
type Func struct {
	Name    string // canonical name, as stored in Call.Func
	Params  string // the arguments, for messages and help: "yhat, y"
	MinArgs int
	MaxArgs int  // -1: no limit
	Pairs   bool // the arguments come in (yhat, y) pairs: their number is even
	Doc     string
	Gate    cgraph.Gate // what a call builds
}

// funcs is the table of built-in functions, in the order of the
// documentation: one row per function, holding the gate a call builds.
// Adding a gate to the language is adding its row.
var funcs = []Func{
	{Name: "sigmoid", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "logistic sigmoid 1/(1+e^-x)", Gate: cgraph.Sigmoid{}},
	{Name: "tanh", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "hyperbolic tangent", Gate: cgraph.Tanh{}},
	{Name: "relu", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "max(x, 0)", Gate: cgraph.ReLU{}},
	{Name: "leaky_relu", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "x if x > 0, else a small slope times x", Gate: cgraph.LeakyReLU{}},
	{Name: "softplus", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "ln(1+e^x), a smooth relu", Gate: cgraph.Softplus{}},
	{Name: "exp", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "e^x", Gate: cgraph.Exp{}},
	{Name: "log", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "natural logarithm", Gate: cgraph.Log{}},
	{Name: "sqrt", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "square root; its derivative at 0 is +Inf", Gate: cgraph.Sqrt{}},
	{Name: "abs", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "|x|; its derivative at 0 is taken as 0", Gate: cgraph.Abs{}},
	{Name: "sin", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "sine (radians)", Gate: cgraph.Sin{}},
	{Name: "cos", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "cosine (radians)", Gate: cgraph.Cos{}},
	{Name: "max", Params: "a, b", MinArgs: 2, MaxArgs: 2, Doc: "the larger of a and b; at a tie each gets half the gradient", Gate: cgraph.Max{}},
	{Name: "min", Params: "a, b", MinArgs: 2, MaxArgs: 2, Doc: "the smaller of a and b; at a tie each gets half the gradient", Gate: cgraph.Min{}},
	{Name: "neg", Params: "x", MinArgs: 1, MaxArgs: 1, Doc: "-x", Gate: cgraph.Neg{}},
	{Name: "sqloss", Params: "yhat, y", MinArgs: 2, MaxArgs: 2, Doc: "squared loss (yhat - y)^2", Gate: cgraph.SquaredLoss{}},
	{Name: "mse", Params: "yhat1, y1, yhat2, y2, ...", MinArgs: 2, MaxArgs: -1, Pairs: true,
		Doc: "mean squared error over the (yhat, y) pairs", Gate: cgraph.MSE{}},
	{Name: "softmax_ce", Params: "z0, z1, ..., class", MinArgs: 3, MaxArgs: -1,
		Doc: "cross-entropy -ln softmax(z)[class] of K logits against a class 0..K-1", Gate: cgraph.SoftmaxCE{}},
}

// funcAliases maps other names of functions to their canonical names.
var funcAliases = map[string]string{"σ": "sigmoid"}

// Funcs returns the built-in functions.
func Funcs() []Func { return append([]Func(nil), funcs...) }

// LookupFunc returns the built-in function called name, which may be an
// alias such as σ for sigmoid.
func LookupFunc(name string) (Func, bool) {
	if canon, ok := funcAliases[name]; ok {
		name = canon
	}
	for _, f := range funcs {
		if f.Name == name {
			return f, true
		}
	}
	return Func{}, false
}

// isFunc reports whether name is the name of a built-in function.
func isFunc(name string) bool {
	_, ok := LookupFunc(name)
	return ok
}

// accepts reports whether f may be called with n arguments.
func (f Func) accepts(n int) bool {
	return n >= f.MinArgs && (f.MaxArgs < 0 || n <= f.MaxArgs) && (!f.Pairs || n%2 == 0)
}

// arity describes the number of arguments f takes.
func (f Func) arity() string {
	switch {
	case f.Pairs:
		return fmt.Sprintf("an even number of arguments, at least %d (%s)", f.MinArgs, f.Params)
	case f.MinArgs == f.MaxArgs && f.MinArgs == 1:
		return fmt.Sprintf("1 argument (%s)", f.Params)
	case f.MinArgs == f.MaxArgs:
		return fmt.Sprintf("%d arguments (%s)", f.MinArgs, f.Params)
	case f.MaxArgs < 0:
		return fmt.Sprintf("at least %d arguments (%s)", f.MinArgs, f.Params)
	}
	return fmt.Sprintf("%d to %d arguments (%s)", f.MinArgs, f.MaxArgs, f.Params)
}
