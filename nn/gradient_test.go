package nn

import (
	"math"
	"testing"
)

// TestPlanGradient holds Plan.Gradient to central differences of the
// mean loss (Evaluate's, the penalty included), over more samples than one
// chunk.
func TestPlanGradient(t *testing.T) {
	d := Circle(&ToyOptions{N: 300, Seed: 2})
	cfg := Config{Inputs: 2, Layers: Dense(Tanh, 3, 1), Seed: 7, L2: 0.01}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := m.Plan()
	grad := p.Gradient(d)
	loss := func(q *Plan) float64 {
		n, _ := New(cfg)
		if err := n.SetPlan(q); err != nil {
			t.Fatal(err)
		}
		r, err := n.Evaluate(d)
		if err != nil {
			t.Fatal(err)
		}
		return r.Loss
	}
	const h = 1e-6
	for l, L := range p.Layers {
		for i := range L.W {
			up, down := p.Clone(), p.Clone()
			up.Layers[l].W[i] += h
			down.Layers[l].W[i] -= h
			want := (loss(up) - loss(down)) / (2 * h)
			if got := grad.Layers[l].W[i]; math.Abs(got-want) > 1e-7*(1+math.Abs(want)) {
				t.Errorf("layer %d weight %d: gradient %v, central difference %v", l+1, i, got, want)
			}
		}
		for j := range L.B {
			up, down := p.Clone(), p.Clone()
			up.Layers[l].B[j] += h
			down.Layers[l].B[j] -= h
			want := (loss(up) - loss(down)) / (2 * h)
			if got := grad.Layers[l].B[j]; math.Abs(got-want) > 1e-7*(1+math.Abs(want)) {
				t.Errorf("layer %d bias %d: gradient %v, central difference %v", l+1, j, got, want)
			}
		}
	}
}
