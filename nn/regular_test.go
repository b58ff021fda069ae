package nn

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestPenaltyClosedForm checks the regularised loss and its gradient on
// the graph against the closed form Ldata + λ₁·Σ|w| + (λ₂/2)·Σw² and
// ∂Ldata/∂w + λ₁·sgn(w) + λ₂·w, where Ldata and its gradient come from
// the same network without a penalty, and against central finite
// differences of L.
func TestPenaltyClosedForm(t *testing.T) {
	for _, c := range []struct{ l1, l2 float64 }{{0.01, 0}, {0, 0.03}, {0.02, 0.05}} {
		t.Run(fmt.Sprintf("l1=%g,l2=%g", c.l1, c.l2), func(t *testing.T) {
			cfg := Config{Inputs: 2, Layers: Dense(Tanh, 3, 1), Bias: Uniform, Seed: 5}
			plain, _ := New(cfg)
			cfg.L1, cfg.L2 = c.l1, c.l2
			m, _ := New(cfg)
			x, y := []float64{0.4, -0.9}, []float64{1}
			ldata, err := plain.Grad(x, y)
			if err != nil {
				t.Fatal(err)
			}
			loss, err := m.Grad(x, y)
			if err != nil {
				t.Fatal(err)
			}
			sumAbs, sumSq := 0.0, 0.0
			isWeight := map[*cgraph.Node]bool{}
			for _, L := range m.Layers() {
				for j := range L.Out {
					for _, w := range L.W[j] {
						sumAbs += math.Abs(w.Value())
						sumSq += w.Value() * w.Value()
						isWeight[w] = true
					}
				}
			}
			want := ldata + c.l1*sumAbs + c.l2/2*sumSq
			if math.Abs(loss-want) > 1e-15*math.Abs(want) { // a few roundings of sums of ~10 terms
				t.Errorf("L = %v, closed form %v", loss, want)
			}
			for k, w := range m.Params() {
				v := w.Value()
				g := plain.Params()[k].Grad()
				if isWeight[w] {
					g += c.l1*sgn(v) + c.l2*v
				}
				if math.Abs(w.Grad()-g) > 1e-15 {
					t.Errorf("∂L/∂%s = %v, closed form %v", w.Name(), w.Grad(), g)
				}
				// Central difference with h = 1e-6: truncation ~h²·L''' and
				// rounding ~1e-16/h, both under 1e-8 here.
				const h = 1e-6
				wg := w.Gate().(*cgraph.Weight)
				wg.Value = v + h
				up, _ := m.Grad(x, y)
				wg.Value = v - h
				down, _ := m.Grad(x, y)
				wg.Value = v
				m.Grad(x, y)
				if fd := (up - down) / (2 * h); math.Abs(fd-g) > 1e-8 {
					t.Errorf("∂L/∂%s: finite difference %v, closed form %v", w.Name(), fd, g)
				}
			}
		})
	}
}

// TestPenaltyPlanMatchesGraph trains regularised networks on the dense
// plan (per sample and in batches) and on the graph, whose L has the
// penalty's nodes, and compares losses and weights as TestTrainMatchesGraph
// does; a pass's per-sample loss is the graph's L bit for bit.
func TestPenaltyPlanMatchesGraph(t *testing.T) {
	d, err := Builtin("moons", &ToyOptions{N: 40, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		hidden int
		l1, l2 float64
	}{{2, 0.01, 0.02}, {8, 0.01, 0}, {8, 0, 0.05}, {8, 0.003, 0.01}} { // 2: 9 parameters, the graph's tape; 8: 33, the plan
		cfg := Config{Inputs: 2, Layers: Dense(Tanh, c.hidden, 1), Alpha: 0.1, Seed: 4, L1: c.l1, L2: c.l2}
		for _, batch := range []int{1, 8} {
			t.Run(fmt.Sprintf("h%d/l1=%g/l2=%g/batch%d", c.hidden, c.l1, c.l2, batch), func(t *testing.T) {
				opts := &TrainOptions{Epochs: 4, BatchSize: batch, Shuffle: true, Seed: 3, Workers: 2}
				m, _ := New(cfg)
				ref := trainedAsGraph(t, m, cfg, d, opts, (*MLP).Train)
				planWeightsSame(t, m, ref)
				p := m.Plan()
				pass := p.NewPass(1)
				pass.load(d, []int{3})
				pass.Forward()
				pass.Backward()
				if l, _ := m.Grad(d.X[3], d.Y[3:4]); pass.Loss[0] != l {
					t.Errorf("pass loss %v, graph L %v", pass.Loss[0], l)
				}
			})
		}
	}
}

// TestPenaltyNodesAndSave checks the penalty's nodes by name, that a plain
// network's loss is still called L, and that the rates are saved.
func TestPenaltyNodesAndSave(t *testing.T) {
	plain, _ := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 2, 1)})
	if plain.Loss().Name() != "L" || plain.Graph().Lookup("Ldata") != nil {
		t.Errorf("an unregularised loss is %s", plain.Loss().Name())
	}
	m, _ := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 2, 1), L1: 0.25, L2: 0.5})
	for _, name := range []string{"Ldata", "abs_w1_1_1", "sq_w2_1_2", "sum_abs", "sum_sq", "lambda1", "half_lambda2", "R1", "R2", "L"} {
		if m.Graph().Lookup(name) == nil {
			t.Errorf("no node %s", name)
		}
	}
	if m.Graph().Lookup("abs_b1_1") != nil {
		t.Error("a bias is penalised")
	}
	if v := m.Graph().Lookup("half_lambda2").Value(); v != 0.25 {
		t.Errorf("half_lambda2 = %v", v)
	}
	// Nodes is an upper bound (one node too many for one output): compare
	// what the penalty adds.
	if got, want := float64(m.Graph().Len()-plain.Graph().Len()), Nodes(m.Config())-Nodes(plain.Config()); got != want {
		t.Errorf("the penalty adds %v nodes, Nodes says %v", got, want)
	}
	var buf bytes.Buffer
	m.WriteModel(&buf, nil)
	if !strings.Contains(buf.String(), `"l1": 0.25`) || !strings.Contains(buf.String(), `"l2": 0.5`) {
		t.Errorf("rates not saved:\n%s", buf.String())
	}
	back, _, err := ReadModel(&buf, "m.json")
	if err != nil {
		t.Fatal(err)
	}
	if c := back.Config(); c.L1 != 0.25 || c.L2 != 0.5 || back.Loss().Name() != "L" || back.Graph().Lookup("R2") == nil {
		t.Errorf("loaded %+v", c)
	}
	if _, err := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 1), L2: -1}); err == nil {
		t.Error("a negative L2 rate is accepted")
	}
}
