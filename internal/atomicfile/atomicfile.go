// Package atomicfile writes files so that a reader never sees half of one
// and a failed write leaves the old file as it was, without replacing what
// the user meant to write into:
//
//   - A new file is written to a temporary file in the same directory,
//     synced and renamed to its name; it gets mode 0666 minus the umask.
//   - An existing regular file is replaced the same way and keeps its mode
//     (and its owner, where the system allows). A symbolic link to it stays
//     a link: the file it names is replaced.
//   - Anything else that exists and can be opened for writing, a device
//     (/dev/null, /dev/full), a FIFO, a terminal, or a file reached through
//     a descriptor link (/dev/stdout, /dev/fd/N, /proc/self/fd/N), is
//     written into directly: there is nothing to rename over, and renaming
//     over it would put a regular file in its place.
//   - A directory or a socket is an error.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Write writes the content that fill writes to path (see the package
// documentation for what happens to what is already there).
func Write(path string, fill func(w io.Writer) error) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			// A link to a file yet to be made: make the file it names.
			return direct(path, fill, os.O_CREATE|os.O_TRUNC)
		}
		return replace(path, nil, fill)
	case err != nil:
		return err
	case fi.IsDir():
		return &fs.PathError{Op: "write", Path: path, Err: errors.New("is a directory")}
	case fi.Mode()&fs.ModeSocket != 0:
		return &fs.PathError{Op: "write", Path: path, Err: errors.New("is a socket, not a file, device or pipe")}
	case fi.Mode().IsRegular() && !throughDescriptor(path):
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return err
		}
		return replace(real, fi, fill)
	}
	return direct(path, fill, os.O_APPEND)
}

// WriteBytes writes data to path (see Write).
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}

// throughDescriptor reports whether path names an open file of the process
// rather than a place in the file system: /dev/stdout is a link to
// /proc/self/fd/1, which names whatever standard output is.
func throughDescriptor(path string) bool {
	p := path
	for range 8 { // links to links, but not forever
		if strings.HasPrefix(filepath.Clean(p), "/proc/") {
			return true
		}
		target, err := os.Readlink(p)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = target
	}
	return false
}

// direct writes into path as it is, opened for writing with flag added.
func direct(path string, fill func(w io.Writer) error, flag int) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|flag, 0o666)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return fill(f)
}

// replace writes a temporary file beside path and renames it over path;
// old is the file it replaces, nil for a new one.
func replace(path string, old fs.FileInfo, fill func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := createTemp(dir, base)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if old != nil {
		if err = keepModeAndOwner(tmp, old); err != nil {
			return err
		}
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// createTemp makes a new file ".base.N.tmp" in dir. Unlike os.CreateTemp
// it asks for mode 0666, so that the umask decides the mode of a new file
// as it does for any other program.
func createTemp(dir, base string) (*os.File, error) {
	for range 1000 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(uint64(rand.Uint32()), 10)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("atomicfile: no free temporary name for %s in %s", base, dir)
}

// keepModeAndOwner gives tmp the mode of old and, as far as the system
// lets this process, its owner and group.
func keepModeAndOwner(tmp *os.File, old fs.FileInfo) error {
	keepOwner(tmp, old) // first: a change of owner may clear mode bits
	return tmp.Chmod(old.Mode().Perm())
}
