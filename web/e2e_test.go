package web

import (
	"context"

	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The end-to-end tests drive the real page in headless Chromium. They need a
// chromium binary: /usr/bin/chromium (Debian's package, which .ci/run
// installs), another on $PATH, or $CHROMIUM. Without one they are skipped,
// except under CI=true, where a missing browser is a failure.

var screenshots = flag.Bool("screenshots", false, "write the panels' screenshots to ../docs/ (with the e2e tests)")

// e2eWait bounds one wait for the page. Generous: the machine may be busy
// compiling other packages while the tests run.
const e2eWait = 90 * time.Second

func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no chromium found: .ci/run should have installed it (apt-get install -y chromium)")
	}
	t.Skip("skipping the browser test: no chromium found (apt-get install -y chromium, or set $CHROMIUM); under CI=true this is a failure")
	return ""
}

// browser starts headless Chromium with the flags that work on this
// machine's closed network and a fresh profile, and returns a context for
// one tab.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Run starts the browser; it lives as long as ctx, so no
	// timeout here (a timeout would stop the browser with it).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// do runs actions with a deadline and fails the test with what it was doing.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, e2eWait)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, e2eWait)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// waitFor waits until the JavaScript expression is truthy.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, e2eWait)
	defer cancel()
	if _, err := chromedp.Run(c, chromedp.Poll[chromedp.Void](js,
		chromedp.WithPollingTimeout(e2eWait), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		page := eval[string](t, ctx, `JSON.stringify({
			msg: [...document.querySelectorAll(".msg")].map(e => e.textContent).join(" "),
			panels: [...document.querySelectorAll(".panel")].map(p => ({...p.dataset})),
			inputs: [...document.querySelectorAll("#inputs input[type=text]")].map(i => i.name + "=" + i.value),
			errors: [...document.querySelectorAll("#errors li")].map(e => e.textContent)})`)
		t.Fatalf("waiting for %s (%s): %v; the page: %s", what, js, err, page)
	}
}

