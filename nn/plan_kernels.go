package nn

import "github.com/cgraph/cgraph"

// The kernels of a Plan. Each output number is a sum in one fixed order
// (written out below), whatever the blocking and the split between
// workers: a worker computes whole numbers, never parts of one. Products
// are converted with float64(·) before they are added, which the Go spec
// says keeps them rounded on their own, as the graph's Mul nodes are: no
// fused multiply-add on any architecture.

// parallelMin is the number of multiply-adds below which a kernel runs on
// the calling goroutine: starting and joining a goroutine costs about as
// much as 10 000 of them.
var parallelMin = 1 << 15 // a variable for the tests, which split small layers too

// serial reports whether a kernel of macs multiply-adds runs on the
// calling goroutine. A kernel checks before it makes the closure for
// split, which would be allocated.
func serial(c *crew, macs int) bool { return c.size <= 1 || macs < parallelMin }

// solo is the crew of one, for the kernels of a share that is already
// one worker's.
var solo = newCrew(1)

// split calls do(lo, hi) on ranges covering [0, n), each a multiple of
// block long (but the last), one range per goroutine of crew c; the
// ranges depend on the crew's size, the numbers do not.
func split(n, block int, c *crew, do func(lo, hi int)) {
	blocks := (n + block - 1) / block
	shares := min(c.size, blocks)
	c.run(shares, func(k int) {
		do(blocks*k/shares*block, min(n, blocks*(k+1)/shares*block))
	})
}

// matMulT sets z[s*out+j] = ((0 + x_s0·w_j0) + x_s1·w_j1 + … ) + b_j, the
// weighted sums of the graph's Add (or MulAdd) nodes in their order, for
// n samples of in inputs and out units.
func matMulT(z, x, w, b []float64, n, in, out int, c *crew) {
	if serial(c, n*in*out) {
		matMulTRange(z, x, w, b, n, in, out, 0, out)
		return
	}
	split(out, 4, c, func(lo, hi int) { matMulTRange(z, x, w, b, n, in, out, lo, hi) })
}

func matMulTRange(z, x, w, b []float64, n, in, out, lo, hi int) {
	s := 0
	for ; s+4 <= n; s += 4 {
		x0, x1, x2, x3 := x[s*in:(s+1)*in], x[(s+1)*in:(s+2)*in], x[(s+2)*in:(s+3)*in], x[(s+3)*in:(s+4)*in]
		j := lo
		for ; j+2 <= hi; j += 2 {
			w0, w1 := w[j*in:(j+1)*in], w[(j+1)*in:(j+2)*in]
			var a00, a01, a10, a11, a20, a21, a30, a31 float64
			for i, v0 := range w0 {
				v1 := w1[i]
				u0, u1, u2, u3 := x0[i], x1[i], x2[i], x3[i]
				a00 += float64(u0 * v0)
				a01 += float64(u0 * v1)
				a10 += float64(u1 * v0)
				a11 += float64(u1 * v1)
				a20 += float64(u2 * v0)
				a21 += float64(u2 * v1)
				a30 += float64(u3 * v0)
				a31 += float64(u3 * v1)
			}
			z[s*out+j], z[s*out+j+1] = a00+b[j], a01+b[j+1]
			z[(s+1)*out+j], z[(s+1)*out+j+1] = a10+b[j], a11+b[j+1]
			z[(s+2)*out+j], z[(s+2)*out+j+1] = a20+b[j], a21+b[j+1]
			z[(s+3)*out+j], z[(s+3)*out+j+1] = a30+b[j], a31+b[j+1]
		}
		for ; j < hi; j++ {
			for k, xs := range [][]float64{x0, x1, x2, x3} {
				z[(s+k)*out+j] = dot(xs, w[j*in:(j+1)*in]) + b[j]
			}
		}
	}
	for ; s < n; s++ {
		xs := x[s*in : (s+1)*in]
		j := lo
		for ; j+4 <= hi; j += 4 {
			w0, w1, w2, w3 := w[j*in:(j+1)*in], w[(j+1)*in:(j+2)*in], w[(j+2)*in:(j+3)*in], w[(j+3)*in:(j+4)*in]
			var a0, a1, a2, a3 float64
			for i, u := range xs {
				a0 += float64(u * w0[i])
				a1 += float64(u * w1[i])
				a2 += float64(u * w2[i])
				a3 += float64(u * w3[i])
			}
			z[s*out+j], z[s*out+j+1], z[s*out+j+2], z[s*out+j+3] = a0+b[j], a1+b[j+1], a2+b[j+2], a3+b[j+3]
		}
		for ; j < hi; j++ {
			z[s*out+j] = dot(xs, w[j*in:(j+1)*in]) + b[j]
		}
	}
}

