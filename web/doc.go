// Package web provides the cgraph playground: an HTTP server with a page
// embedded in the binary (graph, training and vanishing-gradient panels)
// and the JSON API under /api/ that the page uses.
//
// The server keeps no state between requests: everything a request needs
// (the program and its inputs, a network's configuration and current
// weights) comes with it, so concurrent users never see each other's work.
// Every request is bounded by Limits: body size, program size, node count,
// training work and time. Malformed input answers 400 with a JSON
// {"error": …} message.
//
// The server answers only its own page (guard.go: Host, Origin and the
// JSON content type), admits heavy work one request per core within a
// memory budget (admit.go), and draws diagrams in Graphviz processes that
// it kills at the deadline (render.Pool). docs/security.md says what that
// protects against and how it is tested.
package web
