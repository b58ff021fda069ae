package nn

import (
	"github.com/cgraph/cgraph"

	"fmt"
	"math"
	"strings"
)

// Loss names the loss of a network.
type Loss string

// The losses. For k outputs ŷᵢ and targets yᵢ:
const (
	// Squared is Σ(ŷᵢ − yᵢ)², one cgraph.SquaredLoss gate per output (the
	// exercise's loss; for one output the loss node is that gate).
	Squared Loss = "squared"
	// MSE is (1/k)·Σ(ŷᵢ − yᵢ)², one cgraph.MSE gate.
	MSE Loss = "mse"
	// BCE is the binary cross-entropy −Σ[yᵢ·log ŷᵢ + (1−yᵢ)·log(1−ŷᵢ)]. It
	// needs a sigmoid last layer and is computed stably from the
	// pre-activations zᵢ (ŷᵢ = σ(zᵢ)) by one SigmoidBCE gate per output.
	BCE Loss = "bce"
	// Softmax is the cross-entropy of the softmax of the K ≥ 2 outputs
	// (the logits of a linear last layer) against the class y ∈ 0 … K−1,
	// ln Σᵢ e^ŷᵢ − ŷ_y, one cgraph.SoftmaxCE gate; the network has one
	// target node, y, the class index.
	Softmax Loss = "softmax"
)

// Losses lists the losses in the order of help texts: those of a network
// of one output, then Softmax, the loss of a classifier of K outputs.
var Losses = []Loss{Squared, MSE, BCE, Softmax}

// ParseLoss returns the loss called s; "sq", "cross-entropy" and "ce" are
// accepted too.
func ParseLoss(s string) (Loss, error) {
	switch l := Loss(strings.ToLower(strings.TrimSpace(s))); l {
	case Squared, MSE, BCE, Softmax:
		return l, nil
	case "softmax-ce", "softmax_ce", "categorical-cross-entropy":
		return Softmax, nil
	case "sq", "square", "squared-loss":
		return Squared, nil
	case "cross-entropy", "ce", "binary-cross-entropy", "logloss":
		return BCE, nil
	}
	return "", fmt.Errorf("nn: unknown loss %q (want one of squared, mse, bce, softmax)", s)
}

func (l Loss) valid() bool { return l == Squared || l == MSE || l == BCE || l == Softmax }

// SigmoidBCE is the binary cross-entropy of the probability σ(z) against a
// target y, taken of the logit z = in[0] and y = in[1]:
//
//	L = −y·log σ(z) − (1−y)·log(1−σ(z)) = max(z, 0) − z·y + log(1 + e^−|z|)
//
// The right-hand form neither overflows nor loses σ(z) to rounding when
// |z| is large, where log of a rounded 0 or 1 would give ±Inf.
type SigmoidBCE struct{}

// Kind returns "sigmoid_bce".
func (SigmoidBCE) Kind() string { return "sigmoid_bce" }

// Arity is 2: the logit and the target.
func (SigmoidBCE) Arity() (min, max int) { return 2, 2 }

// Forward returns max(z, 0) − z·y + log1p(e^−|z|).
func (SigmoidBCE) Forward(in []float64) float64 {
	z, y := in[0], in[1]
	return max(z, 0) - z*y + math.Log1p(math.Exp(-math.Abs(z)))
}

// ∂L/∂z = σ(z) − y, ∂L/∂y = −z
func (SigmoidBCE) Backward(in []float64, _, up float64, grads []float64) {
	z, y := in[0], in[1]
	grads[0] += up * (sigmoid(z) - y)
	grads[1] -= up * z
}

// Derive is the rule of Backward as gates: up·(σ(z) − y) and −up·z.
func (SigmoidBCE) Derive(b *cgraph.Builder, in []*cgraph.Node, _, up *cgraph.Node, i int) *cgraph.Node {
	if i == 1 {
		return b.Neg(b.Mul(up, in[0]))
	}
	return b.Mul(up, b.Sub(b.Apply(cgraph.Sigmoid{}, in[0]), in[1]))
}

// Formula writes the loss for diagrams.
func (SigmoidBCE) Formula(a []string) string { return "bce(σ(" + a[0] + "), " + a[1] + ")" }

// Loss marks the gate as a loss for diagrams.
func (SigmoidBCE) Loss() {}

// GoForward writes Forward as Go, for cgraph gen (cgraph.GoCoder).
func (SigmoidBCE) GoForward(v string, in []string) string {
	z, y := in[0], in[1]
	return fmt.Sprintf("%s := max(%s, 0) - %s*%s + math.Log1p(math.Exp(-math.Abs(%s)))\n", v, z, z, y, z)
}

// GoBackward writes Backward's contributions as Go expressions.
func (SigmoidBCE) GoBackward(_ string, in []string, _, up string) []string {
	z, y := in[0], in[1]
	return []string{fmt.Sprintf("%s * (sigmoid(%s) - %s)", up, z, y), fmt.Sprintf("-(%s * %s)", up, z)}
}

// GoHelpers gives gen the sigmoid that GoBackward calls.
func (SigmoidBCE) GoHelpers() map[string]string {
	return cgraph.Sigmoid{}.GoHelpers()
}

// sigmoid never overflows: e^x is only taken of x ≤ 0.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}
