package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// An Initializer draws the initial value of one weight of a layer with
// fanIn inputs and fanOut units.
type Initializer interface {
	Draw(r *rand.Rand, fanIn, fanOut int) float64
}

// InitFunc adapts a function to an Initializer.
type InitFunc func(r *rand.Rand, fanIn, fanOut int) float64

// Draw calls f.
func (f InitFunc) Draw(r *rand.Rand, fanIn, fanOut int) float64 { return f(r, fanIn, fanOut) }

// Init is a named initializer.
type Init string

// The named initializers.
const (
	Zero          Init = "zero"           // 0; draws nothing
	Uniform       Init = "uniform"        // U(−1, 1)
	Normal        Init = "normal"         // N(0, 1)
	XavierUniform Init = "xavier-uniform" // U(−a, a), a = √(6/(fanIn+fanOut)) (Glorot & Bengio 2010)
	XavierNormal  Init = "xavier-normal"  // N(0, 2/(fanIn+fanOut))
	He            Init = "he"             // N(0, 2/fanIn) (He et al. 2015)
	HeUniform     Init = "he-uniform"     // U(−a, a), a = √(6/fanIn)
)

// Inits lists the named initializers in the order of help texts.
var Inits = []Init{Uniform, Normal, XavierUniform, XavierNormal, He, HeUniform, Zero}

// ParseInit returns the initializer called s. Besides the names of the
// constants it accepts "xavier" and "glorot" (uniform), "glorot-uniform",
// "glorot-normal" and "he-normal".
func ParseInit(s string) (Init, error) {
	switch i := Init(strings.ToLower(strings.TrimSpace(s))); i {
	case Zero, Uniform, Normal, XavierUniform, XavierNormal, He, HeUniform:
		return i, nil
	case "xavier", "glorot", "glorot-uniform":
		return XavierUniform, nil
	case "glorot-normal":
		return XavierNormal, nil
	case "he-normal", "kaiming":
		return He, nil
	case "zeros":
		return Zero, nil
	}
	return "", fmt.Errorf("nn: unknown initializer %q (want one of uniform, normal, xavier-uniform, xavier-normal, he, he-uniform, zero)", s)
}

// Draw draws one weight. It panics for an unknown name.
func (i Init) Draw(r *rand.Rand, fanIn, fanOut int) float64 {
	fi, fo := float64(fanIn), float64(fanOut)
	switch i {
	case Zero:
		return 0
	case Uniform:
		return 2*r.Float64() - 1
	case Normal:
		return r.NormFloat64()
	case XavierUniform:
		a := math.Sqrt(6 / (fi + fo))
		return a * (2*r.Float64() - 1)
	case XavierNormal:
		return math.Sqrt(2/(fi+fo)) * r.NormFloat64()
	case He:
		return math.Sqrt(2/fi) * r.NormFloat64()
	case HeUniform:
		a := math.Sqrt(6 / fi)
		return a * (2*r.Float64() - 1)
	}
	panic("nn: unknown initializer " + string(i))
}

// Scaled multiplies every draw of Init by Gain, e.g. Xavier with gain 4 for
// sigmoid layers as Glorot and Bengio suggest.
type Scaled struct {
	Init Initializer
	Gain float64
}

// Draw draws from s.Init and multiplies by s.Gain.
func (s Scaled) Draw(r *rand.Rand, fanIn, fanOut int) float64 {
	return s.Gain * s.Init.Draw(r, fanIn, fanOut)
}

// initName describes an initializer for saved models.
func initName(i Initializer) string {
	switch i := i.(type) {
	case nil:
		return ""
	case Init:
		return string(i)
	case Scaled:
		return fmt.Sprintf("%s*%g", initName(i.Init), i.Gain)
	}
	return "custom"
}

// newRand returns the random source of a seed. The second PCG word is a
// fixed constant so that one seed number is all a user has to give.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}
