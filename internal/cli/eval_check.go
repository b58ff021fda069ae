package cli

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/cgraph/cgraph"
)

// eval --check: every node's gradient against finite differences
// (cgraph.Check), printed after the table or added to --json; a wrong
// gradient makes the exit status 1.

// runCheck checks the gradients of an evaluated run. Check reruns the
// graph with the same values, so every view after it sees the same
// numbers.
func runCheck(r *evalRun) error {
	report, err := cgraph.Check(r.graph, r.output, nil)
	if err != nil {
		return err
	}
	r.check = report
	return nil
}

// checkErr returns the error of a check that found a wrong gradient, nil
// if there was none or no check.
func (r *evalRun) checkErr() error {
	if r.check == nil {
		return nil
	}
	return r.check.Err()
}

// writeCheck prints one line per node: the gradient of the backward pass,
// the finite-difference estimate with its estimated error, their relative
// difference and the verdict.
func writeCheck(w io.Writer, r *evalRun) error {
	fmt.Fprintf(w, "\ngradient check: backward against central differences (Ridders' extrapolation)\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "node\t∂%s/∂node\tnumeric\t± error\trel. error\tcheck\n", r.output.Name())
	for _, c := range r.check {
		grad, num, numErr, rel := "–", "–", "–", "–" // a constant: no gradient to speak of
		if c.Status != cgraph.CheckSkipped {
			grad, num = fmtNum(c.Grad), fmtNum(c.Numeric)
			numErr, rel = fmt.Sprintf("%.1e", c.NumErr), fmt.Sprintf("%.1e", c.RelErr)
		}
		verdict := c.Status.String()
		if c.Status == cgraph.CheckKink {
			verdict += fmt.Sprintf(" (left %s, right %s)", fmtNum(c.Left), fmtNum(c.Right))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Node.Name(), grad, num, numErr, rel, verdict)
	}
	return tw.Flush()
}

// fmtNum shows a number to 10 significant digits: enough to see where
// the two estimates part, short enough for a table.
func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

// checkJSON is one node of --json's "check" array; see the README.
type checkJSON struct {
	Name    string   `json:"name"`
	Grad    float64  `json:"grad"`
	Numeric *float64 `json:"numeric,omitempty"`
	NumErr  *float64 `json:"num_err,omitempty"`
	RelErr  *float64 `json:"rel_err,omitempty"`
	Status  string   `json:"status"`
	Left    *float64 `json:"left,omitempty"`
	Right   *float64 `json:"right,omitempty"`
}

func checksJSON(report cgraph.CheckReport) []checkJSON {
	out := make([]checkJSON, 0, len(report))
	for _, c := range report {
		j := checkJSON{Name: c.Node.Name(), Grad: c.Grad, Status: c.Status.String()}
		if c.Status != cgraph.CheckSkipped {
			j.Numeric, j.NumErr, j.RelErr = ptr(c.Numeric), ptr(c.NumErr), ptr(c.RelErr)
		}
		if c.Status == cgraph.CheckKink {
			j.Left, j.Right = ptr(c.Left), ptr(c.Right)
		}
		out = append(out, j)
	}
	return out
}

// ptr returns &x, or nil for NaN and ±Inf, which JSON cannot hold (Check
// gives them to skipped nodes only, but an encoding error would lose the
// whole output).
func ptr(x float64) *float64 {
	if x-x != 0 {
		return nil
	}
	return &x
}
