package kernel

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// Name is the kernel's name: jupyter --ExecutePreprocessor.kernel_name=cgraph.
const Name = "cgraph"

// Spec is a kernel spec, the kernel.json that tells Jupyter how to start
// the kernel.
type Spec struct {
	Argv        []string `json:"argv"`
	DisplayName string   `json:"display_name"`
	Language    string   `json:"language"`
	// InterruptMode "signal": Jupyter interrupts with SIGINT; the kernel
	// also takes interrupt_request on the control channel.
	InterruptMode string `json:"interrupt_mode"`
}

// NewSpec returns the spec of the kernel run by the binary exe.
func NewSpec(exe string) Spec {
	return Spec{Argv: []string{exe, "kernel", "--connection-file", "{connection_file}"},
		DisplayName: "cgraph", Language: "cgraph", InterruptMode: "signal"}
}

// UserDataDir is Jupyter's data folder of the user: $JUPYTER_DATA_DIR, or
// the platform's default (~/.local/share/jupyter on Linux).
func UserDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if a := os.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "jupyter"), nil
		}
		return "", errors.New("kernel: APPDATA is not set")
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// PrefixDataDir is the data folder of a prefix, as jupyter kernelspec
// install --prefix uses it: PREFIX/share/jupyter.
func PrefixDataDir(prefix string) string { return filepath.Join(prefix, "share", "jupyter") }

// Install writes spec as kernels/cgraph/kernel.json under the Jupyter data
// folder dataDir and returns the kernel's folder.
func Install(dataDir string, spec Spec) (string, error) {
	dir := filepath.Join(dataDir, "kernels", Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	data, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "kernel.json"), append(data, '\n'), 0o644)
}
