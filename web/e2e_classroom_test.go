package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The classroom tests of issue 13: the page at the sizes of a phone, a
// small laptop, a desktop and a projector; Play after an edit; practice
// mode; a runtime error. They assert, and with -screenshots also write
// docs/web-<w>x<h>.png and docs/web-practice.png.

// currentInView is JavaScript that is true when the diagram's current
// node or edge (all its parts) lies inside the visible part of the
// diagram's panel (1 px of rounding allowed).
const currentInView = `(() => {
	const box = document.querySelector("#diagram"), b = box.getBoundingClientRect();
	const cur = [...box.querySelectorAll(".current")];
	if (!cur.length) return "no current element";
	const inner = {l: b.left + box.clientLeft, t: b.top + box.clientTop};
	inner.r = inner.l + box.clientWidth; inner.b = inner.t + box.clientHeight;
	for (const g of cur) {
		const r = g.getBoundingClientRect();
		if (r.left < inner.l - 1 || r.right > inner.r + 1 || r.top < inner.t - 1 || r.bottom > inner.b + 1)
			return "outside: " + JSON.stringify({el: [r.left, r.top, r.right, r.bottom].map(Math.round), panel: [inner.l, inner.t, inner.r, inner.b].map(Math.round)});
	}
	return "";
})()`

// noSideScroll is JavaScript that is "" when the page does not scroll
// sideways, else says what is too wide.
const noSideScroll = `(() => {
	const w = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= w) return "";
	const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w + 1 && e.offsetParent !== null)
		.slice(0, 5).map(e => e.tagName + "#" + e.id + "." + e.className + " " + Math.round(e.getBoundingClientRect().right));
	return "page is " + document.documentElement.scrollWidth + " px wide in " + w + ": " + wide.join(", ");
})()`

// diagramFits is JavaScript that is "" when the diagram shown lies whole
// inside its panel, without scrolling.
const diagramFits = `(() => {
	const box = document.querySelector("#diagram");
	if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1)
		return "it is " + box.scrollWidth + "×" + box.scrollHeight + " px in a panel of " + box.clientWidth + "×" + box.clientHeight;
	return "";
})()`

