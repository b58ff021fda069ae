package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/nn"
)

// TestTrainOptState trains two requests of k epochs, the second given the
// first's params and opt_state, as the page does, and the same in nn: two
// calls of Train with the page's seed and first epochs (0, then k) and
// the state passed along, which nn's TestStateResumes holds to one call. Every
// weight and the state must be the same bits, for momentum and Adam, per
// sample and in batches, with and without L2; the second request without
// the state (momentum and Adam from zero, as before) must differ.
func TestTrainOptState(t *testing.T) {
	s := New(nil)
	all, _ := nn.Builtin("circle", &nn.ToyOptions{N: 40, Noise: 0.1, Seed: 2})
	const k = 7
	for _, method := range []string{"momentum", "adam"} {
		for _, batch := range []int{1, 6} {
			for _, l2 := range []float64{0, 0.01} {
				t.Run(fmt.Sprintf("%s/batch%d/l2=%g", method, batch, l2), func(t *testing.T) {
					req := map[string]any{"dataset": "circle", "samples": 40, "noise": 0.1, "data_seed": 2, "hidden": []int{5, 3},
						"activation": "tanh", "lr": 0.03, "l2": l2, "seed": 9, "optimizer": method, "batch": batch, "epochs": k, "grid": 2}
					first := trainOK(t, s, req)
					if first.OptState == nil || first.OptState.Method != method || first.OptState.T != k*((40+batch-1)/batch) {
						t.Fatalf("first answer's opt_state %+v", first.OptState)
					}
					next := clone(req)
					next["epoch"], next["params"], next["opt_state"] = first.Epoch, first.Params, first.OptState
					second := trainOK(t, s, next)
					delete(next, "opt_state")
					restarted := trainOK(t, s, next)

					m, _ := nn.New(nn.Config{Inputs: 2, Layers: []nn.LayerSpec{{Units: 5, Activation: nn.Tanh}, {Units: 3, Activation: nn.Tanh},
						{Units: 1, Activation: nn.Sigmoid}}, Alpha: 0.03, Seed: 9, L2: l2})
					var st nn.OptimizerState
					for _, epoch := range []int{0, k} {
						if _, err := m.Train(all, &nn.TrainOptions{Epochs: k, BatchSize: batch, Shuffle: true, Seed: 9, FirstEpoch: epoch,
							Optimizer: nn.Optimizer{Method: method}, State: &st}); err != nil {
							t.Fatal(err)
						}
					}
					want := planParams(m.Plan())
					for i := range want {
						if second.Params[i] != want[i] {
							t.Fatalf("param %d: %v after two requests, %v in nn", i, second.Params[i], want[i])
						}
					}
					if got, want := second.OptState, optStateJSONOf(&st, m.Plan()); fmt.Sprint(*got) != fmt.Sprint(*want) {
						t.Errorf("opt_state %+v, nn's %+v", *got, *want)
					}
					if fmt.Sprint(restarted.Params) == fmt.Sprint(second.Params) {
						t.Errorf("the second request gave the same weights without the state")
					}
				})
			}
		}
	}
}

