package cgraph

import "math/big"

// Exp is e^x.
type Exp struct{}

func (Exp) Kind() string          { return "exp" }
func (Exp) Arity() (min, max int) { return 1, 1 }

// Forward is right up to e^709.78, where math.Exp on amd64 overflows from
// 709.436 (see expAccurate).
func (Exp) Forward(in []float64) float64 { return expAccurate(in[0]) }

// exp'(x) = e^x = out
func (Exp) Backward(_ []float64, out, up float64, grads []float64) { grads[0] += up * out }

func (Exp) Derive(b *Builder, _ []*Node, out, up *Node, _ int) *Node { return b.Mul(up, out) }

// ExactForward: e^x is rational only at 0.
func (Exp) ExactForward(in []*big.Rat) *big.Rat { return atZero(in[0], ratOne) }

func (Exp) Formula(a []string) string { return "exp(" + a[0] + ")" }

func (Exp) GoForward(v string, in []string) string {
	return v + " := expAccurate(" + in[0] + ")\n"
}

func (Exp) GoHelpers() map[string]string {
	return map[string]string{"expAccurate": mathfnGo["expAccurate"]}
}

func (Exp) GoBackward(_ string, _ []string, out, up string) []string {
	return []string{up + " * " + out}
}

func (Exp) ForwardPasses(int) bool  { return false } // e^−Inf = 0
func (Exp) BackwardPasses(int) bool { return true }
