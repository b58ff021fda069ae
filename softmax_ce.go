package cgraph

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// SoftmaxCE is the cross-entropy of the softmax of K logits against a
// class: inputs z₀ … z_{K−1} and the class y (0 … K−1, rounded to the
// nearest integer, so a class given as 2.0000001 is 2), and
//
//	L = −ln softmax(z)_y = ln Σᵢ e^zᵢ − z_y
//
// computed stably as m + ln Σᵢ e^(zᵢ−m) − z_y with m = max z, which
// neither overflows nor loses the small probabilities. A class outside
// 0 … K−1 gives NaN, which the run reports naming the node. The loss of a
// classifier of K classes, with ∂L/∂zᵢ = pᵢ − [i = y].
type SoftmaxCE struct{}

func (SoftmaxCE) Kind() string          { return "softmax_ce" }
func (SoftmaxCE) Arity() (min, max int) { return 3, -1 }
func (SoftmaxCE) Loss()                 {}

func (SoftmaxCE) Forward(in []float64) float64 {
	z, y := in[:len(in)-1], in[len(in)-1]
	k, ok := class(y, len(z))
	if !ok {
		return math.NaN()
	}
	m, s := softmaxSum(z)
	return m + math.Log(s) - z[k]
}

// ∂L/∂zᵢ = pᵢ − [i = y]; the class has no derivative.
func (SoftmaxCE) Backward(in []float64, _, up float64, grads []float64) {
	z, y := in[:len(in)-1], in[len(in)-1]
	_, ok := class(y, len(z))
	m, s := softmaxSum(z)
	for i, zi := range z {
		p := math.Exp(zi-m) / s
		if !ok {
			p = math.NaN()
		}
		grads[i] += up * (p - isClassValue(y, i))
	}
}

// class returns the class y names among k, and false if it names none.
func class(y float64, k int) (int, bool) {
	r := math.Round(y)
	if !(r >= 0 && r < float64(k)) { // NaN fails too
		return 0, false
	}
	return int(r), true
}

// softmaxSum returns m = max z and s = Σ e^(zᵢ−m), the parts of every
// softmax here, always in this order so that all of them agree to the bit.
func softmaxSum(z []float64) (m, s float64) {
	m = math.Inf(-1)
	for _, x := range z {
		m = max(m, x)
	}
	for _, x := range z {
		s += math.Exp(x - m)
	}
	return m, s
}

func (SoftmaxCE) Derive(b *Builder, in []*Node, _, up *Node, i int) *Node {
	k := len(in) - 1
	if i == k {
		return nil // the class
	}
	p := b.Apply(SoftmaxAt{I: i}, in[:k]...)
	return b.Mul(up, b.Sub(p, b.Apply(IsClass{I: i}, in[k])))
}

// ExactForward: ln of a sum of exponentials is not rational.
func (SoftmaxCE) ExactForward([]*big.Rat) *big.Rat { return nil }

func (SoftmaxCE) Formula(a []string) string {
	k := len(a) - 1
	return "−ln softmax(" + strings.Join(a[:k], ", ") + ")[" + a[k] + "]"
}

func (SoftmaxCE) GoForward(v string, in []string) string {
	k := len(in) - 1
	return v + " := softmaxCE(" + in[k] + ", " + strings.Join(in[:k], ", ") + ")\n"
}

func (SoftmaxCE) GoBackward(_ string, in []string, _, up string) []string {
	k := len(in) - 1
	c := make([]string, len(in))
	for i := range k {
		c[i] = fmt.Sprintf("%s * (softmaxCEGrad(%d, %s, %s) - isClass(%s, %d))", up, i, in[k], strings.Join(in[:k], ", "), in[k], i)
	}
	return c
}

func (SoftmaxCE) GoHelpers() map[string]string { return softmaxHelpers }

// SoftmaxAt is the I-th probability of the softmax of its inputs,
// e^(z_I−m) / Σᵢ e^(zᵢ−m) with m = max z: the node SoftmaxCE's rule makes.
type SoftmaxAt struct{ I int }

func (SoftmaxAt) Kind() string          { return "softmax" }
func (SoftmaxAt) Arity() (min, max int) { return 1, -1 }

// CheckInputs refuses an index outside the inputs.
func (g SoftmaxAt) CheckInputs(n int) error {
	if g.I < 0 || g.I >= n {
		return fmt.Errorf("softmax's index %d is not one of its %d inputs", g.I, n)
	}
	return nil
}

func (g SoftmaxAt) Forward(in []float64) float64 {
	m, s := softmaxSum(in)
	return math.Exp(in[g.I]-m) / s
}

// ∂p_I/∂z_j = p_I·([I = j] − p_j)
func (g SoftmaxAt) Backward(in []float64, out, up float64, grads []float64) {
	m, s := softmaxSum(in)
	for j, zj := range in {
		d := -(math.Exp(zj-m) / s)
		if j == g.I {
			d = 1 - math.Exp(zj-m)/s
		}
		grads[j] += up * (out * d)
	}
}

