// Package program evaluates a program of the expression language with
// values for its inputs, as `cgraph eval` and the web playground both do:
// compile, set every input (decimals or fractions), run forward and
// backward from the output, and work out the exact rational view.
package program

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/numfmt"
)

// InputError is a wrong value or name given for the program's inputs: the
// user's mistake, not the program's.
type InputError struct {
	Msg string
	// Missing lists the inputs that got no value when that was the only
	// mistake: the program's structure is sound and can still be drawn.
	Missing []string
}

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// Assignment is one NAME=VALUE, the value still as text ("4/5").
type Assignment struct{ Name, Value string }

// ParseAssignments reads NAME=VALUE arguments.
func ParseAssignments(args []string) ([]Assignment, error) {
	out := make([]Assignment, 0, len(args))
	for _, a := range args {
		name, text, ok := strings.Cut(a, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, inputErrorf("%q is not an assignment NAME=VALUE", a)
		}
		out = append(out, Assignment{Name: name, Value: strings.TrimSpace(text)})
	}
	return out, nil
}

// SetInputs sets every input of the program. A name given twice, a name
// that is not an input, a malformed value or a missing input is an
// *InputError.
func SetInputs(b *expr.Built, assigns []Assignment) error {
	return SetValues(b.Graph, b.Inputs, assigns, func(name string) error {
		n := b.Graph.Lookup(name)
		if s, ok := b.From[n].(*expr.Stmt); ok && n != nil {
			return inputErrorf("%s is computed by the program (line %d), not an input", name, s.Pos.Line)
		}
		return inputErrorf("%s is not a name in the program (its inputs are %s)", name, strings.Join(Names(b.Inputs), " "))
	})
}

// SetValues sets the leaves inputs of g from assigns, each given exactly
// once; notInput says why a name that is not one of inputs is refused. The
// errors are *InputError.
func SetValues(g *cgraph.Graph, inputs []*cgraph.Node, assigns []Assignment, notInput func(name string) error) error {
	isInput := make(map[string]bool, len(inputs))
	for _, in := range inputs {
		isInput[in.Name()] = true
	}
	given := map[string]bool{}
	for _, a := range assigns {
		if given[a.Name] {
			return inputErrorf("%s is given twice", a.Name)
		}
		given[a.Name] = true
		v, err := numfmt.Parse(a.Value)
		if err != nil {
			return inputErrorf("value of %s: %v", a.Name, err)
		}
		if !isInput[a.Name] {
			return notInput(a.Name)
		}
		if err := g.Set(a.Name, v); err != nil {
			return err
		}
	}
	var missing []string
	for _, in := range inputs {
		if !given[in.Name()] {
			missing = append(missing, in.Name())
		}
	}
	if len(missing) > 0 {
		err := inputErrorf("missing value for %s (give NAME=VALUE for every input: %s)",
			strings.Join(missing, ", "), strings.Join(Names(inputs), " "))
		err.(*InputError).Missing = missing
		return err
	}
	return nil
}

// Names returns the nodes' names.
func Names(nodes []*cgraph.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Name()
	}
	return out
}

// MaxExactNodes bounds the graphs given the exact rational view, which
// costs far more than the float64 run.
const MaxExactNodes = 5000

// Run is an evaluated program: its graph after forward and backward, and
// the exact rational view of it (nil for graphs over MaxExactNodes; within
// it, each number longer than cgraph.MaxExactBits is shown as a decimal).
type Run struct {
	Built *expr.Built
	Order []*cgraph.Node
	Exact *cgraph.Exact
}

// Evaluate sets the inputs of a compiled program from assigns and runs
// forward and backward from its output.
func Evaluate(b *expr.Built, assigns []Assignment) (*Run, error) {
	if err := SetInputs(b, assigns); err != nil {
		return nil, err
	}
	g := b.Graph
	if err := g.Run(b.Output); err != nil {
		return nil, err
	}
	r := &Run{Built: b}
	r.Order, _ = g.Order() // Run succeeded, so the order exists
	if g.Len() <= MaxExactNodes {
		r.Exact, _ = g.Exact(b.Output)
	}
	return r, nil
}

// SyntaxErrors returns the positioned errors of a failed Compile, or nil if
// err is not one.
func SyntaxErrors(err error) expr.ErrorList {
	var list expr.ErrorList
	var one *expr.Error
	switch {
	case errors.As(err, &list):
		return list
	case errors.As(err, &one):
		return expr.ErrorList{one}
	}
	return nil
}
