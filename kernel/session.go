package kernel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/internal/program"
	"github.com/cgraph/cgraph/viz"
	"github.com/cgraph/cgraph/viz/render"
)

// Runner runs the command line in-process with args (without the program
// name) and returns its exit status, as cli.Run does.
type Runner func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Flag is one flag of a command, for reading magics and completing them.
type Flag struct {
	Name, Shorthand string
	// TakesValue: the flag needs a value (--lr 0.5); OptionalValue: it
	// may have one (--step, --step=3).
	TakesValue, OptionalValue bool
	Usage                     string
}

// Config is what a Session needs from the command line.
type Config struct {
	// Run runs a verb of the command line for the magics.
	Run Runner
	// Flags lists the flags of a verb ("eval", "vanish chain"); nil
	// means none are known (magics then pass their arguments as given).
	Flags func(verb string) []Flag
}

// Output receives a cell's outputs; the kernel sends them on iopub.
type Output interface {
	Stream(name, text string)    // "stdout" or "stderr"
	Display(data map[string]any) // display_data: MIME type → data
	Result(data map[string]any)  // the cell's execute_result
}

// CellError is a cell's failure as the notebook shows it.
type CellError struct {
	Name, Value string
	Traceback   []string
}

func (e *CellError) Error() string { return e.Value }

func (e *CellError) traceback() []string {
	if len(e.Traceback) == 0 {
		return []string{e.Name + ": " + e.Value}
	}
	return e.Traceback
}

// errInterrupted is the error of a cell stopped by an interrupt.
var errInterrupted = &CellError{Name: "KeyboardInterrupt", Value: "interrupted",
	Traceback: []string{"\x1b[31mKeyboardInterrupt\x1b[0m: the cell was interrupted"}}

// Session is the state a notebook builds up from cell to cell: the
// program, the values of its inputs, which of them are weights, and the
// last run, which completion and inspection read.
type Session struct {
	cfg     Config
	src     string               // the program, as its cell had it
	inputs  []program.Assignment // every value given, in order, one per name
	weights []string             // free names that are weights (%weights)
	lr      string               // their learning rate, as written
	last    *program.Run         // the last evaluation, or nil
	dir     string               // pictures of magics, made on first use
	n       int                  // magics run, for unique file names
	pool    *render.Pool         // lays diagrams out, made on first use
}

// NewSession returns an empty session.
func NewSession(cfg Config) *Session { return &Session{cfg: cfg, lr: "1/10"} }

// Close removes the session's temporary files and stops its renderer.
func (s *Session) Close() error {
	if s.pool != nil {
		s.pool.Close()
	}
	if s.dir == "" {
		return nil
	}
	return os.RemoveAll(s.dir)
}

// Execute runs one cell: it takes the cell's program and inputs into the
// session, then runs its magics in order, or, with none, shows the
// program's values, gradients and diagrams.
func (s *Session) Execute(ctx context.Context, code string, out Output) error {
	c, errs := parseCell(code)
	if len(errs) > 0 {
		return inputError(errs[0])
	}
	if c.has {
		b, err := s.compile(c.program)
		if err != nil {
			return programError(err)
		}
		s.src, s.last = c.program, nil
		s.keepInputs(b)
	}
	if len(c.assigns) > 0 {
		if s.src == "" {
			return &CellError{Name: "InputError", Value: "no program yet: write its statements (name = expression) before or with its inputs"}
		}
		b, err := s.compile(s.src)
		if err != nil {
			return programError(err)
		}
		if err := s.setInputs(b, c.assigns); err != nil {
			return err
		}
	}
	for _, m := range c.magics {
		if err := s.magic(ctx, m, out); err != nil {
			return err
		}
	}
	if len(c.magics) == 0 && s.src != "" && (c.has || len(c.assigns) > 0) {
		return s.show(ctx, out)
	}
	return nil
}

func (s *Session) options() *expr.Options {
	lr, err := numfmt.Parse(s.lr)
	if err != nil {
		lr = 0.1
	}
	return &expr.Options{Weights: s.weights, Alpha: lr}
}

// compile builds the program src with the session's weights.
func (s *Session) compile(src string) (*expr.Built, error) {
	return expr.CompileWith(src, s.options())
}

// keepInputs forgets the values of names that are not inputs of b.
func (s *Session) keepInputs(b *expr.Built) {
	isInput := map[string]bool{}
	for _, n := range b.Inputs {
		isInput[n.Name()] = true
	}
	kept := s.inputs[:0]
	for _, a := range s.inputs {
		if isInput[a.Name] {
			kept = append(kept, a)
		}
	}
	s.inputs = kept
}

