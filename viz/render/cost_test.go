package render_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/viz"
	"github.com/cgraph/cgraph/viz/render"
)

// fanGraph is a sum of n products that all read one shared input a:
// y = Σ a·x_i; a spans no ranks, so it is cheap however large n is.
func fanGraph(n int) (*cgraph.Graph, *cgraph.Node) {
	g := cgraph.New()
	a := g.Input("a", 0.5)
	var ps []*cgraph.Node
	for i := range n {
		x := g.Input(fmt.Sprintf("x%d", i), float64(i))
		ps = append(ps, g.Apply(fmt.Sprintf("p%d", i), cgraph.Mul{}, a, x))
	}
	return g, g.Apply("y", cgraph.Add{}, ps...)
}

type costCase struct {
	family, name string
	dot          []byte
}

func costCases(t testing.TB) []costCase {
	var cs []costCase
	add := func(family, name string, g *cgraph.Graph, out *cgraph.Node, v viz.View, hand bool) {
		if err := g.Run(out); err != nil {
			t.Fatal(err)
		}
		dot, err := viz.DOT(g, &viz.Options{View: v, Output: out, Hand: hand})
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, costCase{family, name, dot})
	}
	views := map[string]viz.View{"fwd": viz.ForwardView, "bwd": viz.BackwardView, "both": viz.BothView}
	for _, vn := range []string{"fwd", "bwd", "both"} {
		for _, n := range []int{3, 6, 10, 15, 20, 25, 30, 35, 40} {
			g, out := sigmoidChain(n)
			add("chain-"+vn, fmt.Sprintf("chain%d-%s", n, vn), g, out, views[vn], true)
		}
	}
	for _, vn := range []string{"fwd", "bwd"} {
		for _, n := range []int{20, 50, 100, 200, 300, 400, 800, 1500} {
			g, out := randomGraph(n, 1)
			add("random-"+vn, fmt.Sprintf("random%d-%s", n, vn), g, out, views[vn], true)
		}
	}
	for _, n := range []int{10, 50, 130} {
		g, out := fanGraph(n)
		add("fan", fmt.Sprintf("fan%d-bwd", n), g, out, viz.BackwardView, true)
	}
	return cs
}

// TestLayoutModel measures how Graphviz's layout time grows with the size
// that Estimate counts and prints the points and the fitted power law,
// from which costScale and costPower come. It takes minutes:
// CGRAPH_COST_FIT=1 go test -run LayoutModel -v ./viz/render
func TestLayoutModel(t *testing.T) {
	if os.Getenv("CGRAPH_COST_FIT") == "est" {
		for _, c := range costCases(t) {
			e := render.Estimate(c.dot)
			t.Logf("%-16s N %5d E %5d V %6d R %4d P %.3f", c.name, e.Nodes, e.Edges, e.Virtual, e.Ranks, e.Predicted.Seconds())
		}
		return
	}
	if os.Getenv("CGRAPH_COST_FIT") == "" {
		t.Skip("set CGRAPH_COST_FIT=1 to measure the layout cost model")
	}
	p := render.NewPool(nil)
	defer p.Close()
	p.Warm(context.Background())
	var sx, sy, sxx, sxy, k float64
	slow := map[string]bool{} // families that already took too long
	for _, c := range costCases(t) {
		if slow[c.family] {
			continue
		}
		est := render.Estimate(c.dot)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		start := time.Now()
		_, err := p.SVG(ctx, c.dot)
		took := time.Since(start)
		cancel()
		size := est.Nodes + est.Edges + est.Virtual
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, render.ErrChildMemory) {
			t.Logf("%-16s N %5d E %5d V %6d size %6d  >10s or >256 MiB", c.name, est.Nodes, est.Edges, est.Virtual, size)
			slow[c.family] = true
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		t.Logf("%-16s N %5d E %5d V %6d size %6d  %8.3fs  predicted %8.3fs", c.name, est.Nodes, est.Edges, est.Virtual, size, took.Seconds(), est.Predicted.Seconds())
		if took > 20*time.Millisecond { // below that, start-up and pipes dominate
			x, y := math.Log(float64(size)), math.Log(took.Seconds())
			sx, sy, sxx, sxy, k = sx+x, sy+y, sxx+x*x, sxy+x*y, k+1
		}
	}
	power := (k*sxy - sx*sy) / (k*sxx - sx*sx)
	scale := math.Exp((sy - power*sx) / k)
	t.Logf("fit: seconds ≈ %.3g · size^%.3f over %v points", scale, power, k)
}

func TestEstimate(t *testing.T) {
	chain := render.Estimate(chainDOT(t, 130)) // the request of issue 17, finding 1
	if chain.Predicted < time.Minute {
		t.Errorf("the 130-statement chain: %v; want over a minute (it takes many)", chain)
	}
	small := render.Estimate(readDOT(t, "exercise_backward_hand.dot"))
	if small.Nodes != 13 || small.Edges != 10 || small.Predicted > 100*time.Millisecond {
		t.Errorf("the exercise: %+v; want 13 nodes, 10 edges (none to the literal 2), well under 0.1 s", small)
	}
	// The "both" view is two parts laid out one after the other: about
	// twice one part, not four times (the virtual nodes' cost is a power).
	g, out := sigmoidChain(20)
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
	one, _ := viz.DOT(g, &viz.Options{View: viz.BackwardView, Output: out, Hand: true})
	both, _ := viz.DOT(g, &viz.Options{View: viz.BothView, Output: out, Hand: true})
	e1, e2 := render.Estimate(one), render.Estimate(both)
	if e2.Predicted > 3*e1.Predicted || e2.Nodes < 3*e1.Nodes/2 {
		t.Errorf("backward %v, both %v", e1, e2)
	}
	t.Logf("chain of 130: %v\nexercise: %v\nchain of 20, both: %v", chain, small, e2)
}
