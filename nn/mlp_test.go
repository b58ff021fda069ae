package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cgraph/cgraph"
)

// checkAll runs cgraph.Check and fails on every node outside tolerance.
func checkAll(t *testing.T, g *cgraph.Graph, out *cgraph.Node) {
	t.Helper()
	res, err := cgraph.Check(g, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.OK {
			t.Errorf("node %s: backward %.10g, finite differences %.10g (rel err %.2g)", r.Node.Name(), r.Grad, r.Numeric, r.RelErr)
		}
	}
}

// TestGradientCheckMLP checks every node of whole networks against central
// finite differences, for each activation and loss, with more than one
// output where the loss allows.
func TestGradientCheckMLP(t *testing.T) {
	tests := []struct {
		name   string
		layers []LayerSpec
		loss   Loss
	}{
		{"2-2-1 sigmoid squared", Dense(Sigmoid, 2, 1), Squared},
		{"2-3-3-2 tanh mse", []LayerSpec{{3, Tanh, nil}, {3, Tanh, nil}, {2, Linear, nil}}, MSE},
		{"relu, leaky, sigmoid bce", []LayerSpec{{4, ReLU, nil}, {3, LeakyReLU, nil}, {2, Sigmoid, nil}}, BCE},
		{"linear squared 2 outputs", []LayerSpec{{3, Linear, nil}, {2, Tanh, nil}}, Squared},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := New(Config{Inputs: 2, Layers: tt.layers, Loss: tt.loss, Bias: Normal, Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			m.SetInput([]float64{0.3, -0.7})
			y := make([]float64, len(m.Outputs()))
			for i := range y {
				y[i] = float64(i % 2)
			}
			m.SetTarget(y)
			checkAll(t, m.Graph(), m.Loss())
		})
	}
}

// TestExerciseNeuron builds the 1-unit network of exercise 3-3 and checks
// the hand solution: ŷ = σ(0.8 − 1.4 + 0.6) = 1/2, L = 1/4, ∂L/∂w = −1/4.
func TestExerciseNeuron(t *testing.T) {
	w := []float64{4.0 / 5, -7.0 / 5, 3.0 / 5} // w1, w2, bias p0
	k := 0
	m, err := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 1), Init: InitFunc(func(r *rand.Rand, _, _ int) float64 {
		k++
		return w[k-1]
	}), Bias: InitFunc(func(r *rand.Rand, _, _ int) float64 {
		k++
		return w[k-1]
	})})
	if err != nil {
		t.Fatal(err)
	}
	L, err := m.Grad([]float64{1, 1}, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	// z = 2⁻⁵³ in float64 (0.8 − 1.4 + 0.6 is not exact), hence 1e-15.
	if math.Abs(L-0.25) > 1e-15 || math.Abs(m.Outputs()[0].Value()-0.5) > 1e-15 {
		t.Errorf("L = %v, ŷ = %v; want 1/4, 1/2", L, m.Outputs()[0].Value())
	}
	for _, p := range m.Params() {
		if math.Abs(p.Grad()+0.25) > 1e-15 {
			t.Errorf("∂L/∂%s = %v, want −1/4", p.Name(), p.Grad())
		}
	}
}

