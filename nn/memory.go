package nn

// Memory estimates, so that a network or a dataset too big for the machine
// is refused before it is built instead of ending the process in "fatal
// error: runtime: out of memory". The constants are peak resident memory
// measured on amd64, with a margin. Training runs on the dense plan and
// does not build the gate graph (but for per-sample SGD of networks under
// 32 parameters, on the tape), so it takes memory with the weights
// (TrainBytes); the graph, built for the views that need it (diagrams,
// eval --model, gen --model), takes about 270–390 B a node (GraphBytes):
// cgraph train xor --hidden 600,600 (727 208 nodes) peaked at 195 MB
// built and 286 MB trained in batches of 4 when train built it too (797 MB
// when training ran the graph and its optimized copy). TestMemoryEstimate
// holds TrainBytes and GraphBytes above the measured peaks.
const (
	// NodeBytes is the memory of one node of a network's gate graph:
	// the node and its gate, its value and gradient, its tape.
	NodeBytes = 600
	// NodeSampleBytes was the memory of a node for each sample of a
	// mini-batch when training ran the graph; the dense plan's scratch
	// grows with units × samples instead (PlanBytes), and TrainBytes no
	// longer uses it.
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
	in := float64(cfg.width())
	n := float64(cfg.Inputs + len(cfg.Features))
	weights := 0.0
	for _, spec := range cfg.Layers {
		u := float64(spec.Units)
		n += u * (2*in + 3)
		weights += u * in
		in = u
	}
	if cfg.L1 != 0 {
		n += weights + 3
	}
	if cfg.L2 != 0 {
		n += weights + 3
	}
	if cfg.regularised() {
		n++
	}
	return n + 2*in + 1
}

// TrainBytes returns about how much memory making cfg's network and
// training it in batches of batch samples takes at its peak: the dense
// plan's weights, gradient sums and a copy, and its scratch for a batch
// and for Evaluate's chunks (PlanBytes, in float64 so that no shape,
// however absurd, overflows it); and the gate graph for a network that
// trains on the graph's tape (per-sample SGD under 32 parameters).
func TrainBytes(cfg Config, batch int) float64 {
	in := float64(cfg.width())
	weights, units := 0.0, 0.0
	for _, spec := range cfg.Layers {
		u := float64(spec.Units)
		weights += in*u + u
		units += u
		in = u
	}
	perSample := 8 * (3*units + float64(cfg.width()))
	plan := 3*8*weights + perSample*float64(max(batch, 1)+evalChunk)
	if batch <= 1 && weights < smallSGD {
		plan += GraphBytes(cfg)
	}
	return plan
}

// GraphBytes returns about how much memory cfg's gate graph takes once
// built (MLP.Graph, and the views that need it).
func GraphBytes(cfg Config) float64 { return Nodes(cfg) * NodeBytes }

// DatasetBytes returns about how much memory a dataset of n samples of dim
// inputs takes, with the predictions Evaluate makes for it.
func DatasetBytes(n, dim int) float64 {
	return float64(n) * (SampleBytes + ValueBytes*float64(dim+1))
}
