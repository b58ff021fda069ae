package cgraph

import "math"

// An Optimizer moves a graph's weights from their gradients, a rule of
// its own beside Graph.Step's SGD (w ← w − α·∂L/∂w). Each Weight moves by
// its own learning rate α, its gate's Alpha, as in Step. An Optimizer
// keeps per-weight state (a velocity, moments) from step to step: use one
// for one graph and one training run.
type Optimizer interface {
	// Begin starts a step of a graph whose nodes have ids below n.
	Begin(n int)
	// Move returns the new value of the weight w of node id, whose
	// gradient in this step is grad.
	Move(id int, w *Weight, grad float64) float64
}

// Momentum is SGD with momentum as PyTorch has it (no dampening): per
// weight v ← μ·v + g, w ← w − α·v, v starting at 0.
type Momentum struct {
	Mu float64 // μ; 0.9 is usual
	v  []float64
}

// Begin implements Optimizer.
func (o *Momentum) Begin(n int) { o.v = grow(o.v, n) }

// Move implements Optimizer.
func (o *Momentum) Move(id int, w *Weight, g float64) float64 {
	o.v[id] = o.Mu*o.v[id] + g
	return w.Value - w.Alpha*o.v[id]
}

// Adam is Algorithm 1 of Kingma and Ba, "Adam: a method for stochastic
// optimization" (ICLR 2015), with α each weight's own: m ← β₁·m + (1−β₁)·g,
// v ← β₂·v + (1−β₂)·g², w ← w − α·(m/(1−β₁ᵗ))/(√(v/(1−β₂ᵗ)) + ε), t the
// step from 1. The paper's values are β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
type Adam struct {
	Beta1, Beta2, Epsilon float64
	m, v                  []float64
	pow1, pow2            float64 // β₁ᵗ, β₂ᵗ
	t                     int
}

// Begin implements Optimizer.
func (o *Adam) Begin(n int) {
	o.m, o.v = grow(o.m, n), grow(o.v, n)
	if o.t == 0 {
		o.pow1, o.pow2 = 1, 1
	}
	o.t++
	o.pow1 *= o.Beta1
	o.pow2 *= o.Beta2
}

// Move implements Optimizer.
func (o *Adam) Move(id int, w *Weight, g float64) float64 {
	o.m[id] = o.Beta1*o.m[id] + (1-o.Beta1)*g
	o.v[id] = o.Beta2*o.v[id] + (1-o.Beta2)*g*g
	return w.Value - w.Alpha*(o.m[id]/(1-o.pow1))/(math.Sqrt(o.v[id]/(1-o.pow2))+o.Epsilon)
}

// grow returns s with at least n elements, the new ones 0.
func grow(s []float64, n int) []float64 {
	if len(s) < n {
		s = append(s, make([]float64, n-len(s))...)
	}
	return s
}

// StepWith moves every Weight by o from the gradients of the last
// Backward, each with its own α.
func (g *Graph) StepWith(o Optimizer) error {
	if err := g.prepare(); err != nil {
		return err
	}
	o.Begin(len(g.nodes))
	for i, w := range g.weightGates {
		id := g.weights[i].id
		w.Value = o.Move(id, w, g.grads[id])
		g.vals[id] = w.Value
	}
	g.fresh = false
	return nil
}

// StepWith moves every Weight by o from the batch's gradient sums times
// scale (1/size: the mean loss's gradient), each with its own α.
func (b *Batch) StepWith(o Optimizer, scale float64) {
	g := b.g
	o.Begin(len(g.nodes))
	for k, w := range g.weightGates {
		n := g.weights[k]
		w.Value = o.Move(n.id, w, scale*b.GradSum(n))
		g.vals[n.id] = w.Value
	}
	g.fresh = false
}
