package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestForeignSites replays what a page of another site can make a
// visitor's browser send (issue 17, finding 3) and asserts that none of it
// reaches the API, while the playground's own page still does.
func TestForeignSites(t *testing.T) {
	s := New(&Options{AllowHosts: []string{"class.example.org"}})
	body := `{"program": "c = a * b", "inputs": {"a": 2, "b": 3}, "no_diagram": true}`
	for _, c := range []struct {
		name        string
		host        string
		contentType string // "-": none
		origin      string
		want        int
	}{
		// fetch(url, {mode: "no-cors", body: blob}) sends a POST without a
		// Content-Type (or with text/plain): refused, 415.
		{"no-cors fetch without a content type", "127.0.0.1:8080", "-", "", 415},
		{"no-cors fetch as text/plain", "127.0.0.1:8080", "text/plain", "", 415},
		{"cross-site form", "127.0.0.1:8080", "application/x-www-form-urlencoded", "", 415},
		{"multipart form", "127.0.0.1:8080", "multipart/form-data; boundary=x", "", 415},
		{"JSON type with a suffix", "127.0.0.1:8080", "application/jsonp", "", 415},
		// DNS rebinding: evil.example resolves to 127.0.0.1, but the
		// browser still names evil.example in Host.
		{"DNS rebinding", "evil.example:8080", "application/json", "http://evil.example:8080", 403},
		{"DNS rebinding without Origin", "evil.example:8080", "application/json", "", 403},
		{"localhost.evil.example", "localhost.evil.example:8080", "application/json", "", 403},
		{"empty Host", "", "application/json", "", 403},
		// A foreign page that did get the right Host (a proxy, a
		// misconfigured browser) is still refused by its Origin.
		{"foreign origin", "127.0.0.1:8080", "application/json", "https://evil.example", 403},
		{"null origin (sandboxed frame)", "127.0.0.1:8080", "application/json", "null", 403},
		{"same host, other port", "127.0.0.1:8080", "application/json", "http://127.0.0.1:9999", 403},
		// What must keep working.
		{"the page itself", "127.0.0.1:8080", "application/json", "http://127.0.0.1:8080", 200},
		{"charset parameter", "127.0.0.1:8080", "application/json; charset=utf-8", "", 200},
		{"localhost", "localhost:8080", "application/json", "http://localhost:8080", 200},
		{"IPv6 loopback", "[::1]:8080", "application/json", "http://[::1]:8080", 200},
		{"a LAN address typed by a student", "192.168.1.20:8080", "application/json", "http://192.168.1.20:8080", 200},
		{"the name given with --allow-host", "CLASS.example.org:8080", "application/json", "http://class.example.org:8080", 200},
		{"script without Origin (curl)", "127.0.0.1:8080", "application/json", "", 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/graph", strings.NewReader(body))
			req.Host = c.host
			if c.contentType != "-" {
				req.Header.Set("Content-Type", c.contentType)
			}
			if c.origin != "" {
				req.Header.Set("Origin", c.origin)
			}
			code, resp := serve(t, s, req)
			if code != c.want {
				t.Errorf("status %d %v; want %d", code, resp["error"], c.want)
			}
		})
	}
}

// TestForeignHostPage: the page itself is not served under a foreign name
// either, so a rebinding page cannot read it and then script it.
func TestForeignHostPage(t *testing.T) {
	s := New(nil)
	for host, want := range map[string]int{"evil.example": 403, "localhost": 200, "127.0.0.1:80": 200} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("GET / with Host %s: %d, want %d", host, rec.Code, want)
		}
		if want == 403 && !strings.Contains(rec.Body.String(), "--allow-host") {
			t.Errorf("the refusal does not say how to allow a name: %s", rec.Body)
		}
	}
	if code, _ := serve(t, s, newRequest("GET", "/api/health", nil)); code != http.StatusOK {
		t.Errorf("health from localhost: %d", code)
	}
}
