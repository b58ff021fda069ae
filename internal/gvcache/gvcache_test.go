package gvcache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrepareMakesPrivateDirs(t *testing.T) {
	base := filepath.Join(t.TempDir(), "no", "cache", "yet")
	root, err := Prepare(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{root, filepath.Join(root, sub)} {
		fi, err := os.Lstat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !fi.IsDir() || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, want a directory of mode 0700", dir, fi.Mode())
		}
	}
}

// TestPrepareTightensOwnDir: a directory of the user's that others could
// read or write becomes 0700.
func TestPrepareTightensOwnDir(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "cgraph")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777) // past the umask
	if _, err := Prepare(base); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", fi.Mode().Perm())
	}
}

// TestPrepareRefuses lists caches that must not be used: each is refused
// with an error naming the path, never a panic.
func TestPrepareRefuses(t *testing.T) {
	cases := []struct {
		name  string
		plant func(t *testing.T, base string) // makes the bad cache
		want  string
	}{
		{"link instead of directory", func(t *testing.T, base string) {
			if err := os.Symlink(t.TempDir(), filepath.Join(base, "cgraph")); err != nil {
				t.Fatal(err)
			}
		}, "is not a directory"},
		{"file instead of directory", func(t *testing.T, base string) {
			if err := os.WriteFile(filepath.Join(base, "cgraph"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "is not a directory"},
		{"writable planted file", func(t *testing.T, base string) {
			dir := filepath.Join(base, "cgraph", sub, "wazero-v1-amd64-linux")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(dir, "65d05e8b")
			if err := os.WriteFile(f, []byte("planted"), 0o600); err != nil {
				t.Fatal(err)
			}
			os.Chmod(f, 0o666)
		}, "others can write"},
		{"link inside the cache", func(t *testing.T, base string) {
			dir := filepath.Join(base, "cgraph", sub)
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("/etc/passwd", filepath.Join(dir, "entry")); err != nil {
				t.Fatal(err)
			}
		}, "is not a file or directory"},
	}
	if os.Geteuid() == 0 {
		cases = append(cases, struct {
			name  string
			plant func(t *testing.T, base string)
			want  string
		}{"another user's directory", func(t *testing.T, base string) {
			dir := filepath.Join(base, "cgraph")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(dir, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}, "belongs to user 65534"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := t.TempDir()
			c.plant(t, base)
			_, err := Prepare(base)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), base) {
				t.Errorf("error %v, want one naming the path and saying %q", err, c.want)
			}
		})
	}
}

// TestChooseOff: CGRAPH_GRAPHVIZ_CACHE=off gives go-graphviz a TMPDIR where
// it cannot make its cache, and makes nothing in the user's cache.
func TestChooseOff(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	t.Setenv(EnvVar, "off")
	parent, dir, problem := choose()
	if parent != os.DevNull || dir != "" || problem != nil {
		t.Errorf("choose() = %q, %q, %v; want %q, \"\", nil", parent, dir, problem, os.DevNull)
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("%d entries made in the cache directory", len(entries))
	}
	if err := os.Mkdir(filepath.Join(parent, sub), 0o700); err == nil {
		t.Errorf("a directory could be made in %s", parent)
	}
}

func TestChooseUsesUserCacheDir(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv(EnvVar, "")
	parent, dir, problem := choose()
	if parent != filepath.Join(cache, "cgraph") || dir != filepath.Join(cache, "cgraph", sub) || problem != nil {
		t.Errorf("choose() = %q, %q, %v", parent, dir, problem)
	}
}

// TestSealThenDiscard: seal writes a checksum beside each entry that has
// none; discardDamaged keeps an entry that matches its checksum and
// removes, with its checksum, one that does not or has none, and leaves
// wazero's temporary files alone.
func TestSealThenDiscard(t *testing.T) {
	dir := t.TempDir()
	wz := filepath.Join(dir, "wazero-v1-amd64-linux")
	if err := os.Mkdir(wz, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) string {
		p := filepath.Join(wz, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("aa", "whole entry")
	changed := write("bb", "entry to be changed")
	tmp := write("cc.123.tmp", "being written")
	seal(dir)
	for _, p := range []string{good, changed} {
		if _, err := os.Stat(p + sumExt); err != nil {
			t.Fatalf("seal wrote no checksum: %v", err)
		}
	}
	write("bb", "entry to be chAnged")
	unsealed := write("dd", "written after the seal")
	if err := discardDamaged(dir); err != nil {
		t.Fatal(err)
	}
	for p, kept := range map[string]bool{good: true, good + sumExt: true, tmp: true,
		changed: false, changed + sumExt: false, unsealed: false} {
		if _, err := os.Stat(p); (err == nil) != kept {
			t.Errorf("%s: kept %v, want %v", filepath.Base(p), err == nil, kept)
		}
	}
}
