package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestMain runs, in a child started by TestCrashIsNotUsageError, what
// main sets up and then a panic that nothing recovers.
func TestMain(m *testing.M) {
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