// TestTrainOptStateChecked sends states that do not fit the request: each
// is a 400 naming the field.
func TestTrainOptStateChecked(t *testing.T) {
	s := New(nil)
	base := map[string]any{"dataset": "xor", "hidden": []int{2}, "optimizer": "adam", "lr": 0.05, "epochs": 2}
	good := trainOK(t, s, base)
	if good.OptState == nil || len(good.OptState.M) != 9 || len(good.OptState.V) != 9 {
		t.Fatalf("opt_state %+v, want 9 m and 9 v", good.OptState)
	}
	state := func(edit func(m map[string]any)) map[string]any {
		data, _ := json.Marshal(good.OptState)
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		edit(m)
		return m
	}
	for _, c := range []struct {
		name string
		req  func(r map[string]any)
		want string
	}{
		{"sgd", func(r map[string]any) { r["optimizer"] = "sgd" }, "opt_state: given for the optimizer sgd"},
		{"no params", func(r map[string]any) { delete(r, "params") }, "opt_state: given without params"},
		{"method", func(r map[string]any) { r["optimizer"] = "momentum" }, `opt_state.method "adam": the optimizer is momentum`},
		{"m short", func(r map[string]any) {
			r["opt_state"] = state(func(m map[string]any) { m["m"] = []float64{1, 2} })
		}, "opt_state.m: 2 numbers for a network of 9"},
		{"v missing", func(r map[string]any) { r["opt_state"] = state(func(m map[string]any) { delete(m, "v") }) }, "opt_state.v: 0 numbers"},
		{"v negative", func(r map[string]any) {
			r["opt_state"] = state(func(m map[string]any) { m["v"].([]any)[3] = -1.0 })
		}, "opt_state.v must be finite numbers ≥ 0"},
		{"pow", func(r map[string]any) { r["opt_state"] = state(func(m map[string]any) { m["pow2"] = 1.5 }) }, "opt_state.pow2 1.5"},
		{"t", func(r map[string]any) { r["opt_state"] = state(func(m map[string]any) { m["t"] = -3 }) }, "opt_state.t -3"},
		{"unknown", func(r map[string]any) { r["opt_state"] = state(func(m map[string]any) { m["velocity"] = 1 }) }, `unknown field "velocity"`},
		{"not numbers", func(r map[string]any) { r["opt_state"] = state(func(m map[string]any) { m["m"] = "1,2" }) }, "opt_state.m"},
		{"momentum with v", func(r map[string]any) {
			r["optimizer"] = "momentum"
			r["opt_state"] = state(func(m map[string]any) { m["method"] = "momentum" })
		}, "v, pow1 and pow2 are Adam's"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := clone(base)
			r["params"], r["opt_state"], r["epoch"] = good.Params, good.OptState, 2
			c.req(r)
			code, body := post(t, s, "/api/train", r)
			msg, _ := body["error"].(string)
			if code != 400 || !strings.Contains(msg, c.want) {
				t.Errorf("status %d %q; want 400 saying %q", code, msg, c.want)
			}
		})
	}
}

// TestTrainOptStateSize checks that Adam's state, which triples the
// numbers of a request, is answered only when the next request carrying
// it stays within MaxTrainBody: 4 layers of 64 units (12,737 weights)
// fit, and that request is taken; the largest network (8 × 64, 29,377
// weights) does not, and the answer says why instead.
func TestTrainOptStateSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large networks")
	}
	s := New(nil)
	l := DefaultLimits
	req := map[string]any{"dataset": "spiral", "samples": 20, "hidden": []int{64, 64, 64, 64}, "activation": "relu", "init": "he",
		"optimizer": "adam", "lr": 0.001, "epochs": 1, "grid": 2}
	first := trainOK(t, s, req)
	if first.OptState == nil || first.OptStateNote != "" {
		t.Fatalf("4 × 64: no opt_state (%q)", first.OptStateNote)
	}
	next := clone(req)
	next["params"], next["opt_state"], next["epoch"] = first.Params, first.OptState, 1
	data, _ := json.Marshal(next)
	if int64(len(data)) > l.MaxTrainBody {
		t.Fatalf("the next request is %d bytes, over the limit of %d", len(data), l.MaxTrainBody)
	}
	t.Logf("4 × 64 with Adam's state: %d bytes", len(data))
	if r := trainOK(t, s, next); r.OptState == nil || r.OptState.T != 2*20 {
		t.Errorf("the next answer's state %v", r.OptState)
	}
	req["hidden"] = []int{64, 64, 64, 64, 64, 64, 64, 64}
	big := trainOK(t, s, req)
	if big.OptState != nil || !strings.Contains(big.OptStateNote, "limit of 1024 KiB") {
		t.Errorf("8 × 64: opt_state %v, note %q; want none and a note naming the limit", big.OptState != nil, big.OptStateNote)
	}
	// Without the state the next request is what it was: it fits.
	next = clone(req)
	next["params"], next["epoch"] = big.Params, 1
	if code, body := post(t, s, "/api/train", next); code != http.StatusOK {
		t.Errorf("8 × 64 without the state: %d %v", code, body["error"])
	}
}
