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
	check    bool        // also check the gradients: eval_check.go
	views    viewOptions // diagrams and explanations: eval_views.go
	grad     gradOptions // the gradient graph and the Hessian: eval_grad.go
	step     string      // SGD steps to take after the run: eval_step.go
	answers  string      // a file of the student's numbers to check: eval_answers.go
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
			if o.optimize && (o.grad.graph || o.grad.hessian != "") {
				return usagef("--optimize shows another graph: give it without --grad-graph and --hessian")
			}
			if o.check && (o.views.dot || o.views.explain || o.views.markdown) {
				return usagef("--check prints after the table or in --json: not with --dot, --explain or --markdown")
			}
			nSteps, err := 0, error(nil)
			if cmd.Flags().Changed("step") {
				if o.step == "1" && len(args) > 0 && isCount(args[0]) { // --step 3 PROGRAM
					o.step, args = args[0], args[1:]
				}
				if nSteps, err = parseSteps(o.step); err != nil {
					return err
				}
				if o.views.dot || o.views.explain || o.views.markdown {
					return usagef("--step prints its steps after the table or in --json: give it without --dot, --explain and --markdown")
				}
			}
			if o.answers != "" && (nSteps > 0 || o.optimize || o.grad.graph || o.grad.hessian != "" ||
				o.views.dot || o.views.explain || o.views.markdown) {
				return usagef("--answers prints its verdicts instead of the table: give it without --step, --optimize, --grad-graph, --hessian, --dot, --explain and --markdown")
			}
			r, err := o.evaluate(e, args)
			if err != nil {
				return err
			}
			if o.model != "" {
				o.views.fold = viz.FoldLarge
			}
			if err := checkOpen(o.views.open, r.groups); err != nil {
				return err
			}
			if r.missing != nil {
				fmt.Fprintf(e.stderr, "cgraph: no values for %s: drawing the graph without numbers (give NAME=VALUE for each for the numbers)\n",
					strings.Join(r.missing, ", "))
				o.views.structure = true
				_, err := o.views.run(e, r.graph, r.output, r.groups)
				return err
			}
			if o.answers != "" {
				if err := o.views.writeFiles(e, r.graph, o.views.options(r.output, r.groups)); err != nil {
					return err
				}
				return checkAnswers(e.stdout, r, o.answers, o.json)
			}
			if nSteps > 0 {
				if ws, _ := r.graph.Weights(); len(ws) == 0 {
					return noWeightsError(r)
				}
				if r.steps, err = sgdSteps(r, nSteps); err != nil {
					return err
				}
			}
			if o.check { // before the gradient graph adds nodes to check
				if err := runCheck(r); err != nil {
					return err
				}
			}
			if r.grad, err = o.grad.build(r); err != nil {
				return err
			}
			if r.grad != nil && o.grad.graph {
				o.views.gradient = func(n *cgraph.Node) bool { return r.grad.isGrad[n] }
			}
			if o.optimize {
				if r.opt, err = optimizeRun(r); err != nil {
					return err
				}
			}
			printed, err := o.views.run(e, r.graph, r.output, r.groups)
			if err == nil && r.opt != nil {
				printed, err = o.views.runOptimized(e, r.opt)
			}
			if printed || err != nil {
				return err
			}
			if o.json {
				if err := writeEvalJSON(e.stdout, r, o.views.expand); err != nil {
					return err
				}
				return r.checkErr()
			}
			if err := writeEvalTable(e.stdout, r, o.views.expand); err != nil {
				return err
			}
			if r.steps != nil {
				writeSteps(e.stdout, r)
			}
			if r.grad != nil {
				if err := writeGradTable(e.stdout, r, r.grad, o.grad.graph); err != nil {
					return err
				}
			}
			if r.opt != nil {
				if err := writeOptimized(e.stdout, r.opt); err != nil {
					return err
				}
			}
			if r.check != nil {
				if err := writeCheck(e.stdout, r); err != nil {
					return err
				}
			}
			return r.checkErr()
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object (see README)")
	cmd.Flags().StringVarP(&o.file, "file", "f", "", "read the program from `FILE`")
	cmd.Flags().StringVar(&o.model, "model", "", "evaluate the network saved in `FILE` (by cgraph train --save)")
	cmd.Flags().StringSliceVar(&o.weights, "weights", nil, "free `NAMES` (comma-separated) that are trainable weights, drawn as such")
	o.alpha = 0.1
	cmd.Flags().Var(numberFlag{&o.alpha}, "lr", "learning rate α of the --weights, a decimal or a fraction (--step uses it)")
	cmd.Flags().StringVar(&o.step, "step", "", "after the run, take `N` steps of SGD w ← w − α·∂L/∂w on the weights (--step alone: 1) and print each update and the new loss")
	cmd.Flags().Lookup("step").NoOptDefVal = "1"
	cmd.Flags().StringVar(&o.answers, "answers", "", "check the values and gradients in the JSON `FILE` ({\"values\": {\"p1\": \"4/5\"}, \"grads\": {\"x2\": \"7/20\"}}) and name the rule each wrong gradient missed; exit 1 if any is wrong")
	cmd.Flags().BoolVar(&o.optimize, "optimize", false, "also show the optimized graph (folded, shared, fused) and check that it agrees")
	cmd.Flags().BoolVar(&o.check, "check", false, "also check every gradient against finite differences; exit 1 if one is wrong")
	o.views.addFlags(cmd)
	o.grad.addFlags(cmd)
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
	opt       *optimizedRun      // with --optimize
	grad      *gradRun           // with --grad-graph or --hessian
	built     *expr.Built        // nil for a saved network
	groups    []*viz.Group       // the calls of the program's defs, or a network's layers
	check     cgraph.CheckReport // with --check
	// missing lists the inputs without a value when only the program's
	// structure is asked for (a diagram or its steps): nothing was run.
	missing []string
	steps   []stepRecord // with --step
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
	r, err := evaluate(src, assigns, &expr.Options{Weights: o.weights, Alpha: o.alpha})
	if r == nil || r.missing == nil {
		return r, err
	}
	if why := o.needsValues(); why != "" { // the missing values are an error after all
		return nil, usageError{fmt.Errorf("%w; %s needs them (--png, --svg, --dot, --explain or --markdown alone draw the graph without numbers)", err, why)}
	}
	return r, nil
}

