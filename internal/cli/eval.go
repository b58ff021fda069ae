package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/internal/program"
	"github.com/cgraph/cgraph/viz"
	"github.com/spf13/cobra"
)

type evalOptions struct {
	json     bool
	file     string
	model    string      // a saved network instead of a program: eval_model.go
	weights  []string    // free names that are weights
	alpha    float64     // their learning rate
	optimize bool        // also show the optimized graph: eval_optimize.go
	views    viewOptions // diagrams and explanations: eval_views.go
	mem      memoryBudget
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
file, and --model evaluates a network saved by "cgraph train --save" (its
inputs are x1…, y1…); then every argument is an assignment.`,
		Example: `  cgraph eval 'p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2' \
      x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.views.check(o.json); err != nil {
				return err
			}
			if err := checkRate(o.alpha); err != nil {
				return err
			}
			if o.optimize && o.views.toStdout() {
				return usagef("--optimize draws a second picture beside the first: give --svg or --png a file name, not -")
			}
			r, err := o.evaluate(e, args)
			if err != nil {
				return err
			}
			if o.optimize {
				if r.opt, err = optimizeRun(r); err != nil {
					return err
				}
			}
			printed, err := o.views.run(e, r.graph, r.output)
			if err == nil && r.opt != nil {
				printed, err = o.views.runOptimized(e, r.opt)
			}
			if printed || err != nil {
				return err
			}
			if o.json {
				return writeEvalJSON(e.stdout, r)
			}
			if err := writeEvalTable(e.stdout, r); err != nil || r.opt == nil {
				return err
			}
			return writeOptimized(e.stdout, r.opt)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object (see README)")
	cmd.Flags().StringVarP(&o.file, "file", "f", "", "read the program from `FILE`")
	cmd.Flags().StringVar(&o.model, "model", "", "evaluate the network saved in `FILE` (by cgraph train --save)")
	cmd.Flags().StringSliceVar(&o.weights, "weights", nil, "free `NAMES` (comma-separated) that are trainable weights, drawn as such")
	cmd.Flags().Float64Var(&o.alpha, "lr", 0.1, "learning rate α of the --weights")
	cmd.Flags().BoolVar(&o.optimize, "optimize", false, "also show the optimized graph (folded, shared, fused) and check that it agrees")
	o.views.addFlags(cmd)
	o.mem.addFlag(cmd)
	return cmd
}

// checkRate refuses a learning rate that is not a finite positive number
// (NaN and +Inf were accepted and failed later at a weight).
func checkRate(lr float64) error {
	if !(lr > 0 && lr <= math.MaxFloat64) {
		return usagef("--lr %g: must be a finite positive number", lr)
	}
	return nil
}

// programSource returns the program text and the assignments. A file or
// standard input is read through a limit: a program past maxProgramBytes
// is refused without reading the rest (eval -f /dev/zero read until memory
// ran out, issue 17).
func programSource(e *env, file string, args []string) (string, []string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", nil, usageError{err}
		}
		defer f.Close()
		src, err := readProgram(f, file)
		return src, args, err
	}
	if len(args) == 0 {
		return "", nil, usagef("no program: give it as the first argument, as - for standard input, or with --file")
	}
	if args[0] == "-" {
		src, err := readProgram(e.stdin, "standard input")
		return src, args[1:], err
	}
	return args[0], args[1:], nil
}

// maxProgramBytes bounds a program.
const maxProgramBytes = 1 << 20

// readProgram reads at most maxProgramBytes from r; name says where from.
func readProgram(r io.Reader, name string) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxProgramBytes+1))
	if err != nil {
		return "", usagef("reading the program from %s: %v", name, err)
	}
	if len(data) > maxProgramBytes {
		return "", usagef("program in %s is longer than %d bytes (1 MiB)", name, maxProgramBytes)
	}
	return string(data), nil
}

// evalRun is an evaluated graph, from a program or a saved network: after
// forward and backward, with the exact rational view of it.
type evalRun struct {
	graph     *cgraph.Graph
	output    *cgraph.Node
	inputs    []*cgraph.Node          // the leaves given by NAME=VALUE
	generated func(*cgraph.Node) bool // nodes the user did not name
	order     []*cgraph.Node
	exact     *cgraph.Exact
	opt       *optimizedRun // with --optimize
}