// setInputs records the values assigns gives; each must name an input.
func (s *Session) setInputs(b *expr.Built, assigns []program.Assignment) error {
	isInput := map[string]bool{}
	for _, n := range b.Inputs {
		isInput[n.Name()] = true
	}
	for _, a := range assigns {
		if _, err := numfmt.Parse(a.Value); err != nil {
			return inputError(fmt.Errorf("value of %s: %v", a.Name, err))
		}
		if !isInput[a.Name] {
			if n := b.Graph.Lookup(a.Name); n != nil {
				return inputError(fmt.Errorf("%s is computed by the program, not an input", a.Name))
			}
			return inputError(fmt.Errorf("%s is not a name in the program (its inputs are %s)",
				a.Name, strings.Join(program.Names(b.Inputs), " ")))
		}
		s.set(a)
	}
	return nil
}

// set records one value, replacing an earlier one of the same name.
func (s *Session) set(a program.Assignment) {
	for i := range s.inputs {
		if s.inputs[i].Name == a.Name {
			s.inputs[i] = a
			return
		}
	}
	s.inputs = append(s.inputs, a)
}

// assignments returns the session's values as NAME=VALUE arguments.
func (s *Session) assignments() []string {
	out := make([]string, len(s.inputs))
	for i, a := range s.inputs {
		out[i] = a.Name + "=" + a.Value
	}
	return out
}

// show evaluates the program and displays its table and diagrams; with
// inputs still missing, it draws the program's structure.
func (s *Session) show(ctx context.Context, out Output) error {
	b, err := s.compile(s.src)
	if err != nil {
		return programError(err)
	}
	r, err := program.Evaluate(b, s.inputs)
	var in *program.InputError
	if errors.As(err, &in) && in.Missing != nil {
		out.Stream("stderr", fmt.Sprintf("no values for %s: drawing the graph without numbers (give NAME = VALUE lines or %%inputs for the numbers)\n",
			strings.Join(in.Missing, ", ")))
		return s.diagrams(ctx, out, b, true, viz.BothView)
	}
	if err != nil {
		return runError(err)
	}
	s.last = r
	out.Result(map[string]any{"text/html": tableHTML(r), "text/plain": tableText(r)})
	if err := s.diagrams(ctx, out, b, false, viz.ForwardView); err != nil {
		return err
	}
	return s.diagrams(ctx, out, b, false, viz.BackwardView)
}

// renderTimeout bounds the layout of one diagram.
const renderTimeout = time.Minute

// diagrams displays the program's diagram in view as SVG.
func (s *Session) diagrams(ctx context.Context, out Output, b *expr.Built, structure bool, view viz.View) error {
	dot, err := viz.DOT(b.Graph, &viz.Options{View: view, Output: b.Output, Groups: program.DiagramGroups(b),
		LabelNodes: true, Structure: structure})
	if err != nil {
		return runError(err)
	}
	ctx, cancel := context.WithTimeout(ctx, renderTimeout)
	defer cancel()
	// In a child process, which an interrupt kills: Graphviz in the
	// kernel's process could not be stopped, and held the renderer (and a
	// garbage collection, with the heartbeat) until its layout ended.
	if s.pool == nil {
		s.pool = render.NewPool(nil)
	}
	svg, err := s.pool.SVG(ctx, dot)
	if err != nil {
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) {
			return errInterrupted
		}
		return &CellError{Name: "RenderError", Value: err.Error()}
	}
	out.Display(map[string]any{"image/svg+xml": string(svg), "text/plain": view.String() + " diagram of " + b.Output.Name()})
	return nil
}

// programError shows a program's errors as the CLI does: the position,
// the message and the line with the offending text marked.
func programError(err error) error {
	list := program.SyntaxErrors(err)
	if list == nil {
		return &CellError{Name: "ProgramError", Value: err.Error(), Traceback: []string{red("cgraph: " + err.Error())}}
	}
	ce := &CellError{Name: "ProgramError", Value: "program:" + list[0].Error()}
	for _, e := range list {
		ce.Traceback = append(ce.Traceback, red("cgraph: program:"+e.Error()), e.Snippet())
	}
	return ce
}

func inputError(err error) error {
	return &CellError{Name: "InputError", Value: err.Error(), Traceback: []string{red("cgraph: " + err.Error())}}
}

// runError is a failure of the run itself, such as a NaN naming its node.
func runError(err error) error {
	var in *program.InputError
	if errors.As(err, &in) {
		return inputError(err)
	}
	var ne *cgraph.NumericError
	name := "RunError"
	if errors.As(err, &ne) {
		name = "NumericError"
	}
	return &CellError{Name: name, Value: err.Error(), Traceback: []string{red("cgraph: " + err.Error())}}
}

func red(s string) string { return "\x1b[31m" + s + "\x1b[0m" }
