package render_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/viz"
	"github.com/cgraph/cgraph/viz/render"
)

// sigmoidChain is the graph of issue 17, finding 1: v_i = σ(v_{i−1}·w_{i mod 5} + b)
// for i < n, from one input x. Every layer reads b and one of five
// weights, whose edges span the whole chain: Graphviz's layout time grows
// steeply with n (1.1 s at 30 statements, 71 s at 70, measured in the issue).
func sigmoidChain(n int) (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	v := g.Input("x", 0.5)
	b := g.Input("b", 0)
	var w [5]*cgraph.Node
	for i := range w {
		w[i] = g.Input(fmt.Sprintf("w%d", i), 1.0/3)
	}
	for i := range n {
		p := g.Apply(fmt.Sprintf("v%d * w%d", i, i%5), cgraph.Mul{}, v, w[i%5])
		z := g.Apply(fmt.Sprintf("z%d", i), cgraph.Add{}, p, b)
		v = g.Apply(fmt.Sprintf("v%d", i), cgraph.Sigmoid{}, z)
	}
	return g, v
}

func chainDOT(t testing.TB, n int) []byte {
	g, out := sigmoidChain(n)
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
	dot, err := viz.DOT(g, &viz.Options{View: viz.BackwardView, Output: out, Hand: true})
	if err != nil {
		t.Fatal(err)
	}
	return dot
}

func TestPoolSVG(t *testing.T) {
	p := render.NewPool(nil)
	defer p.Close()
	svg, err := p.SVG(context.Background(), readDOT(t, "exercise_backward_hand.dot"))
	if err != nil {
		t.Fatal(err)
	}
	if text := svgText(t, svg); !strings.Contains(text, "∂L/∂x2 = 7/20") {
		t.Errorf("the child's SVG lacks a gradient:\n%s", text)
	}
	if _, err := p.SVG(context.Background(), []byte("digraph { a -> ")); err == nil {
		t.Error("malformed DOT rendered")
	}
	// The child survives Graphviz's own errors.
	if _, err := p.SVG(context.Background(), readDOT(t, "exercise_backward_hand.dot")); err != nil {
		t.Errorf("after a DOT error: %v", err)
	}
}

// TestPoolPNG: the command line draws its PNGs through a pool (so that
// Ctrl-C can stop the layout); the picture is the one drawn in-process.
func TestPoolPNG(t *testing.T) {
	p := render.NewPool(nil)
	defer p.Close()
	dot := readDOT(t, "exercise_backward_hand.dot")
	got, err := p.PNG(context.Background(), dot, 0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := render.PNG(context.Background(), dot, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the pool's PNG (%d bytes) differs from the in-process one (%d bytes)", len(got), len(want))
	}
}

// TestPoolCancels is finding 1 of issue 17: a layout that would take
// minutes ends when its context does, and frees its worker for the next
// one. Bounds are generous for a loaded 2-core machine: killing and
// reaping a process takes milliseconds, so 5 s of slack only fails if the
// layout went on; the chain of 70 takes over a minute.
func TestPoolCancels(t *testing.T) {
	// One worker: the next layout needs the killed one's slot. A memory
	// limit far above the default, so that the deadline stops this layout
	// and not the memory check, which can come first on a fast machine
	// (TestPoolMemoryLimit tests that one).
	p := render.NewPool(&render.PoolOptions{MaxRSS: 8 << 30})
	defer p.Close()
	if err := p.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	dot := chainDOT(t, 70)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.SVG(ctx, dot)
	took := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("pathological layout: %v, want the deadline's error", err)
	}
	t.Logf("pathological layout stopped %v after it started (deadline 500ms)", took.Round(time.Millisecond))
	if took > 5*time.Second {
		t.Errorf("stopping took %v", took)
	}
	start = time.Now()
	if _, err := p.SVG(context.Background(), readDOT(t, "exercise_backward_hand.dot")); err != nil {
		t.Fatalf("the next layout: %v", err)
	}
	t.Logf("next layout (a new child) in %v", time.Since(start).Round(time.Millisecond))
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the next layout waited %v: the worker was not freed", took)
	}
}

// TestPoolMemoryLimit: a child that grows past MaxRSS is killed.
func TestPoolMemoryLimit(t *testing.T) {
	p := render.NewPool(&render.PoolOptions{MaxRSS: 1}) // every child is over 1 byte
	defer p.Close()
	_, err := p.SVG(context.Background(), chainDOT(t, 70))
	if !errors.Is(err, render.ErrChildMemory) {
		t.Fatalf("got %v, want ErrChildMemory", err)
	}
}
