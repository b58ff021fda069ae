package lab

import (
	"context"
	"fmt"

	"github.com/cgraph/cgraph/nn"
)

// Learner is one network of a learning comparison: its hidden layers'
// activation and initialisation.
type Learner struct {
	Activation nn.Activation
	Init       InitSpec
}

// Name is "activation+init", e.g. "sigmoid+normal".
func (l Learner) Name() string {
	return string(l.Activation) + "+" + Config{Init: l.Init.Init, Gain: l.Init.Gain}.InitName()
}

// LearnConfig describes a learning comparison: networks of Depth hidden
// layers of Width units and a sigmoid output unit, trained with the binary
// cross-entropy by per-sample SGD on the same data, in the same order,
// for the same number of epochs.
type LearnConfig struct {
	Data         *nn.Dataset
	Depth, Width int
	Epochs       int
	Alpha        float64
	Seed         uint64 // weights and the order of samples
}

// Curve is the outcome of training one Learner.
type Curve struct {
	Learner  Learner
	Loss     []float64 // mean loss of every epoch
	Accuracy float64   // on the training data after the last epoch
}

// Learn trains every learner on the same task, each on its own goroutine
// (at most workers at once; 0 means all) and with its own graph, and
// returns their curves in the order of learners.
func Learn(ctx context.Context, c LearnConfig, learners []Learner, workers int) ([]Curve, error) {
	if c.Data == nil || c.Data.Len() == 0 {
		return nil, fmt.Errorf("lab: learning comparison without data")
	}
	if c.Depth < 1 || c.Depth > MaxDepth || c.Width < 1 || c.Width > MaxWidth || c.Epochs < 1 || c.Alpha <= 0 {
		return nil, fmt.Errorf("lab: learning comparison of depth %d, width %d, %d epochs, α %g", c.Depth, c.Width, c.Epochs, c.Alpha)
	}
	for _, l := range learners {
		if err := (Config{Depth: 1, Width: 1, Activation: l.Activation, Init: l.Init.Init, Gain: l.Init.Gain}).Validate(); err != nil {
			return nil, err
		}
	}
	if workers <= 0 {
		workers = len(learners)
	}
	curves := make([]Curve, len(learners))
	err := parallel(ctx, len(learners), workers, nil, func(i int) error {
		var err error
		curves[i], err = learn(ctx, c, learners[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	return curves, nil
}

// learn trains one learner.
func learn(ctx context.Context, c LearnConfig, l Learner) (Curve, error) {
	init := Config{Init: l.Init.Init, Gain: l.Init.Gain}.withDefaults().initializer()
	layers := append(nn.Dense(l.Activation, repeat(c.Width, c.Depth)...), nn.LayerSpec{Units: 1, Activation: nn.Sigmoid})
	m, err := nn.New(nn.Config{Inputs: c.Data.Dim(), Layers: layers, Init: init, Loss: nn.BCE, Alpha: c.Alpha, Seed: c.Seed})
	if err != nil {
		return Curve{}, err
	}
	stop := func(int, float64) error { return ctx.Err() }
	loss, err := m.Train(c.Data, &nn.TrainOptions{Epochs: c.Epochs, Shuffle: true, Seed: c.Seed, Progress: stop})
	if err != nil {
		return Curve{}, fmt.Errorf("lab: training %s: %w", l.Name(), err)
	}
	res, err := m.Evaluate(c.Data)
	if err != nil {
		return Curve{}, fmt.Errorf("lab: evaluating %s: %w", l.Name(), err)
	}
	return Curve{Learner: l, Loss: loss, Accuracy: res.Accuracy}, nil
}
