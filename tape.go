package cgraph

import (
	"math"
	"unsafe"
)

// The tape: a graph's topological order compiled into a flat slice of
// steps that read and write the value and gradient slices by node id. The
// built-in gates the exercise uses most run inline here, without an
// interface call or copying their inputs; every other gate, a user's own
// included, runs through its Forward and Backward methods. The inline cases
// apply the same formulas as the gates' methods, and TestTapeMatchesGates
// holds them to the same results bit for bit.

type opcode uint8

const (
	opGate opcode = iota // through the Gate interface
	opLeaf               // Input, Constant, Weight: read the gate's value
	opAdd2
	opAddN
	opMul2
	opSub
	opNeg
	opDiv
	opSigmoid
	opTanh
	opReLU
	opSqLoss
	opMulAdd
	opSigSq
)

// step is one node of the tape, 28 bytes: what the gate is, where its
// inputs and output live. Leaves and gates that run through the interface
// find their pointer in a side table, so the common steps stay small.
type step struct {
	op   opcode
	out  int32 // the node's id
	a, b int32 // the first two inputs' ids, for inline ops
	off  int32 // inputs' ids are ins[off : off+n]
	n    int32 // number of inputs
	aux  int32 // opLeaf: index in leaves; opGate: in gates; opMulAdd: pairs; opSigSq: in sigmoids
}

// compile builds the tape from the order.
func (g *Graph) compile() {
	g.steps = g.steps[:0]
	g.ins = g.ins[:0]
	g.inner = g.inner[:0]
	g.leaves = g.leaves[:0]
	g.leafIDs = g.leafIDs[:0]
	g.sigmoids = g.sigmoids[:0]
	g.gates = g.gates[:0]
	for _, n := range g.order {
		s := step{out: int32(n.id), off: int32(len(g.ins)), n: int32(len(n.inputs))}
		for _, in := range n.inputs {
			g.ins = append(g.ins, int32(in.id))
		}
		if s.n > 0 {
			s.a = int32(n.inputs[0].id)
		}
		if s.n > 1 {
			s.b = int32(n.inputs[1].id)
		}
		s.op, s.aux = g.opcodeOf(n.id, n.gate, len(n.inputs))
		if s.n > 0 {
			g.inner = append(g.inner, int32(len(g.steps)))
		}
		g.steps = append(g.steps, s)
	}
}

// opcodeOf returns the op of a gate and its aux value, adding leaves and
// interface gates to their side tables.
func (g *Graph) opcodeOf(id int, gate Gate, inputs int) (opcode, int32) {
	leaf := func(v *float64) (opcode, int32) {
		g.leaves = append(g.leaves, v)
		g.leafIDs = append(g.leafIDs, int32(id))
		return opLeaf, int32(len(g.leaves) - 1)
	}
	switch gt := gate.(type) {
	case *Input:
		return leaf(&gt.Value)
	case *Constant:
		return leaf(&gt.Value)
	case *Weight:
		return leaf(&gt.Value)
	case Add:
		if inputs == 2 {
			return opAdd2, 0
		}
		return opAddN, 0
	case Mul:
		if inputs == 2 {
			return opMul2, 0
		}
	case Sub:
		return opSub, 0
	case Neg:
		return opNeg, 0
	case Div:
		return opDiv, 0
	case Sigmoid:
		return opSigmoid, 0
	case Tanh:
		return opTanh, 0
	case ReLU:
		return opReLU, 0
	case SquaredLoss:
		return opSqLoss, 0
	case MulAdd:
		return opMulAdd, int32(gt.Pairs)
	case SigmoidSqLoss: // σ(z) of the forward pass is kept for backward
		g.sigmoids = append(g.sigmoids, 0)
		return opSigSq, int32(len(g.sigmoids) - 1)
	}
	g.gates = append(g.gates, gate)
	return opGate, int32(len(g.gates) - 1)
}

// forward runs the whole tape: first every leaf's value is copied from its
// gate in one tight loop, then the steps with inputs run. It returns the
// index of the first step whose value is NaN or ±Inf, or −1. The check is
// a scan after the loop: a NaN cannot hide, since it propagates into or
// stays in the values, and the first non-finite value in topological order
// is the one a gate produced from finite inputs.
func (g *Graph) forward() int {
	vals := g.vals
	for i, p := range g.leaves {
		*at(vals, g.leafIDs[i]) = *p
	}
	g.runSteps(g.inner)
	if allFinite(vals) {
		return -1
	}
	return g.firstNotFinite(0, len(g.steps))
}

