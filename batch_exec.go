package cgraph

// The batch's execution loops: the tape's steps (see tape.go), each applied
// to a range of samples. The inline cases use the same scalar formulas as
// the tape; TestBatchMatchesScalar holds them to bit-identical results.

// col returns the part of xs (values or gradients) of node id for samples
// lo:hi.
func (b *Batch) col(xs []float64, id int32, lo, hi int) []float64 {
	base := int(id) * b.stride
	return xs[base+lo : base+hi]
}

// forward runs the tape's steps listed in fwdSteps on samples lo:hi, the
// samples of chunk c, whose buffers it uses, and reports whether the leaves
// it filled from their gates are finite.
func (b *Batch) forward(c, lo, hi int) (leavesOK bool) {
	leavesOK = true
	g := b.g
	val := func(id int32) []float64 { return b.col(b.vals, id, lo, hi) }
	for _, i := range b.fwdSteps {
		s := &b.views[i]
		o := val(s.out)
		switch s.op {
		case opLeaf: // neither Set per sample nor a scalar (see pickRowless)
			v := *g.leaves[s.aux]
			leavesOK = leavesOK && v-v == 0
			for k := range o {
				o[k] = v
			}
		case opAdd2:
			x, y := val(s.a), val(s.b)
			for k := range o {
				o[k] = x[k] + y[k]
			}
		case opAddN:
			clear(o)
			for _, id := range g.ins[s.off : s.off+s.n] {
				x := val(id)
				for k := range o {
					o[k] += x[k]
				}
			}
		case opMul2:
			x, y := val(s.a), val(s.b)
			for k := range o {
				o[k] = x[k] * y[k]
			}
		case opSub:
			x, y := val(s.a), val(s.b)
			for k := range o {
				o[k] = x[k] - y[k]
			}
		case opNeg:
			x := val(s.a)
			for k := range o {
				o[k] = -x[k]
			}
		case opDiv:
			x, y := val(s.a), val(s.b)
			for k := range o {
				o[k] = x[k] / y[k]
			}
		case opSigmoid:
			x := val(s.a)
			for k := range o {
				o[k] = sigmoid(x[k])
			}
		case opTanh:
			x := val(s.a)
			for k := range o {
				o[k] = tanh(x[k])
			}
		case opReLU:
			x := val(s.a)
			for k := range o {
				o[k] = max(x[k], 0)
			}
		case opSqLoss:
			x, y := val(s.a), val(s.b)
			for k := range o {
				d := x[k] - y[k]
				o[k] = d * d
			}
		case opMulAdd:
			clear(o)
			b.mulAddForward(o, &s.step, lo, hi)
		case opSigSq:
			x, y := val(s.a), val(s.b)
			for k := range o {
				d := sigmoid(x[k]) - y[k]
				o[k] = d * d
			}
		default: // through the Gate interface
			buf, gate := &b.bufs[c], g.order[i].gate
			for k := range o {
				o[k] = gate.Forward(b.gather(&s.step, buf.in, lo+k))
			}
		}
	}
	return leavesOK
}

// gather copies sample k's input values of step s into in.
func (b *Batch) gather(s *step, in []float64, k int) []float64 {
	in = in[:s.n]
	for j, id := range b.g.ins[s.off : s.off+s.n] {
		in[j] = b.vals[int(id)*b.stride+k]
	}
	return in
}

