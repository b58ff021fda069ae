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

// TestDiscretize checks that a discrete background has only the two
// classes' full shades, split at 0.5, where the smooth one has more.
func TestDiscretize(t *testing.T) {
	g := &grid{n: 20, v: make([]float64, 400)}
	for i := range g.v {
		g.v[i] = float64(i) / 399
	}
	colours := func(discrete bool) map[[4]uint8]bool {
		img := g.image(discrete)
		seen := map[[4]uint8]bool{}
		for r := range g.n {
			for c := range g.n {
				r0, g0, b0, a0 := img.At(c, r).RGBA()
				seen[[4]uint8{uint8(r0 >> 8), uint8(g0 >> 8), uint8(b0 >> 8), uint8(a0 >> 8)}] = true
			}
		}
		return seen
	}
	d := colours(true)
	lo, hi := shade(0), shade(1)
	if len(d) != 2 || !d[[4]uint8{lo.R, lo.G, lo.B, lo.A}] || !d[[4]uint8{hi.R, hi.G, hi.B, hi.A}] {
		t.Errorf("discrete colours %v", d)
	}
	if len(colours(false)) < 10 {
		t.Error("the smooth background has few colours")
	}
}
