package render

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Pool lays graphs out in child processes, so that a layout can be
// stopped: when a caller's context ends, or the child grows past
// MaxRSS, the child is killed and the caller gets an error at once.
//
// In-process Graphviz cannot be stopped. go-graphviz creates its wazero
// runtime in its package init, with no way to ask for
// WithCloseOnContextDone, and a closed module could not be used again in
// that process; while the WebAssembly runs, the goroutine cannot be
// preempted either, so a garbage collection that must stop the world waits
// for the layout to end and every other goroutine waits with it. A child
// process shares none of that: the server's goroutines and collections
// never wait for Graphviz.
//
// A Pool is safe for concurrent use; at most Workers layouts run at once,
// the others wait for a child (or for their context to end).
type Pool struct {
	opts  PoolOptions
	slots chan struct{} // a token per running layout
	idle  chan *child   // children waiting for work

	mu     sync.Mutex
	closed bool
	all    map[*child]bool
}

// PoolOptions configure a Pool. A nil *PoolOptions means the defaults.
type PoolOptions struct {
	// Workers is the number of child processes that may lay out at once;
	// 0 means 1.
	Workers int
	// MaxRSS is the resident memory, in bytes, above which a child is
	// killed (checked every 50 ms while it works, where the system tells:
	// Linux); 0 means DefaultMaxRSS.
	MaxRSS int64
	// Command is the program to start as a child, with its arguments; it
	// must link this package. Empty means os.Executable().
	Command []string
}

// DefaultMaxRSS is a child's default memory limit. An idle child holds
// about 12 MiB, one after a layout of several seconds about 50 MiB
// (measured).
const DefaultMaxRSS = 256 << 20

// ErrChildMemory is returned when a child exceeded its memory limit.
var ErrChildMemory = errors.New("render: Graphviz needed more memory than its limit")

// ErrPoolClosed is returned by a Pool after Close.
var ErrPoolClosed = errors.New("render: pool closed")

// NewPool returns a Pool; it starts no child until the first layout or Warm.
func NewPool(opts *PoolOptions) *Pool {
	p := &Pool{all: make(map[*child]bool)}
	if opts != nil {
		p.opts = *opts
	}
	if p.opts.Workers <= 0 {
		p.opts.Workers = 1
	}
	if p.opts.MaxRSS <= 0 {
		p.opts.MaxRSS = DefaultMaxRSS
	}
	p.slots = make(chan struct{}, p.opts.Workers)
	p.idle = make(chan *child, p.opts.Workers)
	return p
}

// Workers is the number of layouts the pool runs at once.
func (p *Pool) Workers() int { return p.opts.Workers }

// SVG lays dot out in a child and returns the picture as SVG.
func (p *Pool) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	svg, err := p.layout(ctx, dot, formatSVG)
	if err != nil {
		return nil, err
	}
	return fixSVGFonts(svg), nil
}

// Warm starts one child now, so that the first layout does not wait for
// Graphviz to start.
func (p *Pool) Warm(ctx context.Context) error {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.slots }()
	c, err := p.get()
	if err != nil {
		return err
	}
	p.put(c)
	return nil
}

// Close kills every child; layouts in flight end with an error.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	var cs []*child
	for c := range p.all {
		cs = append(cs, c)
	}
	p.mu.Unlock()
	for _, c := range cs {
		p.kill(c)
	}
	return nil
}

func (p *Pool) layout(ctx context.Context, dot []byte, format byte) ([]byte, error) {
	if err := checkSize(dot); err != nil {
		return nil, err
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("render: %w", ctx.Err())
	}
	defer func() { <-p.slots }()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	c, err := p.get()
	if err != nil {
		return nil, err
	}
	type result struct {
		out []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := c.call(format, dot)
		done <- result{out, err}
	}()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case r := <-done:
			var le *layoutError
			if r.err == nil || errors.As(r.err, &le) {
				p.put(c)
				return r.out, r.err
			}
			// The child broke the protocol or died: of the signal that
			// also ended ctx, if ctx is done.
			p.kill(c)
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("render: %w", err)
			}
			return nil, fmt.Errorf("render: Graphviz process failed: %w%s", r.err, c.stderrNote())
		case <-ctx.Done():
			p.kill(c)
			<-done // the call returns once the child's pipes are closed
			return nil, fmt.Errorf("render: %w", ctx.Err())
		case <-tick.C:
			if rss := c.rss(); rss > p.opts.MaxRSS {
				p.kill(c)
				<-done
				return nil, fmt.Errorf("%w (%d MiB)", ErrChildMemory, p.opts.MaxRSS>>20)
			}
		}
	}
}

// get returns an idle child or starts one.
func (p *Pool) get() (*child, error) {
	select {
	case c := <-p.idle:
		return c, nil
	default:
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrPoolClosed
	}
	c, err := p.start()
	if err != nil {
		return nil, err
	}
	p.all[c] = true
	return c, nil
}

func (p *Pool) put(c *child) {
	select {
	case p.idle <- c:
	default: // cannot happen: at most Workers children are out
		p.kill(c)
	}
}

func (p *Pool) kill(c *child) {
	c.kill()
	p.mu.Lock()
	delete(p.all, c)
	p.mu.Unlock()
}

// start starts a child process. p.mu must be held.
func (p *Pool) start() (*child, error) {
	argv := p.opts.Command
	if len(argv) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("render: finding this program to start a renderer: %w", err)
		}
		argv = []string{exe}
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, fmt.Errorf("render: %w", err)
	}
	c := &child{req: reqW, respFile: respR, resp: bufio.NewReader(respR), stderr: &tail{max: 2048}, done: make(chan struct{})}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.ExtraFiles = []*os.File{reqR, respW}
	cmd.Stderr = c.stderr
	err = startChild(cmd)
	reqR.Close() // the child's ends: only the child holds them now
	respW.Close()
	if err != nil {
		reqW.Close()
		respR.Close()
		return nil, fmt.Errorf("render: starting Graphviz process: %w", err)
	}
	c.cmd = cmd
	go func() {
		cmd.Wait()
		close(c.done)
	}()
	return c, nil
}

// child is one renderer process and the parent's ends of its pipes.
type child struct {
	cmd      *exec.Cmd
	req      *os.File
	respFile *os.File
	resp     *bufio.Reader
	stderr   *tail
	done     chan struct{} // closed when the process has been reaped
	killOnce sync.Once
}

// layoutError is Graphviz's own error about a DOT text, reported by the
// child, which is still fine.
type layoutError struct{ msg string }

func (e *layoutError) Error() string { return e.msg }

func (c *child) call(format byte, dot []byte) ([]byte, error) {
	w := bufio.NewWriter(c.req)
	if err := writeFrame(w, format, dot); err != nil {
		return nil, err
	}
	status, data, err := readFrame(c.resp)
	if err != nil {
		return nil, err
	}
	if status != statusOK {
		return nil, &layoutError{string(data)}
	}
	return data, nil
}

func (c *child) kill() {
	c.killOnce.Do(func() {
		c.cmd.Process.Kill()
		<-c.done
		c.req.Close()
		c.respFile.Close()
	})
}

// rss is the child's resident memory in bytes, 0 where unknown.
func (c *child) rss() int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(c.cmd.Process.Pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

func (c *child) stderrNote() string {
	if s := strings.TrimSpace(c.stderr.String()); s != "" {
		return " (" + s + ")"
	}
	return ""
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.ToValidUTF8(t.buf, nil))
}