// forwardRange runs the steps whose indices are listed in idx (a part of
// the order, leaves included) and returns what forward does.
func (g *Graph) forwardRange(idx []int32) int {
	g.runSteps(idx)
	if len(idx) == 0 || allFinite(g.vals) {
		return -1
	}
	return g.firstNotFinite(int(idx[0]), int(idx[len(idx)-1])+1)
}

// firstNotFinite returns the first step of from:to whose value is NaN or
// ±Inf, or −1.
func (g *Graph) firstNotFinite(from, to int) int {
	for i := from; i < to; i++ {
		if v := g.vals[g.steps[i].out]; v-v != 0 {
			return i
		}
	}
	return -1 // only nodes outside from:to are not finite
}

// allFinite reports whether no element of xs is NaN or ±Inf. x·0 is ±0 for
// a finite x and NaN otherwise, so the sums stay 0 exactly when all are
// finite; four sums and no branch per element let the loop run at the
// speed of the loads, which matters for graphs of millions of nodes.
func allFinite(xs []float64) bool {
	var a, b, c, d float64
	i := 0
	for ; i+3 < len(xs); i += 4 {
		a += xs[i] * 0
		b += xs[i+1] * 0
		c += xs[i+2] * 0
		d += xs[i+3] * 0
	}
	for ; i < len(xs); i++ {
		a += xs[i] * 0
	}
	return a+b+c+d == 0
}

// The hot loops index values, gradients, steps and input lists through at,
// stepAt and idsAt, without bounds checks. That is safe by construction:
// compile builds the tape from the current order, every id in it is the id
// of a node and so less than len(vals) == len(grads), every off:off+n lies
// in ins, and any change of structure marks the graph dirty so that the
// tape is rebuilt before it runs again. The checked indexing cost as much
// as the arithmetic on small graphs.

// at returns &xs[id] without a bounds check.
func at(xs []float64, id int32) *float64 {
	return (*float64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(xs)), uintptr(id)*8))
}

// stepAt returns &steps[i] without a bounds check.
func stepAt(steps []step, i int32) *step {
	return (*step)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(steps)), uintptr(i)*unsafe.Sizeof(step{})))
}

// idsAt returns ins[s.off : s.off+s.n] without bounds checks.
func idsAt(ins []int32, s *step) []int32 {
	return unsafe.Slice((*int32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(ins)), uintptr(s.off)*4)), s.n)
}

// runSteps runs the steps listed in idx, in that order.
func (g *Graph) runSteps(idx []int32) {
	vals, steps, ins := g.vals, g.steps, g.ins
	for _, i := range idx {
		s := stepAt(steps, i)
		var v float64
		switch s.op {
		case opLeaf:
			v = *g.leaves[s.aux]
		case opAdd2:
			v = *at(vals, s.a) + *at(vals, s.b)
		case opAddN:
			for _, id := range idsAt(ins, s) {
				v += *at(vals, id)
			}
		case opMul2:
			v = *at(vals, s.a) * *at(vals, s.b)
		case opSub:
			v = *at(vals, s.a) - *at(vals, s.b)
		case opNeg:
			v = -*at(vals, s.a)
		case opDiv:
			v = *at(vals, s.a) / *at(vals, s.b)
		case opSigmoid:
			x := *at(vals, s.a)
			v = sigmoidOf(x, math.Exp(-math.Abs(x))) // sigmoid, inlined
		case opTanh:
			v = tanh(*at(vals, s.a))
		case opReLU:
			v = max(*at(vals, s.a), 0)
		case opSqLoss:
			d := *at(vals, s.a) - *at(vals, s.b)
			v = d * d
		case opMulAdd:
			v = mulAdd(vals, idsAt(ins, s), int(s.aux))
		case opSigSq:
			x := *at(vals, s.a)
			sz := sigmoidOf(x, math.Exp(-math.Abs(x)))
			g.sigmoids[s.aux] = sz
			d := sz - *at(vals, s.b)
			v = d * d
		default:
			v = g.gates[s.aux].Forward(g.gatherStep(s))
		}
		*at(vals, s.out) = v
	}
}

// mulAdd returns Σ x[2j]·x[2j+1] over the first pairs pairs of ids plus
// the rest, as MulAdd.Forward does.
func mulAdd(vals []float64, ids []int32, pairs int) float64 {
	v := 0.0
	k := 2 * pairs
	for j := 0; j+1 < k; j += 2 {
		v += *at(vals, ids[j]) * *at(vals, ids[j+1])
	}
	for _, id := range ids[k:] {
		v += *at(vals, id)
	}
	return v
}

