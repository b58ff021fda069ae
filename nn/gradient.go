package nn

// Gradient returns the gradient of the mean loss over data (the penalty
// included, as Evaluate's loss) with respect to every weight and bias of
// d, as a plan of d's shape whose W and B hold it: one backward pass of
// the dense plan over all the samples, in chunks so that a large dataset's
// pass stays small, the sums divided by their number. The plan's sums hold
// the penalty's gradient λ₁·sgn(w) + λ₂·w in every sample's, as the
// graph's do. d is not changed.
func (d *Plan) Gradient(data *Dataset) *Plan {
	p := d.Clone()
	p.Workers = 1
	grad := d.Clone()
	for _, L := range grad.Layers {
		clear(L.W)
		clear(L.B)
	}
	idx := make([]int, 0, gradientChunk)
	for start := 0; start < data.Len(); start += gradientChunk {
		idx = idx[:0]
		for i := start; i < min(start+gradientChunk, data.Len()); i++ {
			idx = append(idx, i)
		}
		pass := p.NewPass(len(idx))
		pass.load(data, idx)
		pass.Forward()
		pass.Backward()
		for l, L := range grad.Layers {
			for i, g := range pass.GW[l] {
				L.W[i] += g
			}
			for i, g := range pass.GB[l] {
				L.B[i] += g
			}
		}
	}
	n := float64(data.Len())
	for _, L := range grad.Layers {
		for i := range L.W {
			L.W[i] /= n
		}
		for i := range L.B {
			L.B[i] /= n
		}
	}
	return grad
}

// gradientChunk is the number of samples of one pass of Gradient.
const gradientChunk = 256
