package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServe starts `cgraph serve` on a free loopback port, asks it for its
// health, and stops it as Ctrl-C would (by ending the context).
func TestServe(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var errOut strings.Builder
	go func() {
		done <- Run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), pw, &errOut)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the address: %v (stderr %q)", err, errOut.String())
	}
	go io.Copy(io.Discard, pr)
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	if addr == "" {
		t.Fatalf("serve printed %q, want the loopback address to open", line)
	}
	res, err := http.Get(addr + "api/health")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("health: %d", res.StatusCode)
	}
	stop()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d after Ctrl-C, want 0 (stderr %q)", code, errOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after Ctrl-C")
	}
}

func TestServeBadAddr(t *testing.T) {
	code, _, stderr := run(t, "", "serve", "--addr", "not-an-address")
	if code != exitUsage || !strings.Contains(stderr, "--addr") {
		t.Errorf("status %d, stderr %q; want %d naming --addr", code, stderr, exitUsage)
	}
}

// TestServeWildcardAddr: --addr 0.0.0.0:8093 used to print
// http://[::]:8093/, which no browser opens (issue 17). It prints the
// loopback address and the names given with --allow-host instead.
func TestServeWildcardAddr(t *testing.T) {
	for _, ip := range []net.IP{net.IPv4zero, net.IPv6unspecified} {
		var out strings.Builder
		printAddrs(&out, &net.TCPAddr{IP: ip, Port: 8093}, []string{"class.example.org"})
		got := out.String()
		if !strings.Contains(got, "http://127.0.0.1:8093/") || !strings.Contains(got, "http://class.example.org:8093/") ||
			strings.Contains(got, "[::]") || strings.Contains(got, "0.0.0.0") {
			t.Errorf("listening on %v printed %q; want the loopback address and the allowed name, no wildcard", ip, got)
		}
	}
	var out strings.Builder
	printAddrs(&out, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, nil)
	if !strings.HasPrefix(out.String(), "cgraph playground on http://127.0.0.1:8080/ ") {
		t.Errorf("printed %q", out.String())
	}
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{"1GiB": 1 << 30, "512MiB": 512 << 20, "2G": 2 << 30, "300M": 300 << 20,
		"1gb": 1 << 30, "1048576": 1 << 20, "64KiB": 64 << 10} {
		if got, err := parseBytes(in); err != nil || got != want {
			t.Errorf("%s: %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "GiB", "-1G", "1.5G", "1TiB", "1 XB", "99999999999G"} {
		if got, err := parseBytes(in); err == nil {
			t.Errorf("%q: %d, want an error", in, got)
		}
	}
	if code, _, stderr := run(t, "", "serve", "--max-memory", "10MiB"); code != exitUsage || !strings.Contains(stderr, "--max-memory") {
		t.Errorf("--max-memory 10MiB: status %d, %q", code, stderr)
	}
}
