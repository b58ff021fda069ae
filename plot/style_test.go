package plot

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// No two of the first 40 lines share colour and dash pattern, and the first
// ten (the vanish plot's nine lines) differ in colour alone.
func TestLineStyleDistinct(t *testing.T) {
	seen := map[string]int{}
	for i := range 40 {
		c, d := lineStyle(i)
		key := fmt.Sprint(c, d)
		if j, ok := seen[key]; ok {
			t.Errorf("lines %d and %d look alike", j, i)
		}
		seen[key] = i
		if i < 10 && d != nil {
			t.Errorf("line %d is dashed", i)
		}
	}
}

func TestPowerTickLabels(t *testing.T) {
	for _, tt := range []struct {
		lo, hi float64
		labels []string
	}{
		{2e-4, 0.3, []string{"1e-4", "1e-3", "1e-2", "1e-1", "1"}},
		{1e-13, 1e17, []string{"1e-13", "1e-10", "1e-7", "1e-4", "1e-1", "1e2", "1e5", "1e8", "1e11", "1e14", "1e17"}},
	} {
		var got []string
		for _, tk := range (powerTicks{}).Ticks(tt.lo, tt.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !slices.Equal(got, tt.labels) {
			t.Errorf("Ticks(%g, %g) labels %v, want %v", tt.lo, tt.hi, got, tt.labels)
		}
	}
}

// The boundary of f = x1 on [0, 1]² is the line x1 = 1/2, found between
// the samples by interpolation: every segment lies on it.
func TestContourSegments(t *testing.T) {
	g, err := sample(func(x, _ float64) (float64, error) { return x, nil }, 0, 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	segs := g.segments()
	if len(segs) != boundaryPixels-1 {
		t.Errorf("%d segments, want %d (one per row of cells)", len(segs), boundaryPixels-1)
	}
	for _, s := range segs {
		for _, p := range s {
			if math.Abs(p.X-0.5) > 1e-12 {
				t.Fatalf("segment point %v off the line x1 = 1/2", p)
			}
		}
	}
}
