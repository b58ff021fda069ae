package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// peakRSS is the process's peak resident memory in bytes since the last
// resetPeakRSS (Linux: VmHWM), 0 where unknown.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// resetPeakRSS starts VmHWM again from the current RSS (Linux ≥ 4.0).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// TestVanishFlood is finding 2 of issue 17: 40 vanish requests at the
// limits at once reached 7.5 GB and ran for up to 20.9 s. Now the server
// runs as many as it has cores, queues the others briefly and turns the
// rest away with 503 and Retry-After; the process's peak RSS stays under
// the default budget of 1 GiB (without -race, whose shadow memory would
// count too), and no request outlives its deadline by more than one step
// of the work.
func TestVanishFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("floods the server for several seconds")
	}
	s := New(nil)
	defer s.Close()
	old := debug.SetMemoryLimit(s.MemoryLimit()) // as cgraph serve does
	defer debug.SetMemoryLimit(old)
	ts := httptest.NewServer(s)
	defer ts.Close()
	// At the limits: 4 runs × depth 50 × width 32² = 204,800 ≤ 250,000
	// (samples 16); each network takes 73 MB while it runs.
	body := map[string]any{"depth": 50, "width": 32, "activations": []string{"sigmoid", "relu"},
		"inits": []string{"normal", "he"}, "seeds": 1}
	if raceEnabled {
		body["width"] = 16 // at 32, one request alone takes over 5 s under -race
	}
	runtime.GC()
	resetPeakRSS()
	const clients = 40
	var mu sync.Mutex
	statuses := map[int]int{}
	var longest time.Duration
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			start := time.Now()
			res, data, err := postJSON(ts.URL+"/api/vanish", body)
			took := time.Since(start)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			statuses[res.StatusCode]++
			longest = max(longest, took)
			switch res.StatusCode {
			case http.StatusOK:
			case http.StatusServiceUnavailable:
				if res.Header.Get("Retry-After") == "" && !strings.Contains(string(data), "longer than the limit") {
					t.Errorf("503 without Retry-After: %s", data)
				}
			default:
				t.Errorf("status %d: %.200s", res.StatusCode, data)
			}
		})
	}
	wg.Wait()
	peak := peakRSS()
	t.Logf("%d clients: statuses %v, longest request %v, peak RSS %d MiB (limit %d MiB for the process, %d in all)",
		clients, statuses, longest.Round(time.Millisecond), peak>>20, s.MemoryLimit()>>20, DefaultMaxMemory>>20)
	if statuses[http.StatusOK] == 0 {
		t.Error("no request was served")
	}
	// The deadline is 5 s; a step of the work (building one network, or
	// its forward or backward pass) takes about 0.1 s alone and a few
	// times that on a loaded machine or under -race: 5 s of slack.
	if limit := DefaultLimits.Timeout + 5*time.Second; longest > limit {
		t.Errorf("a request took %v, more than %v", longest, limit)
	}
	if !raceEnabled && peak > DefaultMaxMemory {
		t.Errorf("peak RSS %d MiB, over the budget of %d MiB", peak>>20, DefaultMaxMemory>>20)
	}
}
