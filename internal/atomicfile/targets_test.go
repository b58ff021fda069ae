//go:build linux

package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The attacks of issue 17, finding 5: what is given to write into must
// still be what it was afterwards.

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

// TestNewFileHonoursUmask: 0666 minus the umask, as for any program (the
// old code made every file 0644).
func TestNewFileHonoursUmask(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ umask, want int }{{0o022, 0o644}, {0o077, 0o600}, {0o002, 0o664}} {
		old := syscall.Umask(c.umask)
		path := filepath.Join(dir, fmt.Sprintf("new-%o", c.umask))
		err := WriteBytes(path, []byte("x"))
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		if got := mode(t, path).Perm(); got != os.FileMode(c.want) {
			t.Errorf("umask %03o: mode %v, want %v", c.umask, got, os.FileMode(c.want))
		}
	}
}

// TestExistingFileKeepsMode: a 0600 file stays 0600 (it became 0644).
func TestExistingFileKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.json")
	for _, perm := range []os.FileMode{0o600, 0o640, 0o755} {
		if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, perm)
		if err := WriteBytes(path, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if got := mode(t, path); got != perm {
			t.Errorf("mode %v after the write, want %v", got, perm)
		}
	}
}

// TestLinkStaysLink: writing to a link replaces the file it names.
func TestLinkStaysLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "v3.json")
	link := filepath.Join(dir, "model.json")
	os.WriteFile(target, []byte("old"), 0o600)
	if err := os.Symlink("v3.json", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if mode(t, link)&os.ModeSymlink == 0 {
		t.Errorf("the link became %v", mode(t, link))
	}
	if got, _ := os.ReadFile(target); string(got) != "new" || mode(t, target).Perm() != 0o600 {
		t.Errorf("target holds %q, mode %v", got, mode(t, target))
	}
	dangling := filepath.Join(dir, "to-be")
	os.Symlink("made.json", dangling)
	if err := WriteBytes(dangling, []byte("made")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "made.json")); string(got) != "made" || mode(t, dangling)&os.ModeSymlink == 0 {
		t.Errorf("dangling link: target %q, link %v", got, mode(t, dangling))
	}
}

// TestFIFOIsWrittenInto: a FIFO given as the file gets the data and stays
// a FIFO (it was replaced by a regular file).
func TestFIFOIsWrittenInto(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pipe.svg")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	// The reader opens first, without blocking, so that a write that
	// replaces the FIFO fails the test instead of hanging it.
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := WriteBytes(path, []byte("<svg/>")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := syscall.Read(fd, buf)
	if got := string(buf[:max(n, 0)]); got != "<svg/>" {
		t.Errorf("the reader got %q", got)
	}
	if m := mode(t, path); m&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO became %v", m)
	}
}

// mknod makes a character device like /dev/null (1, 3) or /dev/full
// (1, 7) in a temporary directory, so that a failing test cannot replace
// the system's own; it needs root.
func mknod(t *testing.T, name string, minor int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, 1<<8|minor); err != nil {
		t.Skip("mknod needs root:", err)
	}
	return path
}

// TestDeviceIsWrittenInto: as root, eval --png /dev/full replaced the
// device with a regular file. Now the write goes to the device: /dev/null
// takes it, /dev/full says it is full, and both stay devices.
func TestDeviceIsWrittenInto(t *testing.T) {
	null := mknod(t, "null", 3)
	if err := WriteBytes(null, []byte("png")); err != nil {
		t.Errorf("writing to a null device: %v", err)
	}
	full := mknod(t, "full", 7)
	if err := WriteBytes(full, []byte("png")); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("writing to a full device: %v, want ENOSPC", err)
	}
	for _, p := range []string{null, full} {
		if m := mode(t, p); m&os.ModeCharDevice == 0 {
			t.Errorf("%s became %v", p, m)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(full)); len(entries) != 1 {
		t.Errorf("%d files beside the device, want none", len(entries)-1)
	}
}

// TestDescriptorLinks: /dev/stdout is a link to /proc/self/fd/1. Whether
// that is a pipe or a regular file, the data goes into it and the link
// stays (as root the old code renamed a regular file over /dev/stdout).
func TestDescriptorLinks(t *testing.T) {
	dir := t.TempDir()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	stdout := filepath.Join(dir, "stdout")
	os.Symlink(fmt.Sprintf("/proc/self/fd/%d", w.Fd()), stdout)
	if err := WriteBytes(stdout, []byte("to the pipe")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if data, _ := io.ReadAll(r); string(data) != "to the pipe" {
		t.Errorf("the pipe got %q", data)
	}

	out, err := os.CreateTemp(dir, "out")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	out.WriteString("table\n")
	before, _ := out.Stat()
	stderr := filepath.Join(dir, "stderr")
	os.Symlink(fmt.Sprintf("/proc/self/fd/%d", out.Fd()), stderr)
	if err := WriteBytes(stderr, []byte("appended\n")); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(out.Name())
	if err != nil || !os.SameFile(before, after) {
		t.Fatalf("the file behind the descriptor was replaced (%v)", err)
	}
	if data, _ := os.ReadFile(out.Name()); string(data) != "table\nappended\n" {
		t.Errorf("the file holds %q", data)
	}
	for _, l := range []string{stdout, stderr} {
		if mode(t, l)&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", l)
		}
	}
}

func TestDirectoryIsRefused(t *testing.T) {
	dir := t.TempDir()
	err := WriteBytes(dir, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("error %v", err)
	}
}

// TestRootKeepsOwner: root rewriting another user's file leaves it theirs.
func TestRootKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file away needs root")
	}
	path := filepath.Join(t.TempDir(), "theirs.json")
	os.WriteFile(path, []byte("old"), 0o600)
	os.Chown(path, 65534, 65534)
	if err := WriteBytes(path, bytes.Repeat([]byte("n"), 10)); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 65534 || st.Gid != 65534 || fi.Mode().Perm() != 0o600 {
		t.Errorf("owner %d:%d, mode %v; want 65534:65534, 0600", st.Uid, st.Gid, fi.Mode().Perm())
	}
}
