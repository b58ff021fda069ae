package bench

import "math"

// The hand-written baselines: the same arithmetic as the graphs, in plain
// Go with slices, as a careful programmer writes it for one network.

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// exerciseHand is W1: exercise 3-3 forward and backward.
func exerciseHand(x1, x2, w1, w2, p0, y float64) (L, dw1, dw2, dp0 float64) {
	z := w1*x1 + w2*x2 + p0
	yhat := sigmoid(z)
	d := yhat - y
	L = d * d
	dz := 2 * d * yhat * (1 - yhat)
	return L, dz * x1, dz * x2, dz
}

// xorHand is W2: a 2-2-1 sigmoid network trained by per-sample SGD on the
// squared loss.
type xorHand struct {
	w1    [2][2]float64 // hidden × input
	b1    [2]float64
	w2    [2]float64
	b2    float64
	alpha float64
}

func (n *xorHand) step(x [2]float64, y float64) float64 {
	var h [2]float64
	for j := range h {
		h[j] = sigmoid(n.w1[j][0]*x[0] + n.w1[j][1]*x[1] + n.b1[j])
	}
	yhat := sigmoid(n.w2[0]*h[0] + n.w2[1]*h[1] + n.b2)
	d := yhat - y
	dz := 2 * d * yhat * (1 - yhat)
	for j := range h {
		dh := dz * n.w2[j] * h[j] * (1 - h[j])
		n.w2[j] -= n.alpha * dz * h[j]
		n.w1[j][0] -= n.alpha * dh * x[0]
		n.w1[j][1] -= n.alpha * dh * x[1]
		n.b1[j] -= n.alpha * dh
	}
	n.b2 -= n.alpha * dz
	return d * d
}

// deepHand is W3: a deep sigmoid MLP with one output and the squared loss;
// grad computes every weight's gradient for one sample.
type deepHand struct {
	w  [][][]float64 // layer, unit, input
	b  [][]float64
	a  [][]float64 // activations per layer, a[0] the input
	d  [][]float64 // ∂L/∂z per layer
	gw [][][]float64
}

func newDeepHand(w [][][]float64, b [][]float64, inputs int) *deepHand {
	n := &deepHand{w: w, b: b, a: [][]float64{make([]float64, inputs)}}
	for l := range w {
		n.a = append(n.a, make([]float64, len(w[l])))
		n.d = append(n.d, make([]float64, len(w[l])))
		gl := make([][]float64, len(w[l]))
		for j := range gl {
			gl[j] = make([]float64, len(w[l][j]))
		}
		n.gw = append(n.gw, gl)
	}
	return n
}

func (n *deepHand) grad(x []float64, y float64) float64 {
	copy(n.a[0], x)
	for l, wl := range n.w {
		in, out := n.a[l], n.a[l+1]
		for j, wj := range wl {
			z := n.b[l][j]
			for i, w := range wj {
				z += w * in[i]
			}
			out[j] = sigmoid(z)
		}
	}
	last := len(n.w) - 1
	yhat := n.a[last+1][0]
	n.d[last][0] = 2 * (yhat - y) * yhat * (1 - yhat)
	for l := last; l >= 0; l-- {
		in := n.a[l]
		for j, wj := range n.w[l] {
			dz := n.d[l][j]
			for i := range wj {
				n.gw[l][j][i] = dz * in[i]
			}
		}
		if l == 0 {
			break
		}
		for i := range in {
			s := 0.0
			for j, wj := range n.w[l] {
				s += wj[i] * n.d[l][j]
			}
			n.d[l-1][i] = s * in[i] * (1 - in[i])
		}
	}
	return (yhat - y) * (yhat - y)
}

// chainHand is W4's baseline: a_i = tanh(a_{i−1}·w_i) forward and backward.
func chainHand(x float64, ws, as, dw []float64) float64 {
	a := x
	for i, w := range ws {
		a = math.Tanh(a * w)
		as[i] = a
	}
	up := 1.0
	for i := len(ws) - 1; i >= 0; i-- {
		prev := x
		if i > 0 {
			prev = as[i-1]
		}
		dm := up * (1 - as[i]*as[i])
		dw[i] = dm * prev
		up = dm * ws[i]
	}
	return up
}
