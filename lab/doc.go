// Package lab provides the vanishing-gradient experiments of exercise 3-1:
// the exercise's chain of sigmoids with its chain-rule product term by
// term, the maximum of σ', and sweeps of deep MLPs over activation ×
// initialisation × seed that measure, layer by layer, the size of ∂L/∂W
// and the fractions of saturated and dead units, plus a comparison of
// learning curves.
//
// Every measurement runs the networks nn.New would build on their dense
// plan (nn.Plan), whose numbers are the gate graph's: the tests hold the
// two to 1e-12 relative. A hand-written per-sample matrix implementation
// of the same networks (Matrix) is kept beside it as a second oracle and a
// baseline for the benchmarks.
//
// All randomness comes from explicit seeds; Sweep runs configurations on
// several goroutines and returns the same results whatever the number of
// workers and the scheduling.
package lab
