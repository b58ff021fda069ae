package kernel

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// dealer connects another client's socket, with identity id, to port.
func (c *client) dealer(id string, port int) zmq4.Socket {
	c.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity(id)))
	c.t.Cleanup(func() {
		cancel()
		s.Close()
	})
	if err := s.Dial(c.conn.endpoint(port)); err != nil {
		c.t.Fatalf("dial %d: %v", port, err)
	}
	return s
}

// TestTwoClientsOnShell: two clients' cells sent at once run one after
// the other, each answered to its own client, with its own execution
// count.
func TestTwoClientsOnShell(t *testing.T) {
	c := startKernel(t, Config{})
	other := c.dealer("second-client", c.conn.ShellPort)
	reqs := []Header{
		c.request(c.shell, "execute_request", map[string]any{"code": exerciseCell}),
		c.request(other, "execute_request", map[string]any{"code": "a = 2*b\n%inputs b=3"}),
	}
	counts := map[float64]bool{}
	for i, sock := range []zmq4.Socket{c.shell, other} {
		r := c.reply(sock, 60*time.Second)
		rc := content(t, r)
		if r.Header.MsgType != "execute_reply" || rc["status"] != "ok" || r.ParentHeader().MsgID != reqs[i].MsgID {
			t.Errorf("client %d got %s %v for %s, want the reply to its own request %s", i, r.Header.MsgType, rc, r.ParentHeader().MsgID, reqs[i].MsgID)
		}
		n, _ := rc["execution_count"].(float64)
		counts[n] = true
	}
	if !counts[1] || !counts[2] {
		t.Errorf("execution counts %v, want 1 and 2", counts)
	}
}

// TestExecuteOnControlIsRefused: the control channel is for interrupts
// and shutdown. An execute_request sent there ran beside the shell's
// cell, in the same session (a data race), and took the shell cell's
// interrupt: interrupt_request then stopped nothing and the shell cell
// ran on. It is now answered with an error at once, and the interrupt
// stops the shell's cell.
func TestExecuteOnControlIsRefused(t *testing.T) {
	started := make(chan struct{}, 2)
	c := startKernel(t, Config{Run: blockingRun(started)})
	c.request(c.shell, "execute_request", map[string]any{"code": "%train xor --epochs 100000000"})
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the cell did not start")
	}
	c.request(c.control, "execute_request", map[string]any{"code": "%train xor --epochs 100000000"})
	select {
	case <-started:
		t.Fatal("a cell ran on the control channel")
	case <-time.After(200 * time.Millisecond):
	}
	r := c.reply(c.control, 5*time.Second)
	if rc := content(t, r); r.Header.MsgType != "execute_reply" || rc["status"] != "error" || !strings.Contains(rc["evalue"].(string), "shell") {
		t.Errorf("execute on control: %s %v, want an error naming the shell channel", r.Header.MsgType, rc)
	}
	c.request(c.control, "interrupt_request", map[string]any{})
	if r := c.reply(c.control, 5*time.Second); r.Header.MsgType != "interrupt_reply" {
		t.Errorf("got %s", r.Header.MsgType)
	}
	r = c.reply(c.shell, 10*time.Second)
	if rc := content(t, r); rc["status"] != "error" || rc["ename"] != "KeyboardInterrupt" {
		t.Errorf("the shell's cell was not interrupted: %v", rc)
	}
}

// TestUnsupportedRequestsAreAnswered: a request the kernel does not serve
// (input_request is the kernel's to send; the debugger's, and any other)
// was logged and never answered, so a client waiting for its reply hung.
// It now gets a reply with status error. An input_reply on the stdin
// channel, where the kernel asks for nothing, is read and ignored.
func TestUnsupportedRequestsAreAnswered(t *testing.T) {
	c := startKernel(t, Config{})
	for _, sock := range []zmq4.Socket{c.shell, c.control} {
		for _, typ := range []string{"input_request", "debug_request", "frobnicate_request"} {
			req := c.request(sock, typ, map[string]any{"prompt": "?"})
			r := c.reply(sock, 5*time.Second)
			want := strings.TrimSuffix(typ, "_request") + "_reply"
			if rc := content(t, r); r.Header.MsgType != want || rc["status"] != "error" || r.ParentHeader().MsgID != req.MsgID {
				t.Errorf("%s: got %s %v, want %s with status error", typ, r.Header.MsgType, rc, want)
			}
		}
	}
	stdin := c.dealer("test-stdin", c.conn.StdinPort)
	c.request(stdin, "input_reply", map[string]any{"value": "42"})
	c.request(c.shell, "kernel_info_request", map[string]any{})
	if r := c.reply(c.shell, 5*time.Second); r.Header.MsgType != "kernel_info_reply" {
		t.Errorf("after an input_reply: got %s", r.Header.MsgType)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(c.log.String(), "input_reply") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(c.log.String(), "stdin: ignored an input_reply") {
		t.Errorf("log = %q, want the input_reply ignored", c.log.String())
	}
}

// slowChain is a cell whose forward diagram takes Graphviz about 10 s to
// lay out and its backward one about 2 minutes (measured with cgraph
// eval): 40 sigmoids, each reading b and one of five weights.
func slowChain() string {
	var b strings.Builder
	v := "x"
	for i := range 40 {
		fmt.Fprintf(&b, "z%d = %s*w%d + b\nv%d = sigmoid(z%d)\n", i, v, i%5, i, i)
		v = fmt.Sprintf("v%d", i)
	}
	return b.String() + "%inputs x=0.5 b=0 w0=1 w1=1 w2=1 w3=1 w4=1"
}

// TestInterruptStopsDiagram: an interrupt during a diagram's layout
// answered the cell at once, but Graphviz ran on in the kernel's process,
// holding the renderer, so the next cell's diagrams waited for it (and a
// garbage collection, with the heartbeat, for the WebAssembly). Diagrams
// are now laid out in a child process, which the interrupt kills.
func TestInterruptStopsDiagram(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Graphviz on a slow layout")
	}
	c := startKernel(t, Config{})
	req := c.request(c.shell, "execute_request", map[string]any{"code": slowChain()})
	deadline := time.After(30 * time.Second)
wait:
	for {
		select {
		case m := <-c.iopub:
			if m.ParentHeader().MsgID == req.MsgID && m.Header.MsgType == "execute_result" {
				break wait // the table is out: the forward diagram is being laid out
			}
		case <-deadline:
			t.Fatal("no table in 30 s")
		}
	}
	time.Sleep(time.Second)
	c.request(c.control, "interrupt_request", map[string]any{})
	c.reply(c.control, 5*time.Second)
	r := c.reply(c.shell, 5*time.Second)
	if rc := content(t, r); rc["ename"] != "KeyboardInterrupt" {
		t.Fatalf("execute_reply = %v, want KeyboardInterrupt", rc)
	}
	start := time.Now()
	c.request(c.shell, "execute_request", map[string]any{"code": exerciseCell})
	r = c.reply(c.shell, 60*time.Second)
	took := time.Since(start)
	t.Logf("the next cell, with its two diagrams, took %v", took)
	if rc := content(t, r); rc["status"] != "ok" {
		t.Errorf("the next cell: %v", rc)
	}
	if took > 5*time.Second {
		t.Errorf("the next cell took %v: it waited for the interrupted layout", took)
	}
}
