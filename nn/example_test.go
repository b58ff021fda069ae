package nn_test

import (
	"fmt"

	"github.com/cgraph/cgraph/nn"
)

// Train the exercise's XOR with SGD per sample and the squared loss.
func Example() {
	m, err := nn.New(nn.Config{
		Inputs: 2,
		Layers: nn.Dense(nn.Sigmoid, 4, 1), // 2-4-1, sigmoid everywhere
		Init:   nn.Uniform,
		Alpha:  0.5,
		Loss:   nn.Squared,
		Seed:   1,
	})
	if err != nil {
		panic(err)
	}
	data := nn.XOR()
	if _, err := m.Train(data, &nn.TrainOptions{Epochs: 5000, Shuffle: true, Seed: 1}); err != nil {
		panic(err)
	}
	res, _ := m.Evaluate(data)
	for _, p := range res.Predictions {
		fmt.Printf("%v → %.0f (want %v)\n", p.X, p.Yhat, p.Y)
	}
	fmt.Println("accuracy", res.Accuracy)
	// Output:
	// [0 0] → 0 (want 0)
	// [0 1] → 1 (want 1)
	// [1 0] → 1 (want 1)
	// [1 1] → 0 (want 0)
	// accuracy 1
}

// The nodes of each layer are reachable, e.g. to measure gradients per layer.
func ExampleMLP_Grad() {
	m, _ := nn.New(nn.Config{Inputs: 2, Layers: nn.Dense(nn.Sigmoid, 3, 3, 1), Init: nn.XavierUniform, Seed: 5})
	m.Grad([]float64{1, 0}, []float64{1})
	for l, layer := range m.Layers() {
		fmt.Printf("layer %d: %d×%d weights, first %s, z %s\n", l+1, layer.Out, layer.In, layer.W[0][0].Name(), layer.Z[0].Name())
	}
	fmt.Println("loss node:", m.Loss().Name(), m.Loss().Kind())
	// Output:
	// layer 1: 3×2 weights, first w1_1_1, z z1_1
	// layer 2: 3×3 weights, first w2_1_1, z z2_1
	// layer 3: 1×3 weights, first w3_1_1, z z3_1
	// loss node: L sqloss
}
