package render

import (
	"os/exec"
	"runtime"
	"syscall"
)

// spawns carries start requests to the one goroutine that starts children.
var spawns = make(chan spawn)

type spawn struct {
	cmd  *exec.Cmd
	errc chan error
}

func init() {
	go spawner()
}

// spawner starts children from one OS thread that never exits. Linux
// kills a child whose parent dies (Pdeathsig), but it ties "parent" to the
// thread that started the child: a thread the Go runtime retired would
// kill a working child. This goroutine keeps its thread for good.
func spawner() {
	runtime.LockOSThread()
	for s := range spawns {
		s.errc <- s.cmd.Start()
	}
}

// startChild starts cmd so that it dies with this process, even when this
// process is killed and cannot kill it.
func startChild(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	errc := make(chan error, 1)
	spawns <- spawn{cmd, errc}
	return <-errc
}
