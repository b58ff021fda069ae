package kernel

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"time"
)

type writer = io.Writer

// liveWriter streams what the command line prints to the notebook as it
// comes, a batch at most every flushEvery.
type liveWriter struct {
	mu   sync.Mutex
	out  Output
	name string
	buf  bytes.Buffer
	last time.Time
}

const flushEvery = 100 * time.Millisecond

func (w *liveWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if time.Since(w.last) >= flushEvery && bytes.LastIndexByte(w.buf.Bytes(), '\n') >= 0 {
		w.flushLocked()
	}
	return len(p), nil
}

func (w *liveWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flushLocked()
}

func (w *liveWriter) flushLocked() {
	if w.buf.Len() > 0 {
		w.out.Stream(w.name, w.buf.String())
		w.buf.Reset()
	}
	w.last = time.Now()
}

// errWriter is the command line's standard error. It says it is a
// terminal, so that long work draws its progress bar; the bar's updates
// (which start with a carriage return) go to the notebook at once, and
// the messages are held: they become the cell's error if the command
// fails, or a stderr stream if it succeeds.
type errWriter struct {
	mu   sync.Mutex
	out  Output
	held bytes.Buffer
}

// IsTerminal tells the command line to draw progress bars.
func (w *errWriter) IsTerminal() bool { return true }

func (w *errWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if strings.Contains(string(p), "\r") {
		w.out.Stream("stderr", string(p))
	} else {
		w.held.Write(p)
	}
	return len(p), nil
}
