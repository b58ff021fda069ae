package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/nn"
)

// historyRun trains blobs-free data (xor-quadrants, 60 samples, a quarter
// held out) for 30 epochs, recording every 10th, and returns the
// directory and the history's path; args are more flags of train.
func historyRun(t *testing.T, args ...string) (dir, hist string) {
	t.Helper()
	dir = t.TempDir()
	hist = filepath.Join(dir, "h.json")
	a := append([]string{"train", "xor-quadrants", "--samples", "60", "--test", "0.25", "--hidden", "5", "--activation", "tanh",
		"--epochs", "30", "--history", hist, "--history-every", "10"}, args...)
	if code, _, errOut := run(t, "", a...); code != 0 {
		t.Fatalf("train: exit %d: %s", code, errOut)
	}
	return dir, hist
}

// TestHistoryReplay restores the snapshot of epoch 20 of a 30-epoch run
// and compares it with a run of 20 epochs from the same seeds: the saved
// models' weights, the table's loss and accuracy and the drawn boundary
// are the same, bit for bit.
func TestHistoryReplay(t *testing.T) {
	dir, hist := historyRun(t)
	at20 := filepath.Join(dir, "at20.json")
	code, out, errOut := run(t, "", "history", hist, "--at", "20", "--save", at20, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep historyReport
	decodeOne(t, out, &rep)
	var epochs []int
	for _, s := range rep.Snapshots {
		epochs = append(epochs, s.Epoch)
	}
	if fmt.Sprint(epochs) != "[0 10 20 30]" || rep.Dataset != "xor-quadrants" || rep.Every != 10 || rep.Version != nn.HistoryVersion || fmt.Sprint(rep.Shape) != "[2 5 1]" {
		t.Fatalf("report %+v", rep)
	}
	// The same run stopped at epoch 20.
	trained := filepath.Join(dir, "trained20.json")
	code, out20, errOut := run(t, "", "train", "xor-quadrants", "--samples", "60", "--test", "0.25", "--hidden", "5", "--activation", "tanh",
		"--epochs", "20", "--save", trained, "--json")
	if code != 0 {
		t.Fatalf("train 20: exit %d: %s", code, errOut)
	}
	a, _, err := nn.Load(at20)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := nn.Load(trained)
	if err != nil {
		t.Fatal(err)
	}
	pa, pb := a.Plan(), b.Plan()
	for l := range pa.Layers {
		if fmt.Sprint(pa.Layers[l].W, pa.Layers[l].B) != fmt.Sprint(pb.Layers[l].W, pb.Layers[l].B) {
			t.Errorf("layer %d: restored %v %v, trained %v %v", l+1, pa.Layers[l].W, pa.Layers[l].B, pb.Layers[l].W, pb.Layers[l].B)
		}
	}
	var tr trainReport
	decodeOne(t, out20, &tr)
	if s := rep.Snapshots[2]; *s.Loss != tr.Loss || *s.Accuracy != tr.Accuracy || *s.TestLoss != tr.Test.Loss || *s.TestAccuracy != tr.Test.Accuracy {
		t.Errorf("epoch 20: loss %v acc %v test %v %v; the run of 20 epochs: %v %v %v %v",
			*s.Loss, *s.Accuracy, *s.TestLoss, *s.TestAccuracy, tr.Loss, tr.Accuracy, tr.Test.Loss, tr.Test.Accuracy)
	}
	// The boundary of the snapshot is the boundary of the trained model.
	fromHistory := filepath.Join(dir, "h20.png")
	if code, _, errOut := run(t, "", "history", hist, "--at", "20", "--boundary", fromHistory); code != 0 {
		t.Fatalf("--boundary: exit %d: %s", code, errOut)
	}
	d, _ := nn.Builtin("xor-quadrants", &nn.ToyOptions{N: 60, Seed: 1})
	d, test, _ := nn.Split(d, 0.25, 1)
	fromModel := filepath.Join(dir, "m20.png")
	if err := drawBoundary(fromModel, b, d, test, "xor-quadrants, 2-5-1, epoch 20", false); err != nil {
		t.Fatal(err)
	}
	x, _ := os.ReadFile(fromHistory)
	y, _ := os.ReadFile(fromModel)
	if len(x) == 0 || !bytes.Equal(x, y) {
		t.Errorf("the boundary from the history (%d bytes) differs from the trained model's (%d bytes)", len(x), len(y))
	}
}

// TestHistoryOutputs checks the table, --frames (one PNG per snapshot,
// named so that they sort), --plot and --neurons.
func TestHistoryOutputs(t *testing.T) {
	dir, hist := historyRun(t)
	frames := filepath.Join(dir, "frames")
	code, out, errOut := run(t, "", "history", hist, "--frames", frames, "--plot", filepath.Join(dir, "loss.svg"), "--neurons", filepath.Join(dir, "n.png"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"4 snapshots of a 2-5-1 network, epochs 0 to 30 (every 10), on xor-quadrants", "epoch", "test accuracy", "\n     30  "} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	entries, _ := os.ReadDir(frames)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if fmt.Sprint(names) != "[epoch-00.png epoch-10.png epoch-20.png epoch-30.png]" {
		t.Errorf("frames %v", names)
	}
	for _, f := range []string{"loss.svg", "n.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestHistoryErrors checks that a missing or broken file, an epoch not
// recorded and a version 1 history without --model say what and where.
func TestHistoryErrors(t *testing.T) {
	dir, hist := historyRun(t)
	data, _ := os.ReadFile(hist)
	cut := filepath.Join(dir, "cut.json")
	os.WriteFile(cut, data[:len(data)/2], 0o644)
	big := filepath.Join(dir, "big.json") // 400 KiB, three times which is over 1 MiB
	os.WriteFile(big, append(bytes.Repeat([]byte(" "), 400<<10-len(data)), data...), 0o644)
	// A version 1 file, as cgraph wrote it before the network was recorded.
	h, err := nn.LoadHistory(hist)
	if err != nil {
		t.Fatal(err)
	}
	h.Version, h.Model, h.Data = 1, nil, nil
	v1 := filepath.Join(dir, "v1.json")
	if err := nn.SaveHistory(v1, h); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"history", filepath.Join(dir, "none.json")}, "none.json: no such file"},
		{[]string{"history", cut}, "cut.json: not a cgraph history: the file is empty or cut short"},
		{[]string{"history", hist, "--at", "15"}, "h.json: --at: epoch 15 was not recorded (every 10 epochs from 0 to 30; nearest: 10 and 20)"},
		{[]string{"history", v1}, "v1.json is a history of version 1, which does not record the network: give --model FILE"},
		{[]string{"history", hist, "--boundary", filepath.Join(dir, "b.gif")}, ".png or .svg"},
		{[]string{"history", hist, "--model", filepath.Join(dir, "none.json")}, "none.json"},
		{[]string{"history", big, "--max-memory", "1MiB"}, "reading " + big + " (400 KiB) would need about 1.17 MiB of memory"},
		{[]string{"history", hist, "--save", "-", "--json"}, "--json cannot share it"},
	} {
		code, _, errOut := run(t, "", c.args...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, errOut, c.want)
		}
	}
	// With the run's model, a version 1 history replays, without data
	// (the file does not name it): epochs only.
	model := filepath.Join(dir, "m.json")
	run(t, "", "train", "xor-quadrants", "--hidden", "5", "--epochs", "0", "--save", model)
	code, out, errOut := run(t, "", "history", v1, "--model", model)
	if code != 0 || !strings.Contains(out, "4 snapshots of a 2-5-1 network") || strings.Contains(out, "loss") {
		t.Errorf("version 1 with --model: exit %d, %s%s", code, out, errOut)
	}
	code, out, _ = run(t, "", "history", v1, "xor-quadrants", "--model", model)
	if code != 0 || !strings.Contains(out, "accuracy") {
		t.Errorf("version 1 with --model and the dataset: exit %d, %s", code, out)
	}
	if code, _, errOut := run(t, "", "history", v1, "--model", model, "--frames", dir); code != exitUsage || !strings.Contains(errOut, "give DATASET") {
		t.Errorf("frames without data: exit %d, %s", code, errOut)
	}
}

// TestHistoryJSONGolden holds history --json to a golden file: the shape
// the README documents and the numbers of a short XOR run (2-2-1, 6
// epochs, a snapshot every 2). go test ./internal/cli -update rewrites it.
func TestHistoryJSONGolden(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "h.json")
	if code, _, errOut := run(t, "", "train", "xor", "--hidden", "2", "--epochs", "6", "--history", hist, "--history-every", "2"); code != 0 {
		t.Fatalf("train: exit %d: %s", code, errOut)
	}
	code, out, errOut := run(t, "", "history", hist, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out = strings.ReplaceAll(out, hist, "h.json")
	path := filepath.Join("testdata", "history_xor.json")
	if *update {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/cli -update writes it)", err)
	}
	if out != string(want) {
		t.Errorf("history --json differs from %s (go test ./internal/cli -update rewrites it)\ngot:\n%s\nwant:\n%s", path, out, want)
	}
}
