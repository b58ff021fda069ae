package nn

import (
	"math"
	"testing"
)

// TestSpread checks that spread is a permutation and that it deals the
// samples of a sorted batch evenly to contiguous shares of the slots: the
// mean position in the data of the samples in each half and each quarter
// of the slots is within 0.05·n of the middle (in data order the outer
// quarters would be 0.375·n off).
func TestSpread(t *testing.T) {
	for n := 1; n <= 600; n++ {
		slot := spread(n)
		seen := make([]bool, n)
		for _, s := range slot {
			if s < 0 || s >= n || seen[s] {
				t.Fatalf("n=%d: slots %v are not a permutation", n, slot)
			}
			seen[s] = true
		}
		if n < 64 {
			continue
		}
		sample := make([]int, n) // sample[s]: which sample went to slot s
		for k, s := range slot {
			sample[s] = k
		}
		for _, parts := range []int{2, 4} {
			for p := range parts {
				lo, hi := p*n/parts, (p+1)*n/parts
				sum := 0
				for _, k := range sample[lo:hi] {
					sum += k
				}
				mean := float64(sum) / float64(hi-lo)
				if mid := float64(n-1) / 2; math.Abs(mean-mid) > 0.05*float64(n) {
					t.Errorf("n=%d, part %d of %d: mean sample %.1f, want about %.1f", n, p+1, parts, mean, mid)
				}
			}
		}
	}
}
