package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/cgraph/cgraph"
)

// linearParams returns the weight and bias of a 1-1 linear network.
func linearParams(m *MLP) (w, b float64) {
	return m.Layers()[0].W[0][0].Gate().(*cgraph.Weight).Value, m.Layers()[0].B[0].Gate().(*cgraph.Weight).Value
}

// TestOptimizerSteps trains a one-weight linear network with the squared
// loss, whose gradients are known by hand (r = w·x + b − y, ∂L/∂w = 2r·x,
// ∂L/∂b = 2r, their mean over the batch, plus λ₂·w for the weight), and
// compares every step of momentum and Adam with the formulas applied
// here: PyTorch's momentum and Algorithm 1 of the Adam paper, with
// β₁ᵗ and β₂ᵗ from math.Pow. Tolerance 1e-14 relative: a few roundings
// per step, compounded over five steps.
func TestOptimizerSteps(t *testing.T) {
	xs, ys := []float64{2, -1}, []float64{1, 0.5}
	for _, c := range []struct {
		method string
		batch  int
		l2     float64
	}{{"momentum", 1, 0}, {"adam", 1, 0}, {"adam", 2, 0.1}, {"momentum", 2, 0.1}} {
		t.Run(fmt.Sprintf("%s/batch%d/l2=%g", c.method, c.batch, c.l2), func(t *testing.T) {
			cfg := Config{Inputs: 1, Layers: Dense(Linear, 1), Bias: Uniform, Alpha: 0.05, Seed: 3, L2: c.l2}
			n := c.batch
			d := &Dataset{Name: "line", X: [][]float64{{xs[0]}, {xs[1]}}[:n], Y: ys[:n]}
			start, _ := New(cfg)
			w, b := linearParams(start)
			var mw, mb, vw, vb float64
			const alpha, mu, b1, b2, eps = 0.05, 0.9, 0.9, 0.999, 1e-8
			for step := 1; step <= 5; step++ {
				var gw, gb float64
				for s := range n {
					r := w*xs[s] + b - ys[s]
					gw += 2 * r * xs[s]
					gb += 2 * r
				}
				gw, gb = gw/float64(n)+c.l2*w, gb/float64(n)
				if c.method == "momentum" {
					mw, mb = mu*mw+gw, mu*mb+gb
					w, b = w-alpha*mw, b-alpha*mb
				} else {
					mw, mb = b1*mw+(1-b1)*gw, b1*mb+(1-b1)*gb
					vw, vb = b2*vw+(1-b2)*gw*gw, b2*vb+(1-b2)*gb*gb
					c1, c2 := 1-math.Pow(b1, float64(step)), 1-math.Pow(b2, float64(step))
					w -= alpha * (mw / c1) / (math.Sqrt(vw/c2) + eps)
					b -= alpha * (mb / c1) / (math.Sqrt(vb/c2) + eps)
					if step == 1 { // the paper's first step: −α·g/(|g| + ε), about α against the gradient
						w0, b0 := linearParams(start)
						if dw := w - w0; math.Abs(dw+alpha*gw/(math.Abs(gw)+eps)) > 1e-15 {
							t.Errorf("first step of w %v, want −α·g/(|g|+ε) = %v", dw, -alpha*gw/(math.Abs(gw)+eps))
						}
						if db := b - b0; math.Abs(db+alpha*gb/(math.Abs(gb)+eps)) > 1e-15 {
							t.Errorf("first step of b %v", db)
						}
					}
				}
				m, _ := New(cfg)
				if _, err := m.Train(d, &TrainOptions{Epochs: step, BatchSize: n, Optimizer: Optimizer{Method: c.method}}); err != nil {
					t.Fatal(err)
				}
				gotW, gotB := linearParams(m)
				if math.Abs(gotW-w) > 1e-14*math.Abs(w) || math.Abs(gotB-b) > 1e-14*math.Abs(b) {
					t.Errorf("step %d: w, b = %v, %v; by hand %v, %v", step, gotW, gotB, w, b)
				}
			}
		})
	}
}

