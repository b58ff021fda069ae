package cgraph

import "math/big"

// Log is the natural logarithm.
type Log struct{}

func (Log) Kind() string          { return "log" }
func (Log) Arity() (min, max int) { return 1, 1 }

// Forward is right for subnormal x too, where math.Log on amd64 is not
// (see logAccurate).
func (Log) Forward(in []float64) float64 { return logAccurate(in[0]) }

// log'(x) = 1/x
func (Log) Backward(in []float64, _, up float64, grads []float64) { grads[0] += up / in[0] }

func (Log) Derive(b *Builder, in []*Node, _, up *Node, _ int) *Node {
	return b.Div(up, in[0])
}

// ExactForward: ln x is rational only at 1.
func (Log) ExactForward(in []*big.Rat) *big.Rat {
	if in[0].Cmp(ratOne) == 0 {
		return new(big.Rat)
	}
	return nil
}

func (Log) Formula(a []string) string { return "ln(" + a[0] + ")" }

func (Log) GoForward(v string, in []string) string {
	return v + " := logAccurate(" + in[0] + ")\n"
}

func (Log) GoHelpers() map[string]string {
	return map[string]string{"logAccurate": mathfnGo["logAccurate"]}
}

func (Log) GoBackward(_ string, in []string, _, up string) []string {
	return []string{up + " / " + in[0]}
}

func (Log) ForwardPasses(int) bool  { return true }
func (Log) BackwardPasses(int) bool { return true }