// backward runs the tape backward from the step at position last, whose
// node output gets gradient 1, on samples lo:hi, the samples of chunk c,
// whose buffers it uses.
func (b *Batch) backward(c, lo, hi, last int, output int) {
	g := b.g
	val := func(id int32) []float64 { return b.col(b.vals, id, lo, hi) }
	grad := func(id int32) []float64 { return b.col(b.grads, id, lo, hi) }
	for _, id := range b.rowIDs {
		clear(grad(id))
	}
	for k, seed := 0, grad(int32(output)); k < len(seed); k++ {
		seed[k] = 1
	}
	for j := len(g.inner) - 1; j >= 0; j-- {
		i := int(g.inner[j])
		if i > last {
			continue
		}
		s := &b.views[i]
		up := grad(s.out)
		switch s.op {
		case opAdd2:
			ga, gb := grad(s.a), grad(s.b)
			for k, u := range up {
				ga[k] += u
				gb[k] += u
			}
		case opAddN:
			for _, id := range g.ins[s.off : s.off+s.n] {
				gx := grad(id)
				for k, u := range up {
					gx[k] += u
				}
			}
		case opMul2:
			ga, gb, x, y := grad(s.a), grad(s.b), val(s.a), val(s.b)
			for k, u := range up {
				ga[k] += u * y[k]
				gb[k] += u * x[k]
			}
		case opSub:
			ga, gb := grad(s.a), grad(s.b)
			for k, u := range up {
				ga[k] += u
				gb[k] -= u
			}
		case opNeg:
			ga := grad(s.a)
			for k, u := range up {
				ga[k] -= u
			}
		case opDiv:
			ga, gb, y, o := grad(s.a), grad(s.b), val(s.b), val(s.out)
			for k, u := range up {
				ga[k] += u / y[k]
				gb[k] -= u * o[k] / y[k]
			}
		case opSigmoid:
			ga, x, o := grad(s.a), val(s.a), val(s.out)
			for k, u := range up {
				ga[k] += u * sigmoidLocal(x[k], o[k])
			}
		case opTanh:
			ga, x, o := grad(s.a), val(s.a), val(s.out)
			for k, u := range up {
				ga[k] += u * tanhLocal(x[k], o[k])
			}
		case opReLU:
			ga, x := grad(s.a), val(s.a)
			for k, u := range up {
				if x[k] > 0 {
					ga[k] += u
				}
			}
		case opSqLoss:
			ga, gb, x, y := grad(s.a), grad(s.b), val(s.a), val(s.b)
			for k, u := range up {
				d := 2 * (x[k] - y[k]) * u
				ga[k] += d
				gb[k] -= d
			}
		case opMulAdd:
			b.mulAddBackward(up, &s.step, lo, hi)
		case opSigSq:
			ga, gb, x, y := grad(s.a), grad(s.b), val(s.a), val(s.b)
			for k, u := range up {
				sz := sigmoid(x[k])
				d := 2 * (sz - y[k]) * u
				ga[k] += d * sigmoidLocal(x[k], sz)
				gb[k] -= d
			}
		default:
			b.backwardGate(&s.step, g.order[i].gate, &b.bufs[c], lo, hi)
		}
	}
}

// backwardGate runs one step through its gate's Backward, sample by sample.
func (b *Batch) backwardGate(s *step, gate Gate, buf *workerBuf, lo, hi int) {
	ids := b.g.ins[s.off : s.off+s.n]
	for k := lo; k < hi; k++ {
		in := b.gather(s, buf.in, k)
		contrib := buf.contrib[:s.n]
		clear(contrib)
		out := int(s.out)*b.stride + k
		gate.Backward(in, b.vals[out], b.grads[out], contrib)
		for j, id := range ids {
			b.grads[int(id)*b.stride+k] += contrib[j]
		}
	}
}

// addProducts adds to o the products of nodes a and c for samples lo:hi.
// A leaf kept as a scalar (see Batch.rowless) is read once, not from a row
// of copies; x·y is the same number either way.
func (b *Batch) addProducts(o []float64, a, c int32, lo, hi int) {
	pa, pc := b.rowless[a], b.rowless[c]
	switch {
	case pa != nil && pc == nil:
		x, y := *pa, b.col(b.vals, c, lo, hi)
		for q := range o {
			o[q] += x * y[q]
		}
	case pc != nil && pa == nil:
		x, y := b.col(b.vals, a, lo, hi), *pc
		for q := range o {
			o[q] += x[q] * y
		}
	default:
		x, y := b.col(b.vals, a, lo, hi), b.col(b.vals, c, lo, hi)
		if pa != nil { // both scalars: fill their rows after all
			x, y = b.filled(a, lo, hi), b.filled(c, lo, hi)
		}
		for q := range o {
			o[q] += x[q] * y[q]
		}
	}
}