// TestOptimizerSGDUnchanged checks that naming SGD is the default, bit for
// bit, on the tape and on the plan, and that bad settings are refused.
func TestOptimizerSGDUnchanged(t *testing.T) {
	for _, hidden := range []int{4, 16} { // 17 parameters: the tape; 65: the plan
		cfg := Config{Inputs: 2, Layers: Dense(Sigmoid, hidden, 1), Seed: 2}
		a, _ := New(cfg)
		b, _ := New(cfg)
		ha, _ := a.Train(XOR(), &TrainOptions{Epochs: 50, Shuffle: true, Seed: 1})
		hb, _ := b.Train(XOR(), &TrainOptions{Epochs: 50, Shuffle: true, Seed: 1, Optimizer: Optimizer{Method: "sgd"}})
		if fmt.Sprint(ha) != fmt.Sprint(hb) {
			t.Errorf("%d hidden: losses differ", hidden)
		}
		pa, pb := a.Plan(), b.Plan()
		for l := range pa.Layers {
			if fmt.Sprint(pa.Layers[l].W, pa.Layers[l].B) != fmt.Sprint(pb.Layers[l].W, pb.Layers[l].B) {
				t.Errorf("%d hidden: layer %d differs", hidden, l+1)
			}
		}
	}
	for _, o := range []Optimizer{{Method: "rmsprop"}, {Method: "adam", Beta2: 1}, {Method: "momentum", Momentum: -0.5}} {
		m, _ := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 1)})
		if _, err := m.Train(XOR(), &TrainOptions{Epochs: 1, Optimizer: o}); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	if _, err := ParseOptimizer("Adam"); err != nil {
		t.Error(err)
	}
}

// setAlpha gives the Weight gate of node n the learning rate a.
func setAlpha(n *cgraph.Node, a float64) { n.Gate().(*cgraph.Weight).Alpha = a }