// needsValues names the flag that asks for numbers, or "" if only the
// structure of the program is asked for: a diagram (--svg, --png, --dot)
// or the steps (--explain, --markdown), and nothing else.
func (o *evalOptions) needsValues() string {
	v := &o.views
	switch {
	case !v.dot && !v.explain && !v.markdown && v.svg == "" && v.png == "":
		return "the table"
	case o.json:
		return "--json"
	case o.optimize:
		return "--optimize"
	case o.grad.graph:
		return "--grad-graph"
	case o.grad.hessian != "":
		return "--hessian"
	case o.step != "":
		return "--step"
	case o.answers != "":
		return "--answers"
	}
	return ""
}

// evaluate compiles src, sets the inputs from assigns, and runs forward and
// backward. If the only mistake is inputs without a value, it returns the
// error and, for drawing the structure, the unrun graph with missing set.
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
	var in *program.InputError
	if errors.As(err, &in) && in.Missing != nil {
		return &evalRun{graph: b.Graph, output: b.Output, inputs: b.Inputs, generated: b.Generated,
			built: b, groups: program.DiagramGroups(b), missing: in.Missing}, usageError{err}
	}
	if err != nil {
		return nil, inputOrRunError(err)
	}
	return &evalRun{
		graph: b.Graph, output: b.Output, inputs: b.Inputs, generated: b.Generated,
		order: r.Order, exact: r.Exact, built: b, groups: program.DiagramGroups(b),
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
	// GradGraph lists the nodes of the gradient graph (--grad-graph).
	GradGraph []nodeJSON   `json:"grad_graph,omitempty"`
	Hessian   *hessianJSON `json:"hessian,omitempty"`
	Check     []checkJSON  `json:"check,omitempty"`
	Steps     []stepJSON   `json:"steps,omitempty"` // --step
}

type nodeJSON struct {
	Name       string   `json:"name"`
	Op         string   `json:"op"`
	Inputs     []string `json:"inputs"`
	Value      float64  `json:"value"`
	Grad       *float64 `json:"grad,omitempty"` // absent for constants: nobody trains the 2 of x^2
	ExactValue string   `json:"exact_value,omitempty"`
	ExactGrad  string   `json:"exact_grad,omitempty"`
	Generated  bool     `json:"generated"`
	Literal    bool     `json:"literal,omitempty"`
	Formula    string   `json:"formula,omitempty"` // gradient graph nodes only
	In         string   `json:"in,omitempty"`      // with --expand: the call of a def that made the node
}

