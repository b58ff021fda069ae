package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/cgraph/cgraph"
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
	// Shuffle visits the samples of each epoch in a random order;
	// otherwise in the dataset's order. The order of epoch e (counted from
	// 1 over all the calls, FirstEpoch + 1 being this call's first) is a
	// shuffle of the dataset's order drawn from Seed and e alone, so that
	// N epochs in one call visit the samples as N/k epochs in each of k
	// calls with FirstEpoch 0, N/k, 2N/k, ….
	Shuffle bool
	Seed    uint64
	// FirstEpoch is the number of epochs the network has already been
	// trained, in earlier calls; it only chooses the shuffled orders.
	// Progress, Tested and Snapshot count this call's epochs from 1.
	FirstEpoch int
	// Workers is the number of goroutines a mini-batch is split between;
	// 0 means one per CPU. Results do not depend on it.
	Workers int
	// Progress, if not nil, is called after every epoch (counted from 1)
	// with the epoch's mean loss; an error stops training and is returned.
	Progress func(epoch int, loss float64) error
	// Test, if not nil, is a dataset the network does not train on: after
	// every epoch its mean loss at the epoch's final weights (Evaluate's
	// Loss, the same number) is passed to Tested, before Progress. An
	// error stops training and is returned.
	Test   *Dataset
	Tested func(epoch int, loss float64) error
	// Optimizer is how each step moves the weights; the zero value is
	// SGD. Momentum and Adam keep their state for one call of Train,
	// unless State is given.
	Optimizer Optimizer
	// State, if not nil, carries momentum's or Adam's state from one call
	// of Train to the next: Train starts from it (fresh moments if it is
	// the zero value) and writes the state it ends with into it, also
	// when it stops early. N epochs in one call then give the same bits
	// as N/k epochs in each of k calls, the same State passed along and
	// FirstEpoch counting the epochs before each. It must be of the same
	// method and the network's shape; SGD leaves it as it is.
	State *OptimizerState
	// Snapshot, if not nil, is given a copy of the weights after every
	// Every-th epoch (0: every epoch) and after the last, before Tested
	// and Progress; an error stops training and is returned.
	Snapshot func(epoch int, weights *Plan) error
	Every    int
}

// snapshot calls o.Snapshot if epoch is one it wants, with weights().
func (o *TrainOptions) snapshot(epoch int, weights func() *Plan) error {
	if o.Snapshot == nil || (epoch%max(o.Every, 1) != 0 && epoch != o.Epochs) {
		return nil
	}
	return o.Snapshot(epoch, weights())
}

// DefaultEpochs is the number of epochs of TrainOptions whose Epochs is 0.
const DefaultEpochs = 1000

