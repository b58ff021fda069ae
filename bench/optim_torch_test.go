package bench

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"testing"

	"github.com/cgraph/cgraph/nn"
)

// TestOptimizersAgainstPyTorch trains from the same initial weights with
// nn and with PyTorch in float64 (optim_torch.py), 100 full-batch steps
// each, and compares the final weights to 1e-12 relative to the largest
// of their layer: a 2-4-1 sigmoid network on XOR with momentum and with
// Adam, and a 2-4-3 softmax classifier of 3 blobs with SGD and Adam. It
// needs Debian's python3 with python3-torch (bash bench/torch.sh installs
// it) and skips without them.
func TestOptimizersAgainstPyTorch(t *testing.T) {
	const python = "/usr/bin/python3"
	if exec.Command(python, "-c", "import torch").Run() != nil {
		t.Skip("no PyTorch under " + python + " (apt-get install python3-torch)")
	}
	type tcase struct {
		Weights     [][][]float64 `json:"weights"`
		Bias        [][]float64   `json:"bias"`
		Activations []string      `json:"activations"`
		X           [][]float64   `json:"x"`
		Y           []float64     `json:"y"`
		Loss        string        `json:"loss"`
		Optimizer   string        `json:"optimizer"`
		LR          float64       `json:"lr"`
		Steps       int           `json:"steps"`
	}
	const steps = 100
	blobs := nn.Blobs(&nn.ToyOptions{N: 30, Noise: 0.4, Seed: 2})
	specs := []struct {
		name      string
		cfg       nn.Config
		d         *nn.Dataset
		optimizer string
		lr        float64
	}{
		{"xor/momentum", nn.Config{Inputs: 2, Layers: nn.Dense(nn.Sigmoid, 4, 1), Seed: 1}, nn.XOR(), "momentum", 0.1},
		{"xor/adam", nn.Config{Inputs: 2, Layers: nn.Dense(nn.Sigmoid, 4, 1), Seed: 1}, nn.XOR(), "adam", 0.05},
		{"blobs/sgd", nn.Config{Inputs: 2, Layers: append(nn.Dense(nn.Tanh, 4), nn.LayerSpec{Units: 3, Activation: nn.Linear}), Loss: nn.Softmax, Seed: 3}, blobs, "sgd", 0.2},
		{"blobs/adam", nn.Config{Inputs: 2, Layers: append(nn.Dense(nn.Tanh, 4), nn.LayerSpec{Units: 3, Activation: nn.Linear}), Loss: nn.Softmax, Seed: 3}, blobs, "adam", 0.02},
	}
	var req struct {
		Cases []tcase `json:"cases"`
	}
	var ours []*nn.Plan
	for _, s := range specs {
		s.cfg.Alpha = s.lr
		m, err := nn.New(s.cfg)
		if err != nil {
			t.Fatal(err)
		}
		c := tcase{X: s.d.X, Y: s.d.Y, Loss: string(m.Config().Loss), Optimizer: s.optimizer, LR: s.lr, Steps: steps}
		snap := nn.NewSnapshot(0, m.Plan())
		for l, L := range snap.Layers {
			c.Weights = append(c.Weights, L.Weights)
			c.Bias = append(c.Bias, L.Bias)
			c.Activations = append(c.Activations, string(m.Layers()[l].Activation))
		}
		req.Cases = append(req.Cases, c)
		opt, _ := nn.ParseOptimizer(s.optimizer)
		if _, err := m.Train(s.d, &nn.TrainOptions{Epochs: steps, BatchSize: s.d.Len(), Optimizer: opt}); err != nil {
			t.Fatal(err)
		}
		ours = append(ours, m.Plan())
	}
	in, _ := json.Marshal(req)
	cmd := exec.Command(python, "optim_torch.py")
	cmd.Stdin, cmd.Stderr = bytes.NewReader(in), os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Cases []struct {
			Weights [][][]float64 `json:"weights"`
			Bias    [][]float64   `json:"bias"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatal(err)
	}
	for k, s := range specs {
		got := nn.NewSnapshot(steps, ours[k])
		worst := 0.0
		for l, L := range got.Layers {
			var mine, theirs []float64
			for j := range L.Weights {
				mine = append(append(mine, L.Weights[j]...), L.Bias[j])
				theirs = append(append(theirs, resp.Cases[k].Weights[l][j]...), resp.Cases[k].Bias[l][j])
			}
			scale := 0.0
			for _, v := range theirs {
				scale = math.Max(scale, math.Abs(v))
			}
			for i := range mine {
				worst = math.Max(worst, math.Abs(mine[i]-theirs[i])/scale)
			}
		}
		t.Logf("%s: worst difference %.3g relative to the layer's largest weight", s.name, worst)
		if worst > 1e-12 {
			t.Errorf("%s: weights differ from PyTorch's by %.3g relative", s.name, worst)
		}
	}
}