// clearField empties a text field as a user selecting all and deleting
// would (chromedp's SetValue refuses an empty value).
func clearField(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ""; return true })()`, sel))
}

func startServer(t *testing.T) *httptest.Server {
	t.Helper()
	var opts *Options
	if raceEnabled {
		// The race detector makes Go code 5–20 times slower: the largest
		// network's update, 0.3 s plain, passed the 5 s limit under -race
		// on a busy 2-core machine. The limit is not what these tests test.
		limits := DefaultLimits
		limits.Timeout *= 6
		opts = &Options{Limits: &limits}
	}
	s := New(opts)
	s.Warm(context.Background()) // as cgraph serve does
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); s.Close() })
	return ts
}

// cell returns the text of a column of the node table's row of name.
func cell(t *testing.T, ctx context.Context, name, col string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(
		`document.querySelector('#nodes tr[data-name=%q] td.%s').textContent`, name, col))
}

func TestBrowserGraphStepping(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "loading the page", chromedp.Navigate(ts.URL+"/"))
	waitFor(t, ctx, "the page to start", `document.body.dataset.ready === "1"`)

	// Enter the exercise's graph by typing it, over whatever preset is shown.
	prog := "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2"
	clearField(t, ctx, "#program")
	do(t, ctx, "typing the program", chromedp.SendKeys(chromedp.CSS("#program"), prog))
	// A syntax error first: it must be reported at its line:column.
	do(t, ctx, "typing a syntax error", chromedp.SendKeys(chromedp.CSS("#program"), " +"))
	waitFor(t, ctx, "the syntax error", `document.querySelector("#errors li")?.dataset.col === "80"`)
	if got := eval[string](t, ctx, `document.querySelector("#errors li").textContent`); !strings.HasPrefix(got, "line 1:80:") {
		t.Errorf("error shown as %q, want it at line 1:80 (the end of the input)", got)
	}
	do(t, ctx, "removing the error", chromedp.KeyEvent("\b\b"))
	waitFor(t, ctx, "the inputs of the program", `document.querySelectorAll("#inputs input[type=text]").length === 6 && !document.querySelector("#errors li")`)

	for name, v := range map[string]string{"x1": "1", "x2": "1", "w1": "4/5", "w2": "-7/5", "p0": "3/5", "y": "1"} {
		sel := chromedp.CSS(fmt.Sprintf(`#inputs input[name=%q]`, name))
		clearField(t, ctx, fmt.Sprintf(`#inputs input[name=%q]`, name))
		do(t, ctx, "setting "+name, chromedp.SendKeys(sel, v))
	}
	waitFor(t, ctx, "the evaluation", `document.querySelector("#panel-graph").dataset.state === "ready" && document.querySelector("#inputs input[name=y]").value === "1"`)
	// 13 nodes: the program's 11 and the generated (yhat - y) and 2; the
	// backward pass has a step per node and one per edge (12), but none
	// for the 2 of ^2, which shows no gradient.
	forward := eval[string](t, ctx, `document.querySelector("#panel-graph").dataset.forward`)
	total := eval[string](t, ctx, `document.querySelector("#panel-graph").dataset.total`)
	if forward != "13" || total != "36" {
		t.Fatalf("%s forward steps of %s, want 13 of 36", forward, total)
	}
	if got := cell(t, ctx, "yhat", "value"); got != "·" {
		t.Errorf("before any step yhat shows %q, want ·", got)
	}

	// Step through forward, node by node.
	for i := 1; i <= 13; i++ {
		do(t, ctx, "stepping forward", chromedp.Click(chromedp.CSS("#step")))
		waitFor(t, ctx, "step "+strconv.Itoa(i), fmt.Sprintf(`document.querySelector("#panel-graph").dataset.step === "%d"`, i))
	}
	text := eval[string](t, ctx, `document.querySelector("#step-text").textContent`)
	if !strings.HasPrefix(text, "forward: L = ") || !strings.HasSuffix(text, "= 1/4") {
		t.Errorf("last forward step reads %q", text)
	}
	for name, want := range map[string]string{"p1": "4/5", "p2": "−7/5", "z": "0", "yhat": "1/2", "L": "1/4"} {
		if got := cell(t, ctx, name, "value"); got != want {
			t.Errorf("after forward, %s = %q; want %q", name, got, want)
		}
	}
	if got := cell(t, ctx, "w1", "grad"); got != "·" {
		t.Errorf("before backward, ∂L/∂w1 shows %q", got)
	}
	// The highlighted node of the diagram is the current one.
	if n := eval[int](t, ctx, `document.querySelectorAll("#diagram g.node.current").length`); n != 1 {
		t.Errorf("%d nodes highlighted in the diagram, want 1", n)
	}

	// Play the backward pass to its end.
	do(t, ctx, "playing", chromedp.SetValue(chromedp.CSS("#speed"), "10"), chromedp.Click(chromedp.CSS("#play")))
	waitFor(t, ctx, "the end of backward", `document.querySelector("#panel-graph").dataset.step === "36"`)
	for name, want := range map[string]string{
		"L": "1", "yhat": "−1", "z": "−1/4", "w1": "−1/4", "w2": "−1/4", "p0": "−1/4",
		"x1": "−1/5", "x2": "7/20", "y": "1",
	} {
		if got := cell(t, ctx, name, "grad"); got != want {
			t.Errorf("after backward, ∂L/∂%s = %q; want %q", name, got, want)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#diagram g.edge.pending").length`); n != 0 {
		t.Errorf("%d edges still pending after backward", n)
	}
	// The state is in the URL: opening it again shows the same graph and step.
	url := eval[string](t, ctx, `location.href`)
	if !strings.Contains(url, "s=36") {
		// the hash is written shortly after a change
		waitFor(t, ctx, "the URL", `location.hash.includes("s=36")`)
		url = eval[string](t, ctx, `location.href`)
	}
	tab := ctx
	do(t, tab, "opening the shared link", chromedp.Navigate("about:blank"), chromedp.Navigate(url))
	// A selector query, which chromedp retries across the navigation's
	// change of JavaScript context (a Poll started too early can lose it).
	do(t, tab, "waiting for the shared state", chromedp.WaitReady(chromedp.CSS(`body[data-ready="1"] #panel-graph[data-step="36"]`)))
	if got := cell(t, tab, "w1", "grad"); got != "−1/4" {
		t.Errorf("shared link: ∂L/∂w1 = %q; want −1/4", got)
	}

	if *screenshots {
		do(t, ctx, "reset", chromedp.Click(chromedp.CSS("#reset")))
		for i := 0; i < 19; i++ {
			do(t, ctx, "step", chromedp.Click(chromedp.CSS("#step")))
		}
		hover := `(() => { const g = [...document.querySelectorAll("#diagram g.node")].find(g => g.textContent.includes("z = ")); const r = g.getBoundingClientRect();
			g.dispatchEvent(new MouseEvent("mousemove", {clientX: r.x + r.width/2, clientY: r.y + r.height/2, bubbles: true})); return true })()`
		eval[bool](t, ctx, hover)
		shot(t, ctx, "web-graph.png")
	}
}

