package cgraph

import (
	"math"
	"slices"
	"unsafe"
)

// The tape: a graph's topological order compiled into a flat slice of
// steps that read and write the value and gradient slices by node id. The
// built-in gates the exercise uses most run inline here, without an
// interface call or copying their inputs (each gate names its kernel in its
// own file); every other gate, a user's own included, runs through its
// Forward and Backward methods. The kernels apply the same formulas as the
// gates' methods and rules: TestTapeMatchesGates and TestKernelsMatchRules
// hold them to the same results bit for bit.

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

// step is one node of the plan, 20 bytes: what the gate is, where its
// inputs and output live. Leaves and gates that run through the interface
// find their pointer in a side table, so the common steps stay small.
type step struct {
	op  opcode
	out int32 // the node's id
	off int32 // inputs' ids are ins[off : off+n]
	n   int32 // number of inputs
	aux int32 // opLeaf: index in leaves; opGate: in gates; opMulAdd: pairs; opSigSq: in sigmoids
}

// stepView is a step with the ids of its first two inputs at hand, as the
// batch's loops read it.
type stepView struct {
	step
	a, b int32 // the first two inputs' ids; 0 if there are fewer
}

// view returns the step at position i of the order.
func (g *Graph) view(i int32) stepView {
	v := stepView{step: *stepAt(g.steps, i)}
	v.a, v.b = g.operands(&v.step)
	return v
}

// operands returns the ids of the first two inputs of s, 0 for those it
// does not have.
func (g *Graph) operands(s *step) (a, b int32) {
	ids := idsAt(g.ins, s)
	if len(ids) > 0 {
		a = ids[0]
	}
	if len(ids) > 1 {
		b = ids[1]
	}
	return a, b
}

// instr is one step with inputs as the scalar passes run it, 16 bytes:
// the op and the ids of the output and of the first two inputs. The
// passes read only these, one after the other, so that a graph of a
// million nodes streams 16 bytes a step through the cache instead of a
// step, its position and its input list. Ops that need more (opAddN,
// opMulAdd, opSigSq, opGate) find their step in steps[b].
type instr struct {
	op     opcode
	out, a int32
	b      int32 // the second input's id, or the step's index for the ops above
}

// compile builds the tape from the order. The plan's slices get their
// exact sizes, not append's spare capacity: on a graph of a million nodes
// that spare room would be a quarter of the plan.
func (g *Graph) compile() {
	inner, ids := 0, 0
	for _, n := range g.order {
		if len(n.inputs) > 0 {
			inner++
		}
		ids += len(n.inputs)
	}
	g.steps = resize(g.steps, len(g.order))
	g.ins = resize(g.ins, ids)
	g.inner = resize(g.inner, inner)
	g.tape = resize(g.tape, inner)
	g.leaves = g.leaves[:0]
	g.leafIDs = g.leafIDs[:0]
	g.sigmoids = g.sigmoids[:0]
	g.gates = g.gates[:0]
	for _, n := range g.order {
		s := step{out: int32(n.id), off: int32(len(g.ins)), n: int32(len(n.inputs))}
		for _, in := range n.inputs {
			g.ins = append(g.ins, int32(in.id))
		}
		s.op, s.aux = g.opcodeOf(n.id, n.gate, len(n.inputs))
		if s.n > 0 {
			g.inner = append(g.inner, int32(len(g.steps)))
			g.tape = append(g.tape, g.instrOf(&s, int32(len(g.steps))))
		}
		g.steps = append(g.steps, s)
	}
}

// resize returns xs emptied, with room for n elements: xs itself if it
// has that room and is not more than twice as large, else a new slice.
func resize[T any](xs []T, n int) []T {
	if cap(xs) >= n && cap(xs) <= 2*n {
		return xs[:0]
	}
	return make([]T, 0, n)
}

// instrOf returns the instruction of step s at index i of the order.
func (g *Graph) instrOf(s *step, i int32) instr {
	in := instr{op: s.op, out: s.out}
	in.a, in.b = g.operands(s)
	switch s.op {
	case opAddN, opMulAdd, opSigSq, opGate:
		in.b = i
	}
	return in
}

