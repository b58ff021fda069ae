//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives tmp the owner and group of old if this process may: only
// root may give a file away, so for anyone else the new file is theirs, as
// with any editor.
func keepOwner(tmp *os.File, old fs.FileInfo) {
	st, ok := old.Sys().(*syscall.Stat_t)
	if ok && (int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid()) {
		tmp.Chown(int(st.Uid), int(st.Gid))
	}
}