// scalarRow returns, for a pair a·c of a muladd, the rowless leaf and the
// node with a row, in that order, or ok false unless the pair is one of
// each.
func (b *Batch) scalarRow(a, c int32) (scalar, row int32, ok bool) {
	if b.rowless[a] == nil {
		a, c = c, a
	}
	return a, c, b.rowless[a] != nil && b.rowless[c] == nil
}

// A muladd's items are its pairs, then its added terms. An item that is
// a scalar (see Batch.rowless) times a row, or a scalar term c, which is
// c·1 exactly, runs side by side with up to three other such items: one
// pass over the samples instead of one per item, and, backward, up to four
// block sums whose additions do not wait for each other. A group of two or
// three is filled up with dummy items 0·1 (forward: adding +0 changes no
// sum, which is never −0; backward: they write to scratch rows and to the
// spare column of the block sums). Every sum and every gradient gets its
// terms in the same order as one item at a time, so the numbers are the
// same.

// mulAddForward adds to o, zeroed, the items of muladd step s for samples
// lo:hi.
func (b *Batch) mulAddForward(o []float64, s *step, lo, hi int) {
	ids := b.g.ins[s.off : s.off+s.n]
	pairs, n := int(s.aux), int(s.n)-int(s.aux)
	var xs [4]float64
	var ys [4][]float64
	for j := 0; j < n; {
		m := 0
		for ; m < 4 && j+m < n; m++ {
			x, y, ok := b.fwdItem(ids, pairs, j+m, lo, hi)
			if !ok {
				break
			}
			xs[m], ys[m] = x, y
		}
		if m < 2 {
			b.addItem(o, ids, pairs, j, lo, hi)
			j++
			continue
		}
		for i := m; i < 4; i++ {
			xs[i], ys[i] = 0, b.ones[lo:hi]
		}
		addItems4(o, &xs, &ys)
		j += m
	}
}

// fwdItem returns the scalar and the row of item j of a muladd with the
// given inputs and number of pairs for samples lo:hi, or ok false if the
// item is not a scalar times a row or a scalar term.
func (b *Batch) fwdItem(ids []int32, pairs, j, lo, hi int) (x float64, y []float64, ok bool) {
	if j < pairs {
		a, c, ok := b.scalarRow(ids[2*j], ids[2*j+1])
		if !ok {
			return 0, nil, false
		}
		return *b.rowless[a], b.col(b.vals, c, lo, hi), true
	}
	if p := b.rowless[ids[pairs+j]]; p != nil {
		return *p, b.ones[lo:hi], true
	}
	return 0, nil, false
}

// addItem adds item j of a muladd to o for samples lo:hi.
func (b *Batch) addItem(o []float64, ids []int32, pairs, j, lo, hi int) {
	if j < pairs {
		b.addProducts(o, ids[2*j], ids[2*j+1], lo, hi)
		return
	}
	id := ids[pairs+j]
	if p := b.rowless[id]; p != nil {
		c := *p
		for q := range o {
			o[q] += c
		}
		return
	}
	x := b.col(b.vals, id, lo, hi)
	for q := range o {
		o[q] += x[q]
	}
}

// addItems4 adds xs[i]·ys[i] to o for i = 0…3, in that order.
func addItems4(o []float64, xs *[4]float64, ys *[4][]float64) {
	x0, x1, x2, x3 := xs[0], xs[1], xs[2], xs[3]
	n := len(o)
	y0, y1, y2, y3 := ys[0][:n], ys[1][:n], ys[2][:n], ys[3][:n]
	for q, v := range o {
		v += x0 * y0[q]
		v += x1 * y1[q]
		v += x2 * y2[q]
		v += x3 * y3[q]
		o[q] = v
	}
}

