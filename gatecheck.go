package cgraph

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"
)

// A user's gate declares the number of inputs it takes only if it
// implements Arity. One that does not, given too few inputs, would panic
// with an index out of range deep inside a run. Graph.Node therefore calls
// a user's gate once, when the node is added, with as many zeros as the
// node has inputs, and turns such a panic into a *GateError naming the
// node. The runs themselves pay nothing for it.

// GateError reports a gate that fails for the number of inputs its node
// was given. It is a snapshot of the node's name and kind.
type GateError struct {
	NodeName, Kind string
	Inputs         int    // how many inputs the node was given
	Method         string // "Forward" or "Backward"
	Err            error  // the runtime error of the gate's method
}

func (e *GateError) Error() string {
	return fmt.Sprintf("cgraph: node %q: %s's %s fails with %d input%s (does it take another number? an Arity method says so): %v",
		e.NodeName, e.Kind, e.Method, e.Inputs, plural(e.Inputs), e.Err)
}

func (e *GateError) Unwrap() error { return e.Err }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// probeGate calls a user gate's Forward, and for a node with inputs its
// Backward, with n zeros. It returns a *GateError if one of them indexes
// out of range. Any other panic is left alone: zeros need not be valid
// values for the gate, and the run will show the panic with its stack if
// it happens there. Built-in gates are not probed: Arity checks them.
func (g *Graph) probeGate(name string, gate Gate, n int) error {
	if builtin(gate) {
		return nil
	}
	in := make([]float64, n)
	out := 0.0
	if err := outOfRange(func() { out = gate.Forward(in) }); err != nil {
		return g.gateError(name, gate, n, "Forward", err)
	}
	if n == 0 {
		return nil // a leaf: Backward is never called
	}
	grads := make([]float64, n)
	if err := outOfRange(func() { gate.Backward(in, out, 1, grads) }); err != nil {
		return g.gateError(name, gate, n, "Backward", err)
	}
	return nil
}

func (g *Graph) gateError(name string, gate Gate, n int, method string, err error) *GateError {
	if name == "" { // the name the node would have had, see Node.Name
		name = gate.Kind() + "#" + strconv.Itoa(len(g.nodes))
	}
	return &GateError{NodeName: name, Kind: gate.Kind(), Inputs: n, Method: method, Err: err}
}

// outOfRange runs f and returns the runtime error of an index or slice
// out of range that f panicked with; nil if f returned or panicked with
// anything else.
func outOfRange(f func()) (err error) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		var re runtime.Error
		if e, ok := p.(error); ok && errors.As(e, &re) && strings.Contains(re.Error(), "out of range") {
			err = re
		}
	}()
	f()
	return nil
}

// builtin reports whether gate is one of this package's gates, not a
// user's type (which may embed one, and with it the built-in's kernel
// method, to override its Backward). The common ones are named, so that
// adding a million nodes costs a type switch each; others are known by
// their package.
func builtin(gate Gate) bool {
	switch gate.(type) {
	case *Input, *Constant, *Weight, Add, Mul, Sub, Neg, Div, Pow,
		Sigmoid, Tanh, ReLU, LeakyReLU, Exp, Log, SquaredLoss, MSE, MulAdd, SigmoidSqLoss:
		return true
	}
	t := reflect.TypeOf(gate)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == builtinPkg
}

// builtinPkg is the import path of this package.
var builtinPkg = reflect.TypeOf(Add{}).PkgPath()
