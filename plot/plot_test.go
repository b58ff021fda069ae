package plot

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLossCurveFormats(t *testing.T) {
	loss := make([]float64, 5000)
	for i := range loss {
		loss[i] = 0.25*math.Exp(-float64(i)/500) + 1e-4
	}
	dir := t.TempDir()
	tests := []struct {
		file  string
		magic []byte
	}{
		{"loss.png", []byte("\x89PNG")},
		{"loss.svg", []byte("<?xml")},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.file)
		if err := LossCurve(path, loss, &Options{Title: "xor"}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(b, tt.magic) {
			t.Errorf("%s: starts %q, err %v", tt.file, b[:min(len(b), 8)], err)
		}
	}
	if err := LossCurve(filepath.Join(dir, "loss.txt"), loss, nil); err == nil || !strings.Contains(err.Error(), ".png or .svg") {
		t.Errorf("unknown extension: %v", err)
	}
}

func TestBoundary(t *testing.T) {
	pts := [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}
	labels := []float64{0, 1, 1, 0}
	xor := func(a, b float64) (float64, error) { return math.Abs(a - b), nil }
	path := filepath.Join(t.TempDir(), "b.png")
	if err := Boundary(path, xor, pts, labels, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Size() < 1000 {
		t.Errorf("boundary file: %v %v", st, err)
	}
	bad := errors.New("bad")
	if err := Boundary(path, func(float64, float64) (float64, error) { return 0, bad }, pts, labels, nil); !errors.Is(err, bad) {
		t.Errorf("error of f: %v", err)
	}
	if err := Boundary(path, xor, pts, labels[:2], nil); err == nil {
		t.Error("mismatched labels: no error")
	}
}

func TestShade(t *testing.T) {
	if c := shade(0.5); c.R != 255 || c.G != 255 || c.B != 255 {
		t.Errorf("shade(0.5) = %v, want white", c)
	}
	if shade(1).B <= shade(1).R || shade(0).R <= shade(0).B {
		t.Errorf("shade(1) = %v should be blue, shade(0) = %v orange", shade(1), shade(0))
	}
}
