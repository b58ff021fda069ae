package cli

import (
	"fmt"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/internal/program"
	"github.com/cgraph/cgraph/nn"
)

// evaluateModel loads a network saved by cgraph train --save, sets its
// inputs x1… and targets y1… from assigns, and runs forward and backward
// from its loss L.
func evaluateModel(path string, assigns []string, mem *memoryBudget) (*evalRun, error) {
	m, _, err := loadModel(path, mem)
	if err != nil {
		return nil, usageError{err}
	}
	as, err := program.ParseAssignments(assigns)
	if err != nil {
		return nil, usageError{err}
	}
	inputs := append(append([]*cgraph.Node{}, m.Inputs()...), m.Targets()...)
	err = program.SetValues(m.Graph(), inputs, as, func(name string) error {
		return usagef("%s is not an input of the network in %s (its inputs are %v)", name, path, program.Names(inputs))
	})
	if err != nil {
		return nil, inputOrRunError(err)
	}
	if err := m.Graph().Run(m.Loss()); err != nil {
		return nil, err
	}
	r := &evalRun{graph: m.Graph(), output: m.Loss(), inputs: inputs, generated: func(*cgraph.Node) bool { return false },
		groups: program.Layers(m)}
	r.order, _ = m.Graph().Order()
	if m.Graph().Len() <= program.MaxExactNodes {
		if r.exact, err = m.Graph().Exact(m.Loss()); err != nil {
			return nil, fmt.Errorf("exact values: %w", err)
		}
	}
	return r, nil
}

// loadModel loads a saved network if building its gate graph fits the
// memory budget.
func loadModel(path string, mem *memoryBudget) (*nn.MLP, *nn.ModelMeta, error) {
	return nn.LoadWith(path, func(cfg nn.Config) error {
		return mem.check("the "+shapeString(configShape(cfg))+" network in "+path, nn.GraphBytes(cfg)+nn.TrainBytes(cfg, 1), "raise --max-memory if the machine has the memory")
	})
}
