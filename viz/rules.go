package viz

import (
	"strconv"
	"strings"
)

// The formulas of the built-in gates, keyed by Gate.Kind, in the notation a
// student writes on paper. They only name things; the numbers come from the
// graph. A kind missing here (a user's gate) falls back to kind(a, b, …)
// and a local derivative given by its number alone.

// formulaRule writes a gate's output in terms of its arguments, which are
// names or numbers already made safe to embed (negative numbers in
// parentheses).
type formulaRule func(a []string) string

// localRule writes ∂out/∂a[i] in terms of the arguments and, where shorter,
// the gate's own output name out.
type localRule func(a []string, out string, i int) string

var formulas = map[string]formulaRule{
	"add": func(a []string) string { return strings.Join(a, " + ") },
	"mul": func(a []string) string { return strings.Join(a, " · ") },
	"sub": func(a []string) string { return a[0] + " − " + a[1] },
	"neg": func(a []string) string { return "−" + a[0] },
	"div": func(a []string) string { return a[0] + " / " + a[1] },
	"pow": func(a []string) string {
		if a[1] == "2" {
			return a[0] + "²"
		}
		return a[0] + "^" + a[1]
	},
	"sigmoid":    call("σ"),
	"tanh":       call("tanh"),
	"relu":       call("relu"),
	"leaky_relu": call("leaky_relu"),
	"exp":        call("exp"),
	"log":        call("ln"),
	"sqloss":     func(a []string) string { return "(" + a[0] + " − " + a[1] + ")²" },
	"mse":        mseFormula,
	"sigmoid_sqloss": func(a []string) string {
		return "(σ(" + a[0] + ") − " + a[1] + ")²"
	},
}

var locals = map[string]localRule{
	"add": func([]string, string, int) string { return "1" },
	"mul": func(a []string, _ string, i int) string { return strings.Join(without(a, i), " · ") },
	"sub": func(_ []string, _ string, i int) string { return [...]string{"1", "−1"}[i] },
	"neg": func([]string, string, int) string { return "−1" },
	"div": func(a []string, _ string, i int) string {
		if i == 0 {
			return "1/" + a[1]
		}
		return "−" + a[0] + "/" + a[1] + "²"
	},
	"pow": func(a []string, _ string, i int) string {
		if i == 0 {
			return powLocal(a[0], a[1])
		}
		return a[0] + "^" + a[1] + "·ln " + a[0]
	},
	"sigmoid":    func(a []string, _ string, _ int) string { return "σ(" + a[0] + ")(1 − σ(" + a[0] + "))" },
	"tanh":       func(a []string, _ string, _ int) string { return "1 − tanh²(" + a[0] + ")" },
	"relu":       func(a []string, _ string, _ int) string { return "[" + a[0] + " > 0]" },
	"leaky_relu": func(a []string, _ string, _ int) string { return "1 if " + a[0] + " > 0, else slope" },
	"exp":        func(a []string, _ string, _ int) string { return "exp(" + a[0] + ")" },
	"log":        func(a []string, _ string, _ int) string { return "1/" + a[0] },
	"sqloss": func(a []string, _ string, i int) string {
		return [...]string{"", "−"}[i] + "2(" + a[0] + " − " + a[1] + ")"
	},
	"sigmoid_sqloss": func(a []string, _ string, i int) string {
		d := "2(σ(" + a[0] + ") − " + a[1] + ")"
		if i == 1 {
			return "−" + d
		}
		return d + "·σ(" + a[0] + ")(1 − σ(" + a[0] + "))"
	},
	"mse": func(a []string, _ string, i int) string {
		k := strconv.Itoa(len(a) / 2)
		j := i &^ 1 // the pair (ŷ, y) that input i belongs to
		return [...]string{"", "−"}[i&1] + "(2/" + k + ")(" + a[j] + " − " + a[j+1] + ")"
	},
}

// fixedArity is the number of inputs the rules above assume for each kind
// of fixed arity. A user's gate may call itself "sub" and take three
// inputs; it then gets the generic formula instead of an index panic.
var fixedArity = map[string]int{
	"sub": 2, "div": 2, "pow": 2, "sqloss": 2, "sigmoid_sqloss": 2,
	"neg": 1, "sigmoid": 1, "tanh": 1, "relu": 1, "leaky_relu": 1, "exp": 1, "log": 1,
}

// hasRule reports whether the rules of kind apply to n arguments.
func hasRule(kind string, n int) bool {
	if want, ok := fixedArity[kind]; ok {
		return n == want
	}
	switch kind {
	case "add", "mul":
		return n >= 1
	case "mse":
		return n >= 2 && n%2 == 0
	}
	return false
}

// formula returns kind's formula over args, or the generic kind(args).
func formula(kind string, args []string) string {
	if f, ok := formulas[kind]; ok && hasRule(kind, len(args)) {
		return f(args)
	}
	return kind + "(" + strings.Join(args, ", ") + ")"
}

// localFormula returns the formula of ∂out/∂args[i], or "" if the kind has
// no rule (the label then shows the number only).
func localFormula(kind string, args []string, out string, i int) string {
	if f, ok := locals[kind]; ok && hasRule(kind, len(args)) {
		return f(args, out, i)
	}
	return ""
}

func call(name string) formulaRule {
	return func(a []string) string { return name + "(" + strings.Join(a, ", ") + ")" }
}

func mseFormula(a []string) string {
	terms := make([]string, 0, len(a)/2)
	for i := 0; i+1 < len(a); i += 2 {
		terms = append(terms, "("+a[i]+" − "+a[i+1]+")²")
	}
	return "(" + strings.Join(terms, " + ") + ")/" + strconv.Itoa(len(a)/2)
}

// without returns a without its i-th element, or "1" if nothing remains.
func without(a []string, i int) []string {
	out := make([]string, 0, len(a))
	out = append(out, a[:i]...)
	out = append(out, a[i+1:]...)
	if len(out) == 0 {
		return []string{"1"}
	}
	return out
}

// powLocal is b·a^(b−1), worked out where the exponent is a plain number
// (the common (ŷ − y)^2 gives 2·(ŷ − y)).
func powLocal(a, b string) string {
	k, err := strconv.ParseFloat(b, 64)
	switch {
	case err != nil:
		return b + "·" + a + "^(" + b + "−1)"
	case k == 1:
		return "1"
	case k == 2:
		return "2·" + a
	}
	return b + "·" + a + "^" + strings.ReplaceAll(strconv.FormatFloat(k-1, 'g', -1, 64), "-", "−")
}
