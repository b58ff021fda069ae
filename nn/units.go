package nn

import "fmt"

// UnitOutputs returns every unit's output for each input in xs, computed
// on the dense plan (the graph's forward values, bit for bit):
// out[l][j][s] is unit j of layer l (from 0; the last layer's are the
// outputs ŷ) on input xs[s]. It is what a per-neuron view draws.
func (m *MLP) UnitOutputs(xs [][]float64) ([][][]float64, error) {
	p := m.Plan()
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
