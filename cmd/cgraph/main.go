// Command cgraph evaluates, explains, draws and trains computational graphs.
// See the README for its verbs, flags and JSON output.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/cgraph/cgraph/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
