package cli

import (
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/cgraph/cgraph/viz/render"
	"github.com/cgraph/cgraph/web"
)

type serveOptions struct {
	addr    string
	timeout time.Duration
}

func newServeCmd(e *env) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT]",
		Short: "Serve the playground: step through graphs, train networks, watch gradients vanish",
		Long: `serve starts the playground, a page embedded in this binary with three
panels (graph, training, vanishing gradients) and the JSON API under /api/
that the page uses (see the README). It listens on 127.0.0.1 unless told
otherwise with --addr, prints the address to open, and stops gracefully on
Ctrl-C: requests in flight finish first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.timeout <= 0 {
				return usagef("--timeout must be positive")
			}
			ln, err := net.Listen("tcp", o.addr)
			if err != nil {
				return usagef("--addr: %v", err)
			}
			limits := web.DefaultLimits
			limits.Timeout = o.timeout
			srv := web.New(&web.Options{Limits: &limits})
			go render.Warm(e.ctx) // the first diagram is then as fast as later ones
			fmt.Fprintf(e.stdout, "cgraph playground on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
			if err := web.Serve(e.ctx, ln, srv, 10*time.Second); err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, "cgraph: stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0 picks a free one)")
	cmd.Flags().DurationVar(&o.timeout, "timeout", web.DefaultLimits.Timeout, "longest time one API request may take")
	return cmd
}
