package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/internal/atomicfile"
	"github.com/cgraph/cgraph/viz"
)

// viewOptions are eval's flags for diagrams and step-by-step text. The
// text views (--dot, --explain, --markdown) replace the table on standard
// output; the picture files (--svg, --png) are written besides it.
type viewOptions struct {
	dot, explain, markdown bool
	svg, png               string
	view                   string
	layout                 string
	hand                   bool
	// gradient marks the nodes of a gradient graph (--grad-graph), which is
	// then drawn and explained as one forward computation.
	gradient func(*cgraph.Node) bool
	expand   bool // draw the inside of def calls
	// open names groups drawn open (--open): calls of defs, layers.
	open []string
	// fold: a saved network's layers are drawn as boxes when it is large
	// (viz.FoldLarge); a program's def calls always (viz.FoldAll).
	fold viz.Fold
	// structure: the inputs have no values; draw and explain the graph
	// without numbers.
	structure   bool
	layoutLimit time.Duration
}

// renderTimeout bounds one picture. Graphs too big to lay out are refused
// before this (render.MaxNodes); this is the guard against the unforeseen.
const renderTimeout = 2 * time.Minute

func (o *viewOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&o.dot, "dot", false, "print the diagram as Graphviz DOT instead of the table")
	f.StringVar(&o.svg, "svg", "", "write the diagram as SVG to `FILE` (- for standard output)")
	f.StringVar(&o.png, "png", "", "write the diagram as PNG to `FILE` (- for standard output)")
	f.StringVar(&o.view, "view", "both", "diagram to draw: forward, backward or both")
	f.StringVar(&o.layout, "layout", "auto", "direction of the diagram: lr (left to right), tb (top to bottom) or auto (tb for deep narrow chains)")
	f.BoolVar(&o.hand, "hand", false, "label the diagram with the hand calculation (formulas and numbers)")
	f.DurationVar(&o.layoutLimit, "layout-limit", time.Second,
		"refuse a --svg/--png diagram predicted to take longer than `D` to lay out; 0 lifts the limit")
	f.BoolVar(&o.explain, "explain", false, "print the forward and backward steps as on paper instead of the table")
	f.BoolVar(&o.markdown, "markdown", false, "print the steps as Markdown tables instead of the table")
	f.BoolVar(&o.expand, "expand", false, "show the inside of each call of a def: every node in the table and --json, a labelled cluster per call in diagrams; "+
		"with --model, every gate of a large network instead of a box per layer")
	f.StringSliceVar(&o.open, "open", nil, "draw these groups open in diagrams: a def (softrelu), one call of it (softrelu#2), a layer of a --model (layer2); comma-separated")
}

// check refuses flags that contradict each other, before any work.
func (o *viewOptions) check(jsonOut bool) error {
	n := 0
	for _, on := range []bool{jsonOut, o.dot, o.explain, o.markdown} {
		if on {
			n++
		}
	}
	if n > 1 {
		return usagef("--json, --dot, --explain and --markdown each replace the output: give one")
	}
	if _, err := viz.ParseView(o.view); err != nil {
		return usagef("--view: %q is not forward, backward or both", o.view)
	}
	if _, err := viz.ParseLayout(o.layout); err != nil {
		return usagef("--layout: %q is not lr, tb or auto", o.layout)
	}
	if o.toStdout() {
		switch {
		case o.svg == stdoutPath && o.png == stdoutPath:
			return usagef("--svg - and --png -: only one picture can go to standard output")
		case n > 0:
			return usagef("--svg - or --png - writes the picture to standard output: --json, --dot, --explain and --markdown cannot share it")
		}
	}
	return nil
}

// stdoutPath as a file name means standard output.
const stdoutPath = "-"

// toStdout reports whether a picture goes to standard output, which then
// carries nothing else.
func (o *viewOptions) toStdout() bool { return o.svg == stdoutPath || o.png == stdoutPath }

// run writes the files asked for and, if a text view was asked for, prints
// it; printed reports whether the table should be left out. groups are the
// calls of the program's defs.
func (o *viewOptions) run(e *env, g *cgraph.Graph, out *cgraph.Node, groups []*viz.Group) (printed bool, err error) {
	opt := o.options(out, groups)
	if o.gradient != nil { // a def's inner nodes feed the gradient nodes: show them
		opt.View, opt.Gradient, opt.Expand = viz.ForwardView, o.gradient, true
	}
	if err := o.writeFiles(e, g, opt); err != nil {
		return false, err
	}
	switch {
	case o.toStdout():
		return true, nil
	case o.explain:
		return true, viz.Explain(e.stdout, g, opt)
	case o.markdown:
		return true, viz.Markdown(e.stdout, g, opt)
	case o.dot:
		dot, err := viz.DOT(g, opt)
		if err != nil {
			return true, err
		}
		_, err = e.stdout.Write(dot)
		return true, err
	}
	return false, nil
}

// options are the diagrams' viz options that the flags ask for.
func (o *viewOptions) options(out *cgraph.Node, groups []*viz.Group) *viz.Options {
	view, _ := viz.ParseView(o.view)       // checked by check
	layout, _ := viz.ParseLayout(o.layout) // checked by check
	return &viz.Options{View: view, Output: out, Hand: o.hand, Groups: groups, Expand: o.expand, Fold: o.fold, Open: o.open,
		Layout: layout, LabelNodes: true, Structure: o.structure}
}

func (o *viewOptions) writeFiles(e *env, g *cgraph.Graph, opt *viz.Options) error {
	if o.svg == "" && o.png == "" {
		return nil
	}
	if o.png == stdoutPath && isTerminal(e.stdout) {
		return usagef("--png -: standard output is a terminal; redirect it to a file or a program")
	}
	dot, err := viz.DOT(g, opt)
	if err != nil {
		return err
	}
	if err := checkLayout(dot, o.layoutLimit); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(e.ctx, renderTimeout)
	defer cancel()
	if o.svg != "" {
		svg, err := renderSVG(ctx, dot)
		if err != nil {
			return err
		}
		if err := writeOutput(e, o.svg, svg); err != nil {
			return err
		}
	}
	if o.png != "" {
		png, err := renderPNG(ctx, dot)
		if err != nil {
			return err
		}
		return writeOutput(e, o.png, png)
	}
	return nil
}

// writeOutput writes data to standard output if path is "-", else to the
// file path (see writeFileAtomic).
func writeOutput(e *env, path string, data []byte) error {
	if err := e.ctx.Err(); err != nil { // interrupted: write nothing
		return err
	}
	if path == stdoutPath {
		_, err := e.stdout.Write(data)
		return err
	}
	return writeFileAtomic(path, data)
}

// writeFileAtomic writes data so that a reader never sees half a picture
// and a failed write leaves the old file as it was; a device or a pipe is
// written into (see package atomicfile).
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteBytes(path, data); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) { // the temporary name would only confuse
			err = pe.Err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
