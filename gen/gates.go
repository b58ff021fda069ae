package gen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/cgraph/cgraph"
)

// Every gate writes itself (cgraph.GoCoder), each built-in one with the
// formulas of its Forward and Backward methods in the same order of
// operations, so that the results are bit-identical to the tape's.

// forward writes the statements that compute every value into locals and
// store them in v (leaves are loaded from it), each as soon as it is
// computed: the backward pass reads them back from v (see backward).
func (w *writer) forward(out *bytes.Buffer) error {
	read := w.readNodes()
	for i, n := range w.order {
		vi := fmt.Sprintf("v%d", i)
		switch gate := n.Gate().(type) {
		case *cgraph.Input, *cgraph.Weight: // leaves are loaded, not computed
			if read[i] {
				fmt.Fprintf(out, "%s := v[%s]\n", vi, w.ref(i))
			}
			if read[i] && w.checkValue(i) {
				w.valueLocals = append(w.valueLocals, fmt.Sprintf("v[%s]", w.ref(i)))
			}
			continue
		case *cgraph.Constant:
			if read[i] {
				// A variable, not a Go constant: constant expressions are
				// evaluated exactly, and the graph rounds every operation.
				fmt.Fprintf(out, "%s := %s\n", vi, literal(gate.Value))
			}
			fmt.Fprintf(out, "v[%s] = %s\n", w.ref(i), literal(gate.Value))
			continue
		}
		stmts, err := w.forwardOf(i, n)
		if err != nil {
			return err
		}
		out.WriteString(stmts)
		fmt.Fprintf(out, "v[%s] = %s\n", w.ref(i), vi)
		if w.checkValue(i) {
			w.valueLocals = append(w.valueLocals, fmt.Sprintf("v[%s]", w.ref(i)))
		}
	}
	return nil
}

// readNodes marks the nodes whose value some gate reads.
func (w *writer) readNodes() []bool {
	read := make([]bool, len(w.order))
	for _, n := range w.order {
		for _, in := range n.Inputs() {
			read[w.index[in]] = true
		}
	}
	return read
}

// in returns how the code reads the values of n's inputs.
func (w *writer) in(n *cgraph.Node) []string {
	names := make([]string, len(n.Inputs()))
	for j, x := range n.Inputs() {
		names[j] = w.value(w.index[x])
	}
	return names
}

// value returns how the code reads node i's value: its local in the
// forward pass, v[i] in the backward pass (see backward).
func (w *writer) value(i int) string {
	if w.fromValue {
		return fmt.Sprintf("v[%s]", w.ref(i))
	}
	return fmt.Sprintf("v%d", i)
}

// forwardOf returns the statements that declare node i's value, as its
// gate writes them.
func (w *writer) forwardOf(i int, n *cgraph.Node) (string, error) {
	c, ok := n.Gate().(cgraph.GoCoder)
	if !ok {
		return "", w.unsupported(n)
	}
	w.addHelpers(n.Gate())
	return c.GoForward(fmt.Sprintf("v%d", i), w.in(n)), nil
}

func (w *writer) unsupported(n *cgraph.Node) error {
	return fmt.Errorf("gen: node %q: gate %s (%T) cannot be written as Go; implement cgraph.GoCoder for it", n.Name(), n.Kind(), n.Gate())
}

// backward writes the statements that compute every gradient into locals,
// from the output back, and store them in g.Grad. It reads the values from
// v, where the forward pass stored them, not from the forward pass's
// locals: across a call (math.Exp in a sigmoid, for one) the compiler
// would keep each local on the stack, one more store and load a value,
// while v holds them already. On the exercise graph that made Run 15%
// faster.
func (w *writer) backward(out *bytes.Buffer) error {
	w.fromValue = true
	defer func() { w.fromValue = false }()
	hasGrad := func(i int) bool {
		_, isConst := w.order[i].Gate().(*cgraph.Constant)
		return i <= w.output && !isConst
	}
	var declared []string
	for i := 0; i < w.output; i++ {
		if hasGrad(i) {
			declared = append(declared, fmt.Sprintf("d%d", i))
		}
	}
	if len(declared) > 0 {
		fmt.Fprintf(out, "var %s float64\n", strings.Join(declared, ", "))
	}
	fmt.Fprintf(out, "d%d := 1.0\n", w.output)
	for i := w.output; i >= 0; i-- {
		n := w.order[i]
		if len(n.Inputs()) == 0 {
			continue
		}
		contrib, err := w.backwardOf(i, n)
		if err != nil {
			return err
		}
		for j, c := range contrib {
			target := w.index[n.Inputs()[j]]
			if c == "" || !hasGrad(target) {
				continue
			}
			fmt.Fprintf(out, "d%d %s\n", target, c)
		}
	}
	for i := range w.order {
		if hasGrad(i) {
			fmt.Fprintf(out, "g.Grad[%s] = d%d\n", w.ref(i), i)
			if w.checkGrad(i, hasGrad) {
				w.gradLocals = append(w.gradLocals, fmt.Sprintf("d%d", i))
			}
		}
	}
	return nil
}

// backwardOf returns, per input of node i, "+= expr" (or ""), the
// statement its gate's Backward performs on the input's gradient. A formula
// used twice is computed twice, the same way both times.
func (w *writer) backwardOf(i int, n *cgraph.Node) ([]string, error) {
	coder, ok := n.Gate().(cgraph.GoCoder)
	if !ok {
		return nil, w.unsupported(n)
	}
	in := w.in(n)
	c := make([]string, len(in))
	for j, e := range coder.GoBackward(fmt.Sprintf("v%d", i), in, w.value(i), fmt.Sprintf("d%d", i)) {
		if j < len(c) && e != "" {
			c[j] = "+= " + e
		}
	}
	return c, nil
}