// TestOptimizerOwnAlpha gives the two weights and the bias of a linear
// 2-1 network their own α, as the exercise's Weight gates have, and
// follows five steps of SGD, momentum and Adam by hand: the network's
// squared loss (r = w₁x₁ + w₂x₂ + b − y, ∂L/∂wₖ = 2r·xₖ, ∂L/∂b = 2r,
// their mean over the batch) moved by the formulas of TestOptimizerSteps,
// each weight with its α. A batch of 2 runs on the plan, per-sample SGD
// on the graph's tape (Graph.Step's own α). Tolerance 1e-14 relative, as
// there.
func TestOptimizerOwnAlpha(t *testing.T) {
	xs := [][]float64{{2, -1}, {0.5, 3}}
	ys := []float64{1, -0.5}
	alphas := []float64{0.01, 0.2, 0.05} // w₁, w₂, b
	for _, c := range []struct {
		method string
		batch  int
	}{{"sgd", 1}, {"sgd", 2}, {"momentum", 1}, {"momentum", 2}, {"adam", 1}, {"adam", 2}} {
		t.Run(fmt.Sprintf("%s/batch%d", c.method, c.batch), func(t *testing.T) {
			cfg := Config{Inputs: 2, Layers: Dense(Linear, 1), Bias: Uniform, Seed: 5}
			d := &Dataset{Name: "two", X: xs, Y: ys}
			start, _ := New(cfg)
			p := start.Plan()
			w := []float64{p.Layers[0].W[0], p.Layers[0].W[1], p.Layers[0].B[0]}
			m1, v := make([]float64, 3), make([]float64, 3)
			const mu, b1, b2, eps = 0.9, 0.9, 0.999, 1e-8
			m, _ := New(cfg)
			L := m.Layers()[0]
			setAlpha(L.W[0][0], alphas[0])
			setAlpha(L.W[0][1], alphas[1])
			setAlpha(L.B[0], alphas[2])
			step := 0
			for epoch := 1; epoch <= 5; epoch++ {
				for start := 0; start < len(ys); start += c.batch {
					step++
					g := make([]float64, 3)
					for s := start; s < start+c.batch; s++ {
						r := w[0]*xs[s][0] + w[1]*xs[s][1] + w[2] - ys[s]
						g[0] += 2 * r * xs[s][0]
						g[1] += 2 * r * xs[s][1]
						g[2] += 2 * r
					}
					for k := range w {
						g[k] /= float64(c.batch)
						switch c.method {
						case "sgd":
							w[k] -= alphas[k] * g[k]
						case "momentum":
							m1[k] = mu*m1[k] + g[k]
							w[k] -= alphas[k] * m1[k]
						case "adam":
							m1[k] = b1*m1[k] + (1-b1)*g[k]
							v[k] = b2*v[k] + (1-b2)*g[k]*g[k]
							c1, c2 := 1-math.Pow(b1, float64(step)), 1-math.Pow(b2, float64(step))
							w[k] -= alphas[k] * (m1[k] / c1) / (math.Sqrt(v[k]/c2) + eps)
						}
					}
				}
			}
			if _, err := m.Train(d, &TrainOptions{Epochs: 5, BatchSize: c.batch, Optimizer: Optimizer{Method: c.method}}); err != nil {
				t.Fatal(err)
			}
			got := m.Plan()
			for k, g := range []float64{got.Layers[0].W[0], got.Layers[0].W[1], got.Layers[0].B[0]} {
				if math.Abs(g-w[k]) > 1e-14*math.Abs(w[k]) {
					t.Errorf("parameter %d (α %g) = %v; by hand %v", k+1, alphas[k], g, w[k])
				}
			}
			if fmt.Sprint(got.Layers[0].AlphaW, got.Layers[0].AlphaB) != "[0.01 0.2] [0.05]" {
				t.Errorf("the plan's rates %v %v", got.Layers[0].AlphaW, got.Layers[0].AlphaB)
			}
		})
	}
}

// TestOwnAlphaEqualIsDefault checks that rates of their own, all equal to
// the network's α, move the weights bit for bit as the one rate does, on
// the plan with and without a penalty: the per-weight step keeps the
// order of the one-rate step's operations.
func TestOwnAlphaEqualIsDefault(t *testing.T) {
	for _, l2 := range []float64{0, 0.01} {
		cfg := Config{Inputs: 2, Layers: Dense(Tanh, 16, 1), Seed: 4, L2: l2}
		a, _ := New(cfg)
		b, _ := New(cfg)
		da := a.Plan()
		db := b.Plan()
		for _, L := range db.Layers {
			L.AlphaW, L.AlphaB = fill(len(L.W), db.Alpha), fill(len(L.B), db.Alpha)
		}
		pa, pb := da.NewPass(4), db.NewPass(4)
		idx := []int{0, 1, 2, 3}
		for range 20 {
			for _, p := range []*Pass{pa, pb} {
				p.load(XOR(), idx)
				p.Forward()
				p.Backward()
				p.Step(0.25)
			}
		}
		for l := range da.Layers {
			if fmt.Sprint(da.Layers[l].W, da.Layers[l].B) != fmt.Sprint(db.Layers[l].W, db.Layers[l].B) {
				t.Errorf("l2 %g: layer %d differs", l2, l+1)
			}
		}
	}
}