// Train trains the network on d and returns the mean loss of every epoch
// (each sample's loss taken before the step it causes). The network must
// have one output; labels are its targets.
func (m *MLP) Train(d *Dataset, opts *TrainOptions) ([]float64, error) {
	history, err := m.train(d, opts)
	if m.net == nil {
		return history, err
	}
	// Training ran on the plan or on the optimized twin of the graph (see
	// fast), which shares the weights: bring the graph's own values up to
	// date.
	if ferr := m.net.graph.Forward(); err == nil {
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
	if o.FirstEpoch < 0 {
		return nil, fmt.Errorf("nn: negative first epoch %d", o.FirstEpoch)
	}
	if err := m.fits(d); err != nil {
		return nil, err
	}
	if o.Test != nil {
		if err := m.fits(o.Test); err != nil {
			return nil, err
		}
	}
	if err := o.Optimizer.check(); err != nil {
		return nil, err
	}
	order := make([]int, d.Len())
	// The history grows as training goes: reserved up front it took 800 MB
	// for --epochs 100000000 before the first step.
	history := make([]float64, 0, min(o.Epochs, maxReservedEpochs))
	if o.BatchSize <= 1 && m.NumParams() < smallSGD && o.Optimizer.sgd() {
		return m.trainSGD(d, order, history, &o)
	}
	return m.trainPlan(d, order, history, &o)
}

// epochOrder sets order to the order in which epoch (counted from 1 in
// this call) visits the samples: the dataset's, shuffled if o.Shuffle by a
// generator of its own seeded from o.Seed and the epoch's number over all
// the calls, o.FirstEpoch + epoch. It depends on nothing else: not on the
// orders before it, nor on how the epochs are split between calls. pcg is
// the generator to seed, one per call of Train, so that an epoch (of XOR,
// four steps) allocates nothing.
func epochOrder(order []int, o *TrainOptions, epoch int, pcg *rand.PCG) {
	for i := range order {
		order[i] = i
	}
	if !o.Shuffle {
		return
	}
	// The PCG's first word is the seed, its second the epoch mixed by
	// SplitMix64's finalizer, so that neighbouring epochs start far apart.
	z := uint64(o.FirstEpoch) + uint64(epoch) + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	pcg.Seed(o.Seed, z^z>>31)
	rand.New(pcg).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
}

// trainPlan is train's loop on the dense plan.
func (m *MLP) trainPlan(d *Dataset, order []int, history []float64, opts *TrainOptions) ([]float64, error) {
	o := *opts
	// Without the graph the network's own plan trains, in place; with it,
	// a copy of the weight gates' values, given back at the end. (A
	// callback may build the graph meanwhile: then too.)
	dn := m.weights()
	dn.Workers = o.Workers
	size := max(o.BatchSize, 1)
	defer func() {
		if m.w != dn {
			m.setPlanWeights(dn)
		}
	}()
	passes, tests := map[int]*Pass{}, map[int]*Pass{}
	var opt *optState
	if !o.Optimizer.sgd() {
		opt = newOptState(o.Optimizer, dn)
		if err := opt.resume(o.State); err != nil {
			return history, err
		}
		if o.State != nil {
			defer opt.save(o.State)
		}
	}
	pcg := new(rand.PCG)
	for epoch := 1; epoch <= o.Epochs; epoch++ {
		epochOrder(order, &o, epoch, pcg)
		sum, err := m.epochPlan(dn, passes, d, order, size, opt)
		if err != nil {
			return history, fmt.Errorf("nn: epoch %d: %w", epoch, err)
		}
		loss := sum / float64(len(order))
		history = append(history, loss)
		if err := o.snapshot(epoch, dn.Clone); err != nil {
			return history, err
		}
		if o.Test != nil && o.Tested != nil {
			if err := o.Tested(epoch, dn.meanLoss(o.Test, tests)); err != nil {
				return history, err
			}
		}
		if o.Progress != nil {
			if err := o.Progress(epoch, loss); err != nil {
				return history, err
			}
		}
	}
	return history, nil
}

// smallSGD is the number of weights and biases below which per-sample SGD
// runs on the graph's optimized tape rather than the dense plan: for such
// small networks the plan's calls per layer cost more than the tape's few
// nodes (2-2-1 XOR: 1.2× the tape's time; 2-4-4-1, 37 parameters: 0.92×;
// 2-16-16-1: 0.48×, measured interleaved). The two give the same bits
// (TestPlanTrainsAsGraph).
const smallSGD = 32

// trainSGD is train's loop for per-sample SGD on the graph's optimized
// tape.
func (m *MLP) trainSGD(d *Dataset, order []int, history []float64, o *TrainOptions) ([]float64, error) {
	pcg := new(rand.PCG)
	for epoch := 1; epoch <= o.Epochs; epoch++ {
		epochOrder(order, o, epoch, pcg)
		sum, err := m.epochSGD(d, order)
		if err != nil {
			return history, fmt.Errorf("nn: epoch %d: %w", epoch, err)
		}
		loss := sum / float64(len(order))
		history = append(history, loss)
		if err := o.snapshot(epoch, m.Plan); err != nil {
			return history, err
		}
		if o.Test != nil && o.Tested != nil {
			// The tape shares the graph's weights: a fresh plan has them.
			if err := o.Tested(epoch, m.weights().meanLoss(o.Test, map[int]*Pass{})); err != nil {
				return history, err
			}
		}
		if o.Progress != nil {
			if err := o.Progress(epoch, loss); err != nil {
				return history, err
			}
		}
	}
	return history, nil
}

// epochSGD runs one step per sample and returns the sum of the losses.
func (m *MLP) epochSGD(d *Dataset, order []int) (float64, error) {
	f, err := m.fast()
	if err != nil {
		return 0, err
	}
	g, loss, tgt := f.Graph, f.Output, m.net.tgtGates[0]
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

// fits checks that d can train m.
func (m *MLP) fits(d *Dataset) error {
	if err := d.validate(); err != nil {
		return err
	}
	if d.Dim() != m.cfg.Inputs {
		return fmt.Errorf("nn: dataset %q has %d inputs per sample; the network has %d", d.Name, d.Dim(), m.cfg.Inputs)
	}
	if m.cfg.Loss == Softmax {
		k := m.NumOutputs()
		for i, y := range d.Y {
			if y != math.Trunc(y) || y < 0 || y >= float64(k) {
				return fmt.Errorf("nn: dataset %q: sample %d has label %v; a classifier of %d classes wants 0 to %d", d.Name, i+1, y, k, k-1)
			}
		}
		return nil
	}
	if m.NumOutputs() != 1 {
		return fmt.Errorf("nn: training on a dataset needs a network with 1 output, not %d", m.NumOutputs())
	}
	return nil
}

// epochPlan runs one step per batch of size samples on the dense network
// and returns the sum of the losses, each taken before the step it causes.
// A batch of size 1 is the exercise's SGD: the step is −α·∂L/∂w.
// opt, if not nil, moves the weights instead of SGD.
func (m *MLP) epochPlan(dn *Plan, passes map[int]*Pass, d *Dataset, order []int, size int, opt *optState) (float64, error) {
	sum := 0.0
	for start := 0; start < len(order); start += size {
		idx := order[start:min(start+size, len(order))]
		p := passes[len(idx)]
		if p == nil {
			p = dn.NewPass(len(idx))
			passes[len(idx)] = p
		}
		p.loadSpread(d, idx)
		p.Forward()
		loss := p.Backward()
		if math.IsNaN(loss) || math.IsInf(loss, 0) || p.NonFinite() != nil {
			return 0, m.explain(dn, p, d, idx)
		}
		sum += loss
		if opt != nil {
			opt.step(p, 1/float64(len(idx)))
		} else {
			p.Step(1 / float64(len(idx)))
		}
	}
	return sum, nil
}

// load sets the pass's inputs and targets to the samples idx of d.
func (p *Pass) load(d *Dataset, idx []int) {
	for s, i := range idx {
		p.setX(s, d.X[i])
		p.Y[s] = d.Y[i]
	}
}

// loadSpread is load with the k-th sample of idx in row spread(n)[k],
// where the graph's batch puts it (see spread): the sums over the rows
// then add the samples in the graph's order.
func (p *Pass) loadSpread(d *Dataset, idx []int) {
	if p.slot == nil {
		p.slot = spread(p.N)
	}
	for k, i := range idx {
		s := p.slot[k]
		p.setX(s, d.X[i])
		p.Y[s] = d.Y[i]
	}
}

// setX sets sample s's first-layer inputs from its raw inputs x: the
// features of x, or x itself.
func (p *Pass) setX(s int, x []float64) {
	k := p.d.Inputs
	row := p.X[s*k : (s+1)*k]
	if len(p.d.Features) == 0 {
		copy(row, x)
		return
	}
	for f, ft := range p.d.Features {
		row[f] = ft.Eval(x)
	}
}

// explain runs the samples idx of d on the graph with dn's weights, to
// name the node where the numbers of a dense pass went wrong; the graph's
// batch checks every node, the dense pass only the loss.
func (m *MLP) explain(dn *Plan, p *Pass, d *Dataset, idx []int) error {
	m.setPlanWeights(dn)
	b, err := m.batchOf(len(idx), dn.Workers)
	if err != nil {
		return err
	}
	if _, err := b.run(d, idx); err != nil {
		return err
	}
	if err := p.NonFinite(); err != nil {
		return err
	}
	return fmt.Errorf("nn: the loss is not a finite number")
}

// Prediction is the network's output for one sample. For the softmax
// loss, Y is the class, Probs the probabilities of the classes (the
// softmax of the outputs) and Yhat the class of the largest; in JSON,
// "yhat" is then the list of probabilities.
type Prediction struct {
	X     []float64 `json:"x"`
	Y     float64   `json:"y"`
	Yhat  float64   `json:"yhat"`
	Probs []float64 `json:"-"`
}

// MarshalJSON writes {"x", "y", "yhat"}, yhat being Probs if there are.
func (p Prediction) MarshalJSON() ([]byte, error) {
	if p.Probs == nil {
		type plain Prediction
		return json.Marshal(plain(p))
	}
	return json.Marshal(struct {
		X    []float64 `json:"x"`
		Y    float64   `json:"y"`
		Yhat []float64 `json:"yhat"`
	}{p.X, p.Y, p.Probs})
}

// predict returns the prediction for input x with label y from the
// output layer's values out, and whether it is right: ŷ on y's side of
// 0.5, or, for the softmax, the largest probability at the class y.
func (m *MLP) predict(x []float64, y float64, out []float64) (Prediction, bool) {
	p := Prediction{X: append([]float64(nil), x...), Y: y}
	if m.cfg.Loss != Softmax {
		p.Yhat = out[0]
		return p, (p.Yhat >= 0.5) == (y >= 0.5)
	}
	p.Probs = make([]float64, len(out))
	best := 0
	for i := range out {
		p.Probs[i] = cgraph.SoftmaxAt{I: i}.Forward(out)
		if out[i] > out[best] {
			best = i
		}
	}
	p.Yhat = float64(best)
	return p, p.Yhat == y
}

// Result is an evaluation of a network on a dataset.
type Result struct {
	Loss        float64      // mean loss
	Accuracy    float64      // fraction of samples with ŷ on the same side of 0.5 as y (softmax: the class of the largest output is y); 0 for a regression set
	Predictions []Prediction // one per sample, in the dataset's order
}

// Evaluate runs the network on every sample of d without training it,
// on its dense plan (the graph's forward values, bit for bit); where a
// number goes wrong, the graph runs the samples again to name the node.
func (m *MLP) Evaluate(d *Dataset) (Result, error) {
	if err := m.fits(d); err != nil {
		return Result{}, err
	}
	var res Result
	right := 0
	p := m.weights()
	last := len(p.Layers) - 1
	for start := 0; start < d.Len(); start += evalChunk {
		idx := make([]int, min(evalChunk, d.Len()-start))
		for k := range idx {
			idx[k] = start + k
		}
		pass := p.NewPass(len(idx))
		pass.Sums = false
		pass.load(d, idx)
		pass.Forward()
		pass.LossGrad()
		if pass.NonFinite() != nil {
			return m.evaluateGraph(d)
		}
		k := p.Outputs()
		for s, i := range idx {
			res.Loss += pass.Loss[s]
			pred, ok := m.predict(d.X[i], d.Y[i], pass.A[last][s*k:(s+1)*k])
			if ok {
				right++
			}
			res.Predictions = append(res.Predictions, pred)
		}
	}
	res.Loss /= float64(d.Len())
	if !d.Regression {
		res.Accuracy = float64(right) / float64(d.Len())
	}
	if math.IsNaN(res.Loss) {
		return res, fmt.Errorf("nn: loss is NaN")
	}
	return res, nil
}

// evalChunk is the number of samples Evaluate and OutputAll run at once:
// enough for the kernels' blocks, few enough that the scratch of a wide
// network stays small.
const evalChunk = 256

// OutputAll returns the output of a network with one output for each
// input in xs, computed on its dense plan: Output for many inputs at once,
// the same numbers.
func (m *MLP) OutputAll(xs [][]float64) ([]float64, error) {
	if m.NumOutputs() != 1 {
		return nil, fmt.Errorf("nn: OutputAll of a network with %d outputs", m.NumOutputs())
	}
	p := m.weights()
	last := len(p.Layers) - 1
	out := make([]float64, 0, len(xs))
	for start := 0; start < len(xs); start += evalChunk {
		chunk := xs[start:min(start+evalChunk, len(xs))]
		pass := p.NewPass(len(chunk))
		for s, x := range chunk {
			if len(x) != p.Raw {
				return nil, fmt.Errorf("nn: input %d has %d values for %d inputs", start+s+1, len(x), p.Raw)
			}
			pass.setX(s, x)
		}
		pass.Forward()
		for s, v := range pass.A[last] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				_, err := m.Output(chunk[s]) // the graph names the node
				if err == nil {
					err = fmt.Errorf("nn: output %v for input %d", v, start+s+1)
				}
				return nil, err
			}
		}
		out = append(out, pass.A[last]...)
	}
	return out, nil
}

// evaluateGraph is Evaluate on the graph, sample by sample, whose errors
// name the node that went wrong.
func (m *MLP) evaluateGraph(d *Dataset) (Result, error) {
	var res Result
	right := 0
	for i, x := range d.X {
		m.SetInput(x)
		m.net.tgtGates[0].Value = d.Y[i]
		if err := m.net.graph.Forward(); err != nil {
			return Result{}, fmt.Errorf("nn: sample %d: %w", i+1, err)
		}
		out := make([]float64, len(m.Outputs()))
		for k, o := range m.Outputs() {
			out[k] = o.Value()
		}
		res.Loss += m.Loss().Value()
		pred, ok := m.predict(x, d.Y[i], out)
		if ok {
			right++
		}
		res.Predictions = append(res.Predictions, pred)
	}
	res.Loss /= float64(d.Len())
	if !d.Regression {
		res.Accuracy = float64(right) / float64(d.Len())
	}
	if math.IsNaN(res.Loss) {
		return res, fmt.Errorf("nn: loss is NaN")
	}
	return res, nil
}

// maxReservedEpochs bounds the loss history reserved before training.
const maxReservedEpochs = 1 << 16
