package web

import (
	"encoding/json"
	"fmt"

	"github.com/cgraph/cgraph/nn"
)

// optStateJSON is momentum's or Adam's state in /api/train's request and
// answer, so that the optimizer goes on across the page's requests as if
// it had trained in one: its moments in the order of params (M momentum's
// velocity or Adam's first moment, V Adam's second), the steps taken and
// Adam's β₁ᵗ and β₂ᵗ as the steps multiplied them (nn.OptimizerState).
type optStateJSON struct {
	Method string    `json:"method"`
	T      int       `json:"t"`
	Pow1   float64   `json:"pow1,omitempty"`
	Pow2   float64   `json:"pow2,omitempty"`
	M      []float64 `json:"m"`
	V      []float64 `json:"v,omitempty"`
}

// numbers is how many numbers s holds.
func (s *optStateJSON) numbers() int { return len(s.M) + len(s.V) }

// optStateOf checks a request's state against the network p and its
// optimizer, naming the field that is wrong, and returns it as nn's.
func optStateOf(s *optStateJSON, p *nn.Plan, opt nn.Optimizer, hasParams bool) (*nn.OptimizerState, error) {
	method := opt.Method
	if method == "" {
		method = "sgd"
	}
	if s == nil {
		if method == "sgd" {
			return nil, nil
		}
		return &nn.OptimizerState{}, nil
	}
	switch {
	case method == "sgd":
		return nil, badRequest("opt_state: given for the optimizer sgd, which keeps none")
	case !hasParams:
		return nil, badRequest("opt_state: given without params (it belongs to the weights it trained)")
	case s.Method != method:
		return nil, badRequest("opt_state.method %q: the optimizer is %s (drop the state when the optimizer changes)", s.Method, method)
	case s.T < 0:
		return nil, badRequest("opt_state.t %d: want ≥ 0", s.T)
	}
	n := len(planParams(p))
	if len(s.M) != n {
		return nil, badRequest("opt_state.m: %d numbers for a network of %d weights and biases", len(s.M), n)
	}
	if !allFinite(s.M) {
		return nil, badRequest("opt_state.m must be finite numbers")
	}
	st := &nn.OptimizerState{Method: method, Step: s.T}
	st.MW, st.MB = split(p, s.M)
	if method == "momentum" {
		if s.V != nil || s.Pow1 != 0 || s.Pow2 != 0 {
			return nil, badRequest("opt_state: v, pow1 and pow2 are Adam's; momentum keeps only m")
		}
		return st, nil
	}
	if len(s.V) != n {
		return nil, badRequest("opt_state.v: %d numbers for a network of %d weights and biases", len(s.V), n)
	}
	for _, v := range s.V {
		if !(v >= 0 && finite(v)) {
			return nil, badRequest("opt_state.v must be finite numbers ≥ 0 (squared gradients), not %v", v)
		}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"pow1", s.Pow1}, {"pow2", s.Pow2}} {
		if !(f.v >= 0 && f.v <= 1) {
			return nil, badRequest("opt_state.%s %v: want 0 to 1 (β to the power t)", f.name, f.v)
		}
	}
	st.Pow1, st.Pow2 = s.Pow1, s.Pow2
	st.VW, st.VB = split(p, s.V)
	return st, nil
}

// optStateJSONOf is nn's state in the answer's form.
func optStateJSONOf(st *nn.OptimizerState, p *nn.Plan) *optStateJSON {
	s := &optStateJSON{Method: st.Method, T: st.Step, Pow1: st.Pow1, Pow2: st.Pow2, M: join(p, st.MW, st.MB)}
	if st.VW != nil {
		s.V = join(p, st.VW, st.VB)
	}
	return s
}

// split lays numbers in params's order (planParams's) out as p's layers'
// W and B.
func split(p *nn.Plan, vals []float64) (w, b [][]float64) {
	k := 0
	for _, L := range p.Layers {
		lw, lb := make([]float64, len(L.W)), make([]float64, len(L.B))
		for j := range L.Out {
			k += copy(lw[j*L.In:(j+1)*L.In], vals[k:])
			lb[j] = vals[k]
			k++
		}
		w, b = append(w, lw), append(b, lb)
	}
	return w, b
}

// join is split's inverse.
func join(p *nn.Plan, w, b [][]float64) []float64 {
	var out []float64
	for l, L := range p.Layers {
		for j := range L.Out {
			out = append(out, w[l][j*L.In:(j+1)*L.In]...)
			out = append(out, b[l][j])
		}
	}
	return out
}

// stateFits reports whether the next request, carrying the params, the
// state s and the CSV, stays within the body limit; if not, why, for the
// page to show.
func stateFits(l Limits, params []float64, s *optStateJSON, csv int) (bool, string) {
	p, _ := json.Marshal(params)
	st, _ := json.Marshal(s)
	// A CSV's text grows in JSON by its escapes (a newline is \n); the
	// other fields are a few hundred bytes.
	need := int64(len(p)+len(st)) + 2*int64(csv) + 4<<10
	if need <= l.MaxTrainBody {
		return true, ""
	}
	return false, fmt.Sprintf("%s's state (%d numbers) would make the next request %d KiB, over the limit of %d KiB: for this network it restarts from zero at every update",
		s.Method, s.numbers(), need>>10, l.MaxTrainBody>>10)
}
