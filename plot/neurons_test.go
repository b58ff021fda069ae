package plot

import (
	"bytes"
	"errors"
	"image/png"
	"math"
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

// TestClassBoundary draws three classes by the sign of x1 and x2 and
// checks the file, the shades at a guess and at certainty, and f's error.
func TestClassBoundary(t *testing.T) {
	f := func(x1, x2 float64) (int, float64, error) {
		switch {
		case x1 < 0:
			return 0, 0.9, nil
		case x2 < 0:
			return 1, 0.6, nil
		}
		return 2, 1, nil
	}
	pts := [][]float64{{-1, 0}, {1, -1}, {1, 1}}
	path := filepath.Join(t.TempDir(), "c.png")
	if err := ClassBoundary(path, f, pts, []float64{0, 1, 2}, 3, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Size() < 1000 {
		t.Errorf("file: %v %v", st, err)
	}
	if c := classShade(1, 1.0/3, 3); c.R != 255 || c.G != 255 || c.B != 255 {
		t.Errorf("a guess is %v, not white", c)
	}
	want := palette[2]
	if c := classShade(2, 1, 3); math.Abs(float64(c.R)-(255+0.65*(float64(want.R)-255))) > 0.5 {
		t.Errorf("certainty is %v", c)
	}
	bad := errors.New("bad")
	if err := ClassBoundary(path, func(float64, float64) (int, float64, error) { return 0, 0, bad }, pts, []float64{0, 1, 2}, 3, nil); !errors.Is(err, bad) {
		t.Errorf("error of f: %v", err)
	}
}
