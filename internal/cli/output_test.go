//go:build unix

package cli

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cgraph/cgraph/nn"
)

// Outputs respect their targets (issue 17, finding 5): "-" is standard
// output, a device is written into, an existing file keeps its mode.

func TestEvalPictureToStdout(t *testing.T) {
	code, out, errOut := run(t, "", append([]string{"eval", "--svg", "-", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "<?xml") || !strings.HasSuffix(strings.TrimSpace(out), "</svg>") {
		t.Errorf("stdout is not one SVG picture:\n%.300s", out)
	}
	code, out, errOut = run(t, "", append([]string{"eval", "--png", "-", exercise}, exerciseArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := png.Decode(strings.NewReader(out)); err != nil {
		t.Errorf("stdout is not a PNG: %v", err)
	}
}

func TestStdoutIsShared(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"eval", "--svg", "-", "--json"}, "cannot share it"},
		{[]string{"eval", "--svg", "-", "--png", "-"}, "only one picture"},
		{[]string{"eval", "--png", "-", "--optimize"}, "not -"},
		{[]string{"train", "xor", "--save", "-", "--json"}, "cannot share it"},
	} {
		args := c.args
		if args[0] == "eval" {
			args = append(append(args, exercise), exerciseArgs...)
		}
		code, out, errOut := run(t, "", args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying %q", c.args, code, out, errOut, c.want)
		}
	}
}

func TestTrainSaveToStdout(t *testing.T) {
	code, out, errOut := run(t, "", "train", "xor", "--epochs", "10", "--save", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	m, meta, err := nn.ReadModel(strings.NewReader(out), "stdout")
	if err != nil {
		t.Fatalf("stdout is not a model: %v\n%.200s", err, out)
	}
	if meta.Dataset != "xor" || meta.Epochs != 10 || len(m.Inputs()) != 2 {
		t.Errorf("model %v, meta %+v", m.Shape(), meta)
	}
}

func TestGenToStdout(t *testing.T) {
	code, out, errOut := run(t, "", "gen", "-o", "-", "L = a*b")
	if code != 0 || !strings.HasPrefix(out, "// Code generated") {
		t.Errorf("exit %d, stdout %.100q, stderr %s", code, out, errOut)
	}
}

// TestSaveKeepsMode: a model file the user made private stays private
// (it became 0644).
func TestSaveKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.json")
	os.WriteFile(path, nil, 0o600)
	if code, _, errOut := run(t, "", "train", "xor", "--epochs", "1", "--save", path); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 || fi.Size() == 0 {
		t.Errorf("mode %v, size %d; want 0600 and the model", fi.Mode().Perm(), fi.Size())
	}
}

// TestPNGToFullDevice: as root, eval --png /dev/full replaced the device
// with a regular file and said nothing. Now the write fails (exit 1, "no
// space left on device") and the device stays. The device is made in a
// temporary directory, so that a regression cannot harm the system's.
func TestPNGToFullDevice(t *testing.T) {
	full := filepath.Join(t.TempDir(), "full")
	if err := syscall.Mknod(full, syscall.S_IFCHR|0o666, 1<<8|7); err != nil {
		t.Skip("mknod needs root:", err)
	}
	code, _, errOut := run(t, "", append([]string{"eval", "--png", full, exercise}, exerciseArgs...)...)
	if code != exitError || !strings.Contains(errOut, "no space left on device") {
		t.Errorf("exit %d, stderr %q; want 1 and no space left", code, errOut)
	}
	if fi, err := os.Lstat(full); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("the device became %v (%v)", fi.Mode(), err)
	}
}
