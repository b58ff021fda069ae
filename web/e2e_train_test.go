package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The training panel's controls, each asserted to change what it should
// (issue 14). Each test opens the panel at a link's settings.

// openTrain loads the training panel with the link's settings hash and
// waits for its first evaluation.
func openTrain(t *testing.T, hash string) (context.Context, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "loading the training panel", chromedp.Navigate(ts.URL+"/#tab=train&"+hash))
	waitReady(t, ctx)
	return ctx, ts.URL
}

const trainReady = `document.body.dataset.ready === "1" && document.querySelector("#panel-train").dataset.state === "ready"`

func waitReady(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the training panel", trainReady)
}

// train presses Step n times, waiting for each answer.
func train(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	for range n {
		before := eval[string](t, ctx, `document.querySelector("#panel-train").dataset.epoch`)
		do(t, ctx, "step", chromedp.Click(chromedp.CSS("#t-step")))
		waitFor(t, ctx, "the step", fmt.Sprintf(`%s && document.querySelector("#panel-train").dataset.epoch !== %q`, trainReady, before))
	}
}

func panelData(t *testing.T, ctx context.Context, key string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`document.querySelector("#panel-train").dataset[%q] ?? ""`, key))
}

// setAndWait changes a control as a user would (value, then change) and
// waits for the new evaluation.
func setAndWait(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	eval[bool](t, ctx, `(() => { document.querySelector("#panel-train").dataset.state = "changing"; `+js+`; return true })()`)
	waitReady(t, ctx)
}

func change(sel, value string) string {
	return fmt.Sprintf(`{ const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("change")); }`, sel, value)
}

func TestBrowserTrainFeatures(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=circle&t.h=2")
	if got := eval[string](t, ctx, `document.querySelector("#t-net").dataset.inputs`); got != "x1,x2" {
		t.Fatalf("inputs drawn %q, want x1,x2", got)
	}
	setAndWait(t, ctx, `{ const b = document.querySelector('#t-features input[value="x1^2"]'); b.checked = true; b.dispatchEvent(new Event("change")); }`)
	if got := eval[string](t, ctx, `document.querySelector("#t-net").dataset.inputs`); got != "x1,x2,x1^2" {
		t.Errorf("after ticking x1²: inputs drawn %q, want x1,x2,x1^2", got)
	}
	if got := panelData(t, ctx, "inputs"); got != "3" {
		t.Errorf("the network has %s inputs, want 3", got)
	}
	if !strings.Contains(eval[string](t, ctx, `location.hash`), "x1%5E2") {
		waitFor(t, ctx, "the link", `location.hash.includes("x1%5E2")`)
	}
}

// TestBrowserTrainViewports checks the panel at a phone's and a laptop's
// size: one column on the phone, the canvases within the window, and
// training works; with -screenshots it writes docs/web-train*.png.
func TestBrowserTrainViewports(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=spiral&t.h=8,8&t.act=tanh&t.lr=0.03&t.test=30&t.feat=x1,x2,sin(x1),sin(x2)&t.chunk=50")
	for _, vp := range []struct {
		w, h int64
		shot string
	}{{1400, 900, "web-train.png"}, {390, 844, "web-train-390x844.png"}, {800, 600, "web-train-800x600.png"}} {
		do(t, ctx, "resizing", chromedp.EmulateViewport(vp.w, vp.h))
		train(t, ctx, 2)
		waitFor(t, ctx, "the redraw", `document.querySelector("#t-boundary").getBoundingClientRect().width > 0`)
		layout := eval[map[string]float64](t, ctx, `(() => {
			const l = document.querySelector("#panel-train .col.left").getBoundingClientRect(), r = document.querySelector("#panel-train .col.right").getBoundingClientRect();
			const widest = Math.max(...[...document.querySelectorAll("#panel-train canvas")].map(c => c.getBoundingClientRect().right));
			return { leftBottom: l.bottom, rightTop: r.top, leftRight: l.right, rightLeft: r.left, widest, page: document.documentElement.scrollWidth }
		})()`)
		if layout["widest"] > float64(vp.w) || layout["page"] > float64(vp.w)+1 {
			t.Errorf("%d×%d: a canvas reaches %v px, the page %v px", vp.w, vp.h, layout["widest"], layout["page"])
		}
		oneColumn := layout["rightTop"] >= layout["leftBottom"]-1
		if (vp.w < 900) != oneColumn {
			t.Errorf("%d×%d: one column %v (%v)", vp.w, vp.h, oneColumn, layout)
		}
		if *screenshots {
			shot(t, ctx, vp.shot)
		}
	}
}

func TestBrowserTrainL2AndTest(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=moons&t.h=6&t.act=tanh&t.lr=0.1&t.chunk=100&t.n=100")
	if got := panelData(t, ctx, "lines"); got != "1" {
		t.Errorf("%s loss lines without test data, want 1", got)
	}
	train(t, ctx, 2)
	plain := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.wnorm`)
	setAndWait(t, ctx, change("#t-rate", "0.05")+change("#t-reg", "l2"))
	train(t, ctx, 2)
	reg := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.wnorm`)
	if !(reg < plain/2) {
		t.Errorf("Σw² after 200 epochs: %v with L2 0.05, %v without; want it at most half", reg, plain)
	}
	// A train:test split draws the test loss and the test points.
	eval[bool](t, ctx, `(() => { const e = document.querySelector("#t-test"); e.value = "30"; e.dispatchEvent(new Event("input")); return true })()`)
	setAndWait(t, ctx, change("#t-test", "30"))
	train(t, ctx, 1)
	if got := panelData(t, ctx, "lines"); got != "2" {
		t.Errorf("%s loss lines with test data, want 2 (training and test)", got)
	}
	if panelData(t, ctx, "testLoss") == "" || eval[bool](t, ctx, `document.querySelector("#t-test-stats").hidden`) {
		t.Errorf("no test loss shown")
	}
	if got := eval[string](t, ctx, `document.querySelector("#t-legend").textContent`); !strings.Contains(got, "test data") {
		t.Errorf("legend %q lacks the test data", got)
	}
	// Hiding the test data redraws the boundary without the squares.
	withTest := eval[string](t, ctx, `document.querySelector("#t-boundary").toDataURL()`)
	eval[bool](t, ctx, `(() => { const e = document.querySelector("#t-show-test"); e.checked = false; e.dispatchEvent(new Event("change")); return true })()`)
	if eval[string](t, ctx, `document.querySelector("#t-boundary").toDataURL()`) == withTest {
		t.Errorf("hiding the test data did not change the drawing")
	}
}
