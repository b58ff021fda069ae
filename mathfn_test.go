package cgraph

import (
	"math"
	"testing"
)

// The reference values below are e^x, ln x and a^b computed with Python's
// decimal module at 100 significant digits from the exact value of each
// float64 argument, then rounded once to float64 (float(Decimal) rounds
// correctly, subnormals included). The script, /usr/bin/python3 with the
// standard library only:
//
//	from decimal import Decimal, getcontext; getcontext().prec = 100
//	exp: float(Decimal(x).exp())   log: float(Decimal(x).ln())
//	pow: float((Decimal(b) * Decimal(a).ln()).exp())
//
// The random arguments come from random.Random(12): 40 in [709, 709.7827]
// and 40 subnormals with uniformly random bits.

type ref struct{ x, want float64 }

var expRefs = []ref{
	{709.0, 8.218407461554972e+307},
	{709.1, 9.082744919406668e+307},
	{709.4, 1.2260423226426727e+308},
	{709.436, 1.270983941812912e+308},
	{709.4361393031039, 1.2711610061535065e+308},
	{709.436139303104, 1.271161006153651e+308},
	{709.5, 1.3549863193146328e+308},
	{709.7, 1.6549840276802644e+308},
	{709.78, 1.7928227943945155e+308},
	{709.782712893384, 1.7976931348622732e+308},
	{709.7827128933841, math.Inf(1)},
	{710.0, math.Inf(1)},
	{1.0, 2.718281828459045},
	{0.5, 1.6487212707001282},
	{-1.0, 0.36787944117144233},
	{1e-10, 1.0000000001},
	{100.0, 2.6881171418161356e+43},
	{-100.0, 3.720075976020836e-44},
	{-700.0, 9.85967654375977e-305},
	{-708.4, 2.217119081664265e-308},
	{-720.0, 2.0322308024e-313},
	{-745.0, 5e-324},
	{-745.2, 0.0},
	{700.0, 1.0142320547350045e+304},
	{708.9, 7.436322587880697e+307},
	{709.3714464702095, 1.1915295620617666e+308},
	{709.5146037278298, 1.374919364864119e+308},
	{709.5215994757494, 1.3845716773573418e+308},
	{709.1116132962347, 9.188840393454625e+307},
	{709.0085004688066, 8.288565543659656e+307},
	{709.293320340938, 1.10198345694553e+308},
	{709.2144974787697, 1.0184571016008114e+308},
	{709.6342594204845, 1.5496835957486804e+308},
	{709.5405268695333, 1.4110275916644382e+308},
	{709.4707604242122, 1.3159407144076947e+308},
	{709.4368953503765, 1.2721224273593917e+308},
	{709.5176160139121, 1.3790672595173333e+308},
	{709.1137284974196, 9.2082972098289e+307},
	{709.3444308856396, 1.1597706191741556e+308},
	{709.1270066332338, 9.331381587942368e+307},
	{709.709105052643, 1.6701215537842276e+308},
	{709.0460418010645, 8.605643869367546e+307},
	{709.640890514062, 1.5599938390019506e+308},
	{709.0583969602468, 8.71262750826711e+307},
	{709.5376722460541, 1.407005382848616e+308},
	{709.2637695812781, 1.0698954560904295e+308},
	{709.3166915994047, 1.128041515859624e+308},
	{709.6593491159869, 1.5890565475831552e+308},
	{709.0145615858542, 8.338956066738667e+307},
	{709.0475761817071, 8.618858338157986e+307},
	{709.7161968326969, 1.682007785962566e+308},
	{709.3983363147879, 1.224004269970257e+308},
	{709.0712084720361, 8.824967524454528e+307},
	{709.7726297742904, 1.779657859606462e+308},
	{709.7409922797704, 1.724235282339014e+308},
	{709.0880753808123, 8.975079853316589e+307},
	{709.3312438154113, 1.1445770421323129e+308},
	{709.1057188983929, 9.134837027489369e+307},
	{709.2446256013443, 1.0496082078731693e+308},
	{709.4864104399121, 1.3366972032933467e+308},
	{709.1279903352353, 9.340565403014899e+307},
	{709.5454123544234, 1.4179380122759846e+308},
	{709.040194241345, 8.555468697049459e+307},
	{709.1340092702599, 9.396955192268759e+307},
	{709.6384465492885, 1.5561859241128033e+308},
}

