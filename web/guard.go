package web

import (
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// The server is meant for the machine it runs on, or for a class whose
// teacher names the host the students type. Three checks keep other web
// sites out of it, since a visitor's browser will send requests wherever a
// page tells it to:
//
//   - the Host header must name this server (hostAllowed), which defeats
//     DNS rebinding: a page of evil.example whose name is made to resolve
//     to 127.0.0.1 still sends Host: evil.example;
//   - a request that carries an Origin must come from the page's own
//     origin (originAllowed);
//   - every POST must say Content-Type: application/json (jsonContent),
//     which no cross-site form and no "no-cors" fetch can send without the
//     browser asking the server first (a CORS preflight this server never
//     approves).

// hostAllowed reports whether the Host header host (with or without a
// port) names this server: localhost, an IP address, or one of names.
//
// Any IP address is accepted: a browser sends an IP as the Host only when
// the user typed that address, so the page's origin is then this server
// itself and no other site is involved. DNS rebinding needs a name.
func hostAllowed(host string, names []string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
	if h == "" {
		return false
	}
	if h == "localhost" || net.ParseIP(h) != nil {
		return true
	}
	for _, n := range names {
		if strings.EqualFold(h, strings.TrimSuffix(n, ".")) {
			return true
		}
	}
	return false
}

// originAllowed reports whether a request's Origin header, if any, is the
// origin of the page this server serves at host: same host and port. A
// browser sends Origin on every cross-origin request and on same-origin
// POSTs; "null" (a sandboxed frame, a file:// page) is foreign.
func originAllowed(origin, host string) bool {
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return strings.EqualFold(u.Host, host)
}

// jsonContent reports whether a Content-Type header says JSON:
// application/json, with parameters such as charset allowed.
func jsonContent(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// guard answers 403 to requests whose Host names another server or whose
// Origin is another site's.
func (s *Server) guard(w http.ResponseWriter, r *http.Request) bool {
	if !hostAllowed(r.Host, s.hosts) {
		writeError(w, http.StatusForbidden,
			"host %q is not this server's name: open it as localhost or by IP address, or start it with --allow-host %s",
			clip(r.Host, 80), clip(hostOnly(r.Host), 80))
		return false
	}
	if o := r.Header.Get("Origin"); !originAllowed(o, r.Host) {
		writeError(w, http.StatusForbidden, "requests from %q are not accepted: the API answers only its own page", clip(o, 80))
		return false
	}
	return true
}

func hostOnly(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return host
}

// clip shortens s to at most n bytes for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