func TestNames(t *testing.T) {
	m, err := New(Config{Inputs: 2, Layers: Dense(Sigmoid, 2, 1), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"x1", "x2", "w1_1_1", "w1_2_2", "p1_2_1", "b1_2", "z1_1", "a1_2", "w2_1_2", "b2_1", "z2_1", "yhat1", "y1", "L"} {
		if m.Graph().Lookup(name) == nil {
			t.Errorf("no node %s", name)
		}
	}
	if got := m.Layers()[1].A[0]; got != m.Outputs()[0] || got.Name() != "yhat1" {
		t.Errorf("output is %v", got)
	}
	if got, want := len(m.Params()), 2*3+3; got != want {
		t.Errorf("%d params, want %d", got, want)
	}
	lin, _ := New(Config{Inputs: 1, Layers: Dense(Linear, 1)})
	if lin.Outputs()[0].Name() != "yhat1" || lin.Outputs()[0] != lin.Layers()[0].Z[0] {
		t.Errorf("linear output %v", lin.Outputs()[0])
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no inputs", Config{Layers: Dense(Sigmoid, 1)}},
		{"no layers", Config{Inputs: 2}},
		{"empty layer", Config{Inputs: 2, Layers: Dense(Sigmoid, 0)}},
		{"bad activation", Config{Inputs: 2, Layers: Dense("softmax", 1)}},
		{"bad loss", Config{Inputs: 2, Layers: Dense(Sigmoid, 1), Loss: "hinge"}},
		{"bce without sigmoid", Config{Inputs: 2, Layers: Dense(Tanh, 1), Loss: BCE}},
		{"negative alpha", Config{Inputs: 2, Layers: Dense(Sigmoid, 1), Alpha: -1}},
	}
	for _, tt := range tests {
		if _, err := New(tt.cfg); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

func TestParse(t *testing.T) {
	acts := map[string]Activation{"sigmoid": Sigmoid, "TANH": Tanh, "relu": ReLU, "leaky-relu": LeakyReLU, "leaky_relu": LeakyReLU, "linear": Linear, "identity": Linear}
	for s, want := range acts {
		if got, err := ParseActivation(s); err != nil || got != want {
			t.Errorf("ParseActivation(%q) = %v, %v", s, got, err)
		}
	}
	inits := map[string]Init{"uniform": Uniform, "normal": Normal, "xavier": XavierUniform, "glorot": XavierUniform, "xavier-normal": XavierNormal, "he": He, "he-uniform": HeUniform, "zero": Zero}
	for s, want := range inits {
		if got, err := ParseInit(s); err != nil || got != want {
			t.Errorf("ParseInit(%q) = %v, %v", s, got, err)
		}
	}
	losses := map[string]Loss{"squared": Squared, "mse": MSE, "bce": BCE, "cross-entropy": BCE}
	for s, want := range losses {
		if got, err := ParseLoss(s); err != nil || got != want {
			t.Errorf("ParseLoss(%q) = %v, %v", s, got, err)
		}
	}
	for _, bad := range []string{"", "hinge"} {
		if _, err := ParseActivation(bad); err == nil {
			t.Errorf("ParseActivation(%q): no error", bad)
		}
		if _, err := ParseInit(bad); err == nil {
			t.Errorf("ParseInit(%q): no error", bad)
		}
		if _, err := ParseLoss(bad); err == nil {
			t.Errorf("ParseLoss(%q): no error", bad)
		}
	}
}

// TestSigmoidBCE compares the gate with the textbook formula where that is
// accurate, checks it stays finite where the textbook formula is not, and
// checks its gradient by finite differences.
func TestSigmoidBCE(t *testing.T) {
	for _, z := range []float64{-5, -0.5, 0, 0.7, 4} {
		for _, y := range []float64{0, 0.3, 1} {
			p := 1 / (1 + math.Exp(-z))
			want := -y*math.Log(p) - (1-y)*math.Log(1-p)
			got := SigmoidBCE{}.Forward([]float64{z, y})
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("BCE(z=%v, y=%v) = %v, want %v", z, y, got, want)
			}
			g := cgraph.New()
			L := g.Apply("L", SigmoidBCE{}, g.Input("z", z), g.Input("y", y))
			checkAll(t, g, L)
		}
	}
	// At z = 800, σ(z) rounds to 1 and log(1 − σ) to −Inf; the loss is z.
	if got := (SigmoidBCE{}).Forward([]float64{800, 0}); got != 800 {
		t.Errorf("BCE(800, 0) = %v, want 800", got)
	}
	if got := (SigmoidBCE{}).Forward([]float64{-800, 1}); got != 800 {
		t.Errorf("BCE(−800, 1) = %v, want 800", got)
	}
}

// TestInitStatistics checks mean and variance of each initializer over
// many draws against its definition. With n = 200 000 draws the standard
// error of the variance is about √(2/n)·σ² ≈ 0.3% of σ²; 2% is the bound.
func TestInitStatistics(t *testing.T) {
	const fanIn, fanOut, n = 30, 20, 200_000
	tests := []struct {
		init Initializer
		vr   float64
	}{
		{Uniform, 1.0 / 3},
		{Normal, 1},
		{XavierUniform, 2.0 / (fanIn + fanOut)},
		{XavierNormal, 2.0 / (fanIn + fanOut)},
		{He, 2.0 / fanIn},
		{HeUniform, 2.0 / fanIn},
		{Scaled{XavierUniform, 4}, 16 * 2.0 / (fanIn + fanOut)},
	}
	for _, tt := range tests {
		r := newRand(1)
		var s, s2 float64
		for range n {
			v := tt.init.Draw(r, fanIn, fanOut)
			s += v
			s2 += v * v
		}
		mean, vr := s/n, s2/n-(s/n)*(s/n)
		if math.Abs(mean) > 4*math.Sqrt(tt.vr/n) || math.Abs(vr/tt.vr-1) > 0.02 {
			t.Errorf("%v: mean %.4g variance %.4g, want 0 and %.4g", tt.init, mean, vr, tt.vr)
		}
	}
}

// TestDeepNetwork builds a deep, wide network as the vanishing-gradient lab
// does and checks its per-layer gradients are all reachable and finite.
func TestDeepNetwork(t *testing.T) {
	depth, width := 20, 16
	if testing.Short() {
		depth = 8
	}
	specs := append(Dense(Sigmoid, make([]int, depth)...), LayerSpec{1, Sigmoid, nil})
	for i := range depth {
		specs[i].Units = width
	}
	m, err := New(Config{Inputs: width, Layers: specs, Init: Normal, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, width)
	for i := range x {
		x[i] = float64(i) / float64(width)
	}
	if _, err := m.Grad(x, []float64{1}); err != nil {
		t.Fatal(err)
	}
	for l, layer := range m.Layers() {
		if len(layer.W) != layer.Out || len(layer.W[0]) != layer.In || len(layer.Z) != layer.Out {
			t.Fatalf("layer %d has shape %dx%d", l+1, len(layer.W), len(layer.W[0]))
		}
		if g := layer.W[0][0].Grad(); math.IsNaN(g) {
			t.Errorf("layer %d: gradient NaN", l+1)
		}
	}
}

// TestNodeCount keeps the size estimate used to pre-allocate in step with
// what build makes.
func TestNodeCount(t *testing.T) {
	for _, cfg := range []Config{
		{Inputs: 2, Layers: Dense(Sigmoid, 2, 1)},
		{Inputs: 3, Layers: Dense(Tanh, 5, 4, 2)},
		{Inputs: 16, Layers: Dense(Sigmoid, 16, 16, 1)},
	} {
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := nodeCount(cfg), m.Graph().Len(); got < want || got > want+2 {
			t.Errorf("%v: estimate %d, built %d nodes: want it at or just above", cfg.Layers, got, want)
		}
	}
}
