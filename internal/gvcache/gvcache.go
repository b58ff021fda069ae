// Package gvcache gives Graphviz's WebAssembly compilation cache a private
// home: <user cache dir>/cgraph/go-graphviz, mode 0700, owned by the user.
//
// go-graphviz compiles its WebAssembly in its package init and caches the
// native code wazero makes of it in $TMPDIR/go-graphviz, a directory it
// shares with every user of the machine: another user who creates it first
// makes every start panic, and a file planted there is native code that
// cgraph would run. Nothing in go-graphviz sets the cache's place, so this
// package, which Go initialises before go-graphviz (it sorts first by
// import path and imports nothing go-graphviz does not), points TMPDIR at
// the private directory for the length of go-graphviz's init; Restore puts
// it back. A directory that is not the user's own, or that others can
// write, is not used: TMPDIR then names a path where no directory can be
// made (os.DevNull), go-graphviz runs without a cache, and Problem says
// why. Setting CGRAPH_GRAPHVIZ_CACHE=off turns the cache off quietly.
//
// A damaged entry (cut short by a full disk, a changed byte) made
// go-graphviz's init panic in every command, and wazero checks only part
// of an entry. So Restore writes each new entry's checksum beside it
// (<entry>.crc32c), and the init, before go-graphviz reads the cache,
// discards every entry whose checksum is missing or disagrees: Graphviz is
// then compiled afresh (about 1 s) and the entry written again. The
// checksum finds accidents, not forgeries: whoever can write the cache can
// write its checksums too, which is why only the user may.
//
// Import it only from a package that imports go-graphviz, and call Restore
// from that package's init.
package gvcache

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// EnvVar turns the cache off when it is "off".
const EnvVar = "CGRAPH_GRAPHVIZ_CACHE"

// Dir is the cache directory in use, "" if none.
var Dir string

// Problem says why the cache is not used, or is nil when it is (or was
// turned off by EnvVar).
var Problem error

var (
	savedTMPDIR string
	hadTMPDIR   bool
	restored    bool
)

func init() {
	savedTMPDIR, hadTMPDIR = os.LookupEnv("TMPDIR")
	if !supported {
		return
	}
	var parent string
	parent, Dir, Problem = choose()
	os.Setenv("TMPDIR", parent)
}

// choose returns the TMPDIR to give go-graphviz, the cache directory it
// will use ("" for none) and the reason there is none.
func choose() (parent, dir string, problem error) {
	off := os.DevNull // go-graphviz cannot make <DevNull>/go-graphviz: no cache
	if os.Getenv(EnvVar) == "off" {
		return off, "", nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return off, "", fmt.Errorf("graphviz cache: %w", err)
	}
	root, err := Prepare(base)
	if err != nil {
		return off, "", err
	}
	if err := discardDamaged(filepath.Join(root, sub)); err != nil {
		return off, "", err
	}
	return root, filepath.Join(root, sub), nil
}

// Restore sets TMPDIR back to what it was before this package's init.
func Restore() {
	if restored || !supported {
		return
	}
	restored = true
	if Dir != "" {
		seal(Dir)
	}
	if hadTMPDIR {
		os.Setenv("TMPDIR", savedTMPDIR)
	} else {
		os.Unsetenv("TMPDIR")
	}
}

// sub is the directory go-graphviz makes in the TMPDIR it is given.
const sub = "go-graphviz"

// Prepare makes base/cgraph and base/cgraph/go-graphviz private directories
// of the user (creating them, or tightening their mode to 0700 when the
// user owns them) and checks that everything already in the cache is the
// user's and writable by no one else. It returns base/cgraph, the TMPDIR
// to give go-graphviz.
func Prepare(base string) (string, error) {
	if !filepath.IsAbs(base) {
		return "", fmt.Errorf("graphviz cache: %q is not an absolute path", base)
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", fmt.Errorf("graphviz cache: %w", err)
	}
	root := filepath.Join(base, "cgraph")
	for _, dir := range []string{root, filepath.Join(root, sub)} {
		if err := privateDir(dir); err != nil {
			return "", err
		}
	}
	if err := checkTree(filepath.Join(root, sub), 3); err != nil {
		return "", err
	}
	return root, nil
}

// privateDir makes dir, or checks that the existing one is a directory
// (not a link) of the user's, and makes it mode 0700.
func privateDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("graphviz cache: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("graphviz cache: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("graphviz cache: %s is not a directory (%v)", dir, fi.Mode().Type())
	}
	if err := ownedByUser(dir, fi); err != nil {
		return err
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("graphviz cache: %w", err)
		}
	}
	return nil
}

// checkTree checks that every entry under dir, depth levels deep, is a
// file or directory (no link, device, …) of the user's that neither group
// nor others can write.
func checkTree(dir string, depth int) error {
	if depth == 0 {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("graphviz cache: %w", err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		fi, err := os.Lstat(p)
		if err != nil {
			return fmt.Errorf("graphviz cache: %w", err)
		}
		if !fi.IsDir() && !fi.Mode().IsRegular() {
			return fmt.Errorf("graphviz cache: %s is not a file or directory (%v)", p, fi.Mode().Type())
		}
		if err := ownedByUser(p, fi); err != nil {
			return err
		}
		if fi.Mode().Perm()&0o022 != 0 {
			return fmt.Errorf("graphviz cache: others can write %s (mode %v)", p, fi.Mode().Perm())
		}
		if fi.IsDir() {
			if err := checkTree(p, depth-1); err != nil {
				return err
			}
		}
	}
	return nil
}

// sumExt ends the name of the file that holds an entry's checksum.
const sumExt = ".crc32c"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// entries lists the cache entries under dir: the files wazero writes in
// its wazero-<version>-<arch>-<os> directories, named by the hex key of a
// module, without checksums and wazero's temporary files (whose names
// have a dot).
func entries(dir string) []string {
	paths, _ := filepath.Glob(filepath.Join(dir, "wazero-*", "*"))
	var out []string
	for _, p := range paths {
		if !strings.Contains(filepath.Base(p), ".") {
			out = append(out, p)
		}
	}
	return out
}

// checksum returns what an entry's checksum file holds: the CRC-32C of the
// entry and its length (3 ms for Graphviz's 6 MB, measured).
func checksum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := crc32.New(castagnoli)
	n, err := io.Copy(h, f)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%08x %d\n", h.Sum32(), n), nil
}

// discardDamaged removes every entry under dir whose checksum file is
// missing or disagrees with it (and that file), so that wazero compiles
// the module afresh instead of reading the entry.
func discardDamaged(dir string) error {
	for _, e := range entries(dir) {
		if want, err := os.ReadFile(e + sumExt); err == nil {
			if got, err := checksum(e); err == nil && got == string(want) {
				continue
			}
		}
		for _, p := range []string{e, e + sumExt} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("graphviz cache: %s is damaged or unchecked and cannot be removed: %w", e, err)
			}
		}
	}
	return nil
}

// seal writes the checksum of every entry under dir that has none: those
// wazero has just written, whole (it writes a temporary file, syncs it
// and renames it). A checksum that cannot be written costs the next start
// a compile, nothing more.
func seal(dir string) {
	for _, e := range entries(dir) {
		if _, err := os.Lstat(e + sumExt); err == nil {
			continue
		}
		sum, err := checksum(e)
		if err != nil {
			continue
		}
		tmp, err := os.CreateTemp(filepath.Dir(e), filepath.Base(e)+".*.tmp")
		if err != nil {
			continue
		}
		_, err = tmp.WriteString(sum)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), e+sumExt)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
	}
}