var logRefs = []ref{
	{1e-308, -709.1962086421661},
	{2.225073858507201e-308, -708.3964185322641},
	{5e-324, -744.4400719213812},
	{1e-310, -713.8013788281542},
	{1e-320, -736.8272408909739},
	{1.5e-315, -724.9088391848877},
	{2.2250738585072014e-308, -708.3964185322641},
	{1.0, 0.0},
	{2.0, 0.6931471805599453},
	{0.5, -0.6931471805599453},
	{1e+300, 690.7755278982137},
	{1.7976931348623157e+308, 709.782712893384},
	{1.0000000000000002, 2.2204460492503128e-16},
	{0.9999999999999999, -1.1102230246251565e-16},
	{1e-300, -690.7755278982137},
	{1.351595458975372e-308, -708.8949229260537},
	{1.4866796279105953e-308, -708.7996634465147},
	{1.0448719921192095e-308, -709.1523142598322},
	{1.3557292685773883e-308, -708.8918691270229},
	{1.2040976197222583e-308, -709.0104782190626},
	{1.425665058864764e-308, -708.8415702293445},
	{1.83934014428824e-309, -710.8893868450924},
	{4.26917898144818e-309, -710.0473722024144},
	{1.751813574948081e-308, -708.6355570623066},
	{5.81999071740265e-309, -709.737495068366},
	{2.0939904466791054e-308, -708.4571370919635},
	{1.927207957890873e-308, -708.540136340606},
	{8.579752906062374e-309, -709.3493886209021},
	{6.895566939920116e-309, -709.5679150025061},
	{5.6155884168556e-309, -709.7732473587192},
	{7.459159710674495e-309, -709.4893509666085},
	{8.26093732391336e-309, -709.387255676594},
	{1.2754775831422687e-308, -708.9528879586778},
	{1.7023643543625177e-308, -708.664190560682},
	{3.99197275207379e-309, -710.114508202367},
	{8.47563374555668e-309, -709.3615983064526},
	{1.9115252619276115e-308, -708.5483071523378},
	{7.2791734403258e-310, -711.8163615108083},
	{5.7275889704052e-310, -712.0560841590305},
	{1.5033793174477893e-308, -708.7884931896847},
	{9.6753304697036e-310, -711.5317994327463},
	{4.5481666971739e-309, -709.9840695070909},
	{1.3512630937451615e-308, -708.8951688621436},
	{1.6761371070829156e-308, -708.6797168373167},
	{4.90941869243073e-309, -709.907638192943},
	{1.73511729656008e-309, -710.94771871796},
	{6.09196760332464e-309, -709.691822618046},
	{9.645299230168066e-309, -709.2323230649013},
	{1.108753997591218e-308, -709.0929717820371},
	{1.339644259126959e-308, -708.9038045417124},
	{1.615128739914155e-308, -708.7167939735514},
	{1.1437261338578055e-308, -709.0619171713486},
	{8.195072610397317e-309, -709.3952606626744},
	{7.557662199774e-309, -709.4762318256252},
	{1.013811673260631e-308, -709.1824914808138},
}

var powRefs = []struct{ a, b, want float64 }{
	{1e-310, 0.3, 1.000000000000007e-93},
	{1e-310, 0.9, 9.999999999999815e-280},
	{1e-310, 0.5, 9.999999999999986e-156},
	{3e-320, 0.25, 1.31607035003431e-80},
	{2.225073858507201e-308, 0.7, 4.396844454173072e-216},
	{5e-324, 0.1, 4.6706622762338734e-33},
	{1e-315, -0.2, 1.0000000003036712e+63},
	{1e-310, -1.5, math.Inf(1)},
	{2.5, 0.3, 1.3163822043342375},
	{0.7, -1.3, 1.5899100258580596},
	{10.0, 2.5, 316.22776601683796},
}

// ulps returns the distance of got from want in units in the last place:
// the number of float64 values between them, 0 if both are the same
// infinity or both NaN.
func ulps(got, want float64) uint64 {
	switch {
	case got == want || math.IsNaN(got) && math.IsNaN(want):
		return 0
	case math.IsInf(got, 0) || math.IsInf(want, 0) || math.Signbit(got) != math.Signbit(want):
		return math.MaxUint64
	}
	a, b := math.Float64bits(math.Abs(got)), math.Float64bits(math.Abs(want))
	if a > b {
		return a - b
	}
	return b - a
}

// maxULPs is the error allowed against the correctly rounded value: the
// math package's functions are within 1 ulp (their documentation's claim,
// and what was measured here), expHigh and logSmall add less than half an
// ulp of their own.
const maxULPs = 1