// TestLayerAlpha checks that Config.LayerAlpha reaches the Weight gates
// and the plan, and that bad rates are refused.
func TestLayerAlpha(t *testing.T) {
	m, err := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 3, 1), Alpha: 0.5, LayerAlpha: []float64{0, 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	if a := m.Layers()[0].W[1][0].Gate().(*cgraph.Weight).Alpha; a != 0.5 {
		t.Errorf("w1_2_1's α %g, want the network's 0.5", a)
	}
	if a := m.Layers()[1].B[0].Gate().(*cgraph.Weight).Alpha; a != 0.1 {
		t.Errorf("b2_1's α %g, want the layer's 0.1", a)
	}
	p := m.Plan()
	if p.Layers[0].AlphaW != nil || fmt.Sprint(p.Layers[1].AlphaW, p.Layers[1].AlphaB) != "[0.1 0.1 0.1] [0.1]" {
		t.Errorf("the plan's rates %v; %v %v", p.Layers[0].AlphaW, p.Layers[1].AlphaW, p.Layers[1].AlphaB)
	}
	q, _ := NewPlan(Config{Inputs: 2, Layers: Dense(Sigmoid, 3, 1), Alpha: 0.5, LayerAlpha: []float64{0, 0.1}})
	if fmt.Sprint(q.Layers[1].AlphaW) != "[0.1 0.1 0.1]" {
		t.Errorf("NewPlan's rates %v", q.Layers[1].AlphaW)
	}
	for _, la := range [][]float64{{-1}, {math.Inf(1)}, {0.1, 0.1, 0.1}} {
		if _, err := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 3, 1), LayerAlpha: la}); err == nil {
			t.Errorf("LayerAlpha %v accepted", la)
		}
	}
}

// TestOptimizerPlanMatchesGraph trains a 2-3-1 network whose weights have
// rates of their own with momentum and Adam in batches of 4, on the plan
// (Train) and on the graph (cgraph.Batch.StepWith with cgraph.Momentum and
// cgraph.Adam), and compares the weights: equal to 1e-12 relative, the
// tolerance of TestTrainMatchesGraph, as the two sum gradients in their
// own orders.
func TestOptimizerPlanMatchesGraph(t *testing.T) {
	for _, method := range []string{"momentum", "adam"} {
		t.Run(method, func(t *testing.T) {
			cfg := Config{Inputs: 2, Layers: Dense(Tanh, 3, 1), Alpha: 0.05, LayerAlpha: []float64{0.02}, Seed: 8}
			plan, _ := New(cfg)
			graph, _ := New(cfg)
			for _, m := range []*MLP{plan, graph} {
				setAlpha(m.Layers()[1].W[0][2], 0.2)
				setAlpha(m.Layers()[0].B[1], 0.001)
			}
			const epochs = 10
			if _, err := plan.Train(XOR(), &TrainOptions{Epochs: epochs, BatchSize: 4, Optimizer: Optimizer{Method: method}}); err != nil {
				t.Fatal(err)
			}
			var o cgraph.Optimizer = &cgraph.Momentum{Mu: 0.9}
			if method == "adam" {
				o = &cgraph.Adam{Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
			}
			b, err := graph.Graph().NewBatch(4)
			if err != nil {
				t.Fatal(err)
			}
			d := XOR()
			for i, x := range graph.Inputs() {
				col := make([]float64, 4)
				for s := range col {
					col[s] = d.X[s][i]
				}
				b.Set(x, col)
			}
			b.Set(graph.Targets()[0], d.Y)
			for range epochs {
				if err := b.Run(graph.Loss()); err != nil {
					t.Fatal(err)
				}
				b.StepWith(o, 0.25)
			}
			pp, pg := plan.Plan(), graph.Plan()
			for l := range pp.Layers {
				for k, w := range pp.Layers[l].W {
					if g := pg.Layers[l].W[k]; math.Abs(w-g) > 1e-12*math.Abs(g) {
						t.Errorf("layer %d weight %d: plan %v, graph %v", l+1, k, w, g)
					}
				}
				for k, w := range pp.Layers[l].B {
					if g := pg.Layers[l].B[k]; math.Abs(w-g) > 1e-12*math.Abs(g) {
						t.Errorf("layer %d bias %d: plan %v, graph %v", l+1, k, w, g)
					}
				}
			}
		})
	}
}