func TestBrowserViewports(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ts := startServer(t)
	for _, vp := range []struct{ w, h int64 }{{390, 844}, {800, 600}, {1400, 900}, {2560, 1440}} {
		t.Run(fmt.Sprintf("%dx%d", vp.w, vp.h), func(t *testing.T) {
			ctx := browser(t)
			do(t, ctx, "sizing the window", chromedp.EmulateViewport(vp.w, vp.h))
			do(t, ctx, "loading the page", chromedp.Navigate(ts.URL+"/"))
			waitFor(t, ctx, "the exercise", `document.body.dataset.ready === "1" && document.querySelector("#panel-graph").dataset.state === "ready"`)
			if msg := eval[string](t, ctx, noSideScroll); msg != "" {
				t.Errorf("graph panel: %s", msg)
			}
			total := eval[int](t, ctx, `+document.querySelector("#panel-graph").dataset.total`)
			for i := 1; i <= total; i++ {
				do(t, ctx, "stepping", chromedp.Click(chromedp.CSS("#step")))
				waitFor(t, ctx, fmt.Sprintf("step %d", i), fmt.Sprintf(`document.querySelector("#panel-graph").dataset.step === "%d"`, i))
				if msg := eval[string](t, ctx, currentInView); msg != "" {
					t.Errorf("step %d (%s): current %s", i, eval[string](t, ctx, `document.querySelector("#step-text").textContent`), msg)
				}
			}
			// The labels are at least 12 px on screen.
			if px := eval[float64](t, ctx, `Math.min(...[...document.querySelectorAll("#diagram text")].map(t => t.getBoundingClientRect().height))`); px < 12 {
				t.Errorf("the diagram's smallest label is %.1f px high; want ≥ 12", px)
			}
			// From a laptop up, the backward diagram, edge labels and all,
			// fits its panel whole (top to bottom where left to right is
			// too wide).
			if vp.w >= 1400 {
				if msg := eval[string](t, ctx, diagramFits); msg != "" {
					t.Errorf("the backward diagram: %s", msg)
				}
			}
			// Wider than a phone, the backward diagram keeps its edge
			// labels, and no box offers them.
			if vp.w >= 800 {
				if n := eval[int](t, ctx, `document.querySelectorAll("#diagram .edgelabel").length`); n == 0 {
					t.Errorf("the backward diagram has no edge labels")
				}
				if eval[bool](t, ctx, `document.querySelector("#edge-labels-box").offsetParent !== null`) {
					t.Errorf("the edge labels box is shown")
				}
			}
			if *screenshots {
				do(t, ctx, "back to step 19", chromedp.Evaluate[chromedp.Void](`document.querySelector("#reset").click()`))
				for i := 0; i < 19; i++ {
					do(t, ctx, "step", chromedp.Click(chromedp.CSS("#step")))
				}
				viewShot(t, ctx, fmt.Sprintf("web-%dx%d.png", vp.w, vp.h))
			}
			for _, tab := range []string{"train", "vanish"} {
				do(t, ctx, "opening "+tab, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.tab[data-tab=%q]`, tab))))
				waitFor(t, ctx, tab, fmt.Sprintf(`document.querySelector("#panel-%s").dataset.state === "ready"`, tab))
				if msg := eval[string](t, ctx, noSideScroll); msg != "" {
					t.Errorf("%s panel: %s", tab, msg)
				}
				if *screenshots && vp.w == 800 {
					viewShot(t, ctx, fmt.Sprintf("web-%s-%dx%d.png", tab, vp.w, vp.h))
				}
			}
		})
	}
}

// Issue 13: typing a new learning rate and clicking Play at once left
// training at epoch 0.
func TestBrowserPlayAfterEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "loading the training panel", chromedp.Navigate(ts.URL+"/#tab=train"))
	waitFor(t, ctx, "the first evaluation", `document.body.dataset.ready === "1" && document.querySelector("#panel-train").dataset.state === "ready"`)
	if got := eval[string](t, ctx, `document.querySelector("#t-activation").value + " " + document.querySelector("#t-init").value`); got != "sigmoid uniform" {
		t.Errorf("defaults %q; want sigmoid uniform, as the exercise and cgraph train", got)
	}
	clearField(t, ctx, "#t-lr")
	do(t, ctx, "typing a learning rate", chromedp.SendKeys(chromedp.CSS("#t-lr"), "0.9"))
	// The click moves the focus: the field's change (a reset) and Play come together.
	do(t, ctx, "playing at once", chromedp.Click(chromedp.CSS("#t-play")))
	waitFor(t, ctx, "training to advance", `+document.querySelector("#panel-train").dataset.epoch >= 100`)
	do(t, ctx, "pausing", chromedp.Click(chromedp.CSS("#t-play")))
	if !strings.Contains(eval[string](t, ctx, `location.hash`), "t.lr=0.9") {
		t.Errorf("the link %q does not hold the new learning rate", eval[string](t, ctx, `location.hash`))
	}
	// The play button draws its icon: no glyph for the font to lack.
	if n := eval[int](t, ctx, `document.querySelectorAll("#t-play svg").length`); n != 1 {
		t.Errorf("%d icons in the play button", n)
	}
}

func TestBrowserPractice(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "sizing the window", chromedp.EmulateViewport(1400, 900))
	do(t, ctx, "loading the exercise", chromedp.Navigate(ts.URL+"/#g=exercise&m=practice"))
	waitFor(t, ctx, "practice mode", `document.body.dataset.ready === "1" && document.querySelector("#panel-graph").dataset.mode === "practice" && document.querySelector("#nodes input.answer")`)
	if v := cell(t, ctx, "z", "value"); v != "" {
		t.Errorf("practice shows z's value %q", v)
	}
	// The values, in forward order, typed as a student would.
	for _, a := range []struct{ name, text string }{{"p1", "4/5"}, {"p2", "-1.4"}, {"z", "0"}, {"yhat", "0.5"}, {"yhat - y", "-1/2"}, {"L", "0.25"}} {
		answer(t, ctx, "v:"+a.name, a.text)
		waitFor(t, ctx, a.name+" marked right", fmt.Sprintf(`document.querySelector('input.answer[data-key=%q]').classList.contains("right")`, "v:"+a.name))
	}
	// The gradients: hints up to ∂L/∂x2, then the local derivative alone.
	for i := 0; ; i++ {
		key := eval[string](t, ctx, `(document.querySelector("#nodes input.answer:not(:disabled):not(.right):not(.hint)") || {}).dataset?.key || ""`)
		if key == "g:x2" {
			break
		}
		if key == "" || i > 20 {
			t.Fatalf("no cell for ∂L/∂x2 to fill (at %q)", key)
		}
		do(t, ctx, "a hint", chromedp.Click(chromedp.CSS("#hint")))
		waitFor(t, ctx, "the hint", fmt.Sprintf(`document.querySelector('input.answer[data-key=%q]').classList.contains("hint")`, key))
	}
	answer(t, ctx, "g:x2", "-7/5")
	waitFor(t, ctx, "∂L/∂x2 marked wrong", `document.querySelector('input.answer[data-key="g:x2"]').classList.contains("wrong")`)
	if rule := eval[string](t, ctx, `document.querySelector("#feedback").dataset.rule`); rule != "product with the upstream gradient" {
		t.Errorf("missed rule %q; want the product with the upstream gradient", rule)
	}
	fb := eval[string](t, ctx, `document.querySelector("#feedback").textContent`)
	if !strings.Contains(fb, "7/20") {
		t.Errorf("feedback %q does not give ∂L/∂x2 = 7/20", fb)
	}
	if *screenshots {
		viewShot(t, ctx, "web-practice.png")
	}
	// The progress survives a reload.
	score := eval[string](t, ctx, `document.querySelector("#score").textContent`)
	do(t, ctx, "reloading", chromedp.Reload())
	do(t, ctx, "waiting for the page", chromedp.WaitReady(chromedp.CSS(`body[data-ready="1"] #nodes input.answer.wrong`)))
	if got := eval[string](t, ctx, `document.querySelector("#score").textContent`); got != score {
		t.Errorf("after a reload the score reads %q; want %q", got, score)
	}
	if got := eval[string](t, ctx, `document.querySelector('input.answer[data-key="g:x2"]').value`); got != "-7/5" {
		t.Errorf("after a reload ∂L/∂x2 holds %q", got)
	}
}

func answer(t *testing.T, ctx context.Context, key, text string) {
	t.Helper()
	sel := fmt.Sprintf(`input.answer[data-key=%q]`, key)
	waitFor(t, ctx, key+" to be open", fmt.Sprintf(`document.querySelector('%s') && !document.querySelector('%s').disabled`, sel, sel))
	do(t, ctx, "answering "+key, chromedp.SendKeys(chromedp.CSS(sel), text+"\r"))
}

// Issue 13: after a runtime error the diagram and the table still showed
// the previous program as if it were current.
func TestBrowserRuntimeErrorGreysTheDiagram(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "loading the exercise", chromedp.Navigate(ts.URL+"/"))
	waitFor(t, ctx, "the exercise", `document.body.dataset.ready === "1" && document.querySelector("#panel-graph").dataset.state === "ready"`)
	do(t, ctx, "adding a line", chromedp.SendKeys(chromedp.CSS("#program"), "\nQ = log(L - 1)"))
	waitFor(t, ctx, "the error", `document.querySelector("#panel-graph").dataset.state === "error" && document.querySelector("#graph-msg").textContent !== ""`)
	if op := eval[string](t, ctx, `getComputedStyle(document.querySelector("#diagram")).opacity`); op == "1" {
		t.Errorf("the stale diagram is shown at full opacity")
	}
	if eval[bool](t, ctx, `document.querySelector("#stale").hidden`) {
		t.Errorf("no note that the diagram is stale")
	}
}

// viewShot writes a screenshot of the window (not the whole page) to ../docs/name.
func viewShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, e2eWait)
	defer cancel()
	png, err := chromedp.Run(c, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join("..", "docs", name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}