// mulAddBackward adds the gradient contributions of the items of muladd
// step s, with upstream gradients up, for samples lo:hi. The items that run
// side by side are weights without gradient rows (see planGrads).
func (b *Batch) mulAddBackward(up []float64, s *step, lo, hi int) {
	ids := b.g.ins[s.off : s.off+s.n]
	pairs, n := int(s.aux), int(s.n)-int(s.aux)
	var ks [4]int32
	var xs [4]float64
	var ys, gs [4][]float64
	for j := 0; j < n; {
		m := 0
		for ; m < 4 && j+m < n; m++ {
			k, x, y, g, ok := b.bwdItem(ids, pairs, j+m, lo, hi)
			if !ok {
				break
			}
			ks[m], xs[m], ys[m], gs[m] = k, x, y, g
		}
		if m < 2 {
			b.gradItem(up, ids, pairs, j, lo, hi)
			j++
			continue
		}
		for i := m; i < 4; i++ {
			ks[i], xs[i], ys[i], gs[i] = b.spare, 0, b.ones[lo:hi], b.scratchRow(i, lo, hi)
		}
		b.sumItems4(up, &ks, &xs, &ys, &gs, lo)
		j += m
	}
}

// bwdItem returns, for item j of a muladd as in fwdItem, the weight's
// column in the block sums, its value and the row it multiplies, with
// that row's gradients; or ok false unless the item is a weight without a
// gradient row times a row or as a term. A term's row is ones, and its
// "gradients" a scratch row of slot j%4.
func (b *Batch) bwdItem(ids []int32, pairs, j, lo, hi int) (k int32, x float64, y, gy []float64, ok bool) {
	if j < pairs {
		a, c, ok := b.scalarRow(ids[2*j], ids[2*j+1])
		if !ok || b.gradOf[a] < 0 {
			return 0, 0, nil, nil, false
		}
		return b.gradOf[a], *b.rowless[a], b.col(b.vals, c, lo, hi), b.col(b.grads, c, lo, hi), true
	}
	if k := b.gradOf[ids[pairs+j]]; k >= 0 {
		return k, 0, b.ones[lo:hi], b.scratchRow(j%4, lo, hi), true
	}
	return 0, 0, nil, nil, false
}

// scratchRow returns samples lo:hi of scratch row i. Each slot of a group
// has its own, so that their writes do not wait for each other.
func (b *Batch) scratchRow(i, lo, hi int) []float64 {
	return b.scratch[i*b.stride+lo : i*b.stride+hi]
}

// gradItem adds the gradient contributions of item j of a muladd, with
// upstream gradients up, for samples lo:hi.
func (b *Batch) gradItem(up []float64, ids []int32, pairs, j, lo, hi int) {
	if j < pairs {
		b.mulGrads(up, ids[2*j], ids[2*j+1], lo, hi)
		return
	}
	id := ids[pairs+j]
	switch k := b.gradOf[id]; k {
	case hasRow:
		gx := b.col(b.grads, id, lo, hi)
		for q, u := range up {
			gx[q] += u
		}
	case noGrad:
	default:
		b.addBlockSums(k, up, nil, lo)
	}
}

