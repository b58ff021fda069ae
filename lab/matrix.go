package lab

import (
	"fmt"
	"math"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/nn"
)

// Matrix measures c like Run, but with hand-written Go matrix code instead
// of a graph: the same weights (drawn in nn's order from the same seed),
// z = W·a + b, a = f(z) forward, δ = f'(z) ⊙ Wᵀδ backward. It is the
// oracle Run is tested against and the baseline of the benchmarks.
func Matrix(c Config) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	net := newMatrixNet(c)
	acc := newAccumulator(c)
	xs, ys := c.samples()
	for s, x := range xs {
		loss := net.grad(x, ys[s], acc)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return nil, fmt.Errorf("lab: matrix %s/%s seed %d, sample %d: loss %g", c.Activation, c.InitName(), c.Seed, s+1, loss)
		}
		acc.loss += loss
	}
	return acc.result(), nil
}

// matrixNet holds the layers as row-major matrices: w[l][j*in+i] is the
// weight of layer l from input i to unit j; the output layer is last.
type matrixNet struct {
	act       cgraph.Unary // the activation gate, called per unit
	w, b      [][]float64
	z, a      [][]float64 // per layer; a[0] is the input
	delta, up []float64   // ∂L/∂z of the current layer, ∂L/∂a of the one below
}

func newMatrixNet(c Config) *matrixNet {
	r := weightRand(c.Seed)
	init := c.initializer()
	n := &matrixNet{act: unary(c.Activation), a: [][]float64{make([]float64, c.Width)}}
	for l := range c.Depth + 1 {
		out := c.Width
		if l == c.Depth {
			out = 1
		}
		w, b := make([]float64, out*c.Width), make([]float64, out)
		for j := range out { // nn's order: unit by unit, the bias after the weights
			for i := range c.Width {
				w[j*c.Width+i] = init.Draw(r, c.Width, out)
			}
			b[j] = nn.Zero.Draw(r, c.Width, out)
		}
		n.w, n.b = append(n.w, w), append(n.b, b)
		n.z = append(n.z, make([]float64, out))
		n.a = append(n.a, make([]float64, out))
	}
	n.delta = make([]float64, c.Width)
	n.up = make([]float64, c.Width)
	return n
}

// grad runs one sample forward and backward, adds its measurements to acc
// and returns its loss (ŷ − y)².
func (n *matrixNet) grad(x []float64, y float64, acc *accumulator) float64 {
	copy(n.a[0], x)
	last := len(n.w) - 1
	for l := range n.w {
		in, z, a, w := n.a[l], n.z[l], n.a[l+1], n.w[l]
		for j := range z {
			row := w[j*len(in) : (j+1)*len(in)]
			s := 0.0
			for i, v := range in {
				s += row[i] * v
			}
			z[j] = s + n.b[l][j]
			if l == last {
				a[j] = z[j]
			} else {
				a[j] = n.act.Eval(z[j])
			}
		}
	}
	d := n.a[last+1][0] - y
	delta := n.delta[:1]
	delta[0] = 2 * d // ∂L/∂ŷ; the output is linear, so also ∂L/∂z
	for l := last; l >= 0; l-- {
		in, w := n.a[l], n.w[l]
		sq := 0.0
		clear(n.up)
		for j, dj := range delta {
			row := w[j*len(in) : (j+1)*len(in)]
			for i, v := range in {
				g := dj * v // ∂L/∂w_ji
				sq += g * g
				n.up[i] += dj * row[i]
			}
		}
		acc.sq[l] += sq
		if l == 0 {
			break
		}
		// ∂L/∂z of layer l−1 (index l−1 of z) from ∂L/∂a.
		below := l - 1
		delta = n.delta[:len(n.z[below])]
		for j, zj := range n.z[below] {
			dj := n.act.Local(zj, n.a[l][j])
			acc.unit(below, j, zj, dj)
			delta[j] = n.up[j] * dj
		}
	}
	return d * d
}

// unary returns the activation's gate, which the matrix passes call per
// unit with the gate's own formulas (cgraph.Unary).
func unary(act nn.Activation) cgraph.Unary {
	u, ok := act.Gate().(cgraph.Unary)
	if !ok {
		panic("lab: activation " + string(act) + " is not a cgraph.Unary gate")
	}
	return u
}
