package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain runs, in a child started by TestCrashIsNotUsageError, what
// main sets up and then a panic that nothing recovers; in a child started
// with CGRAPH_MAIN_CHILD, main itself on the child's arguments.
func TestMain(m *testing.M) {
	if os.Getenv("CGRAPH_MAIN_CHILD") != "" {
		main()
	}
	if os.Getenv("CGRAPH_CRASH_CHILD") != "" {
		crashBySignal()
		done := make(chan bool)
		go func() { panic("a bug in another goroutine") }()
		<-done
	}
	os.Exit(m.Run())
}

// TestCrashIsNotUsageError: a crash Run cannot catch ended with Go's exit
// status 2, which cgraph uses for usage errors (issue 17). It now ends by
// SIGABRT.
func TestCrashIsNotUsageError(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CGRAPH_CRASH_CHILD=1", "GOTRACEBACK=")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("the child did not fail: %v", err)
	}
	ws := exit.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGABRT {
		t.Errorf("the child ended with %v, want SIGABRT (not exit status 2)", ws)
	}
	if !strings.Contains(string(out), "panic: a bug in another goroutine") {
		t.Errorf("the report is missing:\n%.500s", out)
	}
}

// slowChain is a program whose diagram takes Graphviz about 30 s to lay
// out (measured): 40 sigmoids, each reading b and one of five weights.
func slowChain() (program string, values []string) {
	var lines []string
	v := "x"
	for i := range 40 {
		lines = append(lines, fmt.Sprintf("z%d = %s*w%d + b", i, v, i%5), fmt.Sprintf("v%d = sigmoid(z%d)", i, i))
		v = fmt.Sprintf("v%d", i)
	}
	return strings.Join(lines, "; "), []string{"x=0.5", "b=0", "w0=1", "w1=1", "w2=1", "w3=1", "w4=1"}
}

// TestInterruptStopsRender: Ctrl-C (or SIGTERM), sent to the process
// group as a terminal does, during the layout of a
// diagram (--layout-limit 0, so none is refused) stops cgraph within a
// second, with exit status 130 and no output file. Graphviz ran in the
// process and could not be stopped: a garbage collection waits for the
// WebAssembly to return, and the signal with it (0.04–3.4 s with GOGC=5,
// which makes collections frequent, as a big program's would be); the
// status was 1 ("render: context canceled") or death by SIGTERM.
func TestInterruptStopsRender(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Graphviz on a slow layout")
	}
	program, values := slowChain()
	for _, tc := range []struct {
		sig  syscall.Signal
		flag string
	}{
		{syscall.SIGINT, "--png"},
		{syscall.SIGTERM, "--svg"},
	} {
		t.Run(tc.sig.String()+tc.flag, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "big")
			args := append([]string{"eval", program, tc.flag, out, "--hand", "--layout-limit", "0"}, values...)
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "CGRAPH_MAIN_CHILD=1", "GOGC=5")
			// Its own process group, signalled as a whole, as a terminal
			// signals Ctrl-C: the renderer child gets the signal too.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond) // well into the layout
			sent := time.Now()
			if err := syscall.Kill(-cmd.Process.Pid, tc.sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("still running 30 s after %v", tc.sig)
			}
			took := time.Since(sent)
			t.Logf("stopped %v after %v", tc.sig, took)
			if took > time.Second {
				t.Errorf("stopped %v after %v, want under 1 s", tc.sig, took)
			}
			if code := cmd.ProcessState.ExitCode(); code != 130 {
				t.Errorf("exit status %d (%v), want 130\n%s", code, err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr says %q, want it to say interrupted", stderr.String())
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("left %v in the output directory", left)
			}
		})
	}
}
