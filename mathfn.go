package cgraph

import "math"

// Elementary functions that are right over the whole float64 range, where
// the math package is not on amd64 (measured with Go 1.26, see
// mathfn_test.go):
//
//   - math.Exp's assembly returns +Inf from x = 709.43613930310403 on,
//     although e^x is finite up to x = 709.78271289338397 (Go's pure-Go
//     exp, used on other architectures, is right there).
//   - math.Log's assembly is wrong for subnormal x: log(1e-308) gives
//     −708.718 instead of −709.196, log(5e-324) −709.090 instead of
//     −744.440.
//   - math.Pow reads math.Log for the fractional part of the exponent, so
//     Pow(1e-310, 0.3) is 4.1e-93 instead of 1.0e-93.
//
// Each function takes the math package's path first, with one comparison,
// and a second branch only at the edge, so that in the normal range it
// costs what the math function costs (BenchmarkMathFn).

// ln2Hi + ln2Lo = ln 2 to about 2⁻⁸⁶. ln2Hi has 32 significant bits, so
// k·ln2Hi is exact for |k| < 2²¹ (Cody and Waite's reduction, with the
// same constants as Go's exp.go and fdlibm).
const (
	ln2Hi = 6.93147180369123816490e-01 // 0x3fe62e42fee00000
	ln2Lo = 1.90821492927058770002e-10 // 0x3dea39ef35793c76
)

// expFastMax is the largest x for which expAccurate trusts math.Exp. The
// assembly fails from 709.436 on, with FMA and without (measured with
// GODEBUG=cpu.fma=off); 709 leaves a margin, and the reference values
// include it.
const expFastMax = 709.0

// expAccurate returns e^x, finite for every x ≤ 709.78271289338397 (the
// largest x whose e^x rounds to a finite float64), within 1 ulp of the
// true value over the whole range. The normal range costs one comparison
// more than math.Exp, and one call: no wrapper of math.Exp can be inlined
// (math.Exp alone costs 65 of the inliner's budget of 80).
//
// Above expFastMax it returns e^r·2¹⁰²³ with r = x − 1023·ln 2 in
// (−0.09, 0.69]. 1023·ln2Hi is exact (42 bits) and so is x − 1023·ln2Hi
// (Sterbenz: they are within a factor 2), so r carries an error of half an
// ulp of a number below 1; the scaling by 2¹⁰²³ is exact, and +Inf exactly
// when e^r ≥ 2, that is when e^x overflows (or x = +Inf). NaN fails the
// comparison and stays NaN.
func expAccurate(x float64) float64 {
	if x <= expFastMax {
		return math.Exp(x)
	}
	return math.Exp((x-1023*ln2Hi)-1023*ln2Lo) * 0x1p1023
}

// logAccurate returns the natural logarithm of x, right also for subnormal
// x (below 2⁻¹⁰²², down to 2⁻¹⁰⁷⁴ ≈ 4.9e-324), within 1 ulp. The normal
// range costs one comparison more than math.Log.
//
// A subnormal x is scaled by 2⁵² into the normal range: log x =
// log(x·2⁵²) − 52·ln 2. The scaling is exact, and so is
// log(x·2⁵²) − 52·ln2Hi (multiples of 2⁻⁴³ with a difference below 1024),
// so the result has the error of math.Log plus one rounding. Zero,
// negative numbers and NaN go through math.Log as they are.
func logAccurate(x float64) float64 {
	if x >= 0x1p-1022 { // normal or +Inf
		return math.Log(x)
	}
	if x > 0 {
		return (math.Log(x*0x1p52) - 52*ln2Hi) - 52*ln2Lo
	}
	return math.Log(x) // ±0: −Inf; negative or NaN: NaN
}