func TestExpAccurate(t *testing.T) {
	worst := uint64(0)
	for _, r := range expRefs {
		got := expAccurate(r.x)
		d := ulps(got, r.want)
		if d > maxULPs {
			t.Errorf("expAccurate(%v) = %v, want %v (%d ulps off; math.Exp gives %v)", r.x, got, r.want, d, math.Exp(r.x))
		}
		worst = max(worst, d)
	}
	t.Logf("largest error %d ulp over %d values", worst, len(expRefs))
	for _, x := range []float64{math.Inf(1), 1e300, 709.7827128933841} {
		if got := expAccurate(x); !math.IsInf(got, 1) {
			t.Errorf("expAccurate(%v) = %v, want +Inf", x, got)
		}
	}
	if got := expAccurate(math.Inf(-1)); got != 0 {
		t.Errorf("expAccurate(−Inf) = %v, want 0", got)
	}
	if got := expAccurate(math.NaN()); !math.IsNaN(got) {
		t.Errorf("expAccurate(NaN) = %v", got)
	}
}

func TestLogAccurate(t *testing.T) {
	worst := uint64(0)
	for _, r := range logRefs {
		got := logAccurate(r.x)
		d := ulps(got, r.want)
		if d > maxULPs {
			t.Errorf("logAccurate(%v) = %v, want %v (%d ulps off; math.Log gives %v)", r.x, got, r.want, d, math.Log(r.x))
		}
		worst = max(worst, d)
	}
	t.Logf("largest error %d ulp over %d values", worst, len(logRefs))
	specials := []ref{
		{0, math.Inf(-1)}, {math.Copysign(0, -1), math.Inf(-1)}, {math.Inf(1), math.Inf(1)},
		{-1, math.NaN()}, {-5e-324, math.NaN()}, {math.NaN(), math.NaN()},
	}
	for _, r := range specials {
		if got := logAccurate(r.x); ulps(got, r.want) != 0 {
			t.Errorf("logAccurate(%v) = %v, want %v", r.x, got, r.want)
		}
	}
}

// TestPowForwardSubnormal: math.Pow reads math.Log for the fractional part
// of the exponent, wrong by a factor 4 at 1e-310^0.3 on amd64. math.Pow's
// own error grows with |b·ln a|: against references made as above, over
// 300 random normal bases in [1e-307, 1e-250] and exponents in
// [−0.5, 1], it was up to 448 ulps (8.7e-273^−0.44). powForward on
// subnormal bases is held to that accuracy (its worst over 300 random
// subnormal cases was 406 ulps): 512 ulps, about 1e-13 relative.
func TestPowForwardSubnormal(t *testing.T) {
	worst := uint64(0)
	for _, r := range powRefs {
		got := powForward(r.a, r.b)
		d := ulps(got, r.want)
		if d > 512 {
			t.Errorf("powForward(%v, %v) = %v, want %v (%d ulps off; math.Pow gives %v)", r.a, r.b, got, r.want, d, math.Pow(r.a, r.b))
		}
		worst = max(worst, d)
	}
	t.Logf("largest error %d ulps over %d values", worst, len(powRefs))
}

// TestPowConventions holds Pow's value and derivatives to PyTorch's
// (torch.pow and its backward, pow_backward_self and
// pow_backward_exponent in FunctionsManual.cpp) at the edges, and states
// where cgraph differs: ∂/∂b at a < 0 is 0, not NaN.
func TestPowConventions(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		a, b             float64
		out, dBase, dExp float64 // dExp: PyTorch's value in the comment where it differs
	}{
		{0, 0, 1, 0, 0},                          // torch: 1, grads 0 and 0
		{0, 1, 0, 1, 0},                          // 0^1: d/da = 1·0^0 = 1
		{0, 2, 0, 0, 0},                          // (x−y)^2 at x = y
		{0, 3, 0, 0, 0},                          // 3·0^2
		{0, 0.5, 0, inf, 0},                      // √x at 0: d/da = +Inf (the graph reports it)
		{0, -1, inf, math.Inf(-1), math.Inf(-1)}, // 1/0: forward already +Inf
		{2, 0, 1, 0, math.Ln2},                   // 2^0: d/db = 1·ln 2
		{-3, 0, 1, 0, 0},                         // torch d/db: NaN (1·ln(−3))
		{-3, 2, 9, -6, 0},                        // torch d/db: NaN
		{-2, 3, -8, 12, 0},                       // torch d/db: NaN
		{-2, 0.5, nan, nan, 0},                   // forward NaN (the graph reports it)
		{4, 0.5, 2, 0.25, 2 * math.Log(4)},       //
		{math.E, 2, math.E * math.E, 2 * math.E, math.E * math.E},
	}
	same := func(got, want float64) bool {
		return ulps(got, want) <= 1
	}
	for _, tt := range tests {
		out := powForward(tt.a, tt.b)
		if !same(out, tt.out) {
			t.Errorf("powForward(%v, %v) = %v, want %v", tt.a, tt.b, out, tt.out)
		}
		if got := powDBase(tt.a, tt.b, out); !same(got, tt.dBase) {
			t.Errorf("powDBase(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.dBase)
		}
		if got := powDExp(tt.a, out); !same(got, tt.dExp) {
			t.Errorf("powDExp(%v, %v) = %v, want %v", tt.a, out, got, tt.dExp)
		}
	}
	if got := powDExp(nan, nan); !math.IsNaN(got) {
		t.Errorf("powDExp(NaN) = %v", got)
	}
}

