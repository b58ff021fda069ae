// Package render turns the DOT text of package viz into SVG and PNG
// in-process, with Graphviz compiled to WebAssembly (github.com/goccy/go-graphviz),
// so that nothing has to be installed.
//
// Graphviz lays the graph out and writes SVG itself. Its own PNG output is
// broken in the WebAssembly build, so PNG is drawn here in Go from the
// layout Graphviz reports as JSON (the xdot drawing operations): the same
// shapes, curves and text positions as the SVG.
//
// Importing this package costs start-up time: go-graphviz compiles its
// WebAssembly module in init (about 1 s the first time for a user, about
// 40 ms once wazero's compilation cache is warm; the cache is private to the
// user, see cache.go and internal/gvcache).
// Keep it out of programs that do not draw. Graphviz is not safe for
// concurrent use; this package serialises all calls.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"github.com/goccy/go-graphviz"
)

// MaxNodes is the largest graph rendered. Graphviz's dot layout grows
// faster than linearly; above this it would take minutes, so the caller
// gets ErrTooLarge at once instead of a hang.
const MaxNodes = 5000

// ErrTooLarge is returned for a graph of more than MaxNodes nodes.
var ErrTooLarge = fmt.Errorf("render: graph too large to lay out (more than %d nodes); write --dot instead", MaxNodes)

// noFiles is the file system Graphviz is given (by instance, before its
// first layout in a process, Pool children included): it refuses every
// file. Graphviz reads the files that DOT attributes name (image=,
// shapefile=, imagepath=, an HTML label's IMG) through go-graphviz's file
// system, which by default opens any path, relative to the working
// directory. cgraph's diagrams need none, and its DOT quotes every label,
// so no user can name one; with noFiles no DOT text can make Graphviz
// read a file, should that ever change.
type noFiles struct{}

func (noFiles) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
}

var (
	mu sync.Mutex // guards gv and every call into Graphviz
	gv *graphviz.Graphviz
)

// instance returns the shared Graphviz context, creating it on first use.
// mu must be held.
func instance(ctx context.Context) (*graphviz.Graphviz, error) {
	if gv != nil {
		return gv, nil
	}
	graphviz.SetFileSystem(noFiles{})
	g, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("render: starting graphviz: %w", err)
	}
	gv = g
	return gv, nil
}

// layout runs Graphviz's dot layout on src and returns it in format
// ("svg" or "json").
func layout(ctx context.Context, src []byte, format graphviz.Format) ([]byte, error) {
	if err := checkSize(src); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Graphviz cannot be interrupted, so it runs aside and a caller whose
	// context ends gets its error at once; the render finishes in the
	// background and holds the lock until then.
	type result struct {
		out []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := layoutLocked(ctx, src, format)
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		return r.out, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("render: %w", ctx.Err())
	}
}

func layoutLocked(ctx context.Context, src []byte, format graphviz.Format) ([]byte, error) {
	mu.Lock()
	defer mu.Unlock()
	g, err := instance(ctx)
	if err != nil {
		return nil, err
	}
	graph, err := graphviz.ParseBytes(src)
	if err != nil {
		return nil, fmt.Errorf("render: reading DOT: %w", err)
	}
	defer graph.Close()
	var buf bytes.Buffer
	if err := g.Render(ctx, graph, format, &buf); err != nil {
		return nil, fmt.Errorf("render: graphviz: %w", err)
	}
	return buf.Bytes(), nil
}

// checkSize counts node statements roughly (lines declaring a node with a
// label) so that a huge graph is refused before Graphviz starts on it.
func checkSize(src []byte) error {
	if len(src) == 0 {
		return errors.New("render: empty DOT")
	}
	if n := bytes.Count(src, []byte("[label=")); n > MaxNodes {
		return ErrTooLarge
	}
	return nil
}

// SVG lays out dot and returns the picture as SVG.
func SVG(ctx context.Context, dot []byte) ([]byte, error) {
	svg, err := layout(ctx, dot, graphviz.SVG)
	if err != nil {
		return nil, err
	}
	return fixSVGFonts(svg), nil
}

// fixSVGFonts gives browsers a fallback list for Graphviz's "Helvetica",
// which most Linux machines lack: Arial and any sans-serif have the metrics
// the layout assumed, a serif fallback would not.
func fixSVGFonts(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte(`font-family="Helvetica,sans-Serif"`),
		[]byte(`font-family="Helvetica,Arial,sans-serif"`))
}

// Warm starts Graphviz now, so that the first render is as fast as later
// ones; a server may call it at start-up.
func Warm(ctx context.Context) error {
	mu.Lock()
	defer mu.Unlock()
	_, err := instance(ctx)
	return err
}
