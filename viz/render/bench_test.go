package render_test

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/viz"
	"github.com/cgraph/cgraph/viz/render"
)

// randomGraph builds a seeded DAG of n nodes: 10% inputs, the rest gates
// of two earlier nodes, most of them near each other as in a layered net.
func randomGraph(n int, seed uint64) (*cgraph.Graph, *cgraph.Node) {
	rng := rand.New(rand.NewPCG(seed, 0))
	g := cgraph.New()
	nodes := make([]*cgraph.Node, 0, n)
	gates := []cgraph.Gate{cgraph.Add{}, cgraph.Mul{}, cgraph.Sigmoid{}, cgraph.Tanh{}}
	for i := range n {
		name := "v" + strconv.Itoa(i)
		if i < max(2, n/10) {
			nodes = append(nodes, g.Input(name, rng.Float64()))
			continue
		}
		pick := func() *cgraph.Node { return nodes[max(0, i-1-rng.IntN(min(i, 20)))] }
		gate := gates[rng.IntN(len(gates))]
		var in []*cgraph.Node
		switch gate.(type) {
		case cgraph.Add, cgraph.Mul:
			in = []*cgraph.Node{pick(), pick()}
		default:
			in = []*cgraph.Node{pick()}
		}
		nodes = append(nodes, g.Apply(name, gate, in...))
	}
	return g, nodes[len(nodes)-1]
}

func dotOf(tb testing.TB, g *cgraph.Graph, out *cgraph.Node, v viz.View) []byte {
	tb.Helper()
	if err := g.Run(out); err != nil {
		tb.Fatal(err)
	}
	dot, err := viz.DOT(g, &viz.Options{View: v, Output: out})
	if err != nil {
		tb.Fatal(err)
	}
	return dot
}

func benchRender(b *testing.B, n int, png bool) {
	g, out := randomGraph(n, 1)
	dot := dotOf(b, g, out, viz.BackwardView)
	ctx := context.Background()
	for b.Loop() {
		var err error
		if png {
			_, err = render.PNG(ctx, dot, 0)
		} else {
			_, err = render.SVG(ctx, dot)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVG_11(b *testing.B)   { benchRender(b, 11, false) }
func BenchmarkPNG_11(b *testing.B)   { benchRender(b, 11, true) }
func BenchmarkSVG_1000(b *testing.B) { benchRender(b, 1000, false) }
func BenchmarkPNG_1000(b *testing.B) { benchRender(b, 1000, true) }

// BenchmarkFirstRender is the cost a process pays for its first picture
// beyond the later ones: a new Graphviz context, then one render.
func BenchmarkFirstRender(b *testing.B) {
	dot := readDOT(b, "exercise_backward.dot")
	ctx := context.Background()
	for b.Loop() {
		render.Reset()
		if _, err := render.SVG(ctx, dot); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessStart starts this test binary doing nothing: its time is
// the start-up of any program that links the renderer, dominated by
// go-graphviz compiling (or loading from its cache) the WebAssembly module
// in init.
func BenchmarkProcessStart(b *testing.B) {
	if os.Getenv("CGRAPH_BENCH_CHILD") != "" {
		b.Skip()
	}
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
		cmd.Env = append(os.Environ(), "CGRAPH_BENCH_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// TestLargeGraphRenders renders 2,000 nodes, where labels are hidden, in
// bounded time.
func TestLargeGraphRenders(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 2,000 nodes")
	}
	g, out := randomGraph(2000, 2)
	svg, err := render.SVG(context.Background(), dotOf(t, g, out, viz.BackwardView))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "values and gradients hidden") {
		t.Error("no note that values are hidden")
	}
}