// TestPowDBaseMatchesGate: where Pow's Backward is defined today, the new
// rule gives the same bits, so wiring it in changes no number of today's
// tests.
func TestPowDBaseMatchesGate(t *testing.T) {
	for _, a := range []float64{0.3, 1.7, 2, -1.5, 4} {
		for _, b := range []float64{1, 2, 3, 0.5, -1.3, 2.5} {
			out := Pow{}.Forward([]float64{a, b})
			if out-out != 0 {
				continue
			}
			grads := make([]float64, 2)
			Pow{}.Backward([]float64{a, b}, out, 1, grads)
			if got := powDBase(a, b, out); math.Float64bits(got) != math.Float64bits(grads[0]) {
				t.Errorf("powDBase(%v, %v) = %v, Pow.Backward gives %v", a, b, got, grads[0])
			}
			if a > 0 {
				if got := powDExp(a, out); math.Float64bits(got) != math.Float64bits(grads[1]) {
					t.Errorf("powDExp(%v, %v) = %v, Pow.Backward gives %v", a, out, got, grads[1])
				}
			}
		}
	}
}

// The math package is the baseline, in the same run: in the normal range
// the accurate functions must cost the same (one comparison more). Each
// loop calls its function directly, as the gates will, so that what can be
// inlined is.
var sink float64

// mathFnArgs are 1024 arguments of ordinary size, in [−20, 20).
var mathFnArgs = func() []float64 {
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = -20 + 40*float64(i)/float64(len(xs))
	}
	return xs
}()

func BenchmarkExp(b *testing.B) {
	xs := mathFnArgs
	b.Run("math", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += math.Exp(xs[i&1023])
		}
		sink = s
	})
	b.Run("accurate", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += expAccurate(xs[i&1023])
		}
		sink = s
	})
}

func BenchmarkLog(b *testing.B) {
	xs := make([]float64, len(mathFnArgs))
	for i, x := range mathFnArgs {
		xs[i] = math.Abs(x) + 0.5
	}
	b.Run("math", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += math.Log(xs[i&1023])
		}
		sink = s
	})
	b.Run("accurate", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += logAccurate(xs[i&1023])
		}
		sink = s
	})
}

func BenchmarkPow(b *testing.B) {
	xs := make([]float64, len(mathFnArgs))
	for i, x := range mathFnArgs {
		xs[i] = math.Abs(x) + 0.5
	}
	b.Run("math", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += math.Pow(xs[i&1023], 1.3)
		}
		sink = s
	})
	b.Run("forward", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += powForward(xs[i&1023], 1.3)
		}
		sink = s
	})
}

// TestGatesAtTheEdges: the Exp, Log and Pow gates, in a graph, give the
// right numbers where math.Exp, math.Log and math.Pow on amd64 do not.
func TestGatesAtTheEdges(t *testing.T) {
	tests := []struct {
		gate Gate
		in   []float64
		want float64 // by expAccurate and logAccurate, held to 100-digit references above
	}{
		{Exp{}, []float64{709.7}, expAccurate(709.7)},
		{Log{}, []float64{1e-308}, logAccurate(1e-308)},
		{Pow{}, []float64{1e-310, 0.3}, powForward(1e-310, 0.3)},
	}
	for _, tt := range tests {
		g := New()
		var ins []*Node
		for _, v := range tt.in {
			ins = append(ins, g.Input("", v))
		}
		n := g.Apply("n", tt.gate, ins...)
		if err := g.Forward(); err != nil {
			t.Fatalf("%s%v: %v", tt.gate.Kind(), tt.in, err)
		}
		if n.Value() != tt.want || math.IsInf(n.Value(), 0) {
			t.Errorf("%s%v = %v, want %v", tt.gate.Kind(), tt.in, n.Value(), tt.want)
		}
	}
	if v := expAccurate(709.7); math.IsInf(v, 0) || math.Abs(v-1.65e308)/1.65e308 > 0.01 {
		t.Errorf("e^709.7 = %v, want about 1.65e308", v)
	}
	if v := logAccurate(1e-308); math.Abs(v+709.196208642166) > 1e-9 {
		t.Errorf("ln 1e-308 = %v, want −709.196208642166", v)
	}
}
