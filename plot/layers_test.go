package plot

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestLayerGradientsAndLossCurves(t *testing.T) {
	dir := t.TempDir()
	lines := []Series{
		{Name: "sigmoid+normal", Values: []float64{1e-5, 1e-4, 1e-3, 0.3}},
		{Name: "relu+he", Values: []float64{0.2, 0, 0.3, 0.25}}, // 0 is left out on a log axis
	}
	for _, f := range []string{"g.png", "g.svg"} {
		if err := LayerGradients(filepath.Join(dir, f), lines, 0, &Options{Title: "t"}); err != nil {
			t.Fatal(err)
		}
		if err := LossCurves(filepath.Join(dir, "l"+f), lines, nil); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "g.png"))
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("g.png: %v", err)
	}
	if err := LayerGradients(filepath.Join(dir, "g.txt"), lines, 0, nil); err == nil {
		t.Error("unknown extension: no error")
	}
	if err := LayerGradients(filepath.Join(dir, "n.png"), []Series{{Name: "zero", Values: []float64{0, 0}}}, 0, nil); err == nil {
		t.Error("nothing drawable: no error")
	}
	if err := LossCurves(filepath.Join(dir, "n.png"), nil, nil); err == nil {
		t.Error("no curves: no error")
	}
}

func TestPowerTicks(t *testing.T) {
	ts := powerTicks{}.Ticks(1e-13, 1e17)
	labelled := 0
	for _, tk := range ts {
		if tk.Label != "" {
			labelled++
		}
	}
	if labelled < 5 || labelled > 13 {
		t.Errorf("%d labelled ticks over 30 decades", labelled)
	}
}

// TestLayerGradientsDeep: at a thousand layers the (1/4)ⁿ reference
// underflows to 0 and a sigmoid network's gradients reach subnormal
// numbers; neither may reach the log axis (it panicked: "Values must be
// greater than 0 for a log scale").
func TestLayerGradientsDeep(t *testing.T) {
	vs := make([]float64, 1000)
	for i := range vs {
		vs[i] = 1e-300 * float64(i+1)
	}
	vs[0] = 5e-324 // the smallest subnormal
	lines := []Series{{Name: "sigmoid+normal", Values: vs}}
	if err := LayerGradients(filepath.Join(t.TempDir(), "deep.png"), lines, 0.2, nil); err != nil {
		t.Fatal(err)
	}
}
