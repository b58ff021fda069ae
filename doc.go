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
// that is used but never defined, a wrong number of inputs for a gate (a
// user's gate that indexes past its inputs is probed when its node is
// added: a *GateError), a NaN or ±Inf produced by a gate — is returned as
// an error that names the node concerned. Errors are snapshots: they print
// the same after later runs. Misuse by the programmer (a nil gate, a node
// of another graph) panics with a message prefixed "cgraph: ".
//
// # Writing a gate
//
// Any type that implements Gate is a gate: it can be added to a graph, run
// backward, gradient-checked and drawn. Each further facet it implements
// makes it first-class in one more engine, as the built-in gates are, each
// in one file: Deriver (its derivative rule as gates: gradient graphs,
// Hessians, local derivatives in diagrams), Exacter (exact values),
// Formulaer (its formula in diagrams), GoCoder (cgraph gen). See the
// custom gate example and the README's "Add a gate".
//
// # Derivatives are graphs
//
// Grad builds the backward pass from the gates' rules as ordinary nodes;
// HessianGraph and HVP differentiate it again. The tape, the batch, gen and
// the exact view are compilers of graphs that ask the gates through the
// facet interfaces and never by kind.
package cgraph