func writeEvalJSON(w io.Writer, r *evalRun, expand bool) error {
	rows := program.Rows(r.built, r.order, expand)
	out := evalJSON{Output: r.output.Name(), Nodes: rowsJSON(rows, r.exact, r.generated)}
	if r.opt != nil {
		out.Optimized = r.opt.json()
	}
	if r.steps != nil {
		out.Steps = stepsJSON(r.steps)
	}
	if r.grad != nil {
		out.Hessian = r.grad.hessianJSON(r)
		if r.grad.isGrad != nil && len(r.grad.nodes) > 0 && r.grad.showGraph {
			out.GradGraph = nodesJSON(r.grad.nodes, r.exact, func(*cgraph.Node) bool { return true })
			for i, n := range r.grad.nodes {
				out.GradGraph[i].Formula = formulaOf(n)
				out.GradGraph[i].Grad = nil // nothing ran backward through it
				out.GradGraph[i].ExactGrad = ""
			}
		}
	}
	if r.check != nil {
		out.Check = checksJSON(r.check)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// nodesJSON lists nodes with their numbers; exact may be nil.
func nodesJSON(order []*cgraph.Node, exact *cgraph.Exact, generated func(*cgraph.Node) bool) []nodeJSON {
	return rowsJSON(program.Rows(nil, order, false), exact, generated)
}

func rowsJSON(rows []program.Row, exact *cgraph.Exact, generated func(*cgraph.Node) bool) []nodeJSON {
	out := []nodeJSON{}
	for _, row := range rows {
		n := row.Node
		j := nodeJSON{
			Name: n.Name(), Op: row.Op, Inputs: names(row.Inputs),
			Value: n.Value(), Generated: generated(n), Literal: viz.IsLiteral(n), In: row.In,
		}
		if !n.IsConst() {
			d := n.Grad()
			j.Grad = &d
		}
		if exact != nil {
			if v := exact.Value(n); v != nil {
				j.ExactValue = v.RatString()
			}
			if d := exact.Grad(n); d != nil && !n.IsConst() {
				j.ExactGrad = d.RatString()
			}
		}
		out = append(out, j)
	}
	return out
}

func writeEvalTable(w io.Writer, r *evalRun, expand bool) error {
	return writeRows(w, r.output, program.Rows(r.built, r.order, expand), r.exact)
}

// writeTable prints one line per node: name, gate, inputs, value and
// gradient, exactly where known (exact may be nil).
func writeTable(w io.Writer, output *cgraph.Node, order []*cgraph.Node, exact *cgraph.Exact) error {
	return writeRows(w, output, program.Rows(nil, order, false), exact)
}

// writeRows prints the rows of a table; a call of a def shows as one row.
func writeRows(w io.Writer, output *cgraph.Node, rows []program.Row, exact *cgraph.Exact) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "node\top\tinputs\tvalue\t∂%s/∂node\n", output.Name())
	for _, row := range rows {
		n := row.Node
		var v, d *big.Rat
		if exact != nil {
			v, d = exact.Value(n), exact.Grad(n)
		}
		grad := numfmt.Value(n.Grad(), d)
		if n.IsConst() { // the 2 of x^2: no gradient to speak of
			grad = "–"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", n.Name(), row.Op,
			strings.Join(names(row.Inputs), ", "), numfmt.Value(n.Value(), v), grad)
	}
	return tw.Flush()
}

// checkOpen refuses a name given to --open that no group has, listing
// those there are.
func checkOpen(names []string, groups []*viz.Group) error {
	if len(names) == 0 {
		return nil
	}
	known := map[string]bool{}
	var list []string
	var walk func(gs []*viz.Group)
	walk = func(gs []*viz.Group) {
		for _, g := range gs {
			for _, name := range []string{g.Name, g.ID} {
				if name != "" && !known[name] {
					known[name] = true
					list = append(list, name)
				}
			}
			walk(g.Groups)
		}
	}
	walk(groups)
	for _, name := range names {
		if !known[name] {
			if len(list) == 0 {
				return usagef("--open %s: the diagram draws no part as one node (no def, layer or run of repeated statements)", name)
			}
			return usagef("--open %s: no such part; the diagram's are %s", name, strings.Join(list, ", "))
		}
	}
	return nil
}
