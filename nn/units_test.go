package nn

import "testing"

// TestUnitOutputs compares every unit's output on the plan with the
// graph's activation nodes, bit for bit, for a network with features.
func TestUnitOutputs(t *testing.T) {
	fs, _ := ParseFeatures("x1,x2,x1*x2")
	m, _ := New(Config{Inputs: 2, Features: fs, Layers: append(Dense(ReLU, 3, 4), LayerSpec{Units: 1, Activation: Sigmoid}), Seed: 3})
	xs := [][]float64{{0.1, 0.2}, {-0.7, 0.4}, {1, -1}, {0, 0}}
	out, err := m.UnitOutputs(xs)
	if err != nil {
		t.Fatal(err)
	}
	for s, x := range xs {
		if err := m.Forward(x); err != nil {
			t.Fatal(err)
		}
		for l, L := range m.Layers() {
			for j, a := range L.A {
				if out[l][j][s] != a.Value() {
					t.Errorf("input %v: %s = %v on the plan, %v on the graph", x, a.Name(), out[l][j][s], a.Value())
				}
			}
		}
	}
	if _, err := m.UnitOutputs([][]float64{{1}}); err == nil {
		t.Error("an input of one value for two is accepted")
	}
}

// TestUnitNamesAndOutputFunc: UnitNames are the graph's names of the
// units' outputs, and OutputFunc gives Output's numbers, neither building
// the graph until the test asks the graph.
func TestUnitNamesAndOutputFunc(t *testing.T) {
	m, _ := New(Config{Inputs: 2, Layers: append(append(Dense(Tanh, 3), LayerSpec{Units: 2, Activation: Linear}), LayerSpec{Units: 1, Activation: Sigmoid}), Bias: Uniform, Seed: 5})
	names := m.UnitNames()
	f := m.OutputFunc()
	xs := [][]float64{{0.3, -1}, {2, 0.5}, {0, 0}}
	var got []float64
	for _, x := range xs {
		v, err := f(x)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if m.Built() {
		t.Fatal("UnitNames or OutputFunc built the graph")
	}
	for l, L := range m.Layers() {
		for j, a := range L.A {
			if names[l][j] != a.Name() {
				t.Errorf("unit %d of layer %d: UnitNames %s, the graph %s", j+1, l+1, names[l][j], a.Name())
			}
		}
	}
	for s, x := range xs {
		if want, _ := m.Output(x); got[s] != want {
			t.Errorf("input %v: OutputFunc %v, Output %v", x, got[s], want)
		}
	}
}
