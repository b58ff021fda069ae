package gen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/cgraph/cgraph"
)

// Each built-in gate is written with the formulas of its Forward and
// Backward methods, in the same order of operations, so that the results
// are bit-identical to the tape's.

// forward writes the statements that compute every value into locals and
// store them in v (leaves are loaded from it), each as soon as it is
// computed: the backward pass reads them back from v (see backward).
func (w *writer) forward(out *bytes.Buffer) error {
	read := w.readNodes()
	for i, n := range w.order {
		vi := fmt.Sprintf("v%d", i)
		switch gate := n.Gate().(type) {
		case *cgraph.Input, *cgraph.Weight:
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

func (w *writer) forwardOf(i int, n *cgraph.Node) (string, error) {
	in := w.in(n)
	v := fmt.Sprintf("v%d", i)
	switch gate := n.Gate().(type) {
	case cgraph.Add:
		if len(in) == 2 {
			return fmt.Sprintf("%s := %s + %s\n", v, in[0], in[1]), nil
		}
		return fmt.Sprintf("%s := 0 + %s\n", v, strings.Join(in, " + ")), nil
	case cgraph.Mul:
		if len(in) == 2 {
			return fmt.Sprintf("%s := %s * %s\n", v, in[0], in[1]), nil
		}
		return fmt.Sprintf("%s := 1 * %s\n", v, strings.Join(in, " * ")), nil
	case cgraph.Sub:
		return fmt.Sprintf("%s := %s - %s\n", v, in[0], in[1]), nil
	case cgraph.Neg:
		return fmt.Sprintf("%s := -%s\n", v, in[0]), nil
	case cgraph.Div:
		return fmt.Sprintf("%s := %s / %s\n", v, in[0], in[1]), nil
	case cgraph.Pow:
		return fmt.Sprintf("%s := %s(%s, %s)\n", v, w.need("pow"), in[0], in[1]), nil
	case cgraph.Sigmoid:
		return inlineSigmoid(v, in[0], i), nil
	case cgraph.Tanh:
		return fmt.Sprintf("%s := math.Tanh(%s)\n", v, in[0]), nil
	case cgraph.ReLU:
		return fmt.Sprintf("%s := max(%s, 0)\n", v, in[0]), nil
	case cgraph.LeakyReLU:
		return fmt.Sprintf("%s := %s(%s, %s)\n", v, w.need("leaky"), in[0], literal(slope(gate))), nil
	case cgraph.Exp:
		return fmt.Sprintf("%s := math.Exp(%s)\n", v, in[0]), nil
	case cgraph.Log:
		return fmt.Sprintf("%s := math.Log(%s)\n", v, in[0]), nil
	case cgraph.SquaredLoss:
		return fmt.Sprintf("%s := (%s - %s) * (%s - %s)\n", v, in[0], in[1], in[0], in[1]), nil
	case cgraph.MSE:
		terms := make([]string, 0, len(in)/2)
		for j := 0; j+1 < len(in); j += 2 {
			terms = append(terms, fmt.Sprintf("(%s-%s)*(%s-%s)", in[j], in[j+1], in[j], in[j+1]))
		}
		return fmt.Sprintf("%s := (0 + %s) / %d\n", v, strings.Join(terms, " + "), len(in)/2), nil
	case cgraph.MulAdd:
		terms := make([]string, 0, len(in))
		k := 2 * gate.Pairs
		for j := 0; j < k; j += 2 {
			terms = append(terms, in[j]+"*"+in[j+1])
		}
		terms = append(terms, in[k:]...)
		return fmt.Sprintf("%s := 0 + %s\n", v, strings.Join(terms, " + ")), nil
	case cgraph.SigmoidSqLoss:
		// σ(z) is kept in s<i> for the backward pass, as the tape keeps it.
		s := fmt.Sprintf("s%d", i)
		return inlineSigmoid(s, in[0], i) + fmt.Sprintf("%s := (%s - %s) * (%s - %s)\n", v, s, in[1], s, in[1]), nil
	case Coder:
		w.need("sigmoid") // promised to Coder's expressions
		return fmt.Sprintf("%s := %s\n", v, gate.GoForward(in)), nil
	}
	return "", w.unsupported(n)
}

// inlineSigmoid writes the sigmoid helper's formula into Run: the Go
// compiler does not inline a function with two calls of math.Exp's size,
// and the call would cost as much as the rest of a small graph.
func inlineSigmoid(v, x string, i int) string {
	return fmt.Sprintf("e%d := math.Exp(-math.Abs(%s))\n%s := 1 / (1 + e%d)\nif %s < 0 {\n%s = e%d / (1 + e%d)\n}\n", i, x, v, i, x, v, i, i)
}

func (w *writer) unsupported(n *cgraph.Node) error {
	return fmt.Errorf("gen: node %q: gate %s (%T) cannot be written as Go; implement gen.Coder for it", n.Name(), n.Kind(), n.Gate())
}

func slope(g cgraph.LeakyReLU) float64 {
	if g.Slope == 0 {
		return cgraph.DefaultLeak
	}
	return g.Slope
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

// backwardOf returns, per input of node i, "+= expr" or "-= expr" (or ""),
// the statements its gate's Backward performs on the input's gradient.
// A formula used twice is computed twice, the same way both times.
func (w *writer) backwardOf(i int, n *cgraph.Node) ([]string, error) {
	in := w.in(n)
	up := fmt.Sprintf("d%d", i)
	out := w.value(i)
	c := make([]string, len(in))
	switch gate := n.Gate().(type) {
	case cgraph.Add:
		for j := range c {
			c[j] = "+= " + up
		}
	case cgraph.Mul:
		if len(in) == 2 {
			c[0], c[1] = "+= "+up+" * "+in[1], "+= "+up+" * "+in[0]
			break
		}
		for j := range c {
			others := []string{up}
			for k, x := range in {
				if k != j {
					others = append(others, x)
				}
			}
			c[j] = "+= " + strings.Join(others, " * ")
		}
	case cgraph.Sub:
		c[0], c[1] = "+= "+up, "-= "+up
	case cgraph.Neg:
		c[0] = "-= " + up
	case cgraph.Div:
		c[0] = fmt.Sprintf("+= %s / %s", up, in[1])
		c[1] = fmt.Sprintf("-= %s * %s / %s", up, out, in[1])
	case cgraph.Pow:
		c[0] = fmt.Sprintf("+= %s(%s, %s, %s)", w.need("powBase"), in[0], in[1], up)
		c[1] = fmt.Sprintf("+= %s(%s, %s, %s)", w.need("powExp"), in[0], out, up)
	case cgraph.Sigmoid:
		c[0] = fmt.Sprintf("+= %s * %s(%s, %s)", up, w.need("sigmoidLocal"), in[0], out)
	case cgraph.Tanh:
		c[0] = fmt.Sprintf("+= %s * %s(%s, %s)", up, w.need("tanhLocal"), in[0], out)
	case cgraph.ReLU:
		c[0] = fmt.Sprintf("+= %s(%s, %s)", w.need("reluGrad"), in[0], up)
	case cgraph.LeakyReLU:
		c[0] = fmt.Sprintf("+= %s(%s, %s, %s)", w.need("leakyGrad"), in[0], up, literal(slope(gate)))
	case cgraph.Exp:
		c[0] = fmt.Sprintf("+= %s * %s", up, out)
	case cgraph.Log:
		c[0] = fmt.Sprintf("+= %s / %s", up, in[0])
	case cgraph.SquaredLoss:
		d := fmt.Sprintf("2 * (%s - %s) * %s", in[0], in[1], up)
		c[0], c[1] = "+= "+d, "-= "+d
	case cgraph.MSE:
		scale := fmt.Sprintf("(2 * %s / %d)", up, len(in)/2)
		for j := 0; j+1 < len(in); j += 2 {
			d := fmt.Sprintf("%s * (%s - %s)", scale, in[j], in[j+1])
			c[j], c[j+1] = "+= "+d, "-= "+d
		}
	case cgraph.MulAdd:
		k := 2 * gate.Pairs
		for j := 0; j < k; j += 2 {
			c[j], c[j+1] = "+= "+up+" * "+in[j+1], "+= "+up+" * "+in[j]
		}
		for j := k; j < len(in); j++ {
			c[j] = "+= " + up
		}
	case cgraph.SigmoidSqLoss:
		d := fmt.Sprintf("2 * (s%d - %s) * %s", i, in[1], up)
		c[0] = fmt.Sprintf("+= %s * %s(%s, s%d)", d, w.need("sigmoidLocal"), in[0], i)
		c[1] = "-= " + d
	case Coder:
		for j, e := range gate.GoBackward(in, out, up) {
			if j < len(c) && e != "" {
				c[j] = "+= " + e
			}
		}
	default:
		return nil, w.unsupported(n)
	}
	return c, nil
}
