package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/nn"
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
// training works; with -screenshots it writes docs/web-train.png and
// docs/web-train-390x844.png and docs/web-train-800x600.png.
func TestBrowserTrainViewports(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=spiral&t.h=8,8&t.act=tanh&t.lr=0.03&t.test=30&t.feat=x1,x2,sin(x1),sin(x2)&t.chunk=50")
	for _, vp := range []struct {
		w, h int64
		shot string
	}{{1400, 900, "web-train.png"}, {390, 844, "web-train-390x844.png"}, {800, 600, "web-train-800x600.png"}} {
		do(t, ctx, "resizing", chromedp.EmulateViewport(vp.w, vp.h))
		train(t, ctx, 2)
		if *screenshots && vp.w == 1400 {
			train(t, ctx, 10) // far enough to show the spiral's shape
		}
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
		if *screenshots && vp.shot != "" {
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

func TestBrowserTrainCSV(t *testing.T) {
	ctx, _ := openTrain(t, "t.h=4&t.chunk=20")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	good := filepath.Join(dir, "mine.csv")
	os.WriteFile(bad, []byte("x1,x2,label\n0,0,0\n1,oops,1\n"), 0o644)
	var rows strings.Builder
	for i := range 40 {
		x, y := float64(i%8)/4-1, float64(i/8)/2-1
		label := 0
		if x*y > 0 {
			label = 1
		}
		fmt.Fprintf(&rows, "%g,%g,%d\n", x, y, label)
	}
	os.WriteFile(good, []byte(rows.String()), 0o644)

	eval[bool](t, ctx, `(() => { document.querySelector("#panel-train").dataset.state = "changing"; return true })()`)
	do(t, ctx, "uploading a bad CSV", chromedp.SetUploadFiles(chromedp.CSS("#t-csv"), []string{bad}))
	waitFor(t, ctx, "the CSV's error", `document.querySelector("#panel-train").dataset.state === "error"`)
	if msg := eval[string](t, ctx, `document.querySelector("#train-msg").textContent`); !strings.Contains(msg, "bad.csv:3: field 2") {
		t.Errorf("bad CSV shows %q, want bad.csv:3: field 2", msg)
	}
	eval[bool](t, ctx, `(() => { document.querySelector("#panel-train").dataset.state = "changing"; return true })()`)
	do(t, ctx, "uploading a CSV", chromedp.SetUploadFiles(chromedp.CSS("#t-csv"), []string{good}))
	waitReady(t, ctx)
	first := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.loss`)
	train(t, ctx, 5)
	last := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.loss`)
	if !(last < first) || eval[string](t, ctx, `document.querySelector("#t-dataset").value`) != "csv" {
		t.Errorf("CSV: loss %v → %v, dataset %s", first, last, eval[string](t, ctx, `document.querySelector("#t-dataset").value`))
	}
	// The link names the dataset csv, never its data.
	waitFor(t, ctx, "the link", `location.hash.includes("t.ds=csv")`)
	if hash := eval[string](t, ctx, `decodeURIComponent(location.hash)`); strings.Contains(hash, "0.25") || strings.Contains(hash, "mine") {
		t.Errorf("the link holds the data: %s", hash)
	}
	do(t, ctx, "copying the link", chromedp.Click(chromedp.CSS("#share")))
	if hash := eval[string](t, ctx, `decodeURIComponent(location.hash)`); strings.Contains(hash, "0.25") || len(hash) > 200 {
		t.Errorf("the copied link holds the data: %s", hash)
	}
	// Too large a file is refused in the page, before any request.
	eval[bool](t, ctx, `(() => { document.querySelector("#panel-train").dataset.state = "changing"; return true })()`)
	big := filepath.Join(dir, "big.csv")
	os.WriteFile(big, []byte(strings.Repeat("0,0,1\n", 20000)), 0o644)
	do(t, ctx, "uploading a large CSV", chromedp.SetUploadFiles(chromedp.CSS("#t-csv"), []string{big}))
	waitFor(t, ctx, "the size error", `document.querySelector("#train-msg").textContent.includes("more than the limit of 65536")`)
}

// boundaryData is a fingerprint of the output drawn: the sum of the grid's
// values the server answered.
func boundaryData(t *testing.T, ctx context.Context) float64 {
	return eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.bsum`)
}

func TestBrowserTrainScrubAndEdit(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=xor&t.h=3&t.act=tanh&t.lr=0.3&t.chunk=40")
	start := boundaryData(t, ctx)
	startPixels := eval[string](t, ctx, `document.querySelector("#t-boundary").toDataURL()`)
	train(t, ctx, 4)
	trained := boundaryData(t, ctx)
	if trained == start {
		t.Fatalf("training did not change the boundary")
	}
	if got := panelData(t, ctx, "snaps"); got != "5" {
		t.Errorf("%s snapshots after 4 steps, want 5 (epoch 0 and each step)", got)
	}
	// Back to epoch 0: the first boundary, its pixels too, and a marker.
	eval[bool](t, ctx, `(() => { const s = document.querySelector("#t-scrub"); s.value = "0"; s.dispatchEvent(new Event("input")); return true })()`)
	waitFor(t, ctx, "the scrubbed epoch", `document.querySelector("#t-scrub-out").textContent === "epoch 0"`)
	if got := boundaryData(t, ctx); got != start {
		t.Errorf("scrubbed to epoch 0: boundary sum %v, want the first %v", got, start)
	}
	if eval[string](t, ctx, `document.querySelector("#t-boundary").toDataURL()`) != startPixels {
		t.Errorf("scrubbed to epoch 0: the pixels differ from the first drawing")
	}
	eval[bool](t, ctx, `(() => { const s = document.querySelector("#t-scrub"); s.value = "2"; s.dispatchEvent(new Event("input")); return true })()`)
	waitFor(t, ctx, "epoch 80", `document.querySelector("#t-scrub-out").textContent === "epoch 80"`)
	// The live end again.
	eval[bool](t, ctx, `(() => { const s = document.querySelector("#t-scrub"); s.value = s.max; s.dispatchEvent(new Event("input")); return true })()`)
	waitFor(t, ctx, "live", `document.querySelector("#t-scrub-out").textContent === "live"`)
	if got := boundaryData(t, ctx); got != trained {
		t.Errorf("back to live: boundary sum %v, want %v", got, trained)
	}

	// Hovering the first weight shows its value and gradient.
	xy := strings.Split(eval[string](t, ctx, `document.querySelector("#t-net").dataset.firstEdge`), ",")
	at := fmt.Sprintf(`(() => { const c = document.querySelector("#t-net"), r = c.getBoundingClientRect();
		return [r.x + %s, r.y + %s] })()`, xy[0], xy[1])
	p := eval[[]float64](t, ctx, at)
	do(t, ctx, "hovering the weight", chromedp.MouseEvent("mouseMoved", p[0], p[1]))
	waitFor(t, ctx, "the tooltip", `!document.querySelector("#t-tip").hidden`)
	tip := eval[string](t, ctx, `document.querySelector("#t-tip").textContent`)
	if !strings.HasPrefix(tip, "w1[1,1] = ") || !strings.Contains(tip, "∂L/∂w = ") {
		t.Errorf("tooltip %q, want w1[1,1] = … · ∂L/∂w = …", tip)
	}
	if *screenshots {
		// scrubbed back to epoch 80, a weight hovered
		eval[bool](t, ctx, `(() => { const s = document.querySelector("#t-scrub"); s.value = "2"; s.dispatchEvent(new Event("input")); return true })()`)
		waitFor(t, ctx, "epoch 80", `document.querySelector("#t-scrub-out").textContent === "epoch 80"`)
		do(t, ctx, "hovering the weight", chromedp.MouseEvent("mouseMoved", p[0], p[1]+1))
		shot(t, ctx, "web-train-neurons.png")
		eval[bool](t, ctx, `(() => { const s = document.querySelector("#t-scrub"); s.value = s.max; s.dispatchEvent(new Event("input")); return true })()`)
		waitFor(t, ctx, "live", `document.querySelector("#t-scrub-out").textContent === "live"`)
		do(t, ctx, "hovering the weight", chromedp.MouseEvent("mouseMoved", p[0], p[1]))
	}
	// Clicking it edits it: 4/5, and the boundary is redrawn.
	do(t, ctx, "clicking the weight", chromedp.MouseClickXY(p[0], p[1]))
	waitFor(t, ctx, "the editor", `!document.querySelector("#t-edit").hidden`)
	eval[bool](t, ctx, `(() => { document.querySelector("#panel-train").dataset.state = "changing"; document.querySelector("#t-edit").value = ""; return true })()`)
	do(t, ctx, "typing 4/5", chromedp.SendKeys(chromedp.CSS("#t-edit"), "4/5\r"))
	waitReady(t, ctx)
	if w := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.wfirst`); w != 0.8 {
		t.Errorf("the edited weight is %v, want 0.8", w)
	}
	if got := boundaryData(t, ctx); got == trained {
		t.Errorf("the boundary did not change after the edit")
	}
	// Restart from the same initial weights: epoch 0's boundary again;
	// with another initialisation (which would draw other weights), still
	// those weights, trained with the new settings.
	setAndWait(t, ctx, `document.querySelector("#t-restart").click()`)
	if got := boundaryData(t, ctx); got != start {
		t.Errorf("restarted: boundary sum %v, want the first %v", got, start)
	}
	setAndWait(t, ctx, change("#t-init", "he")+change("#t-lr", "0.1"))
	if got := boundaryData(t, ctx); got == start {
		t.Errorf("another initialisation drew the same weights")
	}
	setAndWait(t, ctx, `document.querySelector("#t-restart").click()`)
	if got := boundaryData(t, ctx); got != start {
		t.Errorf("restarted with other settings: boundary sum %v, want the first %v", got, start)
	}
	// A change of shape: the page says why it cannot.
	setAndWait(t, ctx, change("#t-hidden", "5"))
	eval[bool](t, ctx, `(() => { document.querySelector("#panel-train").dataset.state = "changing"; document.querySelector("#t-restart").click(); return true })()`)
	waitFor(t, ctx, "the refusal", `document.querySelector("#panel-train").dataset.state === "error"`)
	if msg := eval[string](t, ctx, `document.querySelector("#train-msg").textContent`); !strings.Contains(msg, "Can't restart") {
		t.Errorf("restart after a change of shape: %q", msg)
	}
}

func TestBrowserTrainBlobsAndPresets(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=blobs&t.loss=softmax&t.h=4&t.act=tanh&t.lr=0.1&t.chunk=50&t.disc=1")
	train(t, ctx, 3)
	if got := panelData(t, ctx, "classes"); got != "3" {
		t.Errorf("the boundary has %s classes, want 3", got)
	}
	// The canvas shows three class colours (discretized: exact tints).
	n := eval[int](t, ctx, `(() => {
		const c = document.querySelector("#t-boundary"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		const want = ["#1f77b4", "#ff7f0e", "#2ca02c"].map(h => [1, 3, 5].map(i => Math.round(255 + (parseInt(h.slice(i, i + 2), 16) - 255) * 0.45)).join());
		const seen = new Set();
		for (let k = 0; k < d.length; k += 4 * 7) { const s = [d[k], d[k + 1], d[k + 2]].join(); if (want.includes(s)) seen.add(s); }
		return seen.size })()`)
	if n != 3 {
		t.Errorf("%d class colours in the boundary's pixels, want 3", n)
	}
	if got := eval[int](t, ctx, `document.querySelectorAll("#t-legend .swatch").length`); got != 3 {
		t.Errorf("legend of %d classes, want 3", got)
	}
	if *screenshots {
		eval[bool](t, ctx, `(() => { const e = document.querySelector("#t-disc"); e.checked = false; e.dispatchEvent(new Event("change")); return true })()`)
		shot(t, ctx, "web-train-blobs.png")
	}
	// Classes: 4
	setAndWait(t, ctx, change("#t-classes", "4"))
	train(t, ctx, 2)
	if got := eval[int](t, ctx, `document.querySelectorAll("#t-legend .swatch").length`); got != 4 {
		t.Errorf("legend of %d classes after choosing 4", got)
	}
	// The spiral with too small a network: the hint says what works.
	setAndWait(t, ctx, change("#t-hidden", "4")+change("#t-dataset", "spiral"))
	if h := eval[string](t, ctx, `document.querySelector("#t-hint").hidden ? "" : document.querySelector("#t-hint").textContent`); !strings.Contains(h, "preset “spiral”") {
		t.Errorf("spiral hint %q", h)
	}
	// The preset sets it up: its sentence shows and the hint goes.
	setAndWait(t, ctx, change("#t-preset", "spiral"))
	if got := eval[string](t, ctx, `document.querySelector("#t-hidden").value + " " + document.querySelector("#t-activation").value`); got != "16,16 tanh" {
		t.Errorf("the spiral preset set %q", got)
	}
	if about := eval[string](t, ctx, `document.querySelector("#t-preset-about").textContent`); !strings.Contains(about, "spiral needs depth") {
		t.Errorf("preset's sentence %q", about)
	}
	if !eval[bool](t, ctx, `document.querySelector("#t-hint").hidden`) {
		t.Errorf("the hint stays with the preset's network")
	}
	// Regression: plane shows a continuous map and no accuracy.
	setAndWait(t, ctx, change("#t-dataset", "plane"))
	if got := eval[string](t, ctx, `document.querySelector("#t-acc").textContent`); !strings.Contains(got, "regression") {
		t.Errorf("plane's accuracy reads %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector("#t-loss").value + " " + document.querySelectorAll("#t-legend .ramp").length`); got != "squared 1" {
		t.Errorf("plane: loss and continuous legend %q, want squared 1", got)
	}
}

// TestBrowserTrainOptimiserAndBatch checks that the optimiser, its
// parameters and the batch size reach the training: each gives another
// loss after the same epochs from the same weights.
func TestBrowserTrainOptimiserAndBatch(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=circle&t.h=4&t.act=tanh&t.lr=0.05&t.chunk=20&t.n=100")
	lossAfter := func(js string) float64 {
		t.Helper()
		setAndWait(t, ctx, js)
		if !eval[bool](t, ctx, `(() => { const p = document.querySelector("#panel-train"); return getComputedStyle(document.querySelector(".opt-momentum")).display !== "none" || !p.classList.contains("opt-momentum") })()`) {
			t.Errorf("the momentum field is hidden with the momentum optimiser")
		}
		train(t, ctx, 1)
		return eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.loss`)
	}
	sgd := lossAfter(change("#t-opt", "sgd"))
	mom := lossAfter(change("#t-opt", "momentum"))
	mom5 := lossAfter(change("#t-mom", "0.5"))
	adam := lossAfter(change("#t-opt", "adam"))
	batch := lossAfter(change("#t-batch", "10"))
	seen := map[float64]string{}
	for name, v := range map[string]float64{"sgd": sgd, "momentum 0.9": mom, "momentum 0.5": mom5, "adam": adam, "adam, batch 10": batch} {
		if other, dup := seen[v]; dup {
			t.Errorf("%s and %s give the same loss %v", name, other, v)
		}
		seen[v] = name
	}
	if !eval[bool](t, ctx, `getComputedStyle(document.querySelector(".opt-momentum")).display === "none" && getComputedStyle(document.querySelector(".opt-adam")).display !== "none"`) {
		t.Errorf("with adam, its β fields should show and momentum's hide")
	}
}

// TestBrowserTrainDrop drops a CSV file on the upload area.
func TestBrowserTrainDrop(t *testing.T) {
	ctx, _ := openTrain(t, "t.h=2")
	setAndWait(t, ctx, `{ const dt = new DataTransfer(); dt.items.add(new File(["0,0,0\n0,1,1\n1,0,1\n1,1,0\n"], "dropped.csv", {type: "text/csv"}));
		document.querySelector("#t-drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true})); }`)
	if got := eval[string](t, ctx, `document.querySelector("#t-dataset").selectedOptions[0].textContent`); got != "csv: dropped.csv" {
		t.Errorf("after the drop the dataset is %q", got)
	}
	if got := eval[int](t, ctx, `document.querySelector("#panel-train").dataset.bsum ? 1 : 0`); got != 1 {
		t.Errorf("no boundary")
	}
}

// TestBrowserTrainLinkWithoutCSV opens a link naming an uploaded CSV in a
// browser that does not have it: the page says so and trains the default.
func TestBrowserTrainLinkWithoutCSV(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=csv&t.h=2")
	if got := eval[string](t, ctx, `document.querySelector("#t-dataset").value`); got != "xor" {
		t.Errorf("dataset %q, want xor", got)
	}
	if msg := eval[string](t, ctx, `document.querySelector("#t-csv-info").textContent`); !strings.Contains(msg, "upload it again") {
		t.Errorf("message %q", msg)
	}
}

// TestBrowserTrainLargest trains the largest network the server allows:
// the units' maps get coarser so that the answer stays within its limit.
func TestBrowserTrainLargest(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=circle&t.n=50&t.h=64,64,64,64,64,64,64,64&t.act=relu&t.init=he&t.lr=0.001&t.chunk=1")
	train(t, ctx, 1)
	if got := panelData(t, ctx, "inputs"); got != "2" {
		t.Errorf("inputs %s", got)
	}
}

// TestBrowserTrainHoverLive checks that a hovered weight's value and
// gradient follow the training.
func TestBrowserTrainHoverLive(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=xor&t.h=2&t.lr=1&t.chunk=30")
	xy := strings.Split(eval[string](t, ctx, `document.querySelector("#t-net").dataset.firstEdge`), ",")
	p := eval[[]float64](t, ctx, fmt.Sprintf(`(() => { const r = document.querySelector("#t-net").getBoundingClientRect(); return [r.x + %s, r.y + %s] })()`, xy[0], xy[1]))
	do(t, ctx, "hovering the weight", chromedp.MouseEvent("mouseMoved", p[0], p[1]))
	waitFor(t, ctx, "the value", `document.querySelector("#t-hover-value").textContent.startsWith("w1[1,1] = ")`)
	before := eval[string](t, ctx, `document.querySelector("#t-hover-value").textContent`)
	train(t, ctx, 1)
	after := eval[string](t, ctx, `document.querySelector("#t-hover-value").textContent`)
	if after == before || !strings.HasPrefix(after, "w1[1,1] = ") {
		t.Errorf("hovered weight before %q, after a step %q; want it updated", before, after)
	}
	w := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.wfirst`)
	if !strings.HasPrefix(after, fmt.Sprintf("w1[1,1] = %.4g", w)[:12]) {
		t.Errorf("hover shows %q, the weight is %v", after, w)
	}
}

// TestBrowserTrainOptState trains Adam in the page over two updates and
// the same epochs in one call of nn's Train, as cgraph train runs them:
// the page must send the optimizer's state back, so that its loss and
// weights are nn's to the bit (two calls without the state differ:
// checked, so that the test can tell). Restoring a snapshot
// drops the state: the next update starts Adam afresh.
func TestBrowserTrainOptState(t *testing.T) {
	const chunk, n, batch = 5, 60, 4
	ctx, _ := openTrain(t, fmt.Sprintf("t.ds=circle&t.n=%d&t.h=4&t.act=tanh&t.lr=0.05&t.opt=adam&t.chunk=%d&t.batch=%d", n, chunk, batch))
	train(t, ctx, 2)
	steps := 2 * chunk * ((n + batch - 1) / batch)
	if got := panelData(t, ctx, "optT"); got != fmt.Sprint(steps) {
		t.Errorf("the page holds Adam's state after %s steps, want %d", got, steps)
	}
	all, _ := nn.Builtin("circle", &nn.ToyOptions{N: n, Seed: 1})
	reference := func(state bool) (loss, w float64) {
		m, err := nn.New(nn.Config{Inputs: 2, Layers: []nn.LayerSpec{{Units: 4, Activation: nn.Tanh}, {Units: 1, Activation: nn.Sigmoid}}, Alpha: 0.05, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		// With the state: one call of both updates' epochs, as cgraph
		// train runs them. Without: two calls, Adam restarted.
		calls, epochs := 2, chunk
		if state {
			calls, epochs = 1, 2*chunk
		}
		for c := range calls {
			if _, err := m.Train(all, &nn.TrainOptions{Epochs: epochs, BatchSize: batch, Shuffle: true, Seed: 1, FirstEpoch: c * epochs,
				Optimizer: nn.Optimizer{Method: "adam"}}); err != nil {
				t.Fatal(err)
			}
		}
		ev, _ := m.Evaluate(all)
		return ev.Loss, planParams(m.Plan())[0]
	}
	wantLoss, wantW := reference(true)
	loss := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.loss`)
	w := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.wfirst`)
	if loss != wantLoss || w != wantW {
		t.Errorf("after 2 updates of Adam: loss %v, w %v; nn with the state %v, %v", loss, w, wantLoss, wantW)
	}
	if l, _ := reference(false); l == wantLoss {
		t.Errorf("nn without the state gives the same loss: the test cannot tell")
	}
	// back to the first update's snapshot: the optimizer restarts there
	eval[bool](t, ctx, `(() => { const s = document.querySelector("#t-scrub"); s.value = "1"; s.dispatchEvent(new Event("input")); return true })()`)
	waitFor(t, ctx, "the snapshot", `document.querySelector("#t-scrub-out").textContent === "epoch `+fmt.Sprint(chunk)+`"`)
	train(t, ctx, 1)
	if got := panelData(t, ctx, "optT"); got != fmt.Sprint(chunk*((n+batch-1)/batch)) {
		t.Errorf("after restoring epoch %d and one update: Adam's state of %s steps, want a fresh one of %d", chunk, got, chunk*((n+batch-1)/batch))
	}
	if eval[bool](t, ctx, `!document.querySelector("#t-opt-note").hidden`) {
		t.Errorf("a note on the optimizer's state for a small network")
	}
}

// TestBrowserTrainLargestAdam trains Adam on the largest network, whose
// state would not fit in the next request: the page trains on without it
// and says so.
func TestBrowserTrainLargestAdam(t *testing.T) {
	ctx, _ := openTrain(t, "t.ds=circle&t.n=50&t.h=64,64,64,64,64,64,64,64&t.act=relu&t.init=he&t.lr=0.001&t.opt=adam&t.chunk=1")
	train(t, ctx, 2)
	note := eval[string](t, ctx, `(() => { const e = document.querySelector("#t-opt-note"); return e.hidden ? "" : e.textContent })()`)
	if !strings.Contains(note, "over the limit") || panelData(t, ctx, "optT") != "" {
		t.Errorf("note %q, state of %q steps; want a note and no state", note, panelData(t, ctx, "optT"))
	}
}
