// Package bench holds the benchmark suite of cgraph: four workloads, each
// run against the same computation written by hand in plain Go in the same
// benchmark, with the ratio reported as the metric "x-hand".
//
//	W1  the exercise graph, forward and backward
//	W2  XOR 2-2-1, 10,000 epochs = 40,000 SGD steps
//	W3  a depth-50, width-16 sigmoid MLP: per-layer gradients of one sample
//	W4  a graph of one million nodes: build, forward+backward, bytes per node
//
// plus batched training of a 2-16-16-1 network on the spiral (batch 256)
// on one and on two cores. Run them with
//
//	go test -run '^$' -bench . ./bench
//
// and the same workloads in PyTorch with bench/torch.sh; bench/run.sh runs
// both and prints one table (see docs/benchmarks.md).
//go:generate go test -run TestGeneratedUpToDate -update

package bench
