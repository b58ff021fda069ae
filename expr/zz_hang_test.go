package expr

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestZZHang(t *testing.T) {
	dir := os.Getenv("CORPUS")
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		lines := strings.SplitN(string(b), "\n", 2)
		s := strings.TrimSpace(lines[1])
		s = strings.TrimSuffix(strings.TrimPrefix(s, "string("), ")")
		src, err := strconv.Unquote(s)
		if err != nil {
			t.Log("skip", f, err)
			continue
		}
		start := time.Now()
		done := make(chan bool)
		go func() { Parse(src); close(done) }()
		select {
		case <-done:
			if d := time.Since(start); d > 100*time.Millisecond {
				t.Logf("%v slow %q", d, src)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("hang on %q", src)
		}
	}
}
