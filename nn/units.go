package nn

import (
	"fmt"
	"math"
	"strconv"
)

// UnitOutputs returns every unit's output for each input in xs, computed
// on the dense plan (the graph's forward values, bit for bit):
// out[l][j][s] is unit j of layer l (from 0; the last layer's are the
// outputs ŷ) on input xs[s]. It is what a per-neuron view draws.
func (m *MLP) UnitOutputs(xs [][]float64) ([][][]float64, error) {
	p := m.weights()
	out := make([][][]float64, len(p.Layers))
	for l, L := range p.Layers {
		out[l] = make([][]float64, L.Out)
		for j := range out[l] {
			out[l][j] = make([]float64, 0, len(xs))
		}
	}
	for start := 0; start < len(xs); start += evalChunk {
		chunk := xs[start:min(start+evalChunk, len(xs))]
		pass := p.NewPass(len(chunk))
		for s, x := range chunk {
			if len(x) != p.Raw {
				return nil, fmt.Errorf("nn: input %d has %d values for %d inputs", start+s+1, len(x), p.Raw)
			}
			pass.setX(s, x)
		}
		pass.Forward()
		for l, L := range p.Layers {
			for s := range chunk {
				for j := range L.Out {
					out[l][j] = append(out[l][j], pass.A[l][s*L.Out+j])
				}
			}
		}
	}
	return out, nil
}

// UnitNames returns the graph's names of every unit's output, layer by
// layer (a1_1, …, or z1_1 for a linear unit; the last layer's yhat1, …),
// without building the graph.
func (m *MLP) UnitNames() [][]string {
	names := make([][]string, len(m.cfg.Layers))
	for l, spec := range m.cfg.Layers {
		for j := range spec.Units {
			name := "a" + strconv.Itoa(l+1) + "_" + strconv.Itoa(j+1)
			if spec.Activation == Linear { // the unit's output is its z
				name = "z" + name[1:]
			}
			if l == len(m.cfg.Layers)-1 {
				name = "yhat" + strconv.Itoa(j+1)
			}
			names[l] = append(names[l], name)
		}
	}
	return names
}

// OutputFunc returns Output computed on the dense plan, for a view that
// asks for one input at a time (a decision boundary's grid): the same
// numbers, without building the graph. It reads the weights when it is
// made. Where the output is not finite, it runs the graph to name the
// node, as Output does. The network must have one output.
func (m *MLP) OutputFunc() func(x []float64) (float64, error) {
	p := m.Plan()
	pass := p.NewPass(1)
	pass.Sums = false
	last := len(p.Layers) - 1
	return func(x []float64) (float64, error) {
		if len(x) != p.Raw {
			return 0, fmt.Errorf("nn: input of %d values for %d inputs", len(x), p.Raw)
		}
		pass.setX(0, x)
		pass.Forward()
		v := pass.A[last][0]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if _, err := m.Output(x); err != nil {
				return 0, err
			}
			return 0, fmt.Errorf("nn: output %v", v)
		}
		return v, nil
	}
}
