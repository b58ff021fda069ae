package cli

import (
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cgraph/cgraph/web"
)

type serveOptions struct {
	addr       string
	timeout    time.Duration
	allowHosts []string
	maxMemory  string
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
			maxMem, err := parseBytes(o.maxMemory)
			if err != nil || maxMem < 256<<20 {
				return usagef("--max-memory %q: want a size of at least 256MiB, such as 512MiB or 2GiB", o.maxMemory)
			}
			ln, err := net.Listen("tcp", o.addr)
			if err != nil {
				return usagef("--addr: %v", err)
			}
			limits := web.DefaultLimits
			limits.Timeout = o.timeout
			srv := web.New(&web.Options{Limits: &limits, AllowHosts: o.allowHosts, MaxMemory: maxMem})
			// The collector works harder as the process nears its share,
			// so garbage does not take the room of the requests' budget.
			debug.SetMemoryLimit(srv.MemoryLimit())
			defer srv.Close()
			go srv.Warm(e.ctx) // the first diagram is then as fast as later ones
			printAddrs(e.stdout, ln.Addr(), o.allowHosts)
			if err := web.Serve(e.ctx, ln, srv, 10*time.Second); err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, "cgraph: stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0 picks a free one)")
	cmd.Flags().DurationVar(&o.timeout, "timeout", web.DefaultLimits.Timeout, "longest time one API request may take")
	cmd.Flags().StringVar(&o.maxMemory, "max-memory", "1GiB",
		"memory the server may use in all, its Graphviz processes included (`SIZE`: 512MiB, 2GiB)")
	cmd.Flags().StringSliceVar(&o.allowHosts, "allow-host", nil,
		"also answer requests that name `HOST` (the name students type; localhost and IP addresses are always answered)")
	return cmd
}

// printAddrs says where to open the playground. A wildcard address
// (0.0.0.0, ::) is no address to type: it prints the loopback address and
// the machine's other addresses instead, with the names of --allow-host.
func printAddrs(w io.Writer, addr net.Addr, hosts []string) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		fmt.Fprintf(w, "cgraph playground on http://%s/ (Ctrl-C to stop)\n", addr)
		return
	}
	port := strconv.Itoa(tcp.Port)
	fmt.Fprintf(w, "cgraph playground on http://%s/ (Ctrl-C to stop), listening on all interfaces\n", net.JoinHostPort("127.0.0.1", port))
	var others []string
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
				others = append(others, "http://"+net.JoinHostPort(ipn.IP.String(), port)+"/")
			}
		}
	}
	for _, h := range hosts {
		others = append(others, "http://"+net.JoinHostPort(h, port)+"/")
	}
	if len(others) > 0 {
		fmt.Fprintf(w, "  from other machines: %s\n", strings.Join(others, "  "))
	}
}

// parseBytes reads a size: a whole number with an optional unit, KiB, MiB
// or GiB (K, M, G and KB, MB, GB mean the same powers of 1024).
func parseBytes(s string) (int64, error) {
	num := strings.TrimRight(s, "KMGiBkmgb")
	unit := strings.ToUpper(strings.TrimSuffix(strings.TrimSuffix(s[len(num):], "B"), "b"))
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	shift := map[string]uint{"": 0, "K": 10, "KI": 10, "M": 20, "MI": 20, "G": 30, "GI": 30}
	sh, ok := shift[unit]
	if !ok || n > (1<<62)>>sh {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n << sh, nil
}
