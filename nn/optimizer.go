package nn

import (
	"fmt"
	"math"
	"strings"
)

// Optimizer chooses how a step moves the weights from their gradients.
// The zero value is SGD, the exercise's w ← w − α·g, which runs exactly as
// it did before optimizers existed. g is a weight's gradient of the step:
// the batch's mean ∂L/∂w (with the penalty's gradient, if any); α is the
// weight's own learning rate, its Weight gate's (Config.Alpha, or
// Config.LayerAlpha's for its layer, unless a program set the gate's).
type Optimizer struct {
	// Method is "sgd" (or ""), "momentum" or "adam".
	Method string
	// Momentum μ of "momentum": v ← μ·v + g, w ← w − α·v (v starts at
	// 0, as PyTorch's SGD with momentum and no dampening); 0: 0.9.
	Momentum float64
	// Beta1, Beta2 and Epsilon of "adam", Algorithm 1 of Kingma and Ba,
	// "Adam: a method for stochastic optimization" (ICLR 2015):
	// m ← β₁·m + (1−β₁)·g, v ← β₂·v + (1−β₂)·g², m̂ = m/(1−β₁ᵗ),
	// v̂ = v/(1−β₂ᵗ), w ← w − α·m̂/(√v̂ + ε), t the step from 1;
	// 0: the paper's 0.9, 0.999 and 1e-8.
	Beta1, Beta2, Epsilon float64
}

// Optimizers lists the methods in the order of help texts.
var Optimizers = []string{"sgd", "momentum", "adam"}

// ParseOptimizer returns the optimizer called s with its defaults.
func ParseOptimizer(s string) (Optimizer, error) {
	o := Optimizer{Method: strings.ToLower(strings.TrimSpace(s))}
	return o, o.check()
}

func (o Optimizer) check() error {
	switch o.Method {
	case "", "sgd", "momentum", "adam":
	default:
		return fmt.Errorf("nn: unknown optimizer %q (want one of %s)", o.Method, strings.Join(Optimizers, ", "))
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"momentum", o.Momentum}, {"beta1", o.Beta1}, {"beta2", o.Beta2}} {
		if !(p.v >= 0 && p.v < 1) {
			return fmt.Errorf("nn: optimizer %s %g; want a number in [0, 1)", p.name, p.v)
		}
	}
	if !(o.Epsilon >= 0 && o.Epsilon <= math.MaxFloat64) {
		return fmt.Errorf("nn: optimizer epsilon %g; want a finite number ≥ 0", o.Epsilon)
	}
	return nil
}

// sgd reports whether o is plain SGD.
func (o Optimizer) sgd() bool { return o.Method == "" || o.Method == "sgd" }

func (o Optimizer) withDefaults() Optimizer {
	if o.Momentum == 0 {
		o.Momentum = 0.9
	}
	if o.Beta1 == 0 {
		o.Beta1 = 0.9
	}
	if o.Beta2 == 0 {
		o.Beta2 = 0.999
	}
	if o.Epsilon == 0 {
		o.Epsilon = 1e-8
	}
	return o
}

// OptimizerState is what momentum and Adam remember between steps, so
// that training can stop and go on as if it had not: TrainOptions.State.
// M and V are laid out like the plan's layers' W and B: M is momentum's
// velocity or Adam's first moment, V Adam's second (nil for momentum).
// Pow1 and Pow2 are Adam's β₁ᵗ and β₂ᵗ as the steps multiplied them up,
// kept rather than recomputed from Step so that the bias correction of a
// run resumed goes on with the same bits as one that never stopped.
type OptimizerState struct {
	Method     string      // "momentum" or "adam"; "" for a state never used
	Step       int         // steps taken, Adam's t
	Pow1, Pow2 float64     // β₁ᵗ and β₂ᵗ (adam)
	MW, MB     [][]float64 // per layer, as W and B
	VW, VB     [][]float64 // adam
}