// dot is ((0 + x₀y₀) + x₁y₁) + …
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	a := 0.0
	for i, v := range x {
		a += float64(v * y[i])
	}
	return a
}

// matMul sets da[s*in+i] = (0 + dz_s,out−1·w_out−1,i) + … + dz_s0·w_0i,
// the sum over the units of their contributions to input i of sample s,
// from the last unit down to the first: the graph's backward runs the
// units' steps in reverse topological order, and each adds its
// contribution to the gradient of the input it shares with the others.
func matMul(da, dz, w []float64, n, in, out int, c *crew) {
	if serial(c, n*in*out) {
		matMulRange(da, dz, w, n, in, out, 0, in)
		return
	}
	split(in, 8, c, func(lo, hi int) { matMulRange(da, dz, w, n, in, out, lo, hi) })
}

func matMulRange(da, dz, w []float64, n, in, out, lo, hi int) {
	for s := range n {
		t := da[s*in+lo : s*in+hi]
		clear(t)
		d := dz[s*out : (s+1)*out]
		j := out // the units j−4 … j−1 are next, the last of them first
		for ; j >= 4; j -= 4 {
			d3, d2, d1, d0 := d[j-1], d[j-2], d[j-3], d[j-4]
			w3, w2, w1, w0 := w[(j-1)*in+lo:(j-1)*in+hi], w[(j-2)*in+lo:(j-2)*in+hi], w[(j-3)*in+lo:(j-3)*in+hi], w[(j-4)*in+lo:(j-4)*in+hi]
			w2, w1, w0 = w2[:len(w3)], w1[:len(w3)], w0[:len(w3)]
			t := t[:len(w3)]
			for i, v3 := range w3 {
				v := t[i]
				v += float64(d3 * v3)
				v += float64(d2 * w2[i])
				v += float64(d1 * w1[i])
				v += float64(d0 * w0[i])
				t[i] = v
			}
		}
		for ; j > 0; j-- {
			axpy(t, w[(j-1)*in+lo:(j-1)*in+hi], d[j-1])
		}
	}
}

// axpy adds a·x to y element by element.
func axpy(y, x []float64, a float64) {
	x = x[:len(y)]
	for i := range y {
		y[i] += float64(a * x[i])
	}
}

// sumBlock is cgraph.Batch's block of samples (its sumBlock): a weight's
// gradient over a mini-batch is the sum of its sums over blocks of that
// many samples, in order, each block's from 0 in sample order.
const sumBlock = 32

// gradTile is the number of a unit's weights whose gradient sums
// weightGradsRange makes at once, in arrays on its stack.
const gradTile = 256

// penalty is the rates of a plan's penalty on the weights: λ₁, and λ₂/2
// as the graph's constant half_lambda2 holds it.
type penalty struct{ l1, half float64 }

func (r penalty) on() bool { return r.l1 != 0 || r.half != 0 }

// grads sets p[i] to the penalty's part of ∂L/∂w for the weights w, in
// the order the graph's backward adds it to a weight's gradient, from 0,
// before the data's part: (λ₂/2)·w twice, from sq_w = w·w, then λ₁·sgn(w),
// from abs_w (see regular.go). The penalty's nodes come after the data's
// in the graph, so their steps come first backward.
func (r penalty) grads(p, w []float64) {
	w = w[:len(p)]
	for i, v := range w {
		g := 0.0
		if r.half != 0 {
			g += float64(r.half * v)
			g += float64(r.half * v)
		}
		if r.l1 != 0 {
			g += float64(r.l1 * sgn(v))
		}
		p[i] = g
	}
}

// weightGrads sets gw[j*in+i] and gb[j] to the sums over the n samples of
// the gradients ∂L_s/∂w_ji = (pen_ji +) dz_sj·x_si and ∂L_s/∂b_j = dz_sj,
// with cgraph.Batch's order: the sums of blocks of sumBlock samples, each
// from 0 in sample order, added in block order from 0. pen_ji is the
// penalty's part of the gradient (see penalty.grads) of the weights w,
// if r is on.
func weightGrads(gw, gb, dz, x, w []float64, r penalty, n, in, out int, c *crew) {
	if serial(c, n*in*out) {
		weightGradsRange(gw, gb, dz, x, w, r, n, in, out, 0, out)
		return
	}
	split(out, 2, c, func(lo, hi int) { weightGradsRange(gw, gb, dz, x, w, r, n, in, out, lo, hi) })
}

