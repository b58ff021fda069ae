//go:build !linux

package render

import "os/exec"

// startChild starts cmd. Outside Linux a child outlives a parent that is
// killed outright only until it reads the end of its request pipe.
func startChild(cmd *exec.Cmd) error { return cmd.Start() }
