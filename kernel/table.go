package kernel

import (
	"fmt"
	"html"
	"math/big"
	"strings"
	"text/tabwriter"

	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/internal/program"
)

// row is one node of the table as text: exact fractions where known.
type row struct{ name, op, inputs, value, grad string }

func rows(r *program.Run) []row {
	var out []row
	for _, pr := range program.Rows(r.Built, r.Order, false) {
		n := pr.Node
		var v, d *big.Rat
		if r.Exact != nil {
			v, d = r.Exact.Value(n), r.Exact.Grad(n)
		}
		grad := numfmt.Value(n.Grad(), d)
		if n.IsConst() {
			grad = "–"
		}
		out = append(out, row{n.Name(), pr.Op, strings.Join(program.Names(pr.Inputs), ", "),
			numfmt.Value(n.Value(), v), grad})
	}
	return out
}

// tableHTML is the table of every node's value and gradient.
func tableHTML(r *program.Run) string {
	var b strings.Builder
	b.WriteString(`<table class="cgraph"><thead><tr><th style="text-align:left">node</th><th style="text-align:left">op</th>` +
		`<th style="text-align:left">inputs</th><th style="text-align:right">value</th>`)
	fmt.Fprintf(&b, `<th style="text-align:right">∂%s/∂node</th></tr></thead><tbody>`, html.EscapeString(r.Built.Output.Name()))
	for _, w := range rows(r) {
		fmt.Fprintf(&b, `<tr><td style="text-align:left"><code>%s</code></td><td style="text-align:left">%s</td><td style="text-align:left">%s</td>`+
			`<td style="text-align:right">%s</td><td style="text-align:right">%s</td></tr>`,
			html.EscapeString(w.name), html.EscapeString(w.op), html.EscapeString(w.inputs),
			html.EscapeString(w.value), html.EscapeString(w.grad))
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// tableText is the table as cgraph eval prints it.
func tableText(r *program.Run) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "node\top\tinputs\tvalue\t∂%s/∂node\n", r.Built.Output.Name())
	for _, w := range rows(r) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", w.name, w.op, w.inputs, w.value, w.grad)
	}
	tw.Flush()
	return b.String()
}