func TestBrowserTraining(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "loading the training panel", chromedp.Navigate(ts.URL+"/#tab=train&t.ds=xor&t.h=4&t.act=tanh&t.lr=0.3&t.chunk=50&t.seed=1"))
	waitFor(t, ctx, "the first evaluation", `document.body.dataset.ready === "1" && document.querySelector("#panel-train").dataset.state === "ready"`)
	first := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.loss`)
	do(t, ctx, "playing", chromedp.Click(chromedp.CSS("#t-play")))
	waitFor(t, ctx, "500 epochs", `+document.querySelector("#panel-train").dataset.epoch >= 500`)
	do(t, ctx, "pausing", chromedp.Click(chromedp.CSS("#t-play")))
	waitFor(t, ctx, "the pause", `document.querySelector("#t-play").textContent.includes("Play") && document.querySelector("#panel-train").dataset.state === "ready"`)
	last := eval[float64](t, ctx, `+document.querySelector("#panel-train").dataset.loss`)
	if !(last < first/2) {
		t.Errorf("XOR loss went from %v to %v; want it at least halved", first, last)
	}
	t.Logf("XOR loss %v → %v", first, last)
	if *screenshots {
		shot(t, ctx, "web-train.png")
	}
}

func TestBrowserVanishing(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	ctx := browser(t)
	ts := startServer(t)
	do(t, ctx, "loading the vanishing panel", chromedp.Navigate(ts.URL+"/#tab=vanish&v.d=20&v.w=16&v.a=sigmoid,relu&v.i=normal,he&v.s=2"))
	waitFor(t, ctx, "the chart", `document.querySelector("#panel-vanish").dataset.state === "ready" && document.querySelectorAll("#v-table tbody tr").length === 4`)
	// sigmoid with normal(0,1) init: the first layer's gradient is far below the last one's.
	ratio := eval[string](t, ctx, `document.querySelector('#v-table tr[data-run="sigmoid + normal"] td:nth-child(4)').textContent`)
	r, err := strconv.ParseFloat(ratio, 64)
	if err != nil || r < 100 {
		t.Errorf("sigmoid + normal: last/first layer gradient ratio %q; want ≥ 100", ratio)
	}
	// The sliders reach the server's limits, not numbers written into the page.
	l := DefaultLimits
	if got := eval[string](t, ctx, `document.querySelector("#v-depth").max + " " + document.querySelector("#v-width").max`); got != fmt.Sprintf("%d %d", l.MaxDepth, l.MaxWidth) {
		t.Errorf("sliders' max depth and width %q, want the server's %d and %d", got, l.MaxDepth, l.MaxWidth)
	}
	if *screenshots {
		shot(t, ctx, "web-vanish.png")
	}
}

// shot writes a screenshot of the page to ../docs/name.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, e2eWait)
	defer cancel()
	png, err := chromedp.Run(c, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join("..", "docs", name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}
