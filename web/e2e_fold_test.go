package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// cellChain is a program of calls of one def (26 calls: 108 nodes, more than
// viz.MaxReadable): the diagram draws each call as one node.
func cellChain(calls int) string {
	var b strings.Builder
	b.WriteString("def cell(a, w) = sigmoid(w*a + 1/2)\na1 = cell(x, w)\n")
	for i := 2; i <= calls; i++ {
		fmt.Fprintf(&b, "a%d = cell(a%d, w)\n", i, i-1)
	}
	fmt.Fprintf(&b, "L = a%d^2", calls)
	return b.String()
}

// Issue 13: a large graph draws its repeated calls as one node each, with
// their numbers; a click opens one (its gates appear in a cluster), a
// click on the cluster closes it again.
func TestBrowserOpenGroup(t *testing.T) {
	ctx := openCellChain(t)
	if msg := eval[string](t, ctx, `document.querySelector("#graph-msg").textContent`); !strings.Contains(msg, "26 repeated parts are drawn as one node each") {
		t.Errorf("the message %q does not say what is folded", msg)
	}
	do(t, ctx, "showing everything", chromedp.Click(chromedp.CSS("#show-all")))
	// The closed calls show their numbers: a1 = 0.8…
	if txt := eval[string](t, ctx, `[...document.querySelector("#diagram g.node.closed").querySelectorAll("text")].map(t => t.textContent).join(" ")`); !strings.Contains(txt, "a1 = 0.") {
		t.Errorf("the first call reads %q; want a1 and its value", txt)
	}
	nodes := eval[int](t, ctx, `document.querySelectorAll("#diagram g.node").length`)
	eval[bool](t, ctx, `(() => { document.querySelector("#diagram g.node.closed").dispatchEvent(new MouseEvent("click", {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the first call open", `document.querySelector("#panel-graph").dataset.state === "ready" && document.querySelectorAll("#diagram g.node.closed").length === 25 && document.querySelectorAll("#diagram g.cluster.open").length === 1`)
	// Its gates appear: w·a, 1 / 2 (three nodes) and the sum, besides the
	// sigmoid that was the call's node.
	if got := eval[int](t, ctx, `document.querySelectorAll("#diagram g.node").length`); got != nodes+5 {
		t.Errorf("%d nodes drawn after opening a call; want %d + 5", got, nodes)
	}
	if txt := eval[string](t, ctx, `document.querySelector("#diagram g.cluster.open").textContent`); !strings.Contains(txt, "cell(a, w)") {
		t.Errorf("the open call's cluster reads %q", txt)
	}
	if step := eval[string](t, ctx, `document.querySelector("#panel-graph").dataset.step`); step != eval[string](t, ctx, `document.querySelector("#panel-graph").dataset.total`) {
		t.Errorf("opening a call moved the player to step %s", step)
	}
	eval[bool](t, ctx, `(() => { document.querySelector("#diagram g.cluster.open").dispatchEvent(new MouseEvent("click", {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the call closed again", `document.querySelector("#panel-graph").dataset.state === "ready" && document.querySelectorAll("#diagram g.node.closed").length === 26`)
	// A step inside a closed call is shown on its node.
	do(t, ctx, "back to the start", chromedp.Click(chromedp.CSS("#reset")))
	for range 3 { // x, w, then w·a inside the first call
		do(t, ctx, "stepping", chromedp.Click(chromedp.CSS("#step")))
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#diagram g.node.closed.current").length`); n != 1 {
		t.Errorf("%d closed calls marked current at step 3 (inside the first call); want 1", n)
	}
}

// Issue 13: the exercise's backward diagram is drawn top to bottom at
// 1400×900, where left to right is too wide; when the window grows to a
// projector's 2560×1440 the page asks again and gets it left to right.
func TestBrowserTurnsOnResize(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "sizing the window", chromedp.EmulateViewport(1400, 900))
	do(t, ctx, "loading the page", chromedp.Navigate(ts.URL+"/"))
	waitFor(t, ctx, "the exercise", `document.body.dataset.ready === "1" && document.querySelector("#panel-graph").dataset.state === "ready"`)
	do(t, ctx, "showing everything", chromedp.Click(chromedp.CSS("#show-all")))
	const width = `document.querySelector("#diagram svg").viewBox.baseVal.width`
	if w := eval[float64](t, ctx, width); w > 1000 {
		t.Fatalf("the backward diagram is %.0f wide at 1400×900; want top to bottom, narrower", w)
	}
	do(t, ctx, "growing the window", chromedp.EmulateViewport(2560, 1440))
	waitFor(t, ctx, "the diagram left to right", width+` > 1000 && document.querySelector("#panel-graph").dataset.state === "ready"`)
	if step, total := eval[string](t, ctx, `document.querySelector("#panel-graph").dataset.step`), eval[string](t, ctx, `document.querySelector("#panel-graph").dataset.total`); step != total {
		t.Errorf("after the resize the player is at step %s of %s", step, total)
	}
}

// A page opened on another tab draws the Graph tab's diagrams for its
// panel when that tab is shown.
func TestBrowserFitsAfterTabSwitch(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "sizing the window", chromedp.EmulateViewport(1400, 900))
	do(t, ctx, "loading the vanishing tab", chromedp.Navigate(ts.URL+"/#tab=vanish"))
	waitFor(t, ctx, "the page", `document.body.dataset.ready === "1" && document.querySelector("#panel-graph").dataset.state === "ready"`)
	do(t, ctx, "opening the graph tab", chromedp.Click(chromedp.CSS(`.tab[data-tab="graph"]`)))
	do(t, ctx, "showing everything", chromedp.Click(chromedp.CSS("#show-all")))
	waitFor(t, ctx, "the backward diagram top to bottom", `document.querySelector("#panel-graph").dataset.state === "ready" && document.querySelector("#diagram svg").viewBox.baseVal.width < 1000`)
	if msg := eval[string](t, ctx, diagramFits); msg != "" {
		t.Errorf("the backward diagram: %s", msg)
	}
}

// Opening or folding a part after an SGD step redraws the same numbers:
// the table keeps its before/after columns and the step's text stays.
func TestBrowserOpenKeepsBefore(t *testing.T) {
	ctx := openCellChain(t)
	do(t, ctx, "an SGD step", chromedp.Click(chromedp.CSS("#sgd")))
	waitFor(t, ctx, "before and after", `document.querySelector("#panel-graph").dataset.state === "ready" && document.querySelector("#nodes").classList.contains("compare") && !document.querySelector("#sgd-text").hidden`)
	sgd := eval[string](t, ctx, `document.querySelector("#sgd-text").textContent`)
	eval[bool](t, ctx, `(() => { document.querySelector("#diagram g.node.closed").dispatchEvent(new MouseEvent("click", {bubbles: true})); return true })()`)
	waitFor(t, ctx, "the first call open", `document.querySelector("#panel-graph").dataset.state === "ready" && document.querySelectorAll("#diagram g.cluster.open").length === 1`)
	if !eval[bool](t, ctx, `document.querySelector("#nodes").classList.contains("compare")`) {
		t.Error("opening a part dropped the before/after columns of the SGD step")
	}
	if got := eval[string](t, ctx, `document.querySelector("#sgd-text").hidden ? "" : document.querySelector("#sgd-text").textContent`); got != sgd {
		t.Errorf("after opening a part the SGD text reads %q; want %q", got, sgd)
	}
}

// openCellChain opens the page at 1400×900 on the 26 calls of cellChain,
// each drawn as one node.
func openCellChain(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "sizing the window", chromedp.EmulateViewport(1400, 900))
	do(t, ctx, "loading the page", chromedp.Navigate(ts.URL+"/"))
	waitFor(t, ctx, "the exercise", `document.body.dataset.ready === "1" && document.querySelector("#panel-graph").dataset.state === "ready"`)
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector("#program"); e.value = %q; e.dispatchEvent(new Event("input")); return true })()`, cellChain(26)))
	waitFor(t, ctx, "the chain, closed", `document.querySelector("#panel-graph").dataset.state === "ready" && document.querySelectorAll("#diagram g.node.closed").length === 26`)
	return ctx
}
