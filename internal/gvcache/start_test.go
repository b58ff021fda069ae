package gvcache_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/internal/gvcache"
	"github.com/cgraph/cgraph/viz/render"
)

// TestMain lets the tests start this test binary again as a fresh process,
// which is the only way to run go-graphviz's init (where the cache is
// used) under a chosen environment: with GVCACHE_CHILD set it reports what
// the init did, draws one picture and exits.
func TestMain(m *testing.M) {
	if os.Getenv("GVCACHE_CHILD") != "" {
		fmt.Printf("dir=%s\nproblem=%v\ntmpdir=%s\n", gvcache.Dir, gvcache.Problem, os.Getenv("TMPDIR"))
		if _, err := render.SVG(context.Background(), []byte("digraph { a -> b }")); err != nil {
			fmt.Println("render:", err)
			os.Exit(1)
		}
		if os.Getenv("GVCACHE_POOL") != "" { // as the server draws: in a child process
			p := render.NewPool(nil)
			_, err := p.SVG(context.Background(), []byte("digraph { a -> b }"))
			p.Close()
			if err != nil {
				fmt.Println("pool render:", err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// start runs the child with TMPDIR tmp and the user cache directory cache
// and returns its report; a panic in go-graphviz's init fails the test.
func start(t *testing.T, tmp, cache string, env ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "GVCACHE_CHILD=1", "TMPDIR="+tmp, "XDG_CACHE_HOME="+cache, "HOME="+cache)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("start with TMPDIR=%s: %v\n%s", tmp, err, out)
	}
	return string(out)
}

// plantShared makes $TMPDIR/go-graphviz as an attacker would: a cache
// entry of garbage where wazero would look for Graphviz's native code. The
// old cgraph panicked on it ("invalid magic number"), or ran it.
func plantShared(t *testing.T, tmp string) string {
	t.Helper()
	dir := filepath.Join(tmp, "go-graphviz", "wazero-v1.10.1-amd64-linux")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "65d05e8bbea8a6610d0686e4cb2ab62ff93a257de48b3587eb75f15ddf3c84ca")
	if err := os.WriteFile(f, []byte("WAZEVO garbage"), 0o666); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestStartIgnoresSharedTMPDIR: the cache is made in the user's cache
// directory, private, and a planted $TMPDIR/go-graphviz is never read.
// One cold compile of Graphviz (about 1 s) and one warm start.
func TestStartIgnoresSharedTMPDIR(t *testing.T) {
	tmp, cache := t.TempDir(), t.TempDir()
	planted := plantShared(t, tmp)
	for range 2 { // cold, then from the cache
		out := start(t, tmp, cache)
		want := "dir=" + filepath.Join(cache, "cgraph", "go-graphviz") + "\nproblem=<nil>\ntmpdir=" + tmp + "\n"
		if out != want {
			t.Fatalf("child said\n%s\nwant\n%s", out, want)
		}
	}
	if data, _ := os.ReadFile(planted); string(data) != "WAZEVO garbage" {
		t.Errorf("the planted file was touched")
	}
	entries, err := filepath.Glob(filepath.Join(cache, "cgraph", "go-graphviz", "wazero-*", "*"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no cache entries in %s (%v)", cache, err)
	}
	for _, e := range append(entries, filepath.Dir(entries[0])) {
		fi, err := os.Stat(e)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v; others may not read or write the cache", e, fi.Mode().Perm())
		}
	}
}

// TestStartWithForeignCache: another user's directory where the cache
// would go is skipped: the start works (without cache) and says why.
func TestStartWithForeignCache(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making a directory of another user needs root")
	}
	tmp, cache := t.TempDir(), t.TempDir()
	dir := filepath.Join(cache, "cgraph")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	out := start(t, tmp, cache)
	if !strings.Contains(out, "dir=\n") || !strings.Contains(out, "belongs to user 65534") {
		t.Errorf("child said\n%s\nwant no cache and the reason", out)
	}
	if _, err := os.Stat(filepath.Join(tmp, "go-graphviz")); err == nil {
		t.Errorf("the shared $TMPDIR/go-graphviz was made")
	}
}

// TestStartWithDamagedEntry: a cache entry damaged on disk (cut short, a
// byte changed, emptied) made go-graphviz's init panic in every command,
// the server and its renderers ("compilationcache: error reading
// executable … unexpected EOF", "checksum mismatch"; an empty entry
// "error reading header: EOF"), and a changed byte
// that wazero does not check could have run as code. The entry's own
// checksum, written beside it, finds the damage before go-graphviz reads
// it: the entry is discarded, Graphviz compiled afresh, the entry whole
// again. One cold compile per case (about 1 s, up to a minute under -race
// on a loaded machine), hence two cases.
func TestStartWithDamagedEntry(t *testing.T) {
	tmp, cache := t.TempDir(), t.TempDir()
	start(t, tmp, cache) // compiles and fills the cache
	entries, err := filepath.Glob(filepath.Join(cache, "cgraph", "go-graphviz", "wazero-*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var entry string
	for _, e := range entries {
		if !strings.Contains(filepath.Base(e), ".") {
			entry = e
		}
	}
	if entry == "" {
		t.Fatalf("no cache entry among %v", entries)
	}
	good, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0xff
		return b
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		// wazero finds this one (and a changed byte of code, an empty
		// entry), but in go-graphviz's init, which panics on it.
		{"cut in half", good[:len(good)/2]},
		{"a function offset changed", flip(40)}, // in the offsets wazero does not check
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(entry, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			out := start(t, tmp, cache, "GVCACHE_POOL=1")
			if !strings.Contains(out, "problem=<nil>") {
				t.Errorf("child said\n%s\nwant the cache in use", out)
			}
			if got, _ := os.ReadFile(entry); !bytes.Equal(got, good) {
				t.Errorf("the damaged entry was not rebuilt (%d bytes, want %d)", len(got), len(good))
			}
		})
	}
}
