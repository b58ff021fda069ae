package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/spf13/cobra"
)

type evalOptions struct {
	json  bool
	file  string
	views viewOptions // diagrams and explanations: eval_views.go
}

func newEvalCmd(e *env) *cobra.Command {
	var o evalOptions
	cmd := &cobra.Command{
		Use:   "eval [flags] PROGRAM NAME=VALUE...",
		Short: "Run forward and backward; print every node's value and gradient",
		Long: `eval parses PROGRAM (statements "name = expression" separated by ";" or
newlines), sets every free name from NAME=VALUE (decimals or fractions such
as w1=4/5), runs forward, runs backward from the last statement's target,
and prints every node: name, operation, inputs, value and gradient
∂output/∂node. Values that are simple fractions are shown as fractions.
PROGRAM "-" reads the program from standard input; --file reads it from a
file, and then every argument is an assignment.`,
		Example: `  cgraph eval 'p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2' \
      x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.views.check(o.json); err != nil {
				return err
			}
			src, assigns, err := programSource(e, o.file, args)
			if err != nil {
				return err
			}
			r, err := evaluate(src, assigns)
			if err != nil {
				return err
			}
			if printed, err := o.views.run(e, r.built.Graph, r.built.Output); printed || err != nil {
				return err
			}
			if o.json {
				return writeEvalJSON(e.stdout, r)
			}
			return writeEvalTable(e.stdout, r)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object (see README)")
	cmd.Flags().StringVarP(&o.file, "file", "f", "", "read the program from `FILE`")
	o.views.addFlags(cmd)
	return cmd
}

// programSource returns the program text and the assignments.
func programSource(e *env, file string, args []string) (string, []string, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return "", nil, usageError{err}
		}
		return string(data), args, nil
	}
	if len(args) == 0 {
		return "", nil, usagef("no program: give it as the first argument, as - for standard input, or with --file")
	}
	if args[0] == "-" {
		data, err := io.ReadAll(io.LimitReader(e.stdin, maxProgramBytes+1))
		if err != nil {
			return "", nil, err
		}
		return string(data), args[1:], nil
	}
	return args[0], args[1:], nil
}

// maxProgramBytes bounds a program read from a stream.
const maxProgramBytes = 1 << 20

// evalRun is an evaluated program: its graph after forward and backward,
// and the exact rational view of it.
type evalRun struct {
	built *expr.Built
	order []*cgraph.Node
	exact *cgraph.Exact
}

// evaluate compiles src, sets the inputs from assigns, and runs forward and
// backward.
func evaluate(src string, assigns []string) (*evalRun, error) {
	if len(src) > maxProgramBytes {
		return nil, usagef("program is longer than %d bytes", maxProgramBytes)
	}
	b, err := expr.Compile(src)
	if err != nil {
		return nil, programError(err)
	}
	if err := setInputs(b, assigns); err != nil {
		return nil, err
	}
	g := b.Graph
	if err := g.Run(b.Output); err != nil {
		return nil, err
	}
	r := &evalRun{built: b}
	r.order, _ = g.Order() // Run succeeded, so the order exists
	if g.Len() <= maxExactNodes {
		r.exact, _ = g.Exact(b.Output)
	}
	return r, nil
}

// maxExactNodes bounds the graphs given the exact rational view, which
// costs far more than the float64 run.
const maxExactNodes = 5000

// programError formats parse errors with their marked source lines.
func programError(err error) error {
	var list expr.ErrorList
	var one *expr.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = expr.ErrorList{one}
	default:
		return usageError{err}
	}
	var b strings.Builder
	for i, e := range list {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "program:%s\n%s", e.Error(), e.Snippet())
	}
	return usageError{errors.New(b.String())}
}

// setInputs sets every input of the program from NAME=VALUE arguments.
func setInputs(b *expr.Built, assigns []string) error {
	given := map[string]bool{}
	for _, a := range assigns {
		name, text, ok := strings.Cut(a, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return usagef("%q is not an assignment NAME=VALUE", a)
		}
		if given[name] {
			return usagef("%s is given twice", name)
		}
		given[name] = true
		v, err := numfmt.Parse(strings.TrimSpace(text))
		if err != nil {
			return usagef("value of %s: %v", name, err)
		}
		if err := setInput(b, name, v); err != nil {
			return err
		}
	}
	var missing []string
	for _, in := range b.Inputs {
		if !given[in.Name()] {
			missing = append(missing, in.Name())
		}
	}
	if len(missing) > 0 {
		return usagef("missing value for %s (give NAME=VALUE for every input: %s)",
			strings.Join(missing, ", "), strings.Join(names(b.Inputs), " "))
	}
	return nil
}

func setInput(b *expr.Built, name string, v float64) error {
	n := b.Graph.Lookup(name)
	if n == nil || b.Generated(n) {
		return usagef("%s is not a name in the program (its inputs are %s)", name, strings.Join(names(b.Inputs), " "))
	}
	if s, ok := b.From[n].(*expr.Stmt); ok {
		return usagef("%s is computed by the program (line %d), not an input", name, s.Pos.Line)
	}
	return b.Graph.Set(name, v)
}

func names(nodes []*cgraph.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Name()
	}
	return out
}

// evalJSON is the --json output; its shape is documented in the README.
type evalJSON struct {
	Output string     `json:"output"`
	Nodes  []nodeJSON `json:"nodes"`
}

type nodeJSON struct {
	Name       string   `json:"name"`
	Op         string   `json:"op"`
	Inputs     []string `json:"inputs"`
	Value      float64  `json:"value"`
	Grad       float64  `json:"grad"`
	ExactValue string   `json:"exact_value,omitempty"`
	ExactGrad  string   `json:"exact_grad,omitempty"`
	Generated  bool     `json:"generated"`
}

func writeEvalJSON(w io.Writer, r *evalRun) error {
	out := evalJSON{Output: r.built.Output.Name(), Nodes: []nodeJSON{}}
	for _, n := range r.order {
		j := nodeJSON{
			Name: n.Name(), Op: n.Kind(), Inputs: names(n.Inputs()),
			Value: n.Value(), Grad: n.Grad(), Generated: r.built.Generated(n),
		}
		if r.exact != nil {
			if v := r.exact.Value(n); v != nil {
				j.ExactValue = v.RatString()
			}
			if d := r.exact.Grad(n); d != nil {
				j.ExactGrad = d.RatString()
			}
		}
		out.Nodes = append(out.Nodes, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeEvalTable(w io.Writer, r *evalRun) error {
	out := r.built.Output.Name()
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "node\top\tinputs\tvalue\t∂%s/∂node\n", out)
	for _, n := range r.order {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", n.Name(), n.Kind(),
			strings.Join(names(n.Inputs()), ", "), r.value(n), r.grad(n))
	}
	return tw.Flush()
}

// value and grad format a node's numbers, exactly where known.
func (r *evalRun) value(n *cgraph.Node) string {
	if r.exact != nil {
		return numfmt.Value(n.Value(), r.exact.Value(n))
	}
	return numfmt.Float(n.Value())
}

func (r *evalRun) grad(n *cgraph.Node) string {
	if r.exact != nil {
		return numfmt.Value(n.Grad(), r.exact.Grad(n))
	}
	return numfmt.Float(n.Grad())
}
