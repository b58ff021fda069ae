package nn

// Memory estimates, so that a network or a dataset too big for the machine
// is refused before it is built instead of ending the process in "fatal
// error: runtime: out of memory". The constants are peak resident memory
// measured on amd64, with a margin: cgraph train xor --hidden 600,600
// (727 208 nodes) peaks at 797 MB, 936 MB with --batch 4, about 1.1–1.3 KB
// a node; smaller networks take up to 1.5 KB a node. TestMemoryEstimate
// holds TrainBytes above the measured peak.
const (
	// NodeBytes is the memory of one node of a network being trained:
	// the node and its gate, the optimized copy of the graph training
	// runs on, and their plans.
	NodeBytes = 2000
	// NodeSampleBytes is the memory of one node for each sample of a
	// mini-batch: values and gradients of the batch (≈ 48 B measured).
	NodeSampleBytes = 64
	// SampleBytes and ValueBytes are the memory of one sample of a
	// dataset (its slice, its label, its prediction after training) and
	// of each of its numbers.
	SampleBytes = 160
	ValueBytes  = 24
)

// Nodes returns the number of nodes of cfg's network (inputs, weights and
// their products, sums, activations, targets, loss). It is a float64 so
// that no shape, however absurd, overflows it.
func Nodes(cfg Config) float64 {
	in := float64(cfg.Inputs)
	n := in
	for _, spec := range cfg.Layers {
		u := float64(spec.Units)
		n += u * (2*in + 3)
		in = u
	}
	return n + 2*in + 1
}

// TrainBytes returns about how much memory building cfg's network and
// training it in batches of batch samples takes at its peak.
func TrainBytes(cfg Config, batch int) float64 {
	return Nodes(cfg) * (NodeBytes + NodeSampleBytes*float64(max(batch, 1)))
}

// DatasetBytes returns about how much memory a dataset of n samples of dim
// inputs takes, with the predictions Evaluate makes for it.
func DatasetBytes(n, dim int) float64 {
	return float64(n) * (SampleBytes + ValueBytes*float64(dim+1))
}
