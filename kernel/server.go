package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"

	"github.com/go-zeromq/zmq4"
)

// Options configure Serve; nil means the defaults.
type Options struct {
	// Log receives the kernel's diagnostics (refused messages, unknown
	// message types); nil discards them.
	Log io.Writer
	// Interrupt delivers the SIGINT that Jupyter sends to interrupt a
	// cell (interrupt_mode "signal"); nil means none.
	Interrupt <-chan os.Signal
	// Version is the implementation's version in kernel_info_reply.
	Version string
	// Ready, if set, is called once every socket listens, with the
	// connection info and the ports chosen for those given as 0.
	Ready func(ConnectionInfo)
}

// server is a running kernel: its sockets and the cell in progress.
type server struct {
	sess    *Session
	sign    *signer
	id      string // the kernel's session id, in every header it writes
	log     io.Writer
	version string

	shell, control, stdin, iopub, hb zmq4.Socket
	iopubMu                          sync.Mutex

	mu     sync.Mutex
	cancel context.CancelFunc // of the cell running now, nil between cells
	count  int                // execution count

	shutdown chan struct{}
	once     sync.Once
}

// Serve runs the kernel described by conn until a shutdown_request or
// until ctx is done. Cells run in sess.
func Serve(ctx context.Context, conn *ConnectionInfo, sess *Session, opt *Options) error {
	if opt == nil {
		opt = &Options{}
	}
	sign, err := newSigner(conn.SignatureScheme, conn.Key)
	if err != nil {
		return err
	}
	s := &server{sess: sess, sign: sign, id: newID(), log: opt.Log, version: opt.Version,
		shutdown: make(chan struct{})}
	if s.log == nil {
		s.log = io.Discard
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	s.shell = zmq4.NewRouter(sctx)
	s.control = zmq4.NewRouter(sctx)
	s.stdin = zmq4.NewRouter(sctx)
	s.iopub = zmq4.NewPub(sctx)
	s.hb = zmq4.NewRep(sctx)
	bound := *conn // with the ports chosen for those given as 0
	socks := []struct {
		sock zmq4.Socket
		port *int
		name string
	}{{s.shell, &bound.ShellPort, "shell"}, {s.control, &bound.ControlPort, "control"},
		{s.stdin, &bound.StdinPort, "stdin"}, {s.iopub, &bound.IOPubPort, "iopub"}, {s.hb, &bound.HBPort, "heartbeat"}}
	defer func() {
		for _, k := range socks {
			k.sock.Close()
		}
	}()
	for _, k := range socks {
		ep := conn.endpoint(*k.port)
		if err := k.sock.Listen(ep); err != nil {
			return fmt.Errorf("kernel: %s socket on %s: %w", k.name, ep, err)
		}
		if a, ok := k.sock.Addr().(*net.TCPAddr); ok && *k.port == 0 {
			*k.port = a.Port
		}
	}
	if opt.Ready != nil {
		opt.Ready(bound)
	}
	s.publish(nil, "status", map[string]any{"execution_state": "starting"})

	go s.heartbeat()
	go s.loop(s.shell, "shell")
	go s.loop(s.control, "control")
	go s.ignoreStdin()
	if opt.Interrupt != nil {
		go func() {
			for {
				select {
				case <-opt.Interrupt:
					s.interrupt()
				case <-sctx.Done():
					return
				}
			}
		}()
	}
	select {
	case <-ctx.Done():
	case <-s.shutdown:
	}
	s.interrupt()
	return nil
}

// heartbeat echoes every ping, which tells Jupyter the kernel is alive.
func (s *server) heartbeat() {
	for {
		msg, err := s.hb.Recv()
		if err != nil {
			return
		}
		if err := s.hb.Send(msg); err != nil {
			return
		}
	}
}

// loop reads the requests of one channel and handles them in order.
func (s *server) loop(sock zmq4.Socket, name string) {
	for {
		zm, err := sock.Recv()
		if err != nil {
			return // the socket closed
		}
		msg, err := s.sign.decode(zm.Frames)
		if err != nil {
			fmt.Fprintf(s.log, "cgraph kernel: %s: refused: %v\n", name, err)
			continue
		}
		s.handle(sock, name, msg)
	}
}

// ignoreStdin reads and drops what clients send on the stdin channel: the
// kernel never asks for input, so an input_reply answers nothing. Unread,
// such messages would only pile up.
func (s *server) ignoreStdin() {
	for {
		zm, err := s.stdin.Recv()
		if err != nil {
			return // the socket closed
		}
		msg, err := s.sign.decode(zm.Frames)
		if err != nil {
			fmt.Fprintf(s.log, "cgraph kernel: stdin: refused: %v\n", err)
			continue
		}
		fmt.Fprintf(s.log, "cgraph kernel: stdin: ignored an %s: this kernel asks for no input\n", msg.Header.MsgType)
	}
}

// controlRequests are the requests served on the control channel. The
// others run in the session, which the shell channel's cells use one at a
// time: served beside a running cell they would race with it (and an
// execute_request there took the shell cell's interrupt).
var controlRequests = map[string]bool{"kernel_info_request": true, "interrupt_request": true, "shutdown_request": true}

// handle answers one request that arrived on channel, between status busy
// and status idle.
func (s *server) handle(sock zmq4.Socket, channel string, req *Message) {
	s.publish(req, "status", map[string]any{"execution_state": "busy"})
	defer s.publish(req, "status", map[string]any{"execution_state": "idle"})
	t := req.Header.MsgType
	if channel == "control" && !controlRequests[t] && strings.HasSuffix(t, "_request") {
		s.refuse(sock, req, fmt.Sprintf("a %s is answered on the shell channel, not on control", t))
		return
	}
	switch t {
	case "kernel_info_request":
		s.reply(sock, req, "kernel_info_reply", s.kernelInfo())
	case "execute_request":
		s.execute(sock, req)
	case "complete_request":
		var c struct {
			Code      string `json:"code"`
			CursorPos int    `json:"cursor_pos"`
		}
		_ = json.Unmarshal(req.Content, &c) // a malformed request completes nothing
		s.reply(sock, req, "complete_reply", s.sess.Complete(c.Code, c.CursorPos))
	case "inspect_request":
		var c struct {
			Code        string `json:"code"`
			CursorPos   int    `json:"cursor_pos"`
			DetailLevel int    `json:"detail_level"`
		}
		_ = json.Unmarshal(req.Content, &c)
		s.reply(sock, req, "inspect_reply", s.sess.Inspect(c.Code, c.CursorPos))
	case "is_complete_request":
		var c struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(req.Content, &c)
		s.reply(sock, req, "is_complete_reply", IsComplete(c.Code))
	case "history_request":
		s.reply(sock, req, "history_reply", map[string]any{"status": "ok", "history": []any{}})
	case "comm_info_request":
		s.reply(sock, req, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "interrupt_request":
		s.interrupt()
		s.reply(sock, req, "interrupt_reply", map[string]any{"status": "ok"})
	case "shutdown_request":
		var c struct {
			Restart bool `json:"restart"`
		}
		_ = json.Unmarshal(req.Content, &c)
		s.interrupt()
		s.reply(sock, req, "shutdown_reply", map[string]any{"status": "ok", "restart": c.Restart})
		s.once.Do(func() { close(s.shutdown) })
	default:
		if strings.HasSuffix(t, "_request") { // its client waits for a reply
			s.refuse(sock, req, fmt.Sprintf("this kernel does not serve a %s", t))
			return
		}
		fmt.Fprintf(s.log, "cgraph kernel: ignored a %s\n", t)
	}
}

// refuse answers a request of type x_request with an x_reply whose status
// is error, saying why, so that a client waiting for the reply does not
// wait for ever.
func (s *server) refuse(sock zmq4.Socket, req *Message, why string) {
	fmt.Fprintf(s.log, "cgraph kernel: refused: %s\n", why)
	s.reply(sock, req, strings.TrimSuffix(req.Header.MsgType, "_request")+"_reply",
		map[string]any{"status": "error", "ename": "UnsupportedRequest", "evalue": why, "traceback": []string{why}})
}

func (s *server) kernelInfo() map[string]any {
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "cgraph",
		"implementation_version": s.version,
		"language_info": map[string]any{
			"name":            "cgraph",
			"version":         s.version,
			"mimetype":        "text/x-cgraph",
			"file_extension":  ".cg",
			"codemirror_mode": "text/x-cgraph",
		},
		"banner": "cgraph: computational graphs and backpropagation you can see and check. %help lists the magics.",
		"help_links": []map[string]string{
			{"text": "cgraph README", "url": "https://github.com/cgraph/cgraph#readme"},
		},
	}
}

// interrupt cancels the cell running now, if any.
func (s *server) interrupt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// execute runs a cell and sends its outputs, its reply and its error.
func (s *server) execute(sock zmq4.Socket, req *Message) {
	var c struct {
		Code         string `json:"code"`
		Silent       bool   `json:"silent"`
		StoreHistory *bool  `json:"store_history"`
	}
	_ = json.Unmarshal(req.Content, &c)
	s.mu.Lock()
	if !c.Silent && (c.StoreHistory == nil || *c.StoreHistory) {
		s.count++
	}
	count := s.count
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
		cancel()
	}()

	var out Output = discard{}
	if !c.Silent {
		s.publish(req, "execute_input", map[string]any{"code": c.Code, "execution_count": count})
		out = &iopubOutput{s: s, req: req, count: count}
	}
	err := s.sess.Execute(ctx, c.Code, out)
	if err == nil {
		s.reply(sock, req, "execute_reply", map[string]any{"status": "ok", "execution_count": count,
			"user_expressions": map[string]any{}, "payload": []any{}})
		return
	}
	var ce *CellError
	if !errors.As(err, &ce) {
		ce = &CellError{Name: "KernelError", Value: err.Error(), Traceback: []string{err.Error()}}
	}
	content := map[string]any{"ename": ce.Name, "evalue": ce.Value, "traceback": ce.traceback()}
	if !c.Silent {
		s.publish(req, "error", content)
	}
	content["status"] = "error"
	content["execution_count"] = count
	s.reply(sock, req, "execute_reply", content)
}

