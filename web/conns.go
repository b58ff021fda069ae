package web

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// maxConns is the number of connections the server keeps open at once.
// An idle connection costs a goroutine and its buffers, about 10 KB, and
// a file descriptor; net/http alone keeps every one it accepts until
// ReadHeaderTimeout or IdleTimeout ends it, so a client that opens
// connections and leaves them idle could hold thousands, and enough of
// them use up the file descriptors so that no one else can connect. The
// page uses a handful; the load test's 300 clients one each.
const maxConns = 1024

// connCap is a listener that keeps at most max connections open: when a
// new one arrives at the cap, the one idle longest (waiting for its first
// request or between requests) is closed to make room, and if all are
// busy with a request, the new one is closed. Its state method must be
// the server's ConnState hook.
type connCap struct {
	net.Listener
	max int

	mu sync.Mutex
	// conns holds the open connections: since when each is idle, or the
	// zero time while it handles a request.
	conns map[net.Conn]time.Time
}

func newConnCap(ln net.Listener, max int) *connCap {
	return &connCap{Listener: ln, max: max, conns: make(map[net.Conn]time.Time)}
}

func (l *connCap) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.admit(c) {
			return c, nil
		}
		c.Close()
	}
}

// admit records c, closing the connection idle longest if the cap is
// reached; it reports false if every connection is busy.
func (l *connCap) admit(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.conns) >= l.max {
		var oldest net.Conn
		var since time.Time
		for k, t := range l.conns {
			if !t.IsZero() && (oldest == nil || t.Before(since)) {
				oldest, since = k, t
			}
		}
		if oldest == nil {
			return false
		}
		delete(l.conns, oldest)
		oldest.Close()
	}
	l.conns[c] = time.Now()
	return true
}

// state follows each connection through the server (http.Server.ConnState).
func (l *connCap) state(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.conns[c]; !ok {
		return // closed to make room
	}
	switch s {
	case http.StateActive:
		l.conns[c] = time.Time{}
	case http.StateIdle:
		l.conns[c] = time.Now()
	case http.StateHijacked, http.StateClosed:
		delete(l.conns, c)
	}
}
