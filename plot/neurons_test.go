package plot

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestNeurons draws two layers of made-up units (x1, −x2; x1·x2) and
// checks the PNG, that f is asked for the whole grid, and that f's error
// comes back.
func TestNeurons(t *testing.T) {
	asked := 0
	f := func(xs [][]float64) ([][][]float64, error) {
		asked = len(xs)
		out := [][][]float64{{nil, nil}, {nil}}
		for _, x := range xs {
			out[0][0] = append(out[0][0], x[0])
			out[0][1] = append(out[0][1], -x[1])
			out[1][0] = append(out[1][0], x[0]*x[1])
		}
		return out, nil
	}
	pts := [][]float64{{-1, -1}, {1, 1}}
	path := filepath.Join(t.TempDir(), "n.png")
	if err := Neurons(path, f, [][]string{{"a1_1", "a1_2"}, {"yhat1"}}, pts, &Options{Title: "t"}); err != nil {
		t.Fatal(err)
	}
	if asked != neuronPixels*neuronPixels {
		t.Errorf("f was asked for %d points", asked)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Errorf("not a PNG: %v", err)
	}
	bad := errors.New("bad")
	if err := Neurons(path, func([][]float64) ([][][]float64, error) { return nil, bad }, [][]string{{"a"}}, pts, nil); !errors.Is(err, bad) {
		t.Errorf("error of f: %v", err)
	}
}
