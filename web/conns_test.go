package web

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestIdleConnectionsAreCapped: a client that opens connections and
// leaves them idle (half before their first request, half after one,
// kept alive) held every one of them open, each with a goroutine and its
// buffers, until ReadHeaderTimeout (5 s) or IdleTimeout (60 s) ended it;
// enough of them exhaust the server's file descriptors, and new clients
// cannot connect at all. The server now keeps at most maxConns
// connections and closes the one idle longest to make room, so
// /api/health still answers at once and memory stays bounded.
func TestIdleConnectionsAreCapped(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 1,500 connections")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, New(nil), 5*time.Second) }()
	defer func() {
		cancel()
		<-done
	}()

	n := maxConns + 500
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		conns = append(conns, c)
		if i%2 == 0 {
			continue // idle before its first request
		}
		if _, err := io.WriteString(c, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}

	client := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	start := time.Now()
	res, err := client.Get("http://" + addr + "/api/health")
	if err != nil {
		t.Fatalf("/api/health with %d idle connections: %v", n, err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if took := time.Since(start); took > time.Second {
		t.Errorf("/api/health took %v with %d idle connections", took, n)
	}

	// A connection the server closed reads EOF (or a reset) at once; one
	// it keeps open times out. All are read at once: a read after its
	// deadline reports the timeout without looking for an EOF.
	var open atomic.Int32
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() {
			c.SetReadDeadline(time.Now().Add(time.Second))
			var b [1]byte
			if _, err := c.Read(b[:]); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					open.Add(1)
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d of %d idle connections still open", open.Load(), n)
	if open.Load() > maxConns {
		t.Errorf("%d idle connections kept open, want at most %d", open.Load(), maxConns)
	}
}
