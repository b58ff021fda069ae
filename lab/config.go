package lab

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph/nn"
)

// Config is one network of a sweep: Depth hidden layers of Width units
// with the same activation, then one linear output unit; Width inputs.
// Weights are drawn by Init (times Gain) from Seed, biases are 0. The
// gradients are measured on Samples inputs x ~ N(0, 1)^Width with targets
// y ~ N(0, 1), drawn from Seed too, under the squared loss (ŷ − y)².
type Config struct {
	Depth, Width int
	Activation   nn.Activation
	Init         nn.Init
	Gain         float64 // multiplies every initial weight; 0 means 1
	Seed         uint64
	Samples      int // 0: DefaultSamples
}

// DefaultSamples is the number of samples of a Config whose Samples is 0.
const DefaultSamples = 16

// Limits of a Config. The dense plan holds 8 bytes per weight, so the
// largest network (1,000 layers of 512 units, 262 million weights) takes
// 2.1 GB; a sweep runs one network per worker at a time.
const (
	MaxDepth = 1000
	MaxWidth = 512
)

// MaxGain is the largest gain of an initialisation: any larger only
// saturates every unit.
const MaxGain = 1e6

// SaturatedBelow is the local derivative under which a sigmoid or tanh
// unit counts as saturated: it passes back less than 1% of the gradient
// it receives (σ' at its peak passes 25%).
const SaturatedBelow = 0.01

func (c Config) withDefaults() Config {
	if c.Samples == 0 {
		c.Samples = DefaultSamples
	}
	if c.Gain == 0 {
		c.Gain = 1
	}
	return c
}

// Validate reports what is wrong with c, if anything.
func (c Config) Validate() error {
	switch {
	case c.Depth < 1 || c.Depth > MaxDepth:
		return fmt.Errorf("lab: depth %d; want 1 to %d", c.Depth, MaxDepth)
	case c.Width < 1 || c.Width > MaxWidth:
		return fmt.Errorf("lab: width %d; want 1 to %d", c.Width, MaxWidth)
	case c.Samples < 0:
		return fmt.Errorf("lab: %d samples", c.Samples)
	case !(c.Gain >= 0 && c.Gain <= MaxGain):
		return fmt.Errorf("lab: gain %g; want a positive number up to %g", c.Gain, float64(MaxGain))
	}
	switch c.Activation {
	case nn.Sigmoid, nn.Tanh, nn.ReLU, nn.LeakyReLU:
	default:
		return fmt.Errorf("lab: activation %q; want sigmoid, tanh, relu or leaky_relu", c.Activation)
	}
	if _, err := nn.ParseInit(string(c.Init)); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	if c.Init == nn.Zero {
		return fmt.Errorf("lab: zero initialisation has no gradients to measure")
	}
	return nil
}

// InitName is the initialisation as written in tables and JSON: the
// initializer's name, followed by "*gain" if the gain is not 1.
func (c Config) InitName() string {
	if c.Gain == 0 || c.Gain == 1 {
		return string(c.Init)
	}
	return string(c.Init) + "*" + strconv.FormatFloat(c.Gain, 'g', -1, 64)
}

// ParseInit reads an initialisation written as NAME or NAME*GAIN, e.g.
// "xavier*4" for Glorot's suggestion for sigmoid layers.
func ParseInit(s string) (nn.Init, float64, error) {
	name, gain, scaled := strings.Cut(s, "*")
	init, err := nn.ParseInit(name)
	if err != nil {
		return "", 0, err
	}
	g := 1.0
	if scaled {
		g, err = strconv.ParseFloat(strings.TrimSpace(gain), 64)
		if err != nil || !(g > 0 && g <= MaxGain) { // NaN fails the comparison too
			return "", 0, fmt.Errorf("lab: gain %q of %s is not a positive number up to %g", gain, name, float64(MaxGain))
		}
	}
	return init, g, nil
}

// initializer returns what nn draws the weights with.
func (c Config) initializer() nn.Initializer {
	if c.Gain == 1 {
		return c.Init
	}
	return nn.Scaled{Init: c.Init, Gain: c.Gain}
}

// weightRand returns the random source nn.New draws a network's weights
// from for a seed (nn's newRand). TestMatrixWeightsEqualNN holds the two
// to the same weights.
func weightRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// samples draws the inputs and targets of c from their own stream of the
// seed, so that they do not depend on how many weights were drawn.
func (c Config) samples() (xs [][]float64, ys []float64) {
	r := rand.New(rand.NewPCG(c.Seed, 0x5851f42d4c957f2d))
	for range c.Samples {
		x := make([]float64, c.Width)
		for i := range x {
			x[i] = r.NormFloat64()
		}
		xs = append(xs, x)
		ys = append(ys, r.NormFloat64())
	}
	return xs, ys
}

// MemoryBytes returns about how much memory Run takes at its peak for c:
// the weights of its dense plan and the values and gradients of its
// samples (nn.PlanBytes), within 1% of what Run allocates (measured at
// depth 50 to 200, width 32 to 128).
func (c Config) MemoryBytes() float64 {
	c = c.withDefaults()
	w, p := nn.PlanBytes(c.netConfig(), c.Samples)
	return float64(w + p)
}
