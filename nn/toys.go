package nn

import (
	"math"
	"math/rand/v2"
)

// The 2-D toys of TensorFlow Playground (playground.tensorflow.org,
// src/dataset.ts), plus two moons. Playground draws them on a plane of
// about [−6, 6]²; here every coordinate is divided by playScale so that
// the points lie in about [−1, 1]², where sigmoid and tanh units are not
// saturated by the raw inputs. Labels are 1 (Playground's +1) and 0 (−1).

const playScale = 6

func label(pos bool) float64 {
	if pos {
		return 1
	}
	return 0
}

func add(d *Dataset, x, y float64, pos bool) {
	d.X = append(d.X, []float64{x / playScale, y / playScale})
	d.Y = append(d.Y, label(pos))
}

// uniform returns a number in [a, b).
func uniform(r *rand.Rand, a, b float64) float64 { return a + (b-a)*r.Float64() }

// Circle returns points inside a circle of radius 2.5 (label 1) and on a
// ring from radius 3.5 to 5 (label 0); noise moves the points and can
// carry them across, and labels follow the moved points.
func Circle(o *ToyOptions) *Dataset {
	opt := o.withDefaults()
	r := newRand(opt.Seed)
	d := &Dataset{Name: "circle"}
	const radius = 5
	gen := func(rlo, rhi float64) {
		rad := uniform(r, rlo, rhi)
		angle := uniform(r, 0, 2*math.Pi)
		x, y := rad*math.Sin(angle), rad*math.Cos(angle)
		x += uniform(r, -radius, radius) * opt.Noise
		y += uniform(r, -radius, radius) * opt.Noise
		add(d, x, y, math.Hypot(x, y) < radius*0.5)
	}
	for range opt.N / 2 {
		gen(0, radius*0.5)
	}
	for range opt.N - opt.N/2 {
		gen(radius*0.7, radius)
	}
	return d
}

// XORQuadrants returns points in [−5, 5]², kept 0.3 away from the axes,
// labelled 1 where x·y ≥ 0 (first and third quadrant): the Playground's
// XOR.
func XORQuadrants(o *ToyOptions) *Dataset {
	opt := o.withDefaults()
	r := newRand(opt.Seed)
	d := &Dataset{Name: "xor-quadrants"}
	const padding = 0.3
	for range opt.N {
		x, y := uniform(r, -5, 5), uniform(r, -5, 5)
		x += math.Copysign(padding, x)
		y += math.Copysign(padding, y)
		nx := x + uniform(r, -5, 5)*opt.Noise
		ny := y + uniform(r, -5, 5)*opt.Noise
		add(d, nx, ny, x*y >= 0)
	}
	return d
}

// Gauss returns two Gaussian clouds around (2, 2) (label 1) and (−2, −2)
// (label 0) whose variance grows from 0.5 to 4 with the noise.
func Gauss(o *ToyOptions) *Dataset {
	opt := o.withDefaults()
	r := newRand(opt.Seed)
	d := &Dataset{Name: "gauss"}
	sd := math.Sqrt(0.5 + (4-0.5)*opt.Noise)
	for i := range opt.N {
		pos := i < opt.N/2
		c := -2.0
		if pos {
			c = 2
		}
		add(d, c+sd*r.NormFloat64(), c+sd*r.NormFloat64(), pos)
	}
	return d
}

// Spiral returns two interleaved spirals of 1.75 turns out to radius 5.
func Spiral(o *ToyOptions) *Dataset {
	opt := o.withDefaults()
	r := newRand(opt.Seed)
	d := &Dataset{Name: "spiral"}
	n := opt.N / 2
	arm := func(count int, deltaT float64, pos bool) {
		for i := range count {
			t := float64(i) / float64(count)
			rad := t * 5
			angle := 1.75*t*2*math.Pi + deltaT
			x := rad*math.Sin(angle) + uniform(r, -1, 1)*opt.Noise
			y := rad*math.Cos(angle) + uniform(r, -1, 1)*opt.Noise
			add(d, x, y, pos)
		}
	}
	arm(n, 0, true)
	arm(opt.N-n, math.Pi, false)
	return d
}

// Moons returns two interleaving half circles (as scikit-learn's
// make_moons): the upper one (label 0) and the lower one (label 1),
// shifted to be centred on the origin; noise is the standard deviation of
// added Gaussian noise in units of the moons' radius.
func Moons(o *ToyOptions) *Dataset {
	opt := o.withDefaults()
	r := newRand(opt.Seed)
	d := &Dataset{Name: "moons"}
	nOut := opt.N / 2
	const s = 2.5 // moon radius in Playground units
	for i := range opt.N {
		upper := i < nOut
		var x, y float64
		if upper {
			t := math.Pi * float64(i) / float64(max(nOut-1, 1))
			x, y = math.Cos(t), math.Sin(t)
		} else {
			k := opt.N - nOut
			t := math.Pi * float64(i-nOut) / float64(max(k-1, 1))
			x, y = 1-math.Cos(t), 0.5-math.Sin(t)
		}
		x += opt.Noise * r.NormFloat64()
		y += opt.Noise * r.NormFloat64()
		add(d, s*(x-0.5), s*(y-0.25), !upper)
	}
	return d
}

// Blobs returns o.Classes Gaussian clouds (0: 3) labelled 0 … K−1, centred
// evenly on a circle of radius 3.5, with a standard deviation growing from
// 0.6 to 2 with the noise: the toy of a classifier of more than two
// classes. It is in DatasetNames, not in BinaryNames.
func Blobs(o *ToyOptions) *Dataset {
	opt := o.withDefaults()
	k := opt.Classes
	if k <= 0 {
		k = 3
	}
	r := newRand(opt.Seed)
	d := &Dataset{Name: "blobs"}
	sd := 0.6 + (2-0.6)*opt.Noise
	for i := range opt.N {
		c := i % k
		angle := 2 * math.Pi * float64(c) / float64(k)
		x := 3.5*math.Cos(angle) + sd*r.NormFloat64()
		y := 3.5*math.Sin(angle) + sd*r.NormFloat64()
		d.X = append(d.X, []float64{x / playScale, y / playScale})
		d.Y = append(d.Y, float64(c))
	}
	return d
}
