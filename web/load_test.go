package web

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The load test is off by default; run it with
//
//	go test ./web -run TestLoad -load -v [-load.clients 300] [-load.requests 30000]
//
// It serves on 127.0.0.1 (loopback only) over real TCP, sends a bounded
// number of requests from the given number of concurrent clients, stops
// early at -load.time, and reports throughput, latency percentiles and
// errors. Every answer must be a 200 with the right numbers in it.
var (
	loadOn       = flag.Bool("load", false, "run the loopback load test")
	loadClients  = flag.Int("load.clients", 300, "concurrent clients of the load test")
	loadRequests = flag.Int("load.requests", 30000, "requests of the load test in all")
	loadTime     = flag.Duration("load.time", 2*time.Minute, "longest run of the load test")
)

// loadCase is one kind of request in the mix, with a check of its answer.
type loadCase struct {
	name   string
	method string
	path   string
	body   any
	check  func(map[string]any) error
}

func loadMix() []loadCase {
	exerciseBody := map[string]any{"program": exercise, "inputs": exerciseInputs}
	checkYhat := func(r map[string]any) error {
		for _, n := range r["nodes"].([]any) {
			if m := n.(map[string]any); m["name"] == "yhat" && m["value"] == "1/2" {
				return nil
			}
		}
		return fmt.Errorf("yhat is not 1/2")
	}
	return []loadCase{
		{"graph+svg", "POST", "/api/graph", exerciseBody, checkYhat},
		{"graph", "POST", "/api/graph", map[string]any{"program": exercise, "inputs": exerciseInputs, "no_diagram": true}, checkYhat},
		{"parse", "POST", "/api/parse", map[string]any{"program": exercise}, func(r map[string]any) error {
			if r["output"] != "L" {
				return fmt.Errorf("output %v", r["output"])
			}
			return nil
		}},
		{"train", "POST", "/api/train", map[string]any{"dataset": "xor", "hidden": []int{4}, "epochs": 20, "grid": 20}, func(r map[string]any) error {
			if r["epoch"] != 20.0 {
				return fmt.Errorf("epoch %v", r["epoch"])
			}
			return nil
		}},
		{"page", "GET", "/", nil, nil},
	}
}

func TestLoad(t *testing.T) {
	if !*loadOn {
		t.Skip("the load test runs with -load")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, New(nil), 10*time.Second) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String()

	mix := loadMix()
	bodies := make([][]byte, len(mix))
	for i, c := range mix {
		if c.body != nil {
			bodies[i], _ = json.Marshal(c.body)
		}
	}
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: *loadClients, MaxIdleConnsPerHost: *loadClients, MaxConnsPerHost: *loadClients},
	}
	deadline := time.Now().Add(*loadTime)
	var next atomic.Int64
	var mu sync.Mutex
	latencies := make([][]time.Duration, len(mix))
	var errs []string
	fail := func(s string) {
		mu.Lock()
		if len(errs) < 20 {
			errs = append(errs, s)
		} else {
			errs = append(errs[:20], "…")
		}
		mu.Unlock()
	}
	var failures atomic.Int64

	start := time.Now()
	var wg sync.WaitGroup
	for range *loadClients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(*loadRequests) || time.Now().After(deadline) {
					return
				}
				k := int(i) % len(mix)
				c := mix[k]
				var body io.Reader
				if bodies[k] != nil {
					body = bytes.NewReader(bodies[k])
				}
				req, _ := http.NewRequest(c.method, base+c.path, body)
				if body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					failures.Add(1)
					fail(c.name + ": " + err.Error())
					continue
				}
				data, err := io.ReadAll(res.Body)
				res.Body.Close()
				d := time.Since(t0)
				if err != nil || res.StatusCode != 200 {
					failures.Add(1)
					fail(fmt.Sprintf("%s: status %d %v %.200s", c.name, res.StatusCode, err, data))
					continue
				}
				if c.check != nil {
					var v map[string]any
					if err := json.Unmarshal(data, &v); err != nil {
						failures.Add(1)
						fail(c.name + ": " + err.Error())
						continue
					} else if err := c.check(v); err != nil {
						failures.Add(1)
						fail(c.name + ": " + err.Error())
						continue
					}
				}
				mu.Lock()
				latencies[k] = append(latencies[k], d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	var all []time.Duration
	t.Logf("%d clients, %v", *loadClients, elapsed.Round(time.Millisecond))
	t.Logf("%-10s %7s %9s %9s %9s", "request", "count", "p50", "p99", "max")
	for k, c := range mix {
		all = append(all, latencies[k]...)
		logLatencies(t, c.name, latencies[k])
	}
	logLatencies(t, "all", all)
	n := len(all) + int(failures.Load())
	t.Logf("throughput: %.0f requests/s (%d requests in %v); errors: %d",
		float64(n)/elapsed.Seconds(), n, elapsed.Round(time.Millisecond), failures.Load())
	if failures.Load() > 0 {
		t.Errorf("%d failed requests, e.g. %v", failures.Load(), errs)
	}
}

func logLatencies(t *testing.T, name string, ds []time.Duration) {
	t.Helper()
	if len(ds) == 0 {
		t.Logf("%-10s %7d", name, 0)
		return
	}
	slices.Sort(ds)
	pct := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	t.Logf("%-10s %7d %9v %9v %9v", name, len(ds),
		pct(0.50).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), ds[len(ds)-1].Round(10*time.Microsecond))
}