func (g SoftmaxAt) Derive(b *Builder, in []*Node, out, up *Node, j int) *Node {
	pj := b.Apply(SoftmaxAt{I: j}, in...)
	d := b.Neg(pj)
	if j == g.I {
		d = b.Sub(b.Const(1), pj)
	}
	return b.Mul(up, b.Mul(out, d))
}

// ExactForward is rational where every logit is the same: 1/K.
func (g SoftmaxAt) ExactForward(in []*big.Rat) *big.Rat {
	for _, x := range in[1:] {
		if x.Cmp(in[0]) != 0 {
			return nil
		}
	}
	return big.NewRat(1, int64(len(in)))
}

func (g SoftmaxAt) Formula(a []string) string {
	return "softmax(" + strings.Join(a, ", ") + ")[" + strconv.Itoa(g.I) + "]"
}

func (g SoftmaxAt) GoForward(v string, in []string) string {
	return fmt.Sprintf("%s := softmaxAt(%d, %s)\n", v, g.I, strings.Join(in, ", "))
}

func (g SoftmaxAt) GoBackward(_ string, in []string, out, up string) []string {
	c := make([]string, len(in))
	all := strings.Join(in, ", ")
	for j := range in {
		d := fmt.Sprintf("-softmaxAt(%d, %s)", j, all)
		if j == g.I {
			d = fmt.Sprintf("1 - softmaxAt(%d, %s)", j, all)
		}
		c[j] = fmt.Sprintf("%s * (%s * (%s))", up, out, d)
	}
	return c
}

func (SoftmaxAt) GoHelpers() map[string]string { return softmaxHelpers }

// IsClass is 1 where its input, rounded to the nearest integer, is I, else
// 0: the one-hot target in SoftmaxCE's rule. Its derivative is 0.
type IsClass struct{ I int }

func (IsClass) Kind() string          { return "is_class" }
func (IsClass) Arity() (min, max int) { return 1, 1 }

func (g IsClass) Forward(in []float64) float64 { return isClassValue(in[0], g.I) }

func isClassValue(y float64, i int) float64 {
	if math.Round(y) == float64(i) {
		return 1
	}
	return 0
}

func (IsClass) Backward([]float64, float64, float64, []float64) {}

func (IsClass) Derive(*Builder, []*Node, *Node, *Node, int) *Node { return nil }

func (g IsClass) ExactForward(in []*big.Rat) *big.Rat {
	f, _ := in[0].Float64()
	return big.NewRat(int64(isClassValue(f, g.I)), 1)
}

func (g IsClass) Formula(a []string) string { return "[" + a[0] + " = " + strconv.Itoa(g.I) + "]" }

func (g IsClass) GoForward(v string, in []string) string {
	return fmt.Sprintf("%s := isClass(%s, %d)\n", v, in[0], g.I)
}

func (IsClass) GoBackward(string, []string, string, string) []string { return []string{""} }

func (IsClass) GoHelpers() map[string]string { return softmaxHelpers }

// softmaxHelpers are the functions above as gen writes them, operation for
// operation.
var softmaxHelpers = map[string]string{
	"softmaxSum": `// softmaxSum returns max z and Σ e^(zᵢ − max z).
func softmaxSum(z []float64) (m, s float64) {
	m = math.Inf(-1)
	for _, x := range z {
		m = max(m, x)
	}
	for _, x := range z {
		s += math.Exp(x - m)
	}
	return m, s
}`,
	"softmaxAt": `// softmaxAt is the i-th probability of the softmax of z.
func softmaxAt(i int, z ...float64) float64 {
	m, s := softmaxSum(z)
	return math.Exp(z[i]-m) / s
}`,
	"softmaxCE": `// softmaxCE is −ln softmax(z)[y], NaN for a class outside z.
func softmaxCE(y float64, z ...float64) float64 {
	r := math.Round(y)
	if !(r >= 0 && r < float64(len(z))) {
		return math.NaN()
	}
	m, s := softmaxSum(z)
	return m + math.Log(s) - z[int(r)]
}`,
	"softmaxCEGrad": `// softmaxCEGrad is the probability p_i of SoftmaxCE's backward pass, NaN
// for a class outside z.
func softmaxCEGrad(i int, y float64, z ...float64) float64 {
	r := math.Round(y)
	m, s := softmaxSum(z)
	p := math.Exp(z[i]-m) / s
	if !(r >= 0 && r < float64(len(z))) {
		p = math.NaN()
	}
	return p
}`,
	"isClass": `// isClass is 1 where y rounds to i, else 0.
func isClass(y float64, i int) float64 {
	if math.Round(y) == float64(i) {
		return 1
	}
	return 0
}`,
}
