package nn

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph"
)

// Feature is a function of a sample's raw inputs that a network takes as
// one of its inputs, as TensorFlow Playground's X1², X1·X2 and sin X1. In
// the graph a feature is a node computed by a gate from the input nodes
// x1, x2, …, named as ParseFeature reads it (x1^2, x1*x2, sin(x1)); the
// first layer takes the features instead of the raw inputs.
type Feature struct {
	Op   FeatureOp
	I, J int // the raw inputs, counted from 0; J only for Product
}

// FeatureOp is the kind of a Feature.
type FeatureOp int

// The feature kinds.
const (
	Identity FeatureOp = iota // x_i
	Square                    // x_i², the gate Mul(x_i, x_i)
	Product                   // x_i·x_j, the gate Mul(x_i, x_j)
	SinOf                     // sin x_i, the gate Sin
)

// String returns the feature's name, which is its node's name.
func (f Feature) String() string {
	x := "x" + strconv.Itoa(f.I+1)
	switch f.Op {
	case Square:
		return x + "^2"
	case Product:
		return x + "*x" + strconv.Itoa(f.J+1)
	case SinOf:
		return "sin(" + x + ")"
	}
	return x
}

// Eval returns the feature of the raw inputs x: the gate's own Forward,
// so that the dense plan's features are the graph's bit for bit.
func (f Feature) Eval(x []float64) float64 {
	switch f.Op {
	case Square:
		return x[f.I] * x[f.I]
	case Product:
		return x[f.I] * x[f.J]
	case SinOf:
		return math.Sin(x[f.I])
	}
	return x[f.I]
}

// node adds the feature's node to g, from the raw input nodes xs.
func (f Feature) node(g *cgraph.Graph, xs []*cgraph.Node) *cgraph.Node {
	switch f.Op {
	case Square:
		return g.Apply(f.String(), cgraph.Mul{}, xs[f.I], xs[f.I])
	case Product:
		return g.Apply(f.String(), cgraph.Mul{}, xs[f.I], xs[f.J])
	case SinOf:
		return g.Apply(f.String(), cgraph.Sin{}, xs[f.I])
	}
	return xs[f.I]
}

// ParseFeature reads one feature: xK, xK^2, xK*xM or sin(xK), with K and M
// counted from 1 (spaces are ignored, x1²  and x1·x2 are accepted too).
func ParseFeature(s string) (Feature, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), ""))
	t = strings.NewReplacer("²", "^2", "·", "*").Replace(t)
	bad := fmt.Errorf("nn: unknown feature %q (want xK, xK^2, xK*xM or sin(xK), e.g. x1, x1^2, x1*x2, sin(x1))", s)
	input := func(v string) (int, bool) {
		if !strings.HasPrefix(v, "x") {
			return 0, false
		}
		k, err := strconv.Atoi(v[1:])
		if err != nil || k < 1 || strconv.Itoa(k) != v[1:] {
			return 0, false
		}
		return k - 1, true
	}
	switch {
	case strings.HasPrefix(t, "sin(") && strings.HasSuffix(t, ")"):
		if i, ok := input(t[4 : len(t)-1]); ok {
			return Feature{Op: SinOf, I: i}, nil
		}
	case strings.HasSuffix(t, "^2"):
		if i, ok := input(strings.TrimSuffix(t, "^2")); ok {
			return Feature{Op: Square, I: i}, nil
		}
	case strings.Contains(t, "*"):
		a, b, _ := strings.Cut(t, "*")
		i, ok1 := input(a)
		j, ok2 := input(b)
		if ok1 && ok2 {
			if i == j {
				return Feature{Op: Square, I: i}, nil
			}
			return Feature{Op: Product, I: i, J: j}, nil
		}
	default:
		if i, ok := input(t); ok {
			return Feature{Op: Identity, I: i}, nil
		}
	}
	return Feature{}, bad
}

// ParseFeatures reads a comma-separated list of features, e.g.
// "x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)". Commas inside sin( ) are not
// special since sin takes one input.
func ParseFeatures(s string) ([]Feature, error) {
	var fs []Feature
	for _, part := range strings.Split(s, ",") {
		f, err := ParseFeature(part)
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// FeatureNames returns the names of fs.
func FeatureNames(fs []Feature) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.String()
	}
	return names
}

// checkFeatures checks that fs name raw inputs below inputs, each once.
func checkFeatures(fs []Feature, inputs int) error {
	seen := map[string]bool{}
	for _, f := range fs {
		if f.I >= inputs || f.J >= inputs {
			return fmt.Errorf("nn: feature %s: the data has %d inputs", f, inputs)
		}
		if seen[f.String()] {
			return fmt.Errorf("nn: feature %s is given twice", f)
		}
		seen[f.String()] = true
	}
	return nil
}

// width is the number of inputs of the first layer: the features, or the
// raw inputs if there are none.
func (cfg Config) width() int {
	if len(cfg.Features) > 0 {
		return len(cfg.Features)
	}
	return cfg.Inputs
}
