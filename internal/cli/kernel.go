package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cgraph/cgraph/kernel"
)

func newKernelCmd(e *env) *cobra.Command {
	var connFile string
	cmd := &cobra.Command{
		Use:   "kernel --connection-file FILE",
		Short: "Run the Jupyter kernel for cgraph programs (Jupyter starts it; see kernel install)",
		Long: `kernel serves cells of cgraph programs to Jupyter over ZeroMQ, as the
connection file that Jupyter writes says. Install it once with
"cgraph kernel install"; Jupyter then starts it for notebooks whose kernel
is cgraph.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if connFile == "" {
				return usagef("--connection-file is required (Jupyter gives it; to install the kernel: cgraph kernel install)")
			}
			conn, err := kernel.ReadConnectionFile(connFile)
			if err != nil {
				return usageError{err}
			}
			// A SIGINT interrupts the cell, not the kernel.
			ctx := context.WithoutCancel(e.ctx)
			sigs := make(chan os.Signal, 1)
			signal.Notify(sigs, os.Interrupt)
			defer signal.Stop(sigs)
			sess := kernel.NewSession(KernelConfig())
			defer sess.Close()
			return kernel.Serve(ctx, conn, sess, &kernel.Options{Log: e.stderr, Interrupt: sigs, Version: "0.1"})
		},
	}
	cmd.Flags().StringVarP(&connFile, "connection-file", "f", "", "the connection `FILE` Jupyter wrote")
	cmd.AddCommand(newKernelInstallCmd(e))
	return cmd
}

func newKernelInstallCmd(e *env) *cobra.Command {
	var user bool
	var prefix string
	cmd := &cobra.Command{
		Use:   "install [--user|--prefix DIR]",
		Short: "Install the kernel spec \"cgraph\" for Jupyter (default: --user)",
		Long: `install writes the kernel spec kernels/cgraph/kernel.json, whose command is
this cgraph binary, into Jupyter's data folder of the user (--user, the
default: ~/.local/share/jupyter on Linux, or $JUPYTER_DATA_DIR) or of a
prefix (--prefix DIR: DIR/share/jupyter, found by Jupyter with
JUPYTER_PATH=DIR/share/jupyter or when DIR is its own prefix).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if user && prefix != "" {
				return usagef("--user and --prefix choose different folders: give one")
			}
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			if exe, err = filepath.EvalSymlinks(exe); err != nil {
				return err
			}
			dataDir := kernel.PrefixDataDir(prefix)
			if prefix == "" {
				if dataDir, err = kernel.UserDataDir(); err != nil {
					return err
				}
			}
			dir, err := kernel.Install(dataDir, kernel.NewSpec(exe))
			if err != nil {
				return fmt.Errorf("cannot install the kernel: %w", err)
			}
			fmt.Fprintf(e.stdout, "installed the Jupyter kernel %q in %s (it runs %s)\n", kernel.Name, dir, exe)
			return nil
		},
	}
	cmd.Flags().BoolVar(&user, "user", false, "install for the user (the default)")
	cmd.Flags().StringVar(&prefix, "prefix", "", "install into `DIR`/share/jupyter")
	return cmd
}

// kernelRun and kernelFlags are Run and verbFlags, set in init: verbs
// (which lists the kernel's command) would otherwise refer to itself.
var (
	kernelRun   kernel.Runner
	kernelFlags func(verb string) []kernel.Flag
)

func init() { kernelRun, kernelFlags = Run, verbFlags }

// KernelConfig is what the kernel's session needs of the command line:
// Run for the magics and the verbs' flags.
func KernelConfig() kernel.Config { return kernel.Config{Run: kernelRun, Flags: kernelFlags} }

// verbFlags lists the flags of a verb of the command line ("eval", "vanish
// chain") for the kernel's magics, or nil if there is no such verb.
func verbFlags(verb string) []kernel.Flag {
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	root := &cobra.Command{Use: "cgraph"}
	for _, v := range verbs {
		root.AddCommand(v(e))
	}
	cmd, rest, err := root.Find(strings.Fields(verb))
	if err != nil || cmd == root || len(rest) > 0 {
		return nil
	}
	var out []kernel.Flag
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		isBool := f.Value.Type() == "bool"
		out = append(out, kernel.Flag{Name: f.Name, Shorthand: f.Shorthand, Usage: f.Usage,
			TakesValue: !isBool && f.NoOptDefVal == "", OptionalValue: !isBool && f.NoOptDefVal != ""})
	})
	return out
}