// sumItems4 adds, for i = 0…3, up·xs[i] to gs[i] and stores the block
// sums of up·ys[i] (from 0.0, in sample order, as blockSum does) as the
// block sums of column ks[i], for samples lo:lo+len(up).
func (b *Batch) sumItems4(up []float64, ks *[4]int32, xs *[4]float64, ys, gs *[4][]float64, lo int) {
	x0, x1, x2, x3 := xs[0], xs[1], xs[2], xs[3]
	for q0 := 0; q0 < len(up); q0 += sumBlock {
		q1 := min(q0+sumBlock, len(up))
		u := up[q0:q1]
		n := len(u)
		y0, y1, y2, y3 := ys[0][q0:q1][:n], ys[1][q0:q1][:n], ys[2][q0:q1][:n], ys[3][q0:q1][:n]
		g0, g1, g2, g3 := gs[0][q0:q1][:n], gs[1][q0:q1][:n], gs[2][q0:q1][:n], gs[3][q0:q1][:n]
		var s0, s1, s2, s3 float64
		for q, v := range u {
			s0 += v * y0[q]
			g0[q] += v * x0
			s1 += v * y1[q]
			g1[q] += v * x1
			s2 += v * y2[q]
			g2[q] += v * x2
			s3 += v * y3[q]
			g3[q] += v * x3
		}
		sums := b.weightSums[(lo+q0)/sumBlock*b.sumStride:]
		sums[ks[0]], sums[ks[1]], sums[ks[2]], sums[ks[3]] = s0, s1, s2, s3
	}
}

// mulGrads adds the gradient contributions of a product of nodes a and c
// (a pair of a muladd), with upstream gradients up, for samples lo:hi.
func (b *Batch) mulGrads(up []float64, a, c int32, lo, hi int) {
	pa, pc := b.rowless[a], b.rowless[c]
	switch {
	case pa != nil && pc == nil:
		b.scalarGrads(up, a, *pa, c, lo, hi)
	case pc != nil && pa == nil:
		b.scalarGrads(up, c, *pc, a, lo, hi)
	default:
		ga, gc := b.col(b.grads, a, lo, hi), b.col(b.grads, c, lo, hi)
		x, y := b.col(b.vals, a, lo, hi), b.col(b.vals, c, lo, hi)
		if pa != nil {
			x, y = b.filled(a, lo, hi), b.filled(c, lo, hi)
		}
		for q, u := range up {
			ga[q] += u * y[q]
			gc[q] += u * x[q]
		}
	}
}

// scalarGrads adds the gradient contributions of the product of the
// rowless leaf a, of value x, and node c, with a row, for samples lo:hi:
// x·up to c's gradients, and c's values·up to a's row or, if it has none
// (see planGrads), to its block sums. (u·x and x·u are the same number.)
func (b *Batch) scalarGrads(up []float64, a int32, x float64, c int32, lo, hi int) {
	gc, y := b.col(b.grads, c, lo, hi), b.col(b.vals, c, lo, hi)
	switch to := b.gradOf[a]; to {
	case hasRow:
		ga := b.col(b.grads, a, lo, hi)
		for q, u := range up {
			ga[q] += u * y[q]
			gc[q] += u * x
		}
	case noGrad:
		for q, u := range up {
			gc[q] += u * x
		}
	default:
		for q, u := range up {
			gc[q] += u * x
		}
		b.addBlockSums(to, up, y, lo)
	}
}

// addBlockSums stores, as the block sums of weight k for the blocks of
// samples lo:lo+len(up), the sums of up·y (of up if y is nil): the
// weight's only contributions, so each sample's term is its gradient.
// The sum runs from 0.0 in sample order, as blockSum over a row does.
func (b *Batch) addBlockSums(k int32, up, y []float64, lo int) {
	sums := b.weightSums[lo/sumBlock*b.sumStride+int(k):]
	for q0 := 0; q0 < len(up); q0 += sumBlock {
		u := up[q0:min(q0+sumBlock, len(up))]
		s := 0.0
		if y == nil {
			for _, v := range u {
				s += v
			}
		} else {
			y := y[q0 : q0+len(u)]
			for q, v := range u {
				s += v * y[q]
			}
		}
		sums[q0/sumBlock*b.sumStride] = s
	}
}

// filled fills the row of a scalar leaf for samples lo:hi and returns it.
func (b *Batch) filled(id int32, lo, hi int) []float64 {
	row, v := b.col(b.vals, id, lo, hi), *b.rowless[id]
	for q := range row {
		row[q] = v
	}
	return row
}
