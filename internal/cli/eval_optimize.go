package cli

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/internal/program"
)

// optimizedRun is the optimized graph of an evaluated program, run, with how
// far its gradients are from the original's.
type optimizedRun struct {
	*cgraph.Optimized
	original    *evalRun
	order       []*cgraph.Node
	exact       *cgraph.Exact
	maxGradDiff float64 // over the inputs of the program
}

// optimizeRun optimizes and runs the graph of r and compares the numbers.
func optimizeRun(r *evalRun) (*optimizedRun, error) {
	o, err := cgraph.Optimize(r.graph, r.output)
	if err != nil {
		return nil, err
	}
	if err := o.Graph.Run(o.Output); err != nil {
		return nil, fmt.Errorf("optimized graph: %w", err)
	}
	or := &optimizedRun{Optimized: o, original: r}
	or.order, _ = o.Graph.Order()
	if o.Graph.Len() <= program.MaxExactNodes {
		or.exact, _ = o.Graph.Exact(o.Output)
	}
	for _, in := range r.inputs {
		if m := o.Of(in); m != nil {
			or.maxGradDiff = max(or.maxGradDiff, math.Abs(in.Grad()-m.Grad()))
		} else {
			or.maxGradDiff = max(or.maxGradDiff, math.Abs(in.Grad())) // dropped: its gradient is 0
		}
	}
	return or, nil
}

func steps(order []*cgraph.Node) int {
	n := 0
	for _, x := range order {
		if len(x.Inputs()) > 0 {
			n++
		}
	}
	return n
}

// writeOptimized prints the changes, the optimized graph's table and the
// agreement of the numbers.
func writeOptimized(w io.Writer, o *optimizedRun) error {
	orig := o.original
	fmt.Fprintf(w, "\noptimized: %d nodes → %d, %d operations → %d\n",
		len(orig.order), len(o.order), steps(orig.order), steps(o.order))
	for _, c := range o.Changes {
		fmt.Fprintf(w, "  %s\n", c)
	}
	fmt.Fprintln(w)
	if err := writeTable(w, o.Output, o.order, o.exact); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nagreement: %s = %v (original %v); largest difference of an input's gradient %.3g\n",
		o.Output.Name(), o.Output.Value(), orig.output.Value(), o.maxGradDiff)
	return nil
}

// optimizedJSON is the "optimized" member of eval's --json output.
type optimizedJSON struct {
	Nodes       []nodeJSON   `json:"nodes"`
	Changes     []changeJSON `json:"changes"`
	MaxGradDiff float64      `json:"max_grad_diff"`
}

type changeJSON struct {
	Kind  string   `json:"kind"`
	Nodes []string `json:"nodes"`
	Into  string   `json:"into,omitempty"`
	Note  string   `json:"note,omitempty"`
}

func (o *optimizedRun) json() *optimizedJSON {
	generated := func(n *cgraph.Node) bool {
		orig := o.original.graph.Lookup(n.Name())
		return orig == nil || o.original.generated(orig)
	}
	j := &optimizedJSON{Nodes: nodesJSON(o.order, o.exact, generated), Changes: []changeJSON{}, MaxGradDiff: o.maxGradDiff}
	for _, c := range o.Changes {
		j.Changes = append(j.Changes, changeJSON{c.Kind, c.Nodes, c.Into, c.Note})
	}
	return j
}

// runOptimized shows the optimized graph in the views asked for: text views
// follow the original's under a heading, files go beside the original's
// with ".optimized" before the extension.
func (o *viewOptions) runOptimized(e *env, opt *optimizedRun) (printed bool, err error) {
	text := o.dot || o.explain || o.markdown
	if text {
		prefix := "\n# optimized graph\n\n"
		if o.dot {
			prefix = "\n// optimized graph\n"
		}
		io.WriteString(e.stdout, prefix)
	}
	files := *o
	files.svg, files.png = optimizedPath(o.svg), optimizedPath(o.png)
	return files.run(e, opt.Graph, opt.Output, nil)
}

// optimizedPath inserts ".optimized" before the extension: g.svg →
// g.optimized.svg.
func optimizedPath(path string) string {
	if path == "" {
		return ""
	}
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + ".optimized" + ext
}