// Pow's conventions, as for PyTorch unless said otherwise (this comment is
// meant for the README):
//
//   - 0^0 = 1 (also x^0 = 1 for every x, NaN included, as in Go and IEEE
//     754's pow).
//   - ∂(a^b)/∂a = b·a^(b−1), and 0 where b = 0: a^0 is the constant 1, so
//     its derivative is 0 even at a = 0, where b·a^(b−1) would be
//     0·∞ = NaN. This is PyTorch's pow_backward, which masks b == 0 to 0.
//   - ∂(a^b)/∂b = a^b·ln a for a > 0.
//   - At a = 0 with b ≥ 0 it is 0, as in PyTorch: a^b is 0 (or 1 for b = 0)
//     and ln 0 = −∞ would make it 0·(−∞) = NaN. (For b < 0, 0^b = +∞ and
//     the forward pass has already failed.)
//   - At a < 0 it is 0, where PyTorch gives NaN. a^b is then real only at
//     integer b, so no derivative in b exists, and both are conventions.
//     cgraph gives every input of a gate a gradient, constants included,
//     and reports a NaN gradient as an error naming the node: with NaN,
//     (ŷ − y)^2.5 or x^3 at x < 0 would fail although the gradient of the
//     base, the one anyone reads, is well defined. PyTorch does not compute
//     gradients of exponents that do not require them, so its NaN stays
//     unseen in the same programs.

// powForward returns a^b: math.Pow, but a·a exactly for b = 2 (the common
// square), and right for a subnormal base with a fractional exponent,
// where math.Pow reads math.Log's wrong value.
func powForward(a, b float64) float64 {
	if b == 2 {
		return a * a
	}
	if 0 < a && a < 0x1p-1022 && b != math.Trunc(b) {
		return powSubnormal(a, b)
	}
	return math.Pow(a, b)
}

// powSubnormal returns a^b for a subnormal a > 0 as (a·2⁵²)^b · 2^(−52b).
// a·2⁵² is exact and normal; each factor is within math.Pow's error, and
// both are below 1 or above 1 together with the result, so neither
// overflows nor underflows before it does.
func powSubnormal(a, b float64) float64 {
	return math.Pow(a*0x1p52, b) * math.Pow(2, -52*b)
}

// powDBase returns ∂(a^b)/∂a = b·a^(b−1), 0 for b = 0. out (a^b) is not
// read: b·out/a would save a Pow, but it fails at a = 0 and differs from
// today's b·a^(b−1) in the last bits; the parameter keeps the signature
// of the other rules.
func powDBase(a, b, _ float64) float64 {
	switch b {
	case 0:
		return 0 // a^0 is constant, even at a = 0 (PyTorch's pow_backward)
	case 1:
		return 1
	case 2:
		return 2 * a
	}
	return b * powForward(a, b-1)
}

// powDExp returns ∂(a^b)/∂b given a and out = a^b: out·ln a for a > 0;
// 0 for a = 0 when out is finite (b ≥ 0) and for a < 0 (see the
// conventions above); for a = 0 and b < 0, out = +∞ and the result is
// +∞·ln 0 = −∞, as in PyTorch.
func powDExp(a, out float64) float64 {
	switch {
	case a > 0:
		return out * logAccurate(a)
	case a == 0 && out-out != 0:
		return math.Inf(-1)
	case a <= 0:
		return 0
	}
	return math.NaN() // a is NaN
}

// The functions above as gen writes them into generated code, which
// cannot call this package's unexported functions: the same operations,
// so that generated code computes the tape's bits.
var mathfnGo = map[string]string{
	"expAccurate": `// expAccurate is e^x, finite up to 709.78 where math.Exp on amd64
// overflows from 709.436 (see the cgraph package).
func expAccurate(x float64) float64 {
	if x <= 709.0 {
		return math.Exp(x)
	}
	return math.Exp((x-1023*6.93147180369123816490e-01)-1023*1.90821492927058770002e-10) * 0x1p1023
}`,
	"logAccurate": `// logAccurate is ln x, right also for subnormal x, where math.Log on
// amd64 is not (see the cgraph package).
func logAccurate(x float64) float64 {
	if x >= 0x1p-1022 {
		return math.Log(x)
	}
	if x > 0 {
		return (math.Log(x*0x1p52) - 52*6.93147180369123816490e-01) - 52*1.90821492927058770002e-10
	}
	return math.Log(x)
}`,
	"pow": `// pow is a^b: exact for the common b = 2, right for subnormal bases.
func pow(a, b float64) float64 {
	if b == 2 {
		return a * a
	}
	if 0 < a && a < 0x1p-1022 && b != math.Trunc(b) {
		return math.Pow(a*0x1p52, b) * math.Pow(2, -52*b)
	}
	return math.Pow(a, b)
}`,
}
