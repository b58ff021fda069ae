package nn

import (
	"math"
	"testing"
)

func TestGaussMixLabel(t *testing.T) {
	for _, c := range []struct{ x, y, want float64 }{
		{-4, 2.5, 1}, {0, 2.5, -1}, {4, -2.5, -1}, // the centres
		{0, 0, 0},       // 2.5 from the nearest centres: outside every cone
		{1, 2.5, -0.5},  // 1 from (0, 2.5), 3 from (4, 2.5)
		{2, 2.5, -0},    // halfway: both cones end there
		{-4, 1.5, 0.5},  // 1 below (−4, 2.5)
		{5, -2.5, -0.5}, // 1 right of (4, −2.5)
	} {
		if got := gaussMixLabel(c.x, c.y); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("label at (%g, %g) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

// TestRegressionSets checks the sets without noise: labels in [−1, 1] (the
// plane's corners aside), the plane's label (x + y)/10 of the unscaled point,
// the flag, the seed, and that Evaluate reports no accuracy; then a
// linear network fits the plane to a loss near 0.
func TestRegressionSets(t *testing.T) {
	for _, name := range RegressionNames() {
		d, err := BuiltinRegression(name, &ToyOptions{N: 300, Seed: 4})
		if err != nil {
			t.Fatal(err)
		}
		if !d.Regression || d.Len() != 300 || d.Dim() != 2 {
			t.Fatalf("%s: %d samples of %d, regression %v", name, d.Len(), d.Dim(), d.Regression)
		}
		for i, x := range d.X {
			px, py := x[0]*playScale, x[1]*playScale
			if math.Abs(px) > 6 || math.Abs(py) > 6 {
				t.Fatalf("%s: point %v outside [−1, 1]²", name, x)
			}
			want := gaussMixLabel(px, py)
			if name == "plane" {
				want = (px + py) / 10
			}
			if math.Abs(d.Y[i]-want) > 1e-14 { // px is x/6·6, a rounding or two away
				t.Fatalf("%s: sample %d label %v, want %v", name, i+1, d.Y[i], want)
			}
		}
		again, _ := BuiltinRegression(name, &ToyOptions{N: 300, Seed: 4})
		if again.X[7][0] != d.X[7][0] {
			t.Errorf("%s does not follow its seed", name)
		}
	}
	if _, err := BuiltinRegression("wave", nil); err == nil {
		t.Error("an unknown name is accepted")
	}
	d, _ := BuiltinRegression("plane", &ToyOptions{N: 100, Seed: 1})
	m, _ := New(Config{Inputs: 2, Layers: Dense(Linear, 1), Alpha: 0.05, Seed: 1})
	if _, err := m.Train(d, &TrainOptions{Epochs: 300, Shuffle: true}); err != nil {
		t.Fatal(err)
	}
	res, err := m.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	if res.Loss > 1e-6 || res.Accuracy != 0 {
		t.Errorf("the plane: loss %v, accuracy %v", res.Loss, res.Accuracy)
	}
}
