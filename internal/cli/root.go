// Package cli implements the cgraph command line. Each verb lives in its own
// file; the verbs only wire flags to the library packages.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the work failed (a numeric error, an unwritable file)
	exitUsage = 2 // the user's input is wrong (flags, program, values)
	exitBug   = 3 // cgraph itself failed (a panic): never 2, which would blame the user
	// exitInterrupted: the context of Run ended (Ctrl-C or SIGTERM, see
	// cmd/cgraph) and the command stopped, writing no output file; 130 is
	// what a shell reports for a command that SIGINT ended.
	exitInterrupted = 130
)

// usageError marks an error as the user's input being wrong: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// env is what every verb gets: its streams and context.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// verbs lists the constructors of the subcommands, in the order of --help.
var verbs = []func(*env) *cobra.Command{
	newEvalCmd,
	newTrainCmd,
	newHistoryCmd,
	newVanishCmd,
	newServeCmd,
	newGenCmd,
	newKernelCmd,
}

// Run runs the command line with args (without the program name) and
// returns the exit status. A panic is a bug of cgraph's: it is reported as
// one, with its stack, and gives exitBug; Go's own exit status for a
// crash, 2, is that of a usage error (see cmd/cgraph for panics Run cannot
// catch).
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "cgraph: internal error, a bug of cgraph (please report it with the command that caused it): %v\n%s", r, debug.Stack())
			code = exitBug
		}
	}()
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "cgraph",
		Short:         "Computational graphs and backpropagation you can see and check",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	for _, v := range verbs {
		root.AddCommand(v(e))
	}
	if err := cacheProblem(); err != nil {
		fmt.Fprintf(stderr, "cgraph: warning: %v; Graphviz is compiled at every start (about 1 s); CGRAPH_GRAPHVIZ_CACHE=off silences this\n", err)
	}
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		fmt.Fprintln(stderr, "cgraph: interrupted")
		return exitInterrupted
	}
	// Errors of the packages already say where they come from ("cgraph: …",
	// "nn: …"); the command adds its name only to those that do not.
	msg := err.Error()
	if !strings.HasPrefix(msg, "cgraph: ") {
		msg = "cgraph: " + msg
	}
	fmt.Fprintln(stderr, msg)
	var u usageError
	if errors.As(err, &u) || isCobraUsage(err) {
		return exitUsage
	}
	return exitError
}

// isCobraUsage recognises cobra's own errors about the command line, which
// it does not type: an unknown verb or a wrong number of arguments.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "unknown flag", "unknown shorthand"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
