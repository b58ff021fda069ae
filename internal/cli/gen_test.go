package cli

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenExerciseRuns generates the exercise with its values, compiles the
// code with a main that prints every value and gradient, and checks the
// hand solution.
func TestGenExerciseRuns(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "exercise", "exercise.go") // gen makes the folder
	args := append([]string{"gen", "--package", "exercise", "--type", "Exercise", "--weights", "w1,w2,p0", "-o", out, exercise}, exerciseArgs...)
	if code, stdout, errOut := run(t, "", args...); code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, stdout, errOut)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module m\n\ngo 1.24\n")
	write("main.go", `package main

import (
	"encoding/json"
	"os"

	"m/exercise"
)

func main() {
	g := exercise.NewExercise()
	if err := g.Run(); err != nil {
		panic(err)
	}
	vals, grads := map[string]float64{}, map[string]float64{}
	for i, name := range exercise.ExerciseNames {
		vals[name], grads[name] = g.Value[i], g.Grad[i]
	}
	g.Step()
	json.NewEncoder(os.Stdout).Encode([]any{vals, grads, g.Value[exercise.W1]})
}
`)
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run: %v", err)
	}
	var got []json.RawMessage
	var vals, grads map[string]float64
	var w1 float64
	if err := json.Unmarshal(stdout, &got); err != nil {
		t.Fatal(err)
	}
	for i, v := range []any{&vals, &grads, &w1} {
		if err := json.Unmarshal(got[i], v); err != nil {
			t.Fatal(err)
		}
	}
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > 1e-15 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	for name, want := range map[string]float64{"p1": 0.8, "p2": -1.4, "z": 0, "yhat": 0.5, "L": 0.25} {
		near(name, vals[name], want)
	}
	for name, want := range map[string]float64{"yhat": -1, "z": -0.25, "w1": -0.25, "w2": -0.25, "p0": -0.25, "x1": -0.2, "x2": 0.35, "y": 1} {
		near("∂L/∂"+name, grads[name], want)
	}
	near("w1 after a step of α = 0.1", w1, 0.8+0.1*0.25)
}

func TestGenStdoutAndErrors(t *testing.T) {
	code, out, errOut := run(t, "", "gen", "--optimize", exercise)
	if code != 0 || !strings.Contains(out, "package graph") || !strings.Contains(out, "func (g *Graph) Run() error") {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"gen", "--package", "my-pkg", exercise}, "Go identifiers"},
		{[]string{"gen", "--type", "lower", exercise}, "Go identifiers"},
		{[]string{"gen", exercise, "q=1"}, "q is not an input"},
		{[]string{"gen", exercise, "x1=1", "x1=2"}, "given twice"},
		{[]string{"gen", exercise, "x1=abc"}, "value of x1"},
		{[]string{"gen", "a = b +"}, "program:1:"},
		{[]string{"gen", "--model", filepath.Join(t.TempDir(), "none.json"), "x1=1"}, "none.json"},
	} {
		code, _, errOut := run(t, "", tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestGenModel generates a network saved by train --save.
func TestGenModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xor.json")
	if code, _, errOut := run(t, "", "train", "xor", "--epochs", "10", "--seed", "1", "--save", path); code != 0 {
		t.Fatalf("train: exit %d: %s", code, errOut)
	}
	code, out, errOut := run(t, "", "gen", "--model", path, "--type", "Net", "x1=1", "x2=0", "y1=1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"func (g *Net) Step()", "X1 ", "Y1 ", "g.Value[X1] = 1.0", "g.Value[Y1] = 1.0"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the generated code", want)
		}
	}
}