// backwardSteps zeroes the gradients, seeds output and runs the steps with
// inputs from steps[last] down to steps[0]. It does not check for NaN;
// Backward does.
func (g *Graph) backwardSteps(last int, output int) {
	vals, grads, steps, ins := g.vals, g.grads, g.steps, g.ins
	clear(grads)
	grads[output] = 1
	for k := len(g.inner) - 1; k >= 0; k-- {
		i := g.inner[k]
		if int(i) > last {
			continue // after the output: its gradient is 0
		}
		s := stepAt(steps, i)
		up := *at(grads, s.out)
		switch s.op {
		case opAdd2:
			*at(grads, s.a) += up
			*at(grads, s.b) += up
		case opAddN:
			for _, id := range idsAt(ins, s) {
				*at(grads, id) += up
			}
		case opMul2:
			a, b := *at(vals, s.a), *at(vals, s.b)
			*at(grads, s.a) += up * b
			*at(grads, s.b) += up * a
		case opSub:
			*at(grads, s.a) += up
			*at(grads, s.b) -= up
		case opNeg:
			*at(grads, s.a) -= up
		case opDiv:
			b := *at(vals, s.b)
			*at(grads, s.a) += up / b
			*at(grads, s.b) -= up * *at(vals, s.out) / b
		case opSigmoid:
			*at(grads, s.a) += up * sigmoidLocal(*at(vals, s.a), *at(vals, s.out))
		case opTanh:
			*at(grads, s.a) += up * tanhLocal(*at(vals, s.a), *at(vals, s.out))
		case opReLU:
			if *at(vals, s.a) > 0 {
				*at(grads, s.a) += up
			}
		case opSqLoss:
			d := 2 * (*at(vals, s.a) - *at(vals, s.b)) * up
			*at(grads, s.a) += d
			*at(grads, s.b) -= d
		case opMulAdd:
			mulAddBackward(vals, grads, idsAt(ins, s), int(s.aux), up)
		case opSigSq:
			sz := g.sigmoids[s.aux]
			d := 2 * (sz - *at(vals, s.b)) * up
			*at(grads, s.a) += d * sigmoidLocal(*at(vals, s.a), sz)
			*at(grads, s.b) -= d
		default:
			g.backwardGate(s, up)
		}
	}
}

// mulAddBackward adds MulAdd's contributions to the gradients of ids.
func mulAddBackward(vals, grads []float64, ids []int32, pairs int, up float64) {
	k := 2 * pairs
	for j := 0; j+1 < k; j += 2 {
		a, b := ids[j], ids[j+1]
		va, vb := *at(vals, a), *at(vals, b)
		*at(grads, a) += up * vb
		*at(grads, b) += up * va
	}
	for _, id := range ids[k:] {
		*at(grads, id) += up
	}
}

// backwardGate runs one step through its gate's Backward method.
func (g *Graph) backwardGate(s *step, up float64) {
	if s.n == 0 {
		return
	}
	in := g.gatherStep(s)
	contrib := g.gradBuf[:s.n]
	clear(contrib)
	g.gates[s.aux].Backward(in, g.vals[s.out], up, contrib)
	for j, id := range g.ins[s.off : s.off+s.n] {
		g.grads[id] += contrib[j]
	}
}

// gatherStep copies the values of a step's inputs into the input buffer.
func (g *Graph) gatherStep(s *step) []float64 {
	in := g.inBuf[:s.n]
	for j, id := range g.ins[s.off : s.off+s.n] {
		in[j] = g.vals[id]
	}
	return in
}

// PlanBytes returns the memory held by the graph's compiled execution plan
// (the tape's steps, input lists and side tables, and the value and gradient
// slices), not counting the Node objects that keep the graph readable and
// editable. It compiles the plan if needed; 0 if the graph is invalid.
func (g *Graph) PlanBytes() int {
	if g.prepare() != nil {
		return 0
	}
	const stepBytes = int(unsafe.Sizeof(step{}))
	return cap(g.steps)*stepBytes + 4*(cap(g.ins)+cap(g.inner)+cap(g.leafIDs)) +
		8*(cap(g.vals)+cap(g.grads)+cap(g.leaves)) + 16*cap(g.gates)
}