// optState is the state of momentum or Adam for the weights and biases of
// a plan: per layer a first moment (momentum's velocity) and a second,
// laid out like W and B.
type optState struct {
	o          Optimizer
	t          int // steps taken
	mW, mB     [][]float64
	vW, vB     [][]float64
	g          []float64 // a layer's gradients of the step
	pow1, pow2 float64   // β₁ᵗ and β₂ᵗ
}

func newOptState(o Optimizer, d *Plan) *optState {
	s := &optState{o: o.withDefaults(), pow1: 1, pow2: 1}
	for _, L := range d.Layers {
		s.mW, s.mB = append(s.mW, make([]float64, len(L.W))), append(s.mB, make([]float64, len(L.B)))
		s.vW, s.vB = append(s.vW, make([]float64, len(L.W))), append(s.vB, make([]float64, len(L.B)))
	}
	return s
}

// resume sets s from st, a state of the same method for the same plan's
// shape; an empty st (no Method) leaves s fresh.
func (s *optState) resume(st *OptimizerState) error {
	if st == nil || st.Method == "" {
		return nil
	}
	if st.Method != s.o.Method {
		return fmt.Errorf("nn: optimizer state of %q for the optimizer %q", st.Method, s.o.Method)
	}
	if st.Step < 0 {
		return fmt.Errorf("nn: optimizer state: step %d; want ≥ 0", st.Step)
	}
	adam := s.o.Method == "adam"
	if adam {
		for _, p := range []float64{st.Pow1, st.Pow2} {
			if !(p >= 0 && p <= 1) {
				return fmt.Errorf("nn: optimizer state: β power %v; want 0 to 1", p)
			}
		}
	}
	type part struct {
		name     string
		dst, src [][]float64
		nonneg   bool
	}
	parts := []part{{"velocity of the weights", s.mW, st.MW, false}, {"velocity of the biases", s.mB, st.MB, false}}
	if adam {
		parts = []part{{"first moment of the weights", s.mW, st.MW, false}, {"first moment of the biases", s.mB, st.MB, false},
			{"second moment of the weights", s.vW, st.VW, true}, {"second moment of the biases", s.vB, st.VB, true}}
	}
	for _, p := range parts {
		if len(p.src) != len(p.dst) {
			return fmt.Errorf("nn: optimizer state: %s of %d layers for %d", p.name, len(p.src), len(p.dst))
		}
		for l := range p.dst {
			if len(p.src[l]) != len(p.dst[l]) {
				return fmt.Errorf("nn: optimizer state: layer %d: %d values of the %s for %d", l+1, len(p.src[l]), p.name, len(p.dst[l]))
			}
			for _, v := range p.src[l] {
				if math.IsNaN(v) || math.IsInf(v, 0) || (p.nonneg && v < 0) {
					return fmt.Errorf("nn: optimizer state: layer %d: %s %v; want a finite number (≥ 0 for a second moment)", l+1, p.name, v)
				}
			}
		}
	}
	for _, p := range parts {
		for l := range p.dst {
			copy(p.dst[l], p.src[l])
		}
	}
	s.t = st.Step
	if adam {
		s.pow1, s.pow2 = st.Pow1, st.Pow2
	}
	return nil
}

// save writes s into st, copies of its moments.
func (s *optState) save(st *OptimizerState) {
	clone := func(x [][]float64) [][]float64 {
		out := make([][]float64, len(x))
		for l := range x {
			out[l] = append([]float64(nil), x[l]...)
		}
		return out
	}
	*st = OptimizerState{Method: s.o.Method, Step: s.t, MW: clone(s.mW), MB: clone(s.mB)}
	if s.o.Method == "adam" {
		st.Pow1, st.Pow2 = s.pow1, s.pow2
		st.VW, st.VB = clone(s.vW), clone(s.vB)
	}
}

// step moves the plan's weights and biases from the pass's gradient sums,
// scale times them being the batch's mean gradients.
func (s *optState) step(p *Pass, scale float64) {
	d := p.d
	s.t++
	s.pow1 *= s.o.Beta1
	s.pow2 *= s.o.Beta2
	for l, L := range d.Layers {
		s.move(L.W, s.grads(p.GW[l], scale), s.mW[l], s.vW[l], d.Alpha, L.AlphaW)
		s.move(L.B, s.grads(p.GB[l], scale), s.mB[l], s.vB[l], d.Alpha, L.AlphaB)
	}
}