// evaluate reads the program or model that args and the flags name, sets
// its inputs and runs it.
func (o *evalOptions) evaluate(e *env, args []string) (*evalRun, error) {
	if o.model != "" {
		if o.file != "" || len(o.weights) > 0 {
			return nil, usagef("--model evaluates a saved network: --file and --weights do not apply")
		}
		return evaluateModel(o.model, args, &o.mem)
	}
	src, assigns, err := programSource(e, o.file, args)
	if err != nil {
		return nil, err
	}
	return evaluate(src, assigns, &expr.Options{Weights: o.weights, Alpha: o.alpha})
}

// evaluate compiles src, sets the inputs from assigns, and runs forward and
// backward.
func evaluate(src string, assigns []string, opts *expr.Options) (*evalRun, error) {
	if len(src) > maxProgramBytes {
		return nil, usagef("program is longer than %d bytes", maxProgramBytes)
	}
	b, err := expr.CompileWith(src, opts)
	if err != nil {
		return nil, programError(err)
	}
	as, err := program.ParseAssignments(assigns)
	if err != nil {
		return nil, usageError{err}
	}
	r, err := program.Evaluate(b, as)
	if err != nil {
		return nil, inputOrRunError(err)
	}
	return &evalRun{
		graph: b.Graph, output: b.Output, inputs: b.Inputs, generated: b.Generated,
		order: r.Order, exact: r.Exact,
	}, nil
}

// inputOrRunError makes a wrong input a usage error (exit 2) and leaves
// numeric failures as they are (exit 1).
func inputOrRunError(err error) error {
	var in *program.InputError
	if errors.As(err, &in) {
		return usageError{err}
	}
	return err
}

// programError formats parse errors with their marked source lines.
func programError(err error) error {
	list := program.SyntaxErrors(err)
	if list == nil {
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

func names(nodes []*cgraph.Node) []string { return program.Names(nodes) }

// evalJSON is the --json output; its shape is documented in the README.
type evalJSON struct {
	Output    string         `json:"output"`
	Nodes     []nodeJSON     `json:"nodes"`
	Optimized *optimizedJSON `json:"optimized,omitempty"`
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
	Literal    bool     `json:"literal,omitempty"`
}

func writeEvalJSON(w io.Writer, r *evalRun) error {
	out := evalJSON{Output: r.output.Name(), Nodes: nodesJSON(r.order, r.exact, r.generated)}
	if r.opt != nil {
		out.Optimized = r.opt.json()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// nodesJSON lists nodes with their numbers; exact may be nil.
func nodesJSON(order []*cgraph.Node, exact *cgraph.Exact, generated func(*cgraph.Node) bool) []nodeJSON {
	out := []nodeJSON{}
	for _, n := range order {
		j := nodeJSON{
			Name: n.Name(), Op: n.Kind(), Inputs: names(n.Inputs()),
			Value: n.Value(), Grad: n.Grad(), Generated: generated(n), Literal: viz.IsLiteral(n),
		}
		if exact != nil {
			if v := exact.Value(n); v != nil {
				j.ExactValue = v.RatString()
			}
			if d := exact.Grad(n); d != nil {
				j.ExactGrad = d.RatString()
			}
		}
		out = append(out, j)
	}
	return out
}

func writeEvalTable(w io.Writer, r *evalRun) error {
	return writeTable(w, r.output, r.order, r.exact)
}

// writeTable prints one line per node: name, gate, inputs, value and
// gradient, exactly where known (exact may be nil).
func writeTable(w io.Writer, output *cgraph.Node, order []*cgraph.Node, exact *cgraph.Exact) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "node\top\tinputs\tvalue\t∂%s/∂node\n", output.Name())
	for _, n := range order {
		var v, d *big.Rat
		if exact != nil {
			v, d = exact.Value(n), exact.Grad(n)
		}
		grad := numfmt.Value(n.Grad(), d)
		if viz.IsLiteral(n) { // the 2 of x^2: no gradient to speak of
			grad = "–"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", n.Name(), n.Kind(),
			strings.Join(names(n.Inputs()), ", "), numfmt.Value(n.Value(), v), grad)
	}
	return tw.Flush()
}
