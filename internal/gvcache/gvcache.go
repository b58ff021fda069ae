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
// Import it only from a package that imports go-graphviz, and call Restore
// from that package's init.
package gvcache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	return root, filepath.Join(root, sub), nil
}

// Restore sets TMPDIR back to what it was before this package's init.
func Restore() {
	if restored || !supported {
		return
	}
	restored = true
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