func weightGradsRange(gw, gb, dz, x, w []float64, r penalty, n, in, out, lo, hi int) {
	biasGrads(gb, dz, n, out, lo, hi)
	var acc0, acc1, pen [gradTile]float64
	for j := lo; j < hi; {
		// Two units at a time share the loads of the inputs (but for a
		// penalty, whose gradients take their own loop, and for few
		// inputs, where the calls per sample would cost more).
		pair := !r.on() && j+1 < hi && in >= narrow
		for i0 := 0; i0 < in; i0 += gradTile {
			i1 := min(i0+gradTile, in)
			g0, g1 := gw[j*in+i0:j*in+i1], []float64(nil)
			clear(g0)
			if pair {
				g1 = gw[(j+1)*in+i0 : (j+1)*in+i1]
				clear(g1)
			}
			var p []float64
			if r.on() {
				p = pen[:len(g0)]
				r.grads(p, w[j*in+i0:j*in+i1])
			}
			for b0 := 0; b0 < n; b0 += sumBlock {
				b1 := min(b0+sumBlock, n)
				// The first block's sums are the totals so far (0 + sum);
				// the others' are made apart, then added.
				a0, a1 := g0, g1
				if b0 > 0 {
					a0 = acc0[:len(g0)]
					clear(a0)
					if pair {
						a1 = acc1[:len(g1)]
						clear(a1)
					}
				}
				switch {
				case pair:
					blockGrads2(a0, a1, dz, x, b0, b1, in, out, j, i0)
				case p == nil && in < narrow:
					blockGradsNarrow(a0, dz, x, b0, b1, in, out, j)
				case p == nil:
					blockGrads(a0, dz, x, b0, b1, in, out, j, i0)
				default:
					blockGradsPenalty(a0, p, dz, x, b0, b1, in, out, j, i0)
				}
				if b0 > 0 {
					addTo(g0, a0)
					if pair {
						addTo(g1, a1)
					}
				}
			}
		}
		j++
		if pair {
			j++
		}
	}
}

// addTo adds x to y element by element.
func addTo(y, x []float64) {
	x = x[:len(y)]
	for i, v := range x {
		y[i] += v
	}
}

// biasGrads sets gb[j] for units lo:hi to the sums over the n samples of
// dz_sj, in blocks of sumBlock as weightGrads sums. Four units go side by
// side: one unit's sum is a chain of dependent additions, which alone
// would wait for each other.
func biasGrads(gb, dz []float64, n, out, lo, hi int) {
	j := lo
	for ; j+4 <= hi; j += 4 {
		var t0, t1, t2, t3 float64
		for b0 := 0; b0 < n; b0 += sumBlock {
			var s0, s1, s2, s3 float64
			for s := b0; s < min(b0+sumBlock, n); s++ {
				d := dz[s*out+j:][:4]
				s0 += d[0]
				s1 += d[1]
				s2 += d[2]
				s3 += d[3]
			}
			t0 += s0
			t1 += s1
			t2 += s2
			t3 += s3
		}
		gb[j], gb[j+1], gb[j+2], gb[j+3] = t0, t1, t2, t3
	}
	for ; j < hi; j++ {
		t := 0.0
		for b0 := 0; b0 < n; b0 += sumBlock {
			bs := 0.0
			for s := b0; s < min(b0+sumBlock, n); s++ {
				bs += dz[s*out+j]
			}
			t += bs
		}
		gb[j] = t
	}
}

// narrow is the number of inputs below which a unit's gradients are
// summed weight by weight (blockGradsNarrow) rather than sample by sample.
const narrow = 8

// blockGradsNarrow is blockGrads for a layer of fewer than narrow
// inputs (so i0 = 0), without a call per four samples, which costs more
// than their few products.
func blockGradsNarrow(a, dz, x []float64, b0, b1, in, out, j int) {
	k := len(a)
	s := b0
	for ; s+4 <= b1; s += 4 {
		d0, d1, d2, d3 := dz[s*out+j], dz[(s+1)*out+j], dz[(s+2)*out+j], dz[(s+3)*out+j]
		x0, x1, x2, x3 := x[s*in:][:k], x[(s+1)*in:][:k], x[(s+2)*in:][:k], x[(s+3)*in:][:k]
		for i, v := range a {
			v += float64(d0 * x0[i])
			v += float64(d1 * x1[i])
			v += float64(d2 * x2[i])
			v += float64(d3 * x3[i])
			a[i] = v
		}
	}
	for ; s < b1; s++ {
		axpy(a, x[s*in:][:k], dz[s*out+j])
	}
}

