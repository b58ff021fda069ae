package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/randprog"
)

// TestHessiansAgainstPyTorch compares cgraph's Hessians (the gradient
// graph differentiated again) with torch.autograd.functional.hessian in
// float64 on 150 random programs, to 1e-9 relative. It needs Debian's
// python3 with python3-torch (bash bench/torch.sh installs it) and skips
// without them.
func TestHessiansAgainstPyTorch(t *testing.T) {
	const python = "/usr/bin/python3"
	if exec.Command(python, "-c", "import torch").Run() != nil {
		t.Skip("no PyTorch under " + python + " (apt-get install python3-torch)")
	}
	type request struct {
		Program string             `json:"program"`
		Inputs  map[string]float64 `json:"inputs"`
		Wrt     []string           `json:"wrt"`
	}
	rng := rand.New(rand.NewPCG(3, 3))
	var reqs []request
	var ours [][][]float64
	for len(reqs) < 150 {
		src := randprog.Program(rng, randprog.Options{Loss: true})
		b, err := expr.Compile(src)
		if err != nil {
			t.Fatal(err)
		}
		req := request{Program: src, Inputs: map[string]float64{}}
		var wrt []*cgraph.Node
		for _, in := range b.Inputs {
			v := rng.Float64()*2 - 1
			req.Inputs[in.Name()] = v
			req.Wrt = append(req.Wrt, in.Name())
			wrt = append(wrt, in)
			if err := b.Graph.Set(in.Name(), v); err != nil {
				t.Fatal(err)
			}
		}
		h, err := cgraph.Hessian(b.Output, wrt...)
		if err != nil {
			continue // a log of a negative number: no Hessian to compare
		}
		reqs = append(reqs, req)
		ours = append(ours, h)
	}
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, r := range reqs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(python, "hessian_torch.py")
	cmd.Stdin, cmd.Stderr = &in, os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	var worst float64
	k := 0
	for ; sc.Scan(); k++ {
		var resp struct {
			Hessian [][]float64 `json:"hessian"`
			Error   string      `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		if resp.Error != "" {
			t.Errorf("program %d: PyTorch: %s\n%s", k, resp.Error, reqs[k].Program)
			continue
		}
		// Entries are judged relative to themselves, or to the matrix's
		// largest entry where they are smaller than 1e-6 of it: an entry
		// that is 0 up to cancellation has no relative precision.
		scale := 0.0
		for _, row := range resp.Hessian {
			for _, x := range row {
				scale = max(scale, math.Abs(x))
			}
		}
		for i, row := range resp.Hessian {
			for j, want := range row {
				got := ours[k][i][j]
				rel := math.Abs(got-want) / max(math.Abs(want), 1e-6*scale, 1e-300)
				worst = max(worst, rel)
				if rel > 1e-9 {
					t.Errorf("program %d: H[%s][%s] = %v, PyTorch %v (rel. %.2g)\n%s", k, reqs[k].Wrt[i], reqs[k].Wrt[j], got, want, rel, reqs[k].Program)
				}
			}
		}
	}
	if k != len(reqs) {
		t.Fatalf("%d answers for %d programs", k, len(reqs))
	}
	t.Logf("%d programs, largest relative difference %.2g", k, worst)
}
