//go:build unix

package gvcache

import (
	"fmt"
	"os"
	"syscall"
)

const supported = true

// ownedByUser checks that fi (of path) belongs to the effective user.
func ownedByUser(path string, fi os.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("graphviz cache: cannot read the owner of %s", path)
	}
	if uid := os.Geteuid(); int(st.Uid) != uid {
		return fmt.Errorf("graphviz cache: %s belongs to user %d, not to you (%d)", path, st.Uid, uid)
	}
	return nil
}
