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
}

func (e *NumericError) Error() string {
	n := e.Node
	if e.Summed {
		return fmt.Sprintf("cgraph: %s: the gradient of node %q (%s) summed over the batch's samples is %v", e.Pass, n.Name(), n.Kind(), e.Value)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cgraph: %s: node %q (%s) produced %v", e.Pass, n.Name(), n.Kind(), e.Value)
	if e.Sample > 0 {
		fmt.Fprintf(&b, " in sample %d", e.Sample)
		return b.String()
	}
	if e.Input != nil {
		fmt.Fprintf(&b, " as gradient for input %q", e.Input.Name())
	}
	if len(n.inputs) > 0 {
		b.WriteString(" from")
		for i, in := range n.inputs {
			sep := ","
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(&b, "%s %s=%v", sep, in.Name(), in.Value())
		}
	}
	return b.String()
}
