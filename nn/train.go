package nn

import (
	"fmt"
	"math"
)

// TrainOptions tune Train. A nil *TrainOptions means the defaults.
type TrainOptions struct {
	// Epochs is the number of passes over the dataset; 0: DefaultEpochs.
	Epochs int
	// BatchSize ≤ 1 is stochastic gradient descent per sample, as in the
	// exercise: Forward, Backward and Graph.Step after every sample. A
	// larger size averages the gradients of that many samples before each
	// weight moves by −α·(mean gradient).
	BatchSize int
	// Shuffle visits the samples of each epoch in a fresh random order
	// drawn from Seed; otherwise in the dataset's order.
	Shuffle bool
	Seed    uint64
	// Workers is the number of goroutines a mini-batch is split between;
	// 0 means one per CPU. Results do not depend on it.
	Workers int
	// Progress, if not nil, is called after every epoch (counted from 1)
	// with the epoch's mean loss; an error stops training and is returned.
	Progress func(epoch int, loss float64) error
}

// DefaultEpochs is the number of epochs of TrainOptions whose Epochs is 0.
const DefaultEpochs = 1000

// Train trains the network on d and returns the mean loss of every epoch
// (each sample's loss taken before the step it causes). The network must
// have one output; labels are its targets.
func (m *MLP) Train(d *Dataset, opts *TrainOptions) ([]float64, error) {
	history, err := m.train(d, opts)
	// Training ran on the optimized twin of the graph (see fast), which
	// shares the weights: bring the graph's own values up to date.
	if ferr := m.Graph.Forward(); err == nil {
		err = ferr
	}
	return history, err
}

func (m *MLP) train(d *Dataset, opts *TrainOptions) ([]float64, error) {
	o := TrainOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Epochs == 0 {
		o.Epochs = DefaultEpochs
	}
	if o.Epochs < 0 {
		return nil, fmt.Errorf("nn: negative number of epochs %d", o.Epochs)
	}
	if err := m.fits(d); err != nil {
		return nil, err
	}
	order := make([]int, d.Len())
	for i := range order {
		order[i] = i
	}
	r := newRand(o.Seed)
	history := make([]float64, 0, o.Epochs)
	for epoch := 1; epoch <= o.Epochs; epoch++ {
		if o.Shuffle {
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		var sum float64
		var err error
		if o.BatchSize <= 1 {
			sum, err = m.epochSGD(d, order)
		} else {
			sum, err = m.epochBatch(d, order, o.BatchSize, o.Workers)
		}
		if err != nil {
			return history, fmt.Errorf("nn: epoch %d: %w", epoch, err)
		}
		loss := sum / float64(len(order))
		history = append(history, loss)
		if o.Progress != nil {
			if err := o.Progress(epoch, loss); err != nil {
				return history, err
			}
		}
	}
	return history, nil
}

// fits checks that d can train m.
func (m *MLP) fits(d *Dataset) error {
	if err := d.validate(); err != nil {
		return err
	}
	if d.Dim() != len(m.Inputs) {
		return fmt.Errorf("nn: dataset %q has %d inputs per sample; the network has %d", d.Name, d.Dim(), len(m.Inputs))
	}
	if len(m.Outputs) != 1 {
		return fmt.Errorf("nn: training on a dataset needs a network with 1 output, not %d", len(m.Outputs))
	}
	return nil
}

// epochSGD runs one step per sample and returns the sum of the losses.
func (m *MLP) epochSGD(d *Dataset, order []int) (float64, error) {
	f, err := m.fast()
	if err != nil {
		return 0, err
	}
	g, loss, tgt := f.Graph, f.Output, m.tgtGates[0]
	sum := 0.0
	for _, i := range order {
		m.SetInput(d.X[i])
		tgt.Value = d.Y[i]
		if err := g.Run(loss); err != nil {
			return 0, err
		}
		sum += loss.Value()
		if err := g.Step(); err != nil {
			return 0, err
		}
	}
	return sum, nil
}

// epochBatch runs one step per batch of size samples and returns the sum
// of the losses. Each batch runs all its samples at once on every core
// (cgraph.Batch); a shorter last batch gets a Batch of its own.
func (m *MLP) epochBatch(d *Dataset, order []int, size, workers int) (float64, error) {
	sum := 0.0
	for start := 0; start < len(order); start += size {
		idx := order[start:min(start+size, len(order))]
		b, err := m.batchOf(len(idx), workers)
		if err != nil {
			return 0, err
		}
		loss, err := b.run(d, idx)
		if err != nil {
			return 0, err
		}
		sum += loss
		b.Step(1 / float64(len(idx)))
	}
	return sum, nil
}

// Prediction is the network's output for one sample.
type Prediction struct {
	X    []float64 `json:"x"`
	Y    float64   `json:"y"`
	Yhat float64   `json:"yhat"`
}

// Result is an evaluation of a network on a dataset.
type Result struct {
	Loss        float64      // mean loss
	Accuracy    float64      // fraction of samples with ŷ on the same side of 0.5 as y
	Predictions []Prediction // one per sample, in the dataset's order
}

// Evaluate runs the network on every sample of d without training it.
func (m *MLP) Evaluate(d *Dataset) (Result, error) {
	if err := m.fits(d); err != nil {
		return Result{}, err
	}
	var res Result
	right := 0
	for i, x := range d.X {
		m.SetInput(x)
		m.tgtGates[0].Value = d.Y[i]
		if err := m.Graph.Forward(); err != nil {
			return Result{}, fmt.Errorf("nn: sample %d: %w", i+1, err)
		}
		yhat := m.Outputs[0].Value()
		res.Loss += m.Loss.Value()
		if (yhat >= 0.5) == (d.Y[i] >= 0.5) {
			right++
		}
		res.Predictions = append(res.Predictions, Prediction{X: append([]float64(nil), x...), Y: d.Y[i], Yhat: yhat})
	}
	res.Loss /= float64(d.Len())
	res.Accuracy = float64(right) / float64(d.Len())
	if math.IsNaN(res.Loss) {
		return res, fmt.Errorf("nn: loss is NaN")
	}
	return res, nil
}
