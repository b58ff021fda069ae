package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Work that would run out of memory is refused before it starts, with
// exit status 2 and how much memory it would need (issue 17, finding 6).
// Each of these crashed with "fatal error: runtime: out of memory".
func TestTooBigIsAUsageError(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "xor", "--hidden", "100000,100000"}, "a 2-100000-100000-1 network would need about 225 GiB of memory, more than --max-memory 4 GiB"},
		{[]string{"train", "circle", "--samples", "1000000000"}, "--samples 1000000000 would need about 216 GiB"},
		{[]string{"vanish", "--depth", "1000", "--width", "512", "--samples", "1000"}, "one network of depth 1000 and width 512 on 1000 samples would need about 13.4 GiB"},
		{[]string{"vanish", "learn", "--depth", "1000", "--width", "512", "--max-memory", "256MiB"}, "one network of depth 1000 and width 512 would need about 8.81 GiB"},
		{[]string{"train", "xor", "--hidden", "4000,4000", "--max-memory", "256MiB"}, "a 2-4000-4000-1 network would need about 414 MiB of memory, more than --max-memory 256 MiB"},
		{[]string{"train", "xor", "--max-memory", "12"}, `invalid argument "12" for "--max-memory"`},
	} {
		code, out, errOut := run(t, "", c.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", c.args, code, errOut, c.want)
		}
	}
}

// TestTrainNeedsNoGraph: training does not build the gate graph, so a
// network takes memory with its weights. 2-600-600-1 was refused at 256
// MiB (431 MiB, most of it the graph's 727,208 nodes); its 362,401
// weights and biases now train in about 9 MiB.
func TestTrainNeedsNoGraph(t *testing.T) {
	if code, _, errOut := run(t, "", "train", "xor", "--hidden", "600,600", "--epochs", "1", "--max-memory", "256MiB"); code != 0 {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestBudgetLimitsWorkers: a sweep that fits one network at a time, but
// not one per core, runs with fewer workers.
func TestBudgetLimitsWorkers(t *testing.T) {
	m := memoryBudget{bytes: 10 << 20}
	if n, err := m.workers(8, 100, 3<<20, "x", ""); err != nil || n != 3 {
		t.Errorf("workers = %d, %v; want 3", n, err)
	}
	if n, err := m.workers(8, 2, 1<<20, "x", ""); err != nil || n != 2 {
		t.Errorf("workers = %d, %v; want 2 (two tasks)", n, err)
	}
	if _, err := m.workers(8, 2, 11<<20, "one thing", "less"); err == nil || !strings.Contains(err.Error(), "one thing would need about 11 MiB") {
		t.Errorf("error %v", err)
	}
}

// bigModel writes a model of a 2500-2000-1 network with zero weights: 10
// MB of JSON that would build a graph of 10 million nodes.
func bigModel(t *testing.T) string {
	var b strings.Builder
	b.WriteString(`{"format": "cgraph-mlp", "version": 1, "inputs": 2500, "loss": "squared", "alpha": 0.5, "seed": 1, "layers": [{"activation": "sigmoid", "weights": [`)
	row := "[" + strings.TrimSuffix(strings.Repeat("0,", 2500), ",") + "]"
	b.WriteString(strings.TrimSuffix(strings.Repeat(row+",", 2000), ","))
	b.WriteString(`], "bias": [` + strings.TrimSuffix(strings.Repeat("0,", 2000), ",") + `]}, {"activation": "sigmoid", "weights": [[`)
	b.WriteString(strings.TrimSuffix(strings.Repeat("0,", 2000), ",") + `]], "bias": [0]}]}`)
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBigModelRefusedAtOnce: a 10 MB model took 3.5 GB and 29 s before
// its shape was refused; its shape is now read first and refused. (Eval
// and gen build its graph, 5.72 GiB with the plan; train does not, and
// needs 131 MiB: refused under a budget of 64 MiB.)
func TestBigModelRefusedAtOnce(t *testing.T) {
	path := bigModel(t)
	for _, args := range [][]string{
		{"train", "--load", path, "--max-memory", "64MiB"},
		{"eval", "--model", path},
		{"gen", "--model", path},
	} {
		code, _, errOut := run(t, "", args...)
		want := fmt.Sprintf("the 2500-2000-1 network in %s would need about", path)
		if code != exitUsage || !strings.Contains(errOut, want) {
			t.Errorf("%v: exit %d, %q", args[:2], code, errOut)
		}
	}
}

// TestModelDatasetIsBuiltinOnly: a model whose meta.dataset was
// /etc/passwd printed a line of that file; /dev/zero exhausted memory. A
// model may name only a built-in dataset.
func TestModelDatasetIsBuiltinOnly(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.json")
	if code, _, errOut := run(t, "", "train", "xor", "--epochs", "1", "--save", model); code != 0 {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(model)
	secret := filepath.Join(dir, "secret.csv")
	os.WriteFile(secret, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o600)
	for _, ds := range []string{secret, "/dev/zero", "/etc/passwd"} {
		evil := filepath.Join(dir, "evil.json")
		os.WriteFile(evil, []byte(strings.Replace(string(data), `"dataset": "xor"`, fmt.Sprintf("%q: %q", "dataset", ds), 1)), 0o600)
		code, out, errOut := run(t, "", "train", "--load", evil)
		if code != exitUsage || !strings.Contains(errOut, "is not a built-in dataset: give the dataset on the command line") || strings.Contains(out+errOut, "root:") {
			t.Errorf("dataset %s: exit %d, stdout %q, stderr %q", ds, code, out, errOut)
		}
	}
	// The user may still give a path on the command line.
	os.WriteFile(filepath.Join(dir, "d.csv"), []byte("0,0,0\n1,1,0\n0,1,1\n1,0,1\n"), 0o600)
	if code, _, errOut := run(t, "", "train", "--load", model, filepath.Join(dir, "d.csv")); code != 0 {
		t.Errorf("a CSV given on the command line: exit %d, %s", code, errOut)
	}
}

// TestCSVLongLineIsAUsageError: train on a CSV with one 10 MB line ran out
// of memory; now exit 2 naming the line, with no field echoed.
func TestCSVLongLineIsAUsageError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.csv")
	os.WriteFile(path, []byte("0,0,0\n"+strings.Repeat("1", 10<<20)+",1\n"), 0o600)
	code, _, errOut := run(t, "", "train", path)
	if code != exitUsage || errOut != "cgraph: "+path+":2: line longer than 64 KiB\n" {
		t.Errorf("exit %d, %.200q", code, errOut)
	}
}
