// Command cgraph evaluates, explains, draws and trains computational graphs.
// See the README for its verbs, flags and JSON output.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/cgraph/cgraph/internal/cli"
)

func main() {
	crashBySignal()
	// Ctrl-C or SIGTERM ends the context: the command stops (a diagram's
	// layout runs in a child process, which is killed) and Run returns
	// status 130 without writing its output file.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// crashBySignal makes a crash that cli.Run cannot recover (a panic in
// another goroutine, or a fatal error such as running out of memory) end
// the process with SIGABRT, after Go's report and every goroutine's
// stack, instead of Go's exit status 2, which for cgraph means a usage
// error.
func crashBySignal() { debug.SetTraceback("crash") }
