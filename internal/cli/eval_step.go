package cli

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/internal/numfmt"
)

// maxSteps bounds eval --step: it prints every update of every step.
const maxSteps = 10000

// stepJSON is one SGD step of eval --step in --json; its shape is
// documented in the README.
type stepJSON struct {
	Step      int          `json:"step"`
	Updates   []updateJSON `json:"updates"`
	Loss      float64      `json:"loss"` // the output after the step
	ExactLoss string       `json:"exact_loss,omitempty"`
}

// updateJSON is w ← w − α·∂L/∂w for one weight.
type updateJSON struct {
	Name       string  `json:"name"`
	Value      float64 `json:"value"` // before the step
	Grad       float64 `json:"grad"`
	LR         float64 `json:"lr"`
	New        float64 `json:"new"`
	ExactValue string  `json:"exact_value,omitempty"`
	ExactGrad  string  `json:"exact_grad,omitempty"`
	ExactLR    string  `json:"exact_lr,omitempty"`
	ExactNew   string  `json:"exact_new,omitempty"`
}

// sgdUpdate is one weight's step, its numbers exact where known (nil where not).
type sgdUpdate struct {
	w                     *cgraph.Node
	value, grad, lr, new  float64
	exValue, exGrad, exLR *big.Rat
	exNew                 *big.Rat
}

// stepRecord is one step: every weight's update and the loss after it.
type stepRecord struct {
	updates []sgdUpdate
	loss    float64
	exLoss  *big.Rat
}

// sgdSteps applies n steps of SGD, w ← w − α·∂L/∂w with each weight's own
// α, to every weight of r's graph, running forward and backward after
// each, and records them. Where an update is exact, the weight becomes the
// float64 nearest to the exact value, as if it had been typed in
// (w1=33/40), not 0.8 + 0.1·0.25 = 0.8250000000000001; then the exact view
// of the next step is the hand calculation. The graph is left as it was
// found.
func sgdSteps(r *evalRun, n int) ([]stepRecord, error) {
	g := r.graph
	weights, err := g.Weights()
	if err != nil {
		return nil, err
	}
	saved := make([]float64, len(weights))
	for i, w := range weights {
		saved[i] = w.Value()
	}
	defer func() { // back to the state the table and the diagrams show
		for i, w := range weights {
			_ = g.Set(w.Name(), saved[i])
		}
		_ = g.Run(r.output)
	}()
	ex := r.exact
	var steps []stepRecord
	for range n {
		var s stepRecord
		for _, w := range weights {
			u := sgdUpdate{w: w, value: w.Value(), grad: w.Grad(), lr: w.Gate().(*cgraph.Weight).Alpha}
			u.new = u.value - u.lr*u.grad // as Graph.Step computes it
			u.exLR = cgraph.SimpleRat(u.lr, cgraph.MaxExactDenom)
			if ex != nil {
				u.exValue, u.exGrad = ex.Value(w), ex.Grad(w)
			}
			if u.exValue != nil && u.exGrad != nil && u.exLR != nil {
				u.exNew = new(big.Rat).Sub(u.exValue, new(big.Rat).Mul(u.exLR, u.exGrad))
			}
			s.updates = append(s.updates, u)
		}
		if err := g.Step(); err != nil {
			return nil, err
		}
		for i, u := range s.updates {
			if u.exNew != nil { // exact: as if typed in, w1=33/40, so the exact view goes on
				f, _ := u.exNew.Float64()
				if err := g.Set(u.w.Name(), f); err != nil {
					return nil, err
				}
				s.updates[i].new = f
			}
		}
		if err := g.Run(r.output); err != nil {
			return nil, fmt.Errorf("step %d: %w", len(steps)+1, err)
		}
		s.loss = r.output.Value()
		ex = nextExact(g, r.output, ex, s.updates)
		if ex != nil {
			s.exLoss = ex.Value(r.output)
		}
		steps = append(steps, s)
	}
	return steps, nil
}

// nextExact is the exact view after a step, or nil if there is none or it
// would not be the true one: the exact engine reads each weight back from
// its float64 as the simplest fraction that rounds to it, which is the
// exact update only while the denominators stay small.
func nextExact(g *cgraph.Graph, out *cgraph.Node, prev *cgraph.Exact, updates []sgdUpdate) *cgraph.Exact {
	if prev == nil {
		return nil
	}
	ex, err := g.Exact(out)
	if err != nil {
		return nil
	}
	for _, u := range updates {
		if u.exNew == nil || ex.Value(u.w) == nil || ex.Value(u.w).Cmp(u.exNew) != 0 {
			return nil
		}
	}
	return ex
}

// noWeightsError explains that --step has nothing to train.
func noWeightsError(r *evalRun) error {
	return usagef("--step trains the weights, and the program has none: name the free names to train with --weights (they are %s; in the exercise --weights w1,w2,p0)",
		strings.Join(names(r.inputs), ", "))
}

// parseSteps reads --step's count.
func parseSteps(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxSteps {
		return 0, usagef("--step: %q is not a number of steps from 1 to %d", s, maxSteps)
	}
	return n, nil
}

// writeSteps prints each step of r as on paper: w1 ← 4/5 − 1/10·(−1/4) =
// 33/40, then the loss before and after it.
func writeSteps(w io.Writer, r *evalRun) {
	out := r.output
	loss, exLoss := out.Value(), (*big.Rat)(nil)
	if r.exact != nil {
		exLoss = r.exact.Value(out)
	}
	L := operand(out.Name())
	for k, s := range r.steps {
		fmt.Fprintf(w, "\nSGD step %d: w ← w − α·∂%s/∂w\n", k+1, L)
		for _, u := range s.updates {
			fmt.Fprintf(w, "  %s ← %s − %s·%s = %s\n", u.w.Name(), num(u.value, u.exValue),
				num(u.lr, u.exLR), paren(num(u.grad, u.exGrad)), num(u.new, u.exNew))
		}
		fmt.Fprintf(w, "  %s: %s → %s\n", out.Name(), num(loss, exLoss), num(s.loss, s.exLoss))
		loss, exLoss = s.loss, s.exLoss
	}
}

// isCount reports whether s is a plain positive integer: after --step it
// is the number of steps, never a program or an assignment.
func isCount(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n > 0 && !strings.HasPrefix(s, "+")
}

func stepsJSON(steps []stepRecord) []stepJSON {
	out := make([]stepJSON, len(steps))
	for k, s := range steps {
		j := stepJSON{Step: k + 1, Loss: s.loss, ExactLoss: ratString(s.exLoss), Updates: []updateJSON{}}
		for _, u := range s.updates {
			j.Updates = append(j.Updates, updateJSON{
				Name: u.w.Name(), Value: u.value, Grad: u.grad, LR: u.lr, New: u.new,
				ExactValue: ratString(u.exValue), ExactGrad: ratString(u.exGrad),
				ExactLR: ratString(u.exLR), ExactNew: ratString(u.exNew),
			})
		}
		out[k] = j
	}
	return out
}

func ratString(r *big.Rat) string {
	if r == nil {
		return ""
	}
	return r.RatString()
}

// num formats a number with a true minus sign, as formulas are printed.
func num(x float64, exact *big.Rat) string {
	return strings.ReplaceAll(numfmt.Value(x, exact), "-", "−")
}

// paren puts a negative number in parentheses: 1/10·(−1/4).
func paren(s string) string {
	if strings.HasPrefix(s, "−") {
		return "(" + s + ")"
	}
	return s
}

// operand puts a name with spaces or operators in parentheses.
func operand(name string) string { return cgraph.Operand(name) }