// reply answers req on sock.
func (s *server) reply(sock zmq4.Socket, req *Message, msgType string, content any) {
	s.send(sock, req.Identities, req, msgType, content, nil)
}

// publish sends a message on iopub, as a consequence of req (nil: none).
func (s *server) publish(req *Message, msgType string, content any) {
	s.iopubMu.Lock()
	defer s.iopubMu.Unlock()
	topic := [][]byte{[]byte("kernel." + s.id + "." + msgType)}
	s.send(s.iopub, topic, req, msgType, content, nil)
}

func (s *server) send(sock zmq4.Socket, ids [][]byte, req *Message, msgType string, content any, metadata any) {
	body, err := json.Marshal(content)
	if err != nil {
		fmt.Fprintf(s.log, "cgraph kernel: %s: %v\n", msgType, err)
		return
	}
	m := &Message{Identities: ids, Header: newHeader(s.id, msgType), Content: body}
	if req != nil {
		m.Parent, _ = json.Marshal(req.Header)
	}
	if metadata != nil {
		m.Metadata, _ = json.Marshal(metadata)
	}
	frames, err := s.sign.encode(m)
	if err != nil {
		fmt.Fprintf(s.log, "cgraph kernel: %s: %v\n", msgType, err)
		return
	}
	if err := sock.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		fmt.Fprintf(s.log, "cgraph kernel: sending %s: %v\n", msgType, err)
	}
}

// iopubOutput sends a cell's outputs on iopub.
type iopubOutput struct {
	s     *server
	req   *Message
	count int
}

func (o *iopubOutput) Stream(name, text string) {
	o.s.publish(o.req, "stream", map[string]any{"name": name, "text": text})
}

func (o *iopubOutput) Display(data map[string]any) {
	o.s.publish(o.req, "display_data", map[string]any{"data": data, "metadata": map[string]any{}, "transient": map[string]any{}})
}

func (o *iopubOutput) Result(data map[string]any) {
	o.s.publish(o.req, "execute_result", map[string]any{"execution_count": o.count, "data": data, "metadata": map[string]any{}})
}

// discard is the output of a silent cell.
type discard struct{}

func (discard) Stream(string, string)  {}
func (discard) Display(map[string]any) {}
func (discard) Result(map[string]any)  {}
