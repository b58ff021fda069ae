// Package lab provides the vanishing-gradient experiments of exercise 3-1:
// the exercise's chain of sigmoids with its chain-rule product term by
// term, the maximum of σ', and sweeps of deep MLPs over activation ×
// initialisation × seed that measure, layer by layer, the size of ∂L/∂W
// and the fractions of saturated and dead units, plus a comparison of
// learning curves.
//
// Every measurement runs on ordinary cgraph graphs built by package nn.
// A hand-written matrix implementation of the same networks (Matrix) is
// kept beside it as an oracle for the tests and a baseline for the
// benchmarks.
//
// All randomness comes from explicit seeds; Sweep runs configurations on
// several goroutines, each with its own graph, and returns the same results
// whatever the scheduling.
package lab
