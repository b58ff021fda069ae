package web

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cgraph/cgraph/nn"
	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserTrainModelFile: train XOR a few updates, press Download
// model, and read the file the browser saved: nn.ReadModel reads it and
// its weights are the ones the page draws. Reset, open that file with
// Open model…, and the page shows the loss, accuracy and settings it had
// before the download, and trains on. A bad file shows its error.
func TestBrowserTrainModelFile(t *testing.T) {
	ctx, _ := openTrain(t, "t.h=4&t.act=tanh&t.lr=0.3&t.reg=l2&t.rate=0.001&t.chunk=25")
	dir := t.TempDir()
	yes := true
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &yes,
	}); err != nil {
		t.Fatalf("setting the download directory: %v", err)
	}
	train(t, ctx, 4)
	type view struct{ epoch, loss, acc, lossText, wnorm, wfirst, wlast string }
	shown := func() view {
		return view{panelData(t, ctx, "epoch"), panelData(t, ctx, "loss"),
			eval[string](t, ctx, `document.querySelector("#t-acc").textContent`),
			eval[string](t, ctx, `document.querySelector("#t-loss-value").textContent`),
			panelData(t, ctx, "wnorm"), panelData(t, ctx, "wfirst"), panelData(t, ctx, "wlast")}
	}
	before := shown()
	if before.epoch != "100" {
		t.Fatalf("epoch %s after 4 updates of 25", before.epoch)
	}

	do(t, ctx, "Download model", chromedp.Click(chromedp.CSS("#t-download")))
	const name = "cgraph-xor-2-4-1-epoch100.json"
	path := filepath.Join(dir, name)
	var file []byte
	for deadline := time.Now().Add(e2eWait); ; time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 && bytes.HasSuffix(b, []byte("}\n")) {
			file = b
			break
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no %s downloaded; the directory has %v; the page says %q", name, entries,
				eval[string](t, ctx, `document.querySelector("#train-msg").textContent`))
		}
	}
	m, meta, err := nn.ReadModel(bytes.NewReader(file), name)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Dataset != "xor" || meta.Epochs != 100 || strconv.FormatFloat(meta.Loss, 'g', -1, 64) != before.loss {
		t.Errorf("meta %+v; the page: epoch %s loss %s", meta, before.epoch, before.loss)
	}
	cfg := m.Config()
	if cfg.L2 != 0.001 || cfg.Alpha != 0.3 || m.Config().Layers[0].Activation != nn.Tanh {
		t.Errorf("the file's settings: l2 %v α %v %s", cfg.L2, cfg.Alpha, m.Config().Layers[0].Activation)
	}
	// The weights drawn: Σw² of the weights in the page's order, the first
	// weight and the last bias, each as the page holds it.
	p := m.Plan()
	sum := 0.0
	for _, L := range p.Layers {
		for _, w := range L.W {
			sum += w * w
		}
	}
	params := planParams(p)
	got := view{epoch: before.epoch, loss: before.loss, acc: before.acc, lossText: before.lossText,
		wnorm: strconv.FormatFloat(sum, 'g', -1, 64), wfirst: strconv.FormatFloat(params[0], 'g', -1, 64),
		wlast: strconv.FormatFloat(params[len(params)-1], 'g', -1, 64)}
	if got != before {
		t.Errorf("the file's weights: %+v; the page shows %+v", got, before)
	}

	do(t, ctx, "Reset", chromedp.Click(chromedp.CSS("#t-reset")))
	waitFor(t, ctx, "the reset", trainReady+` && document.querySelector("#panel-train").dataset.epoch === "0"`)
	if shown().loss == before.loss {
		t.Fatalf("Reset kept the loss %s", before.loss)
	}
	// Other settings, which the file sets back.
	setAndWait(t, ctx, change("#t-activation", "relu"))
	setAndWait(t, ctx, change("#t-reg", "none"))

	eval[bool](t, ctx, `(() => { document.querySelector("#panel-train").dataset.state = "changing"; return true })()`)
	do(t, ctx, "Open model…", chromedp.SetUploadFiles(chromedp.CSS("#t-model"), []string{path}))
	waitReady(t, ctx)
	if after := shown(); after != before {
		t.Errorf("after opening the file the page shows %+v; before the download %+v", after, before)
	}
	for sel, want := range map[string]string{"#t-hidden": "4", "#t-activation": "tanh", "#t-reg": "l2", "#t-rate": "0.001", "#t-lr": "0.3"} {
		if v := eval[string](t, ctx, `document.querySelector("`+sel+`").value`); v != want {
			t.Errorf("%s is %q after opening, want %q", sel, v, want)
		}
	}
	if note := eval[string](t, ctx, `document.querySelector("#t-model-note").textContent`); !strings.Contains(note, name) {
		t.Errorf("note %q", note)
	}
	// The model is not in the link.
	if hash := eval[string](t, ctx, `decodeURIComponent(location.hash)`); strings.Contains(hash, "cgraph-xor") || len(hash) > 200 {
		t.Errorf("the link holds the model: %s", hash)
	}
	train(t, ctx, 1)
	if e := panelData(t, ctx, "epoch"); e != "125" {
		t.Errorf("epoch %s after one more update of the opened model, want 125", e)
	}

	// Bad files: the CLI's error, and a network the page cannot show.
	for _, tc := range []struct{ name, text, want string }{
		{"bad.json", `{"format": "keras"}`, `bad.json: not a cgraph model (format "keras", want "cgraph-mlp")`},
		{"three.json", `{"format": "cgraph-mlp", "version": 1, "inputs": 3, "loss": "squared", "alpha": 0.5, "seed": 1,
			"layers": [{"activation": "sigmoid", "weights": [[1, 2, 3]], "bias": [0]}]}`, "three.json: the 3-1 network has 3 inputs"},
	} {
		bad := filepath.Join(dir, tc.name)
		os.WriteFile(bad, []byte(tc.text), 0o644)
		eval[bool](t, ctx, `(() => { document.querySelector("#panel-train").dataset.state = "changing"; return true })()`)
		do(t, ctx, "opening "+tc.name, chromedp.SetUploadFiles(chromedp.CSS("#t-model"), []string{bad}))
		waitFor(t, ctx, tc.name+"'s error", `document.querySelector("#panel-train").dataset.state === "error"`)
		if msg := eval[string](t, ctx, `document.querySelector("#train-msg").textContent`); !strings.Contains(msg, tc.want) {
			t.Errorf("%s shows %q, want %q", tc.name, msg, tc.want)
		}
	}
}