// blockGrads adds to a[i] the gradients dz_sj·x_s,i0+i of weights i0+i
// of unit j in samples b0:b1, in sample order.
func blockGrads(a, dz, x []float64, b0, b1, in, out, j, i0 int) {
	k := len(a)
	s := b0
	for ; s+4 <= b1; s += 4 {
		addRows4(a, x[s*in+i0:][:k], x[(s+1)*in+i0:][:k], x[(s+2)*in+i0:][:k], x[(s+3)*in+i0:][:k],
			dz[s*out+j], dz[(s+1)*out+j], dz[(s+2)*out+j], dz[(s+3)*out+j])
	}
	for ; s < b1; s++ {
		axpy(a, x[s*in+i0:][:k], dz[s*out+j])
	}
}

// blockGrads2 is blockGrads for units j and j+1 at once, into a0 and a1.
func blockGrads2(a0, a1, dz, x []float64, b0, b1, in, out, j, i0 int) {
	k := len(a0)
	s := b0
	for ; s+4 <= b1; s += 4 {
		d := dz[s*out+j:]
		e := dz[(s+1)*out+j:]
		f := dz[(s+2)*out+j:]
		g := dz[(s+3)*out+j:]
		addRows4x2(a0, a1, x[s*in+i0:][:k], x[(s+1)*in+i0:][:k], x[(s+2)*in+i0:][:k], x[(s+3)*in+i0:][:k],
			&[8]float64{d[0], e[0], f[0], g[0], d[1], e[1], f[1], g[1]})
	}
	for ; s < b1; s++ {
		xs := x[s*in+i0:][:k]
		axpy(a0, xs, dz[s*out+j])
		axpy(a1, xs, dz[s*out+j+1])
	}
}

// addRows4 adds d0·x0[i], d1·x1[i], d2·x2[i] and d3·x3[i] to a[i], in that
// order. The loops are functions of their own so that they have the
// registers to themselves: inside blockGrads the loop's counter went to
// the stack, at twice the time.
func addRows4(a, x0, x1, x2, x3 []float64, d0, d1, d2, d3 float64) {
	x0, x1, x2, x3 = x0[:len(a)], x1[:len(a)], x2[:len(a)], x3[:len(a)]
	for i, v := range a {
		v += float64(d0 * x0[i])
		v += float64(d1 * x1[i])
		v += float64(d2 * x2[i])
		v += float64(d3 * x3[i])
		a[i] = v
	}
}

// addRows4x2 is addRows4 for two rows a0 and a1 with the multipliers
// d[0:4] and d[4:8], loading each x once.
func addRows4x2(a0, a1, x0, x1, x2, x3 []float64, d *[8]float64) {
	d0, d1, d2, d3, e0, e1, e2, e3 := d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
	a1 = a1[:len(a0)]
	x0, x1, x2, x3 = x0[:len(a0)], x1[:len(a0)], x2[:len(a0)], x3[:len(a0)]
	for i, v := range a0 {
		u := a1[i]
		y0, y1, y2, y3 := x0[i], x1[i], x2[i], x3[i]
		v += float64(d0 * y0)
		u += float64(e0 * y0)
		v += float64(d1 * y1)
		u += float64(e1 * y1)
		v += float64(d2 * y2)
		u += float64(e2 * y2)
		v += float64(d3 * y3)
		u += float64(e3 * y3)
		a0[i], a1[i] = v, u
	}
}

// blockGradsPenalty is blockGrads for a regularised weight, whose
// gradient in sample s is p[i] + dz_sj·x_s,i0+i.
func blockGradsPenalty(a, p, dz, x []float64, b0, b1, in, out, j, i0 int) {
	k := len(a)
	p = p[:k]
	for s := b0; s < b1; s++ {
		d, xs := dz[s*out+j], x[s*in+i0:][:k]
		for i := range a {
			a[i] += float64(p[i] + float64(d*xs[i]))
		}
	}
}

// eval sets a[k] = act(z[k]) with the gate's own Eval.
func eval(act cgraph.Unary, a, z []float64) {
	a = a[:len(z)]
	for k, v := range z {
		a[k] = act.Eval(v)
	}
}

// local sets dz[k] = da[k]·act'(z[k]), act' the gate's own Local, as the
// gate's Backward computes it; dz and da may be the same slice.
func local(act cgraph.Unary, dz, da, z, a []float64) {
	da, z, a = da[:len(dz)], z[:len(dz)], a[:len(dz)]
	for k := range dz {
		dz[k] = da[k] * act.Local(z[k], a[k])
	}
}