// opcodeOf returns the op of a gate and its aux value, adding leaves and
// interface gates to their side tables. It asks the gate (kerneled) and
// never looks at its kind.
func (g *Graph) opcodeOf(id int, gate Gate, inputs int) (opcode, int32) {
	op := opGate
	if k, ok := gate.(kerneled); ok && builtin(gate) { // not a user type embedding a built-in gate
		op = k.kernel(inputs)
	}
	switch op {
	case opLeaf:
		g.leaves = append(g.leaves, gate.(leaf).valueRef())
		g.leafIDs = append(g.leafIDs, int32(id))
		return opLeaf, int32(len(g.leaves) - 1)
	case opMulAdd:
		return opMulAdd, int32(gate.(MulAdd).Pairs)
	case opSigSq: // σ(z) of the forward pass is kept for backward
		g.sigmoids = append(g.sigmoids, 0)
		return opSigSq, int32(len(g.sigmoids) - 1)
	case opGate:
		g.gates = append(g.gates, gate)
		return opGate, int32(len(g.gates) - 1)
	}
	return op, 0
}

// forward runs the whole tape: first every leaf's value is copied from its
// gate in one tight loop, then the steps with inputs run. It returns the
// index of the first step whose value is NaN or ±Inf, or −1. The check is
// a scan after the loop: a NaN cannot hide, since it propagates into or
// stays in the values, and the first non-finite value in topological order
// is the one a gate produced from finite inputs.
func (g *Graph) forward() int {
	vals := g.vals
	var bad float64
	for i, p := range g.leaves {
		v := *p
		*at(vals, g.leafIDs[i]) = v
		bad += v * 0
	}
	if g.runSteps(g.tape) && bad == 0 {
		return -1
	}
	return g.firstNotFinite(0, len(g.steps))
}

// forwardAfter reruns the steps at positions after:last of the order
// (the leaves' values are in place already) and returns the position of
// the first one whose value is not finite, or −1.
func (g *Graph) forwardAfter(after, last int) int {
	from, to := g.tapeIndex(after+1), g.tapeIndex(last+1)
	if g.runSteps(g.tape[from:to]) {
		return -1
	}
	return g.firstNotFinite(after+1, last+1)
}

// tapeIndex returns the index in the tape of the first step with inputs
// at position i of the order or later.
func (g *Graph) tapeIndex(i int) int {
	k, _ := slices.BinarySearch(g.inner, int32(i))
	return k
}

