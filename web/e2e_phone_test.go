package web

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone the exercise's backward diagram, too wide with its edge
// labels, comes compact: whole in its panel at 12 px text or more, and
// the player still highlights each node and edge in turn. Ticking "edge
// labels" brings the full diagram back.
func TestBrowserPhoneCompactBackward(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ts := startServer(t)
	ctx := browser(t)
	do(t, ctx, "sizing the window", chromedp.EmulateViewport(390, 844))
	do(t, ctx, "loading the page", chromedp.Navigate(ts.URL+"/"))
	waitFor(t, ctx, "the exercise", `document.body.dataset.ready === "1" && document.querySelector("#panel-graph").dataset.state === "ready"`)
	eval[bool](t, ctx, `(() => { window.__errors = []; const f = e => window.__errors.push(String(e.message || e.reason)); addEventListener("error", f); addEventListener("unhandledrejection", f); return true })()`)
	if msg := eval[string](t, ctx, `document.querySelector("#graph-msg").textContent`); !strings.Contains(msg, "edge labels") {
		t.Errorf("the message line %q does not say where the edge labels went", msg)
	}
	if eval[bool](t, ctx, `document.querySelector("#edge-labels-box").offsetParent === null`) {
		t.Errorf("no edge labels box to tick")
	}
	F := eval[int](t, ctx, `+document.querySelector("#panel-graph").dataset.forward`)
	total := eval[int](t, ctx, `+document.querySelector("#panel-graph").dataset.total`)
	do(t, ctx, "to the end of the forward pass", chromedp.Click(chromedp.CSS("#fwd-end")))
	waitFor(t, ctx, "the forward pass", fmt.Sprintf(`document.querySelector("#panel-graph").dataset.step === "%d"`, F))
	lit := map[string]bool{}
	for i := F + 1; i <= total; i++ {
		do(t, ctx, "stepping", chromedp.Click(chromedp.CSS("#step")))
		waitFor(t, ctx, fmt.Sprintf("step %d", i), fmt.Sprintf(`document.querySelector("#panel-graph").dataset.step === "%d"`, i))
		if i == F+1 {
			if msg := eval[string](t, ctx, diagramFits); msg != "" {
				t.Errorf("the compact backward diagram: %s", msg)
			}
			if px := eval[float64](t, ctx, `Math.min(...[...document.querySelectorAll("#diagram text")].map(t => t.getBoundingClientRect().height))`); px < 12 {
				t.Errorf("the compact diagram's smallest label is %.1f px high; want ≥ 12", px)
			}
			if n := eval[int](t, ctx, `document.querySelectorAll("#diagram .edgelabel").length`); n != 0 {
				t.Errorf("%d edge labels in the compact diagram", n)
			}
		}
		text := eval[string](t, ctx, `document.querySelector("#step-text").textContent`)
		if msg := eval[string](t, ctx, currentInView); msg != "" {
			t.Errorf("step %d (%s): current %s", i, text, msg)
		}
		// The step's node (the table's current row) is the diagram's
		// current node, or the step is an edge's, which is current.
		row := eval[string](t, ctx, `(document.querySelector("#nodes tbody tr.current") || {dataset: {}}).dataset.id || ""`)
		node := eval[string](t, ctx, `[...document.querySelectorAll("#diagram g.node.current")].map(g => g.dataset.id).join(",")`)
		edges := eval[int](t, ctx, `document.querySelectorAll("#diagram g.edge.current").length`)
		switch {
		case node != "" && node == row:
			lit[node] = true
		case node == "" && edges > 0:
		default:
			t.Errorf("step %d (%s): current node %q, %d current edges; the step's node is %q", i, text, node, edges, row)
		}
	}
	var want, got []string
	want = eval[[]string](t, ctx, `[...document.querySelectorAll("#diagram g.node[data-id]")].filter(g => !/^\d+$/.test(g.textContent.trim())).map(g => g.dataset.id)`)
	for id := range lit {
		got = append(got, id)
	}
	sort.Strings(want)
	sort.Strings(got)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("nodes highlighted in the backward steps %v; want every node's gradient %v", got, want)
	}
	if errs := eval[[]string](t, ctx, `window.__errors`); len(errs) > 0 {
		t.Errorf("errors in the page: %v", errs)
	}
	// The full diagram on request: its edge labels, wider than the panel.
	do(t, ctx, "ticking edge labels", chromedp.Click(chromedp.CSS("#edge-labels")))
	waitFor(t, ctx, "the full diagram", `document.querySelector("#panel-graph").dataset.state === "ready" && document.querySelectorAll("#diagram .edgelabel").length > 0`)
	if msg := eval[string](t, ctx, `document.querySelector("#graph-msg").textContent`); strings.Contains(msg, "narrow") {
		t.Errorf("with the edge labels the message still reads %q", msg)
	}
}
