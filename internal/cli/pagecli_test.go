package cli

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/nn"
	"github.com/cgraph/cgraph/web"
)

// pageAnswer is what the test reads of /api/train's answer.
type pageAnswer struct {
	Epoch      int             `json:"epoch"`
	Losses     []float64       `json:"losses"`
	TestLosses []float64       `json:"test_losses"`
	Loss       float64         `json:"loss"`
	Accuracy   float64         `json:"accuracy"`
	TestLoss   *float64        `json:"test_loss"`
	Params     []float64       `json:"params"`
	OptState   json.RawMessage `json:"opt_state"`
}

// postTrain posts req to the playground's /api/train in-process.
func postTrain(t *testing.T, s http.Handler, req map[string]any) pageAnswer {
	t.Helper()
	body, _ := json.Marshal(req)
	r := httptest.NewRequest("POST", "/api/train", bytes.NewReader(body))
	r.Host = "localhost"
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("/api/train: %d %s", w.Code, w.Body)
	}
	var a pageAnswer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// paramsOf is the weights and biases of m in the order of the page's
// params: layer by layer, unit by unit, the unit's weights, then its bias.
func paramsOf(m *nn.MLP) []float64 {
	var out []float64
	for _, L := range m.Plan().Layers {
		for j := range L.Out {
			out = append(out, L.W[j*L.In:(j+1)*L.In]...)
			out = append(out, L.B[j])
		}
	}
	return out
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// TestPageTrainsAsCLI trains in the playground as the page does, three
// requests of 50 epochs each given the last answer's params, opt_state
// and epoch, and with one `cgraph train` of 150 epochs given the
// corresponding flags: the losses and every weight must be the same bits.
// The page's seed is --seed (the weights and the shuffles), its data_seed
// --data-seed; no other mapping.
func TestPageTrainsAsCLI(t *testing.T) {
	s := web.New(nil)
	defer s.Close()
	const chunk, chunks = 50, 3
	for _, c := range []struct {
		name string
		page map[string]any
		cli  []string
	}{
		{"xor", map[string]any{"dataset": "xor", "hidden": []int{4}, "activation": "sigmoid", "lr": 0.5, "seed": 1, "data_seed": 1},
			[]string{"xor"}},
		{"xor-momentum-batch4", map[string]any{"dataset": "xor", "hidden": []int{4}, "lr": 0.1, "optimizer": "momentum", "batch": 4, "seed": 3, "data_seed": 1},
			[]string{"xor", "--optimizer", "momentum", "--lr", "0.1", "--batch", "4", "--seed", "3"}},
		{"spiral-test", map[string]any{"dataset": "spiral", "samples": 100, "noise": 0.1, "data_seed": 2, "test": 0.3,
			"hidden": []int{8, 8}, "activation": "tanh", "loss": "bce", "lr": 0.05, "seed": 4},
			[]string{"spiral", "--samples", "100", "--noise", "0.1", "--data-seed", "2", "--test", "0.3",
				"--hidden", "8,8", "--activation", "tanh", "--loss", "bce", "--lr", "0.05", "--seed", "4"}},
		{"spiral-adam-batch10", map[string]any{"dataset": "spiral", "samples": 100, "data_seed": 1, "hidden": []int{8},
			"activation": "tanh", "optimizer": "adam", "lr": 0.01, "batch": 10, "seed": 2},
			[]string{"spiral", "--samples", "100", "--hidden", "8", "--activation", "tanh", "--optimizer", "adam", "--lr", "0.01", "--batch", "10", "--seed", "2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var losses, testLosses []float64
			var last pageAnswer
			req := c.page
			req["epochs"], req["grid"] = chunk, 2
			for range chunks {
				last = postTrain(t, s, req)
				losses = append(losses, last.Losses...)
				testLosses = append(testLosses, last.TestLosses...)
				req["epoch"], req["params"] = last.Epoch, last.Params
				if last.OptState != nil {
					req["opt_state"] = last.OptState
				}
			}
			path := filepath.Join(t.TempDir(), "m.json")
			args := append([]string{"train"}, c.cli...)
			args = append(args, "--epochs", "150", "--json", "--save", path)
			code, out, errOut := run(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var rep trainReport
			decodeOne(t, out, &rep)
			m, _, err := nn.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if want := paramsOf(m); !sameBits(last.Params, want) {
				t.Errorf("weights after %d requests of %d epochs:\n%v\ncgraph train --epochs %d:\n%v", chunks, chunk, last.Params, chunks*chunk, want)
			}
			if math.Float64bits(last.Loss) != math.Float64bits(rep.Loss) || last.Accuracy != rep.Accuracy {
				t.Errorf("page: loss %v, accuracy %v; cgraph train: %v, %v", last.Loss, last.Accuracy, rep.Loss, rep.Accuracy)
			}
			if rep.Test != nil { // the CLI reports every epoch's losses with --test
				if !sameBits(losses, rep.TrainLoss) || !sameBits(testLosses, rep.TestLoss) {
					t.Errorf("the page's losses per epoch differ from the CLI's")
				}
				if math.Float64bits(*last.TestLoss) != math.Float64bits(rep.Test.Loss) {
					t.Errorf("test loss: page %v, cgraph train %v", *last.TestLoss, rep.Test.Loss)
				}
			} else if len(losses) != chunks*chunk {
				t.Errorf("%d losses", len(losses))
			}
		})
	}
}

// TestLoadGoesOnAsOneRun trains XOR 150 epochs in one run and in three
// runs of 50, each --load-ing the last one's --save: per-sample SGD
// shuffled from the saved seed, the epochs counted from the saved count,
// so the weights are the same bits.
func TestLoadGoesOnAsOneRun(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.json")
	if code, _, errOut := run(t, "", "train", "xor", "--seed", "5", "--epochs", "150", "--save", one); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	prev := filepath.Join(dir, "c0.json")
	if code, _, errOut := run(t, "", "train", "xor", "--seed", "5", "--epochs", "50", "--save", prev); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, next := range []string{"c1.json", "c2.json"} {
		next = filepath.Join(dir, next)
		if code, _, errOut := run(t, "", "train", "--load", prev, "--epochs", "50", "--save", next); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		prev = next
	}
	a, metaA, err := nn.Load(one)
	if err != nil {
		t.Fatal(err)
	}
	b, metaB, err := nn.Load(prev)
	if err != nil {
		t.Fatal(err)
	}
	if metaA.Epochs != 150 || metaB.Epochs != 150 {
		t.Errorf("epochs %d and %d, want 150", metaA.Epochs, metaB.Epochs)
	}
	if !sameBits(paramsOf(a), paramsOf(b)) {
		t.Errorf("three runs of 50 epochs with --load: %v\none of 150: %v", paramsOf(b), paramsOf(a))
	}
}

// TestLoadNegativeEpochs: a model file whose meta.epochs is negative
// cannot say which shuffles come next; training it is a usage error
// naming the file (evaluating it still works).
func TestLoadNegativeEpochs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.json")
	if code, _, errOut := run(t, "", "train", "xor", "--epochs", "5", "--save", path); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`"epochs":\s*5`).ReplaceAll(data, []byte(`"epochs": -5`))
	if bytes.Equal(bad, data) {
		t.Fatalf("no meta.epochs in %s", data)
	}
	os.WriteFile(path, bad, 0o600)
	if code, _, errOut := run(t, "", "train", "--load", path, "--epochs", "5"); code != 2 || !strings.Contains(errOut, "meta.epochs -5") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, "", "train", "--load", path); code != 0 {
		t.Errorf("evaluating: exit %d: %s", code, errOut)
	}
}
