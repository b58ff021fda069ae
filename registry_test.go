package cgraph_test

import (
	"reflect"
	"testing"

	"github.com/cgraph/cgraph"
)

// TestRegistry holds every built-in gate to every facet an engine asks
// for, and names the gate and the facet that is missing.
func TestRegistry(t *testing.T) {
	facets := []struct {
		name string
		typ  reflect.Type
		// leaves are loaded by the engines, not written as formulas or code
		leaves bool
	}{
		{"cgraph.Deriver (its derivative rule as gates)", reflect.TypeFor[cgraph.Deriver](), true},
		{"cgraph.Exacter (its exact forward)", reflect.TypeFor[cgraph.Exacter](), true},
		{"cgraph.Formulaer (its formula)", reflect.TypeFor[cgraph.Formulaer](), false},
		{"cgraph.GoCoder (its Go code for gen)", reflect.TypeFor[cgraph.GoCoder](), false},
		{"cgraph.Arity (its number of inputs)", reflect.TypeFor[cgraph.Arity](), true},
	}
	kinds := map[string]bool{}
	for _, gate := range cgraph.Builtins() {
		if kinds[gate.Kind()] {
			t.Errorf("two built-in gates of kind %q", gate.Kind())
		}
		kinds[gate.Kind()] = true
		leaf := isLeaf(gate)
		for _, f := range facets {
			if leaf && !f.leaves {
				continue
			}
			if !reflect.TypeOf(gate).Implements(f.typ) {
				t.Errorf("gate %s (%T) lacks %s", gate.Kind(), gate, f.name)
			}
		}
	}
	for _, tc := range gateCases {
		if !kinds[tc.gate.Kind()] {
			t.Errorf("gate %s of the test cases is not in cgraph.Builtins", tc.gate.Kind())
		}
	}
	tested := map[string]bool{}
	for _, tc := range gateCases {
		tested[tc.gate.Kind()] = true
	}
	for _, gate := range cgraph.Builtins() {
		if !isLeaf(gate) && !tested[gate.Kind()] {
			t.Errorf("gate %s has no row in gateCases", gate.Kind())
		}
	}
}

func isLeaf(g cgraph.Gate) bool {
	a, ok := g.(cgraph.Arity)
	if !ok {
		return false
	}
	_, max := a.Arity()
	return max == 0
}