// firstNotFinite returns the first step of from:to whose value is NaN or
// ±Inf, or −1.
func (g *Graph) firstNotFinite(from, to int) int {
	for i := from; i < to; i++ {
		if v := g.vals[g.order[i].id]; v-v != 0 {
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

// runSteps runs the instructions of tape in order and reports
// whether all the values they wrote are finite. It keeps count as it goes,
// with bad += v·0 (±0 for a finite v, NaN otherwise), instead of scanning
// the values afterwards: on a graph of a million nodes a second pass over
// them costs more than the two flops a step, which overlap the gate's own
// arithmetic.
func (g *Graph) runSteps(tape []instr) bool {
	vals, steps, ins := g.vals, g.steps, g.ins
	var bad float64
	for k := range tape {
		s := &tape[k]
		var v float64
		switch s.op {
		case opAdd2:
			v = *at(vals, s.a) + *at(vals, s.b)
		case opAddN:
			for _, id := range idsAt(ins, stepAt(steps, s.b)) {
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
			st := stepAt(steps, s.b)
			v = mulAdd(vals, idsAt(ins, st), int(st.aux))
		case opSigSq:
			st := stepAt(steps, s.b)
			z, y := g.operands(st)
			x := *at(vals, z)
			sz := sigmoidOf(x, math.Exp(-math.Abs(x)))
			g.sigmoids[st.aux] = sz
			d := sz - *at(vals, y)
			v = d * d
		default:
			st := stepAt(steps, s.b)
			v = g.gates[st.aux].Forward(g.gatherStep(st))
		}
		*at(vals, s.out) = v
		bad += v * 0
	}
	return bad == 0
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
// inputs from position last of the order down to the first. It reports
// whether every gradient is finite, keeping count as runSteps does: each
// gradient a step adds to is counted after the addition, and a sum that
// was NaN or ±Inf once stays so, so the last count of every gradient
// decides.
func (g *Graph) backwardSteps(last int, output int) bool {
	vals, grads, steps, ins, tape := g.vals, g.grads, g.steps, g.ins, g.tape
	clear(grads)
	grads[output] = 1
	var bad float64
	for k := g.tapeIndex(last+1) - 1; k >= 0; k-- {
		s := &tape[k]
		up := *at(grads, s.out)
		switch s.op {
		case opAdd2:
			bad += addTo(grads, s.a, up) + addTo(grads, s.b, up)
		case opAddN:
			for _, id := range idsAt(ins, stepAt(steps, s.b)) {
				bad += addTo(grads, id, up)
			}
		case opMul2:
			a, b := *at(vals, s.a), *at(vals, s.b)
			bad += addTo(grads, s.a, up*b) + addTo(grads, s.b, up*a)
		case opSub:
			bad += addTo(grads, s.a, up) + addTo(grads, s.b, -up)
		case opNeg:
			bad += addTo(grads, s.a, -up)
		case opDiv:
			b := *at(vals, s.b)
			bad += addTo(grads, s.a, up/b) + addTo(grads, s.b, -(up**at(vals, s.out)/b))
		case opSigmoid:
			bad += addTo(grads, s.a, up*sigmoidLocal(*at(vals, s.a), *at(vals, s.out)))
		case opTanh:
			bad += addTo(grads, s.a, up*tanhLocal(*at(vals, s.a), *at(vals, s.out)))
		case opReLU:
			if *at(vals, s.a) > 0 {
				bad += addTo(grads, s.a, up)
			}
		case opSqLoss:
			d := 2 * (*at(vals, s.a) - *at(vals, s.b)) * up
			bad += addTo(grads, s.a, d) + addTo(grads, s.b, -d)
		case opMulAdd:
			st := stepAt(steps, s.b)
			bad += mulAddBackward(vals, grads, idsAt(ins, st), int(st.aux), up)
		case opSigSq:
			st := stepAt(steps, s.b)
			z, y := g.operands(st)
			sz := g.sigmoids[st.aux]
			d := 2 * (sz - *at(vals, y)) * up
			bad += addTo(grads, z, d*sigmoidLocal(*at(vals, z), sz)) + addTo(grads, y, -d)
		default:
			bad += g.backwardGate(stepAt(steps, s.b), up)
		}
	}
	return bad == 0
}

// addTo adds d to xs[id] and returns the sum times 0: ±0 if it is finite,
// NaN if not, for the count of backwardSteps.
func addTo(xs []float64, id int32, d float64) float64 {
	p := at(xs, id)
	t := *p + d
	*p = t
	return t * 0
}

// mulAddBackward adds MulAdd's contributions to the gradients of ids and
// returns their count as addTo does.
func mulAddBackward(vals, grads []float64, ids []int32, pairs int, up float64) float64 {
	var bad float64
	k := 2 * pairs
	for j := 0; j+1 < k; j += 2 {
		a, b := ids[j], ids[j+1]
		va, vb := *at(vals, a), *at(vals, b)
		bad += addTo(grads, a, up*vb) + addTo(grads, b, up*va)
	}
	for _, id := range ids[k:] {
		bad += addTo(grads, id, up)
	}
	return bad
}

// backwardGate runs one step through its gate's Backward method and
// returns the count of what it added as addTo does.
func (g *Graph) backwardGate(s *step, up float64) float64 {
	if s.n == 0 {
		return 0
	}
	in := g.gatherStep(s)
	contrib := g.gradBuf[:s.n]
	clear(contrib)
	g.gates[s.aux].Backward(in, g.vals[s.out], up, contrib)
	var bad float64
	for j, id := range g.ins[s.off : s.off+s.n] {
		bad += addTo(g.grads, id, contrib[j])
	}
	return bad
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
	const instrBytes = int(unsafe.Sizeof(instr{}))
	return cap(g.steps)*stepBytes + cap(g.tape)*instrBytes + 4*(cap(g.ins)+cap(g.inner)+cap(g.leafIDs)) +
		8*(cap(g.vals)+cap(g.grads)+cap(g.leaves)) + 16*cap(g.gates)
}
