package web

import (
	"os"
	"os/exec"
	"testing"
)

// TestJS runs the page's pure JavaScript tests (web/jstest, node --test),
// so that `go test ./...` covers them. Without node they are skipped,
// except under CI=true.
func TestJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no node found (apt-get install -y nodejs)")
		}
		t.Skip("skipping the JavaScript tests: no node on $PATH")
	}
	cmd := exec.Command(node, "--test")
	cmd.Dir = "jstest"
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
