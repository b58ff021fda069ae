package nn

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// The regression toys of TensorFlow Playground (src/dataset.ts): points
// drawn uniformly from [−6, 6]², scaled by 1/playScale like the
// classification toys, whose label is a number in [−1, 1] taken at the
// point moved by the noise (the point itself is stored unmoved, as
// Playground does). They want a linear output and the squared loss.

var regressions = map[string]func(*ToyOptions) *Dataset{
	"plane":     Plane,
	"gauss-mix": GaussMix,
}

// RegressionNames returns the names BuiltinRegression accepts, sorted.
func RegressionNames() []string {
	names := make([]string, 0, len(regressions))
	for n := range regressions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// BuiltinRegression returns the regression dataset called name: plane or
// gauss-mix.
func BuiltinRegression(name string, o *ToyOptions) (*Dataset, error) {
	f := regressions[strings.ToLower(name)]
	if f == nil {
		return nil, fmt.Errorf("nn: unknown regression dataset %q (want one of %s)", name, strings.Join(RegressionNames(), ", "))
	}
	return f(o), nil
}

// regress draws opt.N points and labels them with f of the moved point,
// in Playground's units.
func regress(name string, o *ToyOptions, f func(x, y float64) float64) *Dataset {
	opt := o.withDefaults()
	r := newRand(opt.Seed)
	d := &Dataset{Name: name, Regression: true}
	const radius = 6
	for range opt.N {
		x, y := uniform(r, -radius, radius), uniform(r, -radius, radius)
		nx := uniform(r, -radius, radius) * opt.Noise
		ny := uniform(r, -radius, radius) * opt.Noise
		d.X = append(d.X, []float64{x / playScale, y / playScale})
		d.Y = append(d.Y, f(x+nx, y+ny))
	}
	return d
}

// Plane returns points labelled (x + y)/10, a plane through the origin
// that maps x + y ∈ [−10, 10] to [−1, 1] (and beyond it at the corners).
func Plane(o *ToyOptions) *Dataset {
	return regress("plane", o, func(x, y float64) float64 { return (x + y) / 10 })
}

// gaussMixCentres are the six bumps of GaussMix: centre and sign.
var gaussMixCentres = [6][3]float64{{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}}

// GaussMix returns points labelled by six cones of radius 2 with
// alternating signs in two rows: each bump is ±(1 − dist/2) within
// distance 2 of its centre, and a point takes the bump of largest
// magnitude (0 far from all).
func GaussMix(o *ToyOptions) *Dataset {
	return regress("gauss-mix", o, gaussMixLabel)
}

// gaussMixLabel is GaussMix's label at (x, y) in Playground's units.
func gaussMixLabel(x, y float64) float64 {
	label := 0.0
	for _, c := range gaussMixCentres {
		v := c[2] * max(0, 1-math.Hypot(x-c[0], y-c[1])/2)
		if math.Abs(v) > math.Abs(label) {
			label = v
		}
	}
	return label
}
