package cli

import (
	"os"
	"path/filepath"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/gen"
	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/internal/program"
	"github.com/spf13/cobra"
)

type genOptions struct {
	file, model, out string
	weights          []string
	alpha            float64
	optimize         bool
	gen              gen.Options
	mem              memoryBudget
}

func newGenCmd(e *env) *cobra.Command {
	var o genOptions
	cmd := &cobra.Command{
		Use:   "gen [flags] PROGRAM [NAME=VALUE...]",
		Short: "Write a graph as Go code that runs it at the speed of hand-written Go",
		Long: `gen compiles PROGRAM (or a network saved by "cgraph train --save", with
--model) and writes a Go file with no dependencies: a type holding every
node's value and gradient, Run (forward and backward in straight-line code,
with an error naming the first node that is NaN or ±Inf) and Step (SGD with
each weight's α). Its numbers are bit for bit those of "cgraph eval".
NAME=VALUE sets the values NewTYPE starts from; inputs not given start at 0.`,
		Example: `  cgraph gen --package exercise --type Exercise --weights w1,w2,p0 -o exercise/exercise.go \
      'p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2' w1=4/5 w2=-7/5 p0=3/5`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkRate(o.alpha); err != nil {
				return err
			}
			g, out, source, err := o.graph(e, args)
			if err != nil {
				return err
			}
			if o.optimize {
				opt, err := cgraph.Optimize(g, out)
				if err != nil {
					return err
				}
				g, out = opt.Graph, opt.Output
			}
			o.gen.Source = source
			src, err := gen.Go(g, out, o.gen)
			if err != nil {
				return usageError{err}
			}
			if o.out == "" || o.out == stdoutPath {
				_, err = e.stdout.Write(src)
				return err
			}
			// A generated file is a package of its own: make its folder.
			if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
				return err
			}
			return writeFileAtomic(o.out, src)
		},
	}
	cmd.Flags().StringVarP(&o.file, "file", "f", "", "read the program from `FILE`")
	cmd.Flags().StringVar(&o.model, "model", "", "generate the network saved in `FILE` (by cgraph train --save)")
	cmd.Flags().StringSliceVar(&o.weights, "weights", nil, "free `NAMES` (comma-separated) that are trainable weights")
	o.alpha = 0.1
	cmd.Flags().Var(numberFlag{&o.alpha}, "lr", "learning rate α of the --weights, a decimal or a fraction")
	cmd.Flags().BoolVar(&o.optimize, "optimize", false, "generate the optimized graph (folded, shared, fused): fewer nodes to read")
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "write the code to `FILE` instead of standard output (-)")
	cmd.Flags().StringVar(&o.gen.Package, "package", "graph", "the generated file's package `NAME`")
	cmd.Flags().StringVar(&o.gen.Type, "type", "Graph", "the generated type's `NAME` (exported)")
	o.mem.addFlag(cmd)
	return cmd
}

// graph builds the graph to generate, sets the leaves given in args, and
// returns it with its output and a description of where it came from.
func (o *genOptions) graph(e *env, args []string) (*cgraph.Graph, *cgraph.Node, string, error) {
	if o.model != "" {
		if o.file != "" || len(o.weights) > 0 {
			return nil, nil, "", usagef("--model generates a saved network: --file and --weights do not apply")
		}
		m, _, err := loadModel(o.model, &o.mem)
		if err != nil {
			return nil, nil, "", usageError{err}
		}
		inputs := append(append([]*cgraph.Node{}, m.Inputs()...), m.Targets()...)
		return m.Graph(), m.Loss(), "the network saved in " + o.model, setLeaves(m.Graph(), inputs, args)
	}
	src, assigns, err := programSource(e, o.file, args)
	if err != nil {
		return nil, nil, "", err
	}
	if len(src) > maxProgramBytes {
		return nil, nil, "", usagef("program is longer than %d bytes", maxProgramBytes)
	}
	b, err := expr.CompileWith(src, &expr.Options{Weights: o.weights, Alpha: o.alpha})
	if err != nil {
		return nil, nil, "", programError(err)
	}
	return b.Graph, b.Output, src, setLeaves(b.Graph, b.Inputs, assigns)
}

// setLeaves sets the leaves named in assigns, each one of leaves and given
// at most once; leaves not given keep their value.
func setLeaves(g *cgraph.Graph, leaves []*cgraph.Node, assigns []string) error {
	as, err := program.ParseAssignments(assigns)
	if err != nil {
		return usageError{err}
	}
	isLeaf := map[string]bool{}
	for _, n := range leaves {
		isLeaf[n.Name()] = true
	}
	given := map[string]bool{}
	for _, a := range as {
		if !isLeaf[a.Name] {
			return usagef("%s is not an input or weight of the graph (they are %v)", a.Name, program.Names(leaves))
		}
		if given[a.Name] {
			return usagef("%s is given twice", a.Name)
		}
		given[a.Name] = true
		v, err := numfmt.Parse(a.Value)
		if err != nil {
			return usagef("value of %s: %v", a.Name, err)
		}
		if err := g.Set(a.Name, v); err != nil {
			return usageError{err}
		}
	}
	return nil
}
