package nn

// The training loops of the gate graph, which Train ran before it ran on
// the dense network: the reference the dense training is tested against.

import "math/rand/v2"

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

// trainGraph is Train on the gate graph alone, as Train ran before the
// dense plan: the reference of TestTrainMatchesGraph.
func (m *MLP) trainGraph(d *Dataset, o *TrainOptions) ([]float64, error) {
	order := make([]int, d.Len())
	var history []float64
	for epoch := 1; epoch <= o.Epochs; epoch++ {
		epochOrder(order, o, epoch, new(rand.PCG))
		var sum float64
		var err error
		if o.BatchSize <= 1 {
			sum, err = m.epochSGD(d, order)
		} else {
			sum, err = m.epochBatch(d, order, o.BatchSize, o.Workers)
		}
		if err != nil {
			return history, err
		}
		history = append(history, sum/float64(len(order)))
	}
	return history, m.Graph().Forward()
}
