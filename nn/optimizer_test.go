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
