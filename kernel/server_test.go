package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// testKey signs the test's messages, as a connection file's key would.
const testKey = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

// syncBuffer is a log the kernel writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// client is a Jupyter client written for the tests: it signs its
// requests with the key and checks the kernel's signatures.
type client struct {
	t              *testing.T
	conn           ConnectionInfo // with the ports the kernel chose
	sign           *signer
	session        string
	shell, control zmq4.Socket
	iopub          chan *Message
	log            *syncBuffer
	interrupt      chan os.Signal
}

// startKernel serves a kernel with the session cfg and connects a client.
func startKernel(t *testing.T, cfg Config) *client {
	t.Helper()
	// Port 0: the kernel chooses free ports and says which (Ready).
	conn := &ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"}
	ctx, cancel := context.WithCancel(context.Background())
	sess := NewSession(cfg)
	c := &client{t: t, session: newID(), iopub: make(chan *Message, 1000), log: &syncBuffer{}, interrupt: make(chan os.Signal, 1)}
	c.sign, _ = newSigner("hmac-sha256", testKey)
	done := make(chan error, 1)
	ready := make(chan ConnectionInfo, 1)
	go func() {
		done <- Serve(ctx, conn, sess, &Options{Log: c.log, Interrupt: c.interrupt, Ready: func(ci ConnectionInfo) { ready <- ci }})
	}()
	select {
	case c.conn = <-ready:
		*conn = c.conn
	case err := <-done:
		t.Fatalf("Serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the kernel does not listen")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return after its context was cancelled")
		}
		sess.Close()
	})

	cctx, ccancel := context.WithCancel(context.Background())
	c.shell = zmq4.NewDealer(cctx, zmq4.WithID(zmq4.SocketIdentity("test-shell")))
	c.control = zmq4.NewDealer(cctx, zmq4.WithID(zmq4.SocketIdentity("test-control")))
	sub := zmq4.NewSub(cctx)
	t.Cleanup(func() {
		ccancel()
		c.shell.Close()
		c.control.Close()
		sub.Close()
	})
	dial := func(s zmq4.Socket, port int) {
		if err := s.Dial(conn.endpoint(port)); err != nil {
			t.Fatalf("dial %d: %v", port, err)
		}
	}
	dial(c.shell, conn.ShellPort)
	dial(c.control, conn.ControlPort)
	dial(sub, conn.IOPubPort)
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			zm, err := sub.Recv()
			if err != nil {
				return
			}
			m, err := c.sign.decode(zm.Frames)
			if err != nil {
				t.Errorf("iopub: %v", err)
				continue
			}
			c.iopub <- m
		}
	}()
	// As Jupyter's clients do: ask for kernel_info until iopub is heard.
	for range 50 {
		c.request(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shell, 5*time.Second)
		select {
		case <-c.iopub:
			c.drain()
			return c
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatal("iopub never delivered a message")
	return nil
}

// request sends a signed request and returns its header.
func (c *client) request(sock zmq4.Socket, msgType string, content any) Header {
	c.t.Helper()
	body, _ := json.Marshal(content)
	m := &Message{Header: newHeader(c.session, msgType), Parent: []byte("{}"), Content: body}
	frames, err := c.sign.encode(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := sock.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
	return m.Header
}

// reply waits for the next message on sock, failing after timeout.
func (c *client) reply(sock zmq4.Socket, timeout time.Duration) *Message {
	c.t.Helper()
	got := make(chan *Message, 1)
	go func() {
		zm, err := sock.Recv()
		if err != nil {
			got <- nil
			return
		}
		m, err := c.sign.decode(zm.Frames)
		if err != nil {
			c.t.Errorf("reply: %v", err)
		}
		got <- m
	}()
	select {
	case m := <-got:
		if m == nil {
			c.t.Fatal("socket closed")
		}
		return m
	case <-time.After(timeout):
		c.t.Fatalf("no reply in %v", timeout)
	}
	return nil
}

// drain forgets the iopub messages received so far.
func (c *client) drain() {
	for {
		select {
		case <-c.iopub:
		case <-time.After(50 * time.Millisecond):
			return
		}
	}
}

// outputs collects the iopub messages of the request req until its
// status idle.
func (c *client) outputs(req Header) []*Message {
	c.t.Helper()
	var out []*Message
	deadline := time.After(30 * time.Second)
	for {
		select {
		case m := <-c.iopub:
			if m.ParentHeader().MsgID != req.MsgID {
				continue
			}
			out = append(out, m)
			var st struct {
				State string `json:"execution_state"`
			}
			if m.Header.MsgType == "status" && json.Unmarshal(m.Content, &st) == nil && st.State == "idle" {
				return out
			}
		case <-deadline:
			c.t.Fatalf("no status idle for %s; got %d messages", req.MsgType, len(out))
		}
	}
}

func content(t *testing.T, m *Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

const exerciseCell = "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2\n" +
	"%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1"

func TestKernelInfo(t *testing.T) {
	c := startKernel(t, Config{})
	req := c.request(c.control, "kernel_info_request", map[string]any{})
	r := c.reply(c.control, 5*time.Second)
	if r.Header.MsgType != "kernel_info_reply" || r.ParentHeader().MsgID != req.MsgID {
		t.Fatalf("got %s to %s", r.Header.MsgType, r.ParentHeader().MsgID)
	}
	info := content(t, r)
	if info["protocol_version"] != ProtocolVersion || info["language_info"].(map[string]any)["name"] != "cgraph" {
		t.Errorf("kernel_info_reply = %v", info)
	}
}

func TestWrongSignatureIsRefused(t *testing.T) {
	c := startKernel(t, Config{})
	body, _ := json.Marshal(map[string]any{"code": exerciseCell})
	m := &Message{Header: newHeader(c.session, "execute_request"), Parent: []byte("{}"), Content: body}
	forger, _ := newSigner("hmac-sha256", "not the key")
	frames, _ := forger.encode(m)
	if err := c.shell.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		t.Fatal(err)
	}
	// The next reply must answer the next, well-signed request: the
	// forged one got none and ran nothing.
	req := c.request(c.shell, "kernel_info_request", map[string]any{})
	r := c.reply(c.shell, 10*time.Second)
	if r.Header.MsgType != "kernel_info_reply" || r.ParentHeader().MsgID != req.MsgID {
		t.Fatalf("the reply after a forged execute_request is a %s to %s, want the kernel_info_reply",
			r.Header.MsgType, r.ParentHeader().MsgID)
	}
	for _, o := range c.outputs(req) {
		if o.Header.MsgType != "status" {
			t.Errorf("iopub %s after a forged request", o.Header.MsgType)
		}
	}
	select {
	case o := <-c.iopub:
		if o.ParentHeader().MsgID == m.Header.MsgID {
			t.Errorf("iopub %s for the forged request", o.Header.MsgType)
		}
	case <-time.After(200 * time.Millisecond):
	}
	if !strings.Contains(c.log.String(), "signature does not match") {
		t.Errorf("log = %q, want the refusal", c.log.String())
	}
}

func TestExecuteReplyAndDisplayData(t *testing.T) {
	c := startKernel(t, Config{})
	req := c.request(c.shell, "execute_request", map[string]any{"code": exerciseCell, "silent": false})
	r := c.reply(c.shell, 60*time.Second)
	if r.Header.MsgType != "execute_reply" || content(t, r)["status"] != "ok" {
		t.Fatalf("got %s %v", r.Header.MsgType, content(t, r))
	}
	var types []string
	var html string
	svgs := 0
	for _, o := range c.outputs(req) {
		types = append(types, o.Header.MsgType)
		oc := content(t, o)
		data, _ := oc["data"].(map[string]any)
		if h, ok := data["text/html"].(string); ok {
			html = h
		}
		if s, ok := data["image/svg+xml"].(string); ok && strings.Contains(s, "<svg") {
			svgs++
		}
	}
	want := "status execute_input execute_result display_data display_data status"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("iopub: %s, want %s", got, want)
	}
	// ∂L/∂x2 = 7/20 and z = 0, the exercise's hand solution, exact.
	for _, cell := range []string{"<code>x2</code></td><td style=\"text-align:left\">input</td><td style=\"text-align:left\"></td><td style=\"text-align:right\">1</td><td style=\"text-align:right\">7/20</td>",
		"<code>z</code></td><td style=\"text-align:left\">add</td><td style=\"text-align:left\">p1, p2, p0</td><td style=\"text-align:right\">0</td><td style=\"text-align:right\">-1/4</td>"} {
		if !strings.Contains(html, cell) {
			t.Errorf("the table lacks %s:\n%s", cell, html)
		}
	}
	if svgs != 2 {
		t.Errorf("%d SVG diagrams, want forward and backward", svgs)
	}
}

func TestExecuteErrorKeepsTheKernel(t *testing.T) {
	c := startKernel(t, Config{})
	req := c.request(c.shell, "execute_request", map[string]any{"code": "c = a + )"})
	r := c.reply(c.shell, 10*time.Second)
	rc := content(t, r)
	if rc["status"] != "error" || rc["evalue"] != "program:1:9: expected expression, found ')'" {
		t.Errorf("execute_reply = %v", rc)
	}
	tb := strings.Join(anyStrings(rc["traceback"]), "\n")
	if !strings.Contains(tb, "  c = a + )\n          ^") {
		t.Errorf("traceback does not mark the error:\n%s", tb)
	}
	c.outputs(req)
	c.request(c.shell, "execute_request", map[string]any{"code": "c = a * b\na = 2\nb = 3"})
	if r := c.reply(c.shell, 60*time.Second); content(t, r)["status"] != "ok" {
		t.Errorf("the next cell: %v", content(t, r))
	}
}

func anyStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// blockingRun is a command line whose every run waits for its context:
// training that never ends by itself.
func blockingRun(started chan<- struct{}) Runner {
	return func(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer) int {
		io.WriteString(stdout, "training\n")
		started <- struct{}{}
		<-ctx.Done()
		return 1
	}
}

func TestInterrupt(t *testing.T) {
	for _, how := range []string{"interrupt_request", "SIGINT"} {
		t.Run(how, func(t *testing.T) {
			started := make(chan struct{}, 1)
			c := startKernel(t, Config{Run: blockingRun(started)})
			c.request(c.shell, "execute_request", map[string]any{"code": "%train xor --epochs 100000000"})
			select {
			case <-started:
			case <-time.After(10 * time.Second):
				t.Fatal("the cell did not start")
			}
			if how == "SIGINT" {
				c.interrupt <- os.Interrupt
			} else {
				c.request(c.control, "interrupt_request", map[string]any{})
				if r := c.reply(c.control, 5*time.Second); r.Header.MsgType != "interrupt_reply" {
					t.Errorf("got %s", r.Header.MsgType)
				}
			}
			r := c.reply(c.shell, 10*time.Second)
			if rc := content(t, r); rc["status"] != "error" || rc["ename"] != "KeyboardInterrupt" {
				t.Errorf("execute_reply = %v", rc)
			}
			// The kernel lives on.
			c.request(c.shell, "execute_request", map[string]any{"code": exerciseCell})
			if r := c.reply(c.shell, 60*time.Second); content(t, r)["status"] != "ok" {
				t.Errorf("after the interrupt: %v", content(t, r))
			}
		})
	}
}

func TestShutdown(t *testing.T) {
	c := startKernel(t, Config{})
	c.request(c.control, "shutdown_request", map[string]any{"restart": false})
	r := c.reply(c.control, 5*time.Second)
	if r.Header.MsgType != "shutdown_reply" {
		t.Errorf("got %s", r.Header.MsgType)
	}
}

func TestHeartbeat(t *testing.T) {
	c := startKernel(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := zmq4.NewReq(ctx)
	defer req.Close()
	if err := req.Dial(c.conn.endpoint(c.conn.HBPort)); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		ping := fmt.Sprintf("ping %d", i)
		if err := req.Send(zmq4.NewMsgString(ping)); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 1)
		go func() {
			m, err := req.Recv()
			if err != nil {
				got <- err.Error()
				return
			}
			got <- string(m.Bytes())
		}()
		select {
		case echo := <-got:
			if echo != ping {
				t.Errorf("heartbeat answered %q to %q", echo, ping)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no heartbeat")
		}
	}
}
