package nn

import (
	"fmt"
	"math"
	"sort"
)

// Split divides d into a training and a test set, as TensorFlow
// Playground's "ratio of training to test data": round(frac·n) samples,
// drawn from seed, go to the test set and the rest to the training set,
// each keeping the dataset's order. frac must be in [0, 1) and leave at
// least one sample on each side when it is not 0; frac 0 returns d and nil.
func Split(d *Dataset, frac float64, seed uint64) (train, test *Dataset, err error) {
	if !(frac >= 0 && frac < 1) {
		return nil, nil, fmt.Errorf("nn: test fraction %g; want a number in [0, 1)", frac)
	}
	if frac == 0 {
		return d, nil, nil
	}
	n := d.Len()
	k := int(math.Round(frac * float64(n)))
	if k < 1 || k >= n {
		return nil, nil, fmt.Errorf("nn: a test fraction of %g of %d samples leaves %d for testing and %d for training; each needs at least 1", frac, n, k, n-k)
	}
	perm := newRand(seed).Perm(n)
	inTest := perm[:k]
	sort.Ints(inTest)
	train = &Dataset{Name: d.Name, Regression: d.Regression}
	test = &Dataset{Name: d.Name + " (test)", Regression: d.Regression}
	t := 0
	for i := range n {
		if t < len(inTest) && inTest[t] == i {
			test.X, test.Y = append(test.X, d.X[i]), append(test.Y, d.Y[i])
			t++
			continue
		}
		train.X, train.Y = append(train.X, d.X[i]), append(train.Y, d.Y[i])
	}
	return train, test, nil
}

// meanLoss is the mean loss of the plan over d, as Evaluate sums it:
// chunk by chunk, sample by sample, then divided by the number of samples.
func (dn *Plan) meanLoss(d *Dataset, passes map[int]*Pass) float64 {
	sum := 0.0
	idx := make([]int, 0, evalChunk)
	for start := 0; start < d.Len(); start += evalChunk {
		idx = idx[:0]
		for i := start; i < min(start+evalChunk, d.Len()); i++ {
			idx = append(idx, i)
		}
		p := passes[len(idx)]
		if p == nil {
			p = dn.NewPass(len(idx))
			p.Sums = false
			passes[len(idx)] = p
		}
		p.load(d, idx)
		p.Forward()
		p.LossGrad()
		for _, l := range p.Loss {
			sum += l
		}
	}
	return sum / float64(d.Len())
}
