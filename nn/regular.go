package nn

import (
	"fmt"
	"math"

	"github.com/cgraph/cgraph"
)

// Regularisation adds a penalty on the weights (not the biases) to every
// sample's loss, as TensorFlow Playground does:
//
//	L = Ldata + λ₁·Σ|w| + (λ₂/2)·Σw²
//
// so that ∂L/∂w = ∂Ldata/∂w + λ₁·sgn(w) + λ₂·w (sgn 0 = 0, the abs gate's
// subgradient). In the graph it is nodes like every other part of the
// loss: abs_w… = Abs(w) and sq_w… = Mul(w, w) per weight, sum_abs and
// sum_sq their sums (in the weights' creation order), the constants
// lambda1 = λ₁ and half_lambda2 = λ₂/2, R1 = Mul(lambda1, sum_abs),
// R2 = Mul(half_lambda2, sum_sq), the data loss named Ldata and
// L = Add(Ldata, R1, R2), each term only
// if its rate is not 0. A mean over a batch averages the per-sample loss,
// so the penalty counts once per step, whatever the batch size.

// checkRates checks Config's L1 and L2.
func checkRates(l1, l2 float64) error {
	for _, r := range []struct {
		name string
		v    float64
	}{{"L1", l1}, {"L2", l2}} {
		if !(r.v >= 0 && r.v <= math.MaxFloat64) {
			return fmt.Errorf("nn: %s rate %g; want a finite number ≥ 0", r.name, r.v)
		}
	}
	return nil
}

// regularised reports whether cfg has a penalty.
func (cfg Config) regularised() bool { return cfg.L1 != 0 || cfg.L2 != 0 }

// regNodes is the number of nodes the penalty adds to cfg's graph, for
// weights weights.
func regNodes(cfg Config, weights int) int {
	n := 0
	if cfg.L1 != 0 {
		n += weights + 3
	}
	if cfg.L2 != 0 {
		n += weights + 3
	}
	if n > 0 {
		n++
	}
	return n
}

// penalise returns L, the data loss (named Ldata) plus the penalty on the
// weights of the layers, or data itself without regularisation.
func penalise(g *cgraph.Graph, cfg Config, layers []*Layer, data *cgraph.Node) *cgraph.Node {
	if !cfg.regularised() {
		return data
	}
	var ws []*cgraph.Node
	for _, L := range layers {
		for _, row := range L.W {
			ws = append(ws, row...)
		}
	}
	terms := []*cgraph.Node{data}
	term := func(rate float64, name, rateName, sum string, node func(w *cgraph.Node) *cgraph.Node) {
		if rate == 0 {
			return
		}
		parts := make([]*cgraph.Node, len(ws))
		for i, w := range ws {
			parts[i] = node(w)
		}
		s := g.Apply(sum, cgraph.Add{}, parts...)
		terms = append(terms, g.Apply(name, cgraph.Mul{}, g.Const(rateName, rate), s))
	}
	term(cfg.L1, "R1", "lambda1", "sum_abs", func(w *cgraph.Node) *cgraph.Node {
		return g.Apply("abs_"+w.Name(), cgraph.Abs{}, w)
	})
	term(cfg.L2/2, "R2", "half_lambda2", "sum_sq", func(w *cgraph.Node) *cgraph.Node {
		return g.Apply("sq_"+w.Name(), cgraph.Mul{}, w, w)
	})
	return g.Apply("L", cgraph.Add{}, terms...)
}

// penalty returns the plan's R1 and R2 at its current weights, with the
// graph's numbers: the sums in the weights' order, then times the rate.
func (d *Plan) penalty() (r1, r2 float64) {
	var s1, s2 float64
	for _, L := range d.Layers {
		for _, w := range L.W {
			if d.L1 != 0 {
				s1 += math.Abs(w)
			}
			if d.L2 != 0 {
				s2 += w * w
			}
		}
	}
	return d.L1 * s1, d.L2 / 2 * s2
}

// Penalty returns λ₁·Σ|w| + (λ₂/2)·Σw² at the plan's weights, as the
// graph's L adds it to Ldata.
func (d *Plan) Penalty() float64 {
	r1, r2 := d.penalty()
	return r1 + r2
}

// addPenalty returns the data loss of a sample plus the penalty, added as
// the graph's L does: (Ldata + R1) + R2 with only the terms it has.
func (d *Plan) addPenalty(loss, r1, r2 float64) float64 {
	if d.L1 != 0 {
		loss += r1
	}
	if d.L2 != 0 {
		loss += r2
	}
	return loss
}

// rates returns the plan's penalty as its kernels take it.
func (d *Plan) rates() penalty { return penalty{l1: d.L1, half: d.L2 / 2} }

func sgn(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
