package cgraph_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestOptimizersOwnAlpha trains L = (w1·x1 + w2·x2 − y)², w1 with α 0.1
// and w2 with α 0.02, by momentum and Adam, on the graph (a step per
// sample) and on a batch of both samples (a step per mean gradient), and
// follows the same steps by hand: r = w1·x1 + w2·x2 − y, ∂L/∂wk = 2r·xk,
// moved by the formulas of Momentum and Adam's comments, each weight by
// its own α. Tolerance 1e-14 relative: the graph's chain rule and the
// hand's 2r·xk round differently, and six steps compound it.
func TestOptimizersOwnAlpha(t *testing.T) {
	xs := [][2]float64{{1, 2}, {-0.5, 1.5}}
	ys := []float64{1, -1}
	alpha := [2]float64{0.1, 0.02}
	const mu, b1, b2, eps = 0.9, 0.9, 0.999, 1e-8
	for _, method := range []string{"momentum", "adam"} {
		for _, batch := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/batch=%v", method, batch), func(t *testing.T) {
				g := cgraph.New()
				x1, x2, y := g.Input("x1", 0), g.Input("x2", 0), g.Input("y", 0)
				w1, w2 := g.Weight("w1", 0.3, alpha[0]), g.Weight("w2", -0.4, alpha[1])
				yhat := g.Apply("yhat", cgraph.Add{}, g.Apply("p1", cgraph.Mul{}, w1, x1), g.Apply("p2", cgraph.Mul{}, w2, x2))
				L := g.Apply("L", cgraph.SquaredLoss{}, yhat, y)
				var o cgraph.Optimizer = &cgraph.Momentum{Mu: mu}
				if method == "adam" {
					o = &cgraph.Adam{Beta1: b1, Beta2: b2, Epsilon: eps}
				}
				var b *cgraph.Batch
				if batch {
					var err error
					if b, err = g.NewBatch(2); err != nil {
						t.Fatal(err)
					}
					b.Set(x1, []float64{xs[0][0], xs[1][0]})
					b.Set(x2, []float64{xs[0][1], xs[1][1]})
					b.Set(y, ys)
				}
				w := [2]float64{0.3, -0.4}
				var m, v [2]float64
				step := 0
				steps := [][]int{{0}, {1}} // an epoch: a step per sample, or one for both
				if batch {
					steps = [][]int{{0, 1}}
				}
				for range 3 {
					for _, samples := range steps {
						s := samples[0]
						step++
						var grad [2]float64
						for _, k := range samples {
							r := w[0]*xs[k][0] + w[1]*xs[k][1] - ys[k]
							grad[0] += 2 * r * xs[k][0]
							grad[1] += 2 * r * xs[k][1]
						}
						for i := range w {
							if batch {
								grad[i] /= 2
							}
							if method == "momentum" {
								m[i] = mu*m[i] + grad[i]
								w[i] -= alpha[i] * m[i]
								continue
							}
							m[i] = b1*m[i] + (1-b1)*grad[i]
							v[i] = b2*v[i] + (1-b2)*grad[i]*grad[i]
							c1, c2 := 1-math.Pow(b1, float64(step)), 1-math.Pow(b2, float64(step))
							w[i] -= alpha[i] * (m[i] / c1) / (math.Sqrt(v[i]/c2) + eps)
						}
						if batch {
							if err := b.Run(L); err != nil {
								t.Fatal(err)
							}
							b.StepWith(o, 0.5)
						} else {
							g.Set("x1", xs[s][0])
							g.Set("x2", xs[s][1])
							g.Set("y", ys[s])
							if err := g.Run(L); err != nil {
								t.Fatal(err)
							}
							if err := g.StepWith(o); err != nil {
								t.Fatal(err)
							}
						}
						for i, n := range []*cgraph.Node{w1, w2} {
							got := n.Gate().(*cgraph.Weight).Value
							if math.Abs(got-w[i]) > 1e-14*math.Abs(w[i]) {
								t.Fatalf("step %d: w%d (α %g) = %v; by hand %v", step, i+1, alpha[i], got, w[i])
							}
						}
					}
				}
			})
		}
	}
}
