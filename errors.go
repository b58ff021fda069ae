package cgraph

import (
	"errors"
	"fmt"
	"strings"
)

// ErrStale is returned by Backward when an input, a weight or the structure
// changed after the last Forward, so the stored values would give stale
// gradients.
var ErrStale = errors.New("cgraph: values are stale: run Forward after changing inputs, weights or the graph")

// DuplicateError reports a second definition of a node name.
type DuplicateError struct{ Name string }

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("cgraph: duplicate node name %q", e.Name)
}

// UnknownError reports a name that no node has.
type UnknownError struct{ Name string }

func (e *UnknownError) Error() string {
	return fmt.Sprintf("cgraph: no node named %q", e.Name)
}

// UndefinedError reports a node that was referred to (see Graph.Ref) but
// never defined.
type UndefinedError struct {
	Name string
	User string // a node that uses it, if any
}

func (e *UndefinedError) Error() string {
	if e.User == "" {
		return fmt.Sprintf("cgraph: node %q is never defined", e.Name)
	}
	return fmt.Sprintf("cgraph: node %q is used by %q but never defined", e.Name, e.User)
}

// CycleError reports a cycle. Nodes lists the cycle's nodes in the direction
// of the data flow, the first repeated at the end (a → b → a).
type CycleError struct{ Nodes []string }

// maxCycleShown caps the length of a cycle in an error message, so a cycle
// through a huge graph still gives a readable message.
const maxCycleShown = 12

func (e *CycleError) Error() string {
	names := e.Nodes
	if len(names) > maxCycleShown {
		names = append(append([]string{}, names[:maxCycleShown-2]...), "…", names[len(names)-1])
	}
	return "cgraph: cycle " + strings.Join(names, " -> ")
}

// NumericError reports a NaN or ±Inf produced by a node: in the forward pass
// as its value, in the backward pass as its contribution to Input's
// gradient.
//
// An error is a snapshot: the names, the kind and the inputs' values are
// copied when it is made (see newNumericError), and Error reads only those
// copies, so a stored error says the same after a later run, Set or Step.
// Node and Input stay for programs that want the nodes themselves.
type NumericError struct {
	Pass  string // "forward" or "backward"
	Node  *Node
	Input *Node // backward only
	Value float64
	// Sample is the 1-based sample of a Batch run, 0 for a Graph run.
	Sample int
	// Summed: a Batch run, where every sample's gradient of the weight Node
	// is finite, but their sum, Value, is not.
	Summed bool

	// The snapshot. NodeName is never empty in an error made by this
	// package; InputName is empty when there is no Input.
	NodeName, Kind, InputName string
	// Operands are Node's inputs with their values of the run that failed
	// (a Graph run only: a Batch's samples keep their values elsewhere).
	Operands []InputValue
}

// InputValue is a node's input as it was when an error was made.
type InputValue struct {
	Name  string
	Value float64
}

// newNumericError returns the error for node n (and, in the backward pass,
// its input) with the names, kind and inputs' values of this moment. The
// caller sets Sample or Summed for a Batch run.
func newNumericError(pass string, n, input *Node, v float64) *NumericError {
	e := &NumericError{Pass: pass, Node: n, Input: input, Value: v, NodeName: n.Name(), Kind: n.Kind()}
	if input != nil {
		e.InputName = input.Name()
	}
	if len(n.inputs) > 0 {
		e.Operands = make([]InputValue, len(n.inputs))
		for i, in := range n.inputs {
			e.Operands[i] = InputValue{Name: in.Name(), Value: in.Value()}
		}
	}
	return e
}

// newSampleError returns the error for node n in one sample (1-based) of
// a Batch run, without Operands: the graph's values are not the sample's.
func newSampleError(pass string, n *Node, v float64, sample int) *NumericError {
	return &NumericError{Pass: pass, Node: n, Value: v, Sample: sample, NodeName: n.Name(), Kind: n.Kind()}
}

// newSummedError returns the error for a weight whose gradient summed over
// a Batch's samples is v, not finite, although every sample's is.
func newSummedError(weight *Node, v float64) *NumericError {
	e := newSampleError("backward", weight, v, 0)
	e.Summed = true
	return e
}

// snapshot returns the error with its snapshot filled in. Only an error
// written as a struct literal, outside newNumericError, lacks one; it is
// then taken from the nodes as they are now.
func (e *NumericError) snapshot() *NumericError {
	if e.NodeName != "" || e.Node == nil {
		return e
	}
	s := newNumericError(e.Pass, e.Node, e.Input, e.Value)
	s.Sample, s.Summed = e.Sample, e.Summed
	return s
}

func (e *NumericError) Error() string {
	s := e.snapshot()
	if s.Summed {
		return fmt.Sprintf("cgraph: %s: the gradient of node %q (%s) summed over the batch's samples is %v", s.Pass, s.NodeName, s.Kind, s.Value)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cgraph: %s: node %q (%s) produced %v", s.Pass, s.NodeName, s.Kind, s.Value)
	if s.Sample > 0 {
		fmt.Fprintf(&b, " in sample %d", s.Sample)
		return b.String()
	}
	if s.InputName != "" {
		fmt.Fprintf(&b, " as gradient for input %q", s.InputName)
	}
	for i, in := range s.Operands {
		sep := ","
		if i == 0 {
			sep = " from"
		}
		fmt.Fprintf(&b, "%s %s=%v", sep, in.Name, in.Value)
	}
	return b.String()
}
