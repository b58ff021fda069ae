package nn

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Dataset is a set of labelled samples: inputs X[i] and label Y[i]. The
// classification sets have labels 0 and 1.
type Dataset struct {
	Name string
	X    [][]float64
	Y    []float64
	// Regression marks labels that are numbers to fit, not classes:
	// Evaluate then reports no accuracy.
	Regression bool
}

// Len returns the number of samples.
func (d *Dataset) Len() int { return len(d.X) }

// Dim returns the number of inputs of a sample (0 for an empty set).
func (d *Dataset) Dim() int {
	if len(d.X) == 0 {
		return 0
	}
	return len(d.X[0])
}

// Bounds returns the smallest and largest value of input k over the set.
func (d *Dataset) Bounds(k int) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range d.X {
		lo, hi = min(lo, x[k]), max(hi, x[k])
	}
	return lo, hi
}

// validate checks that the set is non-empty and rectangular with finite
// numbers.
func (d *Dataset) validate() error {
	if len(d.X) == 0 {
		return fmt.Errorf("nn: dataset %q is empty", d.Name)
	}
	if len(d.X) != len(d.Y) {
		return fmt.Errorf("nn: dataset %q has %d inputs but %d labels", d.Name, len(d.X), len(d.Y))
	}
	n := len(d.X[0])
	for i, x := range d.X {
		if len(x) != n {
			return fmt.Errorf("nn: dataset %q: sample %d has %d inputs, sample 1 has %d", d.Name, i+1, len(x), n)
		}
	}
	return nil
}

func truthTable(name string, f func(a, b bool) bool) *Dataset {
	d := &Dataset{Name: name}
	for _, a := range []float64{0, 1} {
		for _, b := range []float64{0, 1} {
			d.X = append(d.X, []float64{a, b})
			y := 0.0
			if f(a == 1, b == 1) {
				y = 1
			}
			d.Y = append(d.Y, y)
		}
	}
	return d
}

// XOR returns the four samples of exclusive or: (0,0)→0, (0,1)→1, (1,0)→1,
// (1,1)→0.
func XOR() *Dataset { return truthTable("xor", func(a, b bool) bool { return a != b }) }

// AND returns the four samples of logical and.
func AND() *Dataset { return truthTable("and", func(a, b bool) bool { return a && b }) }

// OR returns the four samples of logical or.
func OR() *Dataset { return truthTable("or", func(a, b bool) bool { return a || b }) }

// ToyOptions set the size, noise and seed of a generated dataset. A nil
// *ToyOptions means the defaults.
type ToyOptions struct {
	N     int     // number of samples; 0: 200
	Noise float64 // 0 … 1, as TensorFlow Playground's noise slider / 100; 0: none
	Seed  uint64
	// Classes is the number of classes of Blobs; 0: 3.
	Classes int
}

func (o *ToyOptions) withDefaults() ToyOptions {
	d := ToyOptions{N: 200}
	if o != nil {
		d = *o
		if d.N <= 0 {
			d.N = 200
		}
	}
	return d
}

var builtins = map[string]func(*ToyOptions) *Dataset{
	"xor":           func(*ToyOptions) *Dataset { return XOR() },
	"and":           func(*ToyOptions) *Dataset { return AND() },
	"or":            func(*ToyOptions) *Dataset { return OR() },
	"circle":        Circle,
	"xor-quadrants": XORQuadrants,
	"gauss":         Gauss,
	"spiral":        Spiral,
	"moons":         Moons,
}

// DatasetNames returns the names Builtin accepts, sorted: the sets of
// labels 0 and 1 (BinaryNames), blobs (o.Classes classes) and the
// regression sets (RegressionNames). The command line and the page list
// these same names.
func DatasetNames() []string {
	names := append(BinaryNames(), "blobs")
	names = append(names, RegressionNames()...)
	sort.Strings(names)
	return names
}

// BinaryNames returns the names of the built-in sets of labels 0 and 1,
// sorted: those a network of one sigmoid output classifies.
func BinaryNames() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Builtin returns the dataset called name: xor, and, or (the truth tables;
// o is ignored), one of the generated 2-D sets circle, xor-quadrants,
// gauss, spiral, moons, blobs (of o.Classes classes), or a regression set
// (BuiltinRegression).
func Builtin(name string, o *ToyOptions) (*Dataset, error) {
	key := strings.ToLower(name)
	if key == "blobs" {
		return Blobs(o), nil
	}
	if regressions[key] != nil {
		return BuiltinRegression(key, o)
	}
	f := builtins[key]
	if f == nil {
		return nil, fmt.Errorf("nn: unknown dataset %q (want one of %s, or a .csv file)", name, strings.Join(DatasetNames(), ", "))
	}
	return f(o), nil
}
