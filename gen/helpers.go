package gen

import "sort"

// The helper functions a generated file may call, written out only if it
// does. Their formulas are those of the cgraph package's gates, operation
// for operation; the tests compare the results bit for bit.
var helperSource = map[string]string{
	"finite": `// finite reports whether no element of xs is NaN or ±Inf: x·0 is 0 for a
// finite x and NaN otherwise.
func finite(xs []float64) bool {
	var a, b, c, d float64
	i := 0
	for ; i+3 < len(xs); i += 4 {
		a += xs[i] * 0
		b += xs[i+1] * 0
		c += xs[i+2] * 0
		d += xs[i+3] * 0
	}
	for ; i < len(xs); i++ {
		a += xs[i] * 0
	}
	return a+b+c+d == 0
}`,
	"sigmoid": `// sigmoid is σ(x) = 1/(1+e^−x), taking e^x only of x ≤ 0 so that it
// never overflows.
func sigmoid(x float64) float64 {
	e := math.Exp(-math.Abs(x))
	if x >= 0 {
		return 1 / (1 + e)
	}
	return e / (1 + e)
}`,
	"sigmoidLocal": `// sigmoidLocal is σ'(x) = σ(x)(1−σ(x)) for out = σ(x); near σ = 1 it takes
// 1−σ(x) = σ(−x) directly instead of letting it cancel.
func sigmoidLocal(x, out float64) float64 {
	rest := 1 - out
	if out > 0.99 {
		rest = sigmoid(-x)
	}
	return out * rest
}`,
	"tanhLocal": `// tanhLocal is tanh'(x) = 1 − tanh²(x) for out = tanh(x), or 1/cosh²(x)
// where |out| is close to 1 and the first form would cancel.
func tanhLocal(x, out float64) float64 {
	if math.Abs(out) > 0.9 {
		c := math.Cosh(x)
		return 1 / (c * c)
	}
	return 1 - out*out
}`,
	"pow": `// pow is a^b, exact for the common b = 2.
func pow(a, b float64) float64 {
	if b == 2 {
		return a * a
	}
	return math.Pow(a, b)
}`,
	"powBase": `// powBase is the contribution up·b·a^(b−1) to the base's gradient.
func powBase(a, b, up float64) float64 {
	switch b {
	case 2:
		return up * 2 * a
	case 1:
		return up
	}
	return up * b * math.Pow(a, b-1)
}`,
	"powExp": `// powExp is the contribution up·a^b·ln a to the exponent's gradient,
// taken as 0 for a ≤ 0.
func powExp(a, out, up float64) float64 {
	if a > 0 {
		return up * out * math.Log(a)
	}
	return 0
}`,
	"reluGrad": `// reluGrad is the contribution of relu to its input's gradient.
func reluGrad(x, up float64) float64 {
	if x > 0 {
		return up
	}
	return 0
}`,
	"leaky": `// leaky is x for x > 0 and slope·x otherwise.
func leaky(x, slope float64) float64 {
	if x > 0 {
		return x
	}
	return slope * x
}`,
	"leakyGrad": `// leakyGrad is the contribution of leaky relu to its input's gradient.
func leakyGrad(x, up, slope float64) float64 {
	if x > 0 {
		return up
	}
	return up * slope
}`,
}

// helperNeeds lists the helpers a helper calls.
var helperNeeds = map[string][]string{"sigmoidLocal": {"sigmoid"}}

// need records that the code calls helper name and returns the name.
func (w *writer) need(name string) string {
	for _, h := range w.helpers {
		if h == name {
			return name
		}
	}
	w.helpers = append(w.helpers, name)
	for _, dep := range helperNeeds[name] {
		w.need(dep)
	}
	return name
}

// writeHelpers writes the helpers used, sorted by name so that the file
// does not depend on the order of first use.
func (w *writer) writeHelpers() {
	names := append([]string(nil), w.helpers...)
	sort.Strings(names)
	for _, name := range names {
		w.p("%s", helperSource[name])
		w.p("")
	}
}
