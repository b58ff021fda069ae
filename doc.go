// Package cgraph provides computational graphs of gates with forward and
// backward passes (reverse-mode automatic differentiation), SGD steps for
// trainable weights, and a finite-difference gradient check.
//
// The model follows the course exercise it grew out of: a Gate computes its
// output from its inputs' outputs (Forward) and, given the gradient of the
// graph's output with respect to its own output, adds its contribution to
// each input's gradient (Backward). A Graph owns named nodes, orders them
// topologically (ties broken by creation order, so runs and diagrams are
// deterministic), runs Forward over all of them, runs Backward from an output
// and applies Step (w ← w − α·∂L/∂w) to every Weight with its own learning
// rate α.
//
// # Errors and panics
//
// Everything that can come from a user — a duplicate name, a cycle, an input
// that is used but never defined, a NaN or ±Inf produced by a gate — is
// returned as an error that names the node concerned. Misuse by the
// programmer (a nil gate, a node of another graph, a wrong number of inputs
// for a built-in gate) panics with a message prefixed "cgraph: ".
//
// # Writing a gate
//
// Any type that implements Gate is a first-class gate: it can be added to a
// graph, differentiated, gradient-checked and drawn exactly like a built-in
// one. See the Softplus example.
package cgraph