// grads returns scale·sum, the mean gradients (the penalty's included),
// in a reused buffer.
func (s *optState) grads(sum []float64, scale float64) []float64 {
	if cap(s.g) < len(sum) {
		s.g = make([]float64, len(sum))
	}
	g := s.g[:len(sum)]
	for i, v := range sum {
		g[i] = scale * v
	}
	return g
}

// move moves the weights w by their gradients g, each by its own learning
// rate alphas[i], or alpha if alphas is nil.
func (s *optState) move(w, g, m, v []float64, alpha float64, alphas []float64) {
	o := s.o
	switch o.Method {
	case "momentum":
		for i := range w {
			if alphas != nil {
				alpha = alphas[i]
			}
			m[i] = o.Momentum*m[i] + g[i]
			w[i] -= alpha * m[i]
		}
	case "adam":
		c1, c2 := 1-s.pow1, 1-s.pow2
		for i := range w {
			if alphas != nil {
				alpha = alphas[i]
			}
			m[i] = o.Beta1*m[i] + (1-o.Beta1)*g[i]
			v[i] = o.Beta2*v[i] + (1-o.Beta2)*g[i]*g[i]
			w[i] -= alpha * (m[i] / c1) / (math.Sqrt(v[i]/c2) + o.Epsilon)
		}
	}
}

// stepEach is SGD with a learning rate per weight, w ← w − (α·scale)·g,
// in the order of the one-rate step (Pass.Step), so that equal rates give
// the same bits. A regularised plan's sums hold the penalty's gradient.
func stepEach(w, g, alphas []float64, scale float64) {
	g, alphas = g[:len(w)], alphas[:len(w)]
	for i := range w {
		w[i] -= alphas[i] * scale * g[i]
	}
}

// setAlpha sets the learning rate of weight k (of bias k if bias) to a,
// giving the layer rates of its own the first time one differs from the
// plan's def.
func (L *PlanLayer) setAlpha(bias bool, k int, a, def float64) {
	if L.AlphaW == nil {
		if a == def {
			return
		}
		L.AlphaW, L.AlphaB = fill(len(L.W), def), fill(len(L.B), def)
	}
	if bias {
		L.AlphaB[k] = a
	} else {
		L.AlphaW[k] = a
	}
}

// alpha returns the learning rate of weight k (of bias k if bias), def if
// the layer has no rates of its own.
func (L *PlanLayer) alpha(bias bool, k int, def float64) float64 {
	switch {
	case L.AlphaW == nil:
		return def
	case bias:
		return L.AlphaB[k]
	}
	return L.AlphaW[k]
}

// Rates returns the learning rate of every weight and bias of the layer,
// laid out as W and B.
func (L *PlanLayer) Rates(d *Plan) (w, b []float64) {
	if L.AlphaW != nil {
		return L.AlphaW, L.AlphaB
	}
	return fill(len(L.W), d.Alpha), fill(len(L.B), d.Alpha)
}

func fill(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// layerAlpha is the learning rate of layer l's weights.
func (cfg Config) layerAlpha(l int) float64 {
	if l < len(cfg.LayerAlpha) && cfg.LayerAlpha[l] != 0 {
		return cfg.LayerAlpha[l]
	}
	return cfg.Alpha
}

func checkLayerAlpha(cfg Config) error {
	if len(cfg.LayerAlpha) > len(cfg.Layers) {
		return fmt.Errorf("nn: %d learning rates for %d layers", len(cfg.LayerAlpha), len(cfg.Layers))
	}
	for l, a := range cfg.LayerAlpha {
		if !(a >= 0 && a <= math.MaxFloat64) {
			return fmt.Errorf("nn: layer %d: learning rate %g; want a finite positive number", l+1, a)
		}
	}
	return nil
}
