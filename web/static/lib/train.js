// The training panel: its controls, its session with the server (POST
// /api/train, stateless: every request carries the settings, the
// weights and the optimiser's state), the time-travel snapshots, and its three canvases (loss,
// output over the plane, network with every unit's map). The page gives
// it its shared helpers (ui) at start; the pure logic is in trainmath.js.
import * as plot from "./plot.js";
import * as frac from "./frac.js";
import { Session } from "./session.js";
import {
  FEATURES, featureLabel, features, CLASS_COLOURS, hexRGB, classRegion, outputColour, unitColour,
  paramIndex, nearest, record, spiralHint, linkState, checkCSV, sumSquares, modelSettings, fileName,
} from "./trainmath.js";

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const el = (tag, props = {}, ...kids) => { const e = Object.assign(document.createElement(tag), props); e.append(...kids); return e; };

// TRAIN_DEFAULTS are the settings a link leaves out: the exercise's
// network (sigmoid, uniform weights, squared loss) on XOR.
export const TRAIN_DEFAULTS = {
  ds: "xor", noise: "0", n: "200", h: "4", act: "sigmoid", init: "uniform", loss: "squared", lr: "0.5", seed: "1", chunk: "25", axis: "auto",
  cls: "3", test: "0", st: "1", feat: "x1,x2", reg: "none", rate: "0.001", opt: "sgd", mom: "0.9", b1: "0.9", b2: "0.999", batch: "1", disc: "0",
};

const CSV_KEY = "cgraph.train.csv"; // localStorage: { name, text } of the uploaded file
const NEURON_GRID = 12;             // resolution of each unit's map
const MAX_SNAPSHOTS = 200;

let ui = null;          // the page's helpers: api, drawCurve, sizeCanvas, chartFont, fontSpec, writeHash, playButton
let saved = {};         // the settings read from the link
let limits = {};
let presets = [];       // nn's training presets (/api/trainpresets)
let csv = null;         // { name, text } of the uploaded file

// trainParams is the panel's settings as the link holds them: never the
// uploaded data (linkState).
export function trainParams() {
  const v = id => $("#" + id).value;
  const sel = (id, k) => v(id) || saved[k] || TRAIN_DEFAULTS[k];
  return linkState({
    ds: sel("t-dataset", "ds"), noise: v("t-noise"), n: v("t-samples"), h: v("t-hidden"),
    act: sel("t-activation", "act"), init: sel("t-init", "init"), loss: sel("t-loss", "loss"),
    lr: v("t-lr"), seed: v("t-seed"), chunk: v("t-chunk"), axis: v("t-axis"),
    cls: v("t-classes"), test: v("t-test"), st: $("#t-show-test").checked ? "1" : "0",
    feat: $$("#t-features input:checked").map(e => e.value).join(","),
    reg: v("t-reg"), rate: v("t-rate"), opt: v("t-opt"), mom: v("t-mom"), b1: v("t-b1"), b2: v("t-b2"),
    batch: v("t-batch"), disc: $("#t-disc").checked ? "1" : "0",
  });
}

const hiddenOf = h => h.split(/[ ,]+/).filter(Boolean).map(Number);

export const trainer = {
  playing: false,
  session: new Session(req => ui.api("train", req)),
  snaps: [],        // { epoch, params } of this run, thinned (record)
  initial: null,    // { params, shape } at the last Reset: what Restart starts from
  viewing: null,    // { epoch, result } of a snapshot shown by the scrubber, or null: live
  hover: -1,        // index of the hovered param, or −1
  segs: [],         // the network's edges and biases for hit-testing: { idx, seg, label }
  layerLR: null,    // the per-layer learning rates of an opened model (layer_lr), or null

  // config is every setting at once, read when a field changes: a step
  // never mixes old weights with new settings.
  config() {
    const p = trainParams(), rate = +p.rate;
    const c = {
      dataset: p.ds, noise: +p.noise, samples: +p.n, data_seed: 1, hidden: hiddenOf(p.h),
      activation: p.act, init: p.init, loss: p.loss, lr: +p.lr, seed: +p.seed, grid: 40,
      test: +p.test / 100, features: features(p.feat.split(",")), batch: Math.max(1, +p.batch || 1),
      l1: p.reg === "l1" ? rate : 0, l2: p.reg === "l2" ? rate : 0,
      optimizer: p.opt, grads: true,
    };
    // the units' maps, as fine as the server allows for this many units
    // (the output layer counted as at most 8)
    const units = c.hidden.reduce((a, b) => a + b, 0) + 8;
    c.neurons = Math.max(2, Math.min(NEURON_GRID, Math.floor(Math.sqrt((limits.max_neuron_values || 65536) / units))));
    if (p.ds === "blobs") c.classes = +p.cls;
    if (p.opt === "momentum") c.momentum = +p.mom;
    if (p.opt === "adam") { c.beta1 = +p.b1; c.beta2 = +p.b2; }
    if (p.ds === "csv" && csv) { c.csv = csv.text; c.csv_name = csv.name; }
    // an opened model's rates per layer, while the network has as many layers
    if (this.layerLR && this.layerLR.length === c.hidden.length + 1) c.layer_lr = this.layerLR;
    return c;
  },

  async outcome(p, { fresh = false } = {}) {
    const panel = $("#panel-train");
    panel.dataset.state = "loading";
    const r = await p;
    if (r === "stale") return true; // a newer reset took over
    if (r !== "ok") {
      let msg = r.message;
      if (fresh === "restart" && /params for a network/.test(msg)) {
        msg = `Can't restart from the same initial weights: they are those of a ${this.initial.shape} network, and these settings make another shape (${msg}). Reset draws new weights.`;
      }
      $("#train-msg").textContent = msg;
      panel.dataset.state = "error";
      this.pause();
      return false;
    }
    const s = this.session;
    $("#train-msg").textContent = "";
    if (fresh) {
      this.snaps = [];
      this.hover = -1; // the network may have another shape
      // The initial weights to restart from: those of the last Reset
      // (or of the page's first run), kept while settings change.
      if (fresh === "reset" || !this.initial) this.initial = { params: s.params, shape: s.result.shape.join("-") };
    }
    this.snaps = record(this.snaps, s.epoch, s.params, MAX_SNAPSHOTS);
    this.viewing = null;
    // Adam's state triples the numbers of a request: for the largest
    // networks it would not fit, and the server says so.
    $("#t-opt-note").hidden = !s.optNote;
    $("#t-opt-note").textContent = s.optNote;
    this.draw();
    panel.dataset.state = "ready";
    return true;
  },

  // reset draws fresh weights for the settings; kind "reset" (the
  // button) also makes them the ones Restart goes back to.
  reset(kind = "auto") {
    if (kind === "reset") this.forgetModel();
    ui.writeHash();
    this.hint();
    return this.outcome(this.session.reset(this.config()), { fresh: kind });
  },

  restart() {
    this.pause();
    if (!this.initial) return this.reset();
    ui.writeHash();
    this.hint();
    return this.outcome(this.session.reset(this.config(), this.initial.params), { fresh: "restart" });
  },

  // resume goes back to the snapshot on show, if any, before training on.
  async resume() {
    const v = this.viewing;
    if (!v) return true;
    this.snaps = this.snaps.filter(s => s.epoch <= v.epoch);
    const snap = this.snaps[this.snaps.length - 1];
    return this.outcome(this.session.rewind(snap.epoch, snap.params));
  },

  async stepOnce() {
    if (!(await this.resume())) return false;
    return this.outcome(this.session.step(Math.max(1, +$("#t-chunk").value || 1)));
  },

  async play() {
    if (this.playing) return;
    this.playing = true;
    ui.playButton($("#t-play"), true);
    while (this.playing) {
      if (!(await this.stepOnce())) break;
      await new Promise(r => requestAnimationFrame(r));
    }
  },
  pause() { this.playing = false; ui.playButton($("#t-play"), false); },

  // scrub shows snapshot i (the last: live) without changing the run.
  async scrub(i) {
    this.pause();
    const snap = this.snaps[i];
    if (!snap || i === this.snaps.length - 1) { this.viewing = null; this.draw(); return; }
    const s = this.session, gen = s.generation;
    try {
      const r = await ui.api("train", { ...s.config, epochs: 0, epoch: snap.epoch, params: snap.params });
      if (gen !== s.generation || +$("#t-scrub").value !== i) return;
      this.viewing = { epoch: snap.epoch, result: r };
      $("#train-msg").textContent = "";
    } catch (e) { $("#train-msg").textContent = e.message; return; }
    this.draw();
  },

  // edit sets param idx to v and trains on from there.
  edit(idx, v) {
    const s = this.session, base = this.viewing ? this.viewing.result : s.result;
    const epoch = this.viewing ? this.viewing.epoch : s.epoch;
    const params = base.params.slice();
    params[idx] = v;
    this.snaps = this.snaps.filter(x => x.epoch <= epoch);
    this.viewing = null;
    return this.outcome(s.rewind(epoch, params));
  },

  // download saves the network shown (the live one, or the snapshot the
  // scrubber shows) as the file cgraph train --save writes: the server
  // writes it with nn's WriteModel (POST /api/model).
  async download() {
    const { r, epoch } = this.shown(), s = this.session;
    if (!r) return;
    const panel = $("#panel-train");
    try {
      const res = await fetch("/api/model", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...s.config, epochs: 0, epoch, params: r.params }),
      });
      if (!res.ok) {
        let msg = res.status + " " + res.statusText;
        try { msg = (await res.json()).error || msg; } catch (e) { /* not JSON */ }
        throw new Error(msg);
      }
      const name = fileName(res.headers.get("Content-Disposition"), "cgraph-model.json");
      const url = URL.createObjectURL(await res.blob());
      const a = el("a", { href: url, download: name });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      panel.dataset.downloaded = name;
      $("#train-msg").textContent = "";
    } catch (e) { $("#train-msg").textContent = "Download model: " + e.message; }
  },

  // open reads a model file (nn.ReadModel on the server, POST
  // /api/model/open), sets the controls and weights from it, and draws it;
  // Step and Play train on from it. It stays out of the link.
  async open(file) {
    const panel = $("#panel-train"), limit = limits.max_model_bytes || (2 << 20);
    this.pause();
    const fail = msg => { $("#train-msg").textContent = msg; panel.dataset.state = "error"; };
    const why = checkCSV(file.name, file.size, limit);
    if (why) return fail(why);
    let a;
    try {
      const res = await fetch("/api/model/open?name=" + encodeURIComponent(file.name), {
        method: "POST", headers: { "Content-Type": "application/json" }, body: await file.text(),
      });
      let data;
      try { data = await res.json(); } catch (e) { data = { error: res.status + " " + res.statusText }; }
      if (!res.ok) return fail(data.error || res.statusText);
      a = data;
    } catch (e) { return fail(e.message); }
    const { p, error } = modelSettings(a, $("#t-dataset").value);
    if (error) return fail(error);
    const set = (id, v) => { if (v !== undefined) $("#" + id).value = v; };
    set("t-dataset", p.ds); set("t-hidden", p.h); set("t-activation", p.act); set("t-loss", p.loss); set("t-lr", p.lr);
    set("t-seed", p.seed); set("t-reg", p.reg); set("t-rate", p.rate); set("t-classes", p.cls);
    if ($(`#t-init option[value="${p.init}"]`)) set("t-init", p.init);
    const feats = p.feat.split(",");
    for (const b of $$("#t-features input")) b.checked = feats.includes(b.value);
    $("#t-preset").value = ""; $("#t-preset-about").hidden = true;
    kind();
    this.layerLR = a.layer_lr || null;
    const note = $("#t-model-note");
    note.hidden = false;
    note.textContent = `Opened ${a.name}: ${a.shape.join("-")}, epoch ${a.epoch}` +
      (a.layer_lr ? `, learning rate per layer ${a.layer_lr.map(x => x || a.lr).join(", ")} (kept until Reset)` : "") + ".";
    ui.writeHash();
    this.hint();
    return this.outcome(this.session.reset(this.config(), a.params, a.epoch), { fresh: "reset" });
  },

  // forgetModel drops what the page kept of an opened model besides the
  // controls: its per-layer rates and the note.
  forgetModel() {
    this.layerLR = null;
    $("#t-model-note").hidden = true;
  },

  hint() {
    const c = this.config(), h = spiralHint(c, presets.find(p => p.name === "spiral"));
    $("#t-hint").hidden = !h;
    $("#t-hint").textContent = h;
  },

  shown() {
    const s = this.session;
    return this.viewing ? { r: this.viewing.result, epoch: this.viewing.epoch } : { r: s.result, epoch: s.epoch };
  },

  draw() {
    const s = this.session, { r, epoch } = this.shown();
    if (!r) return;
    const panel = $("#panel-train"), fmt = v => v == null ? "–" : v.toPrecision(4);
    $("#t-epoch").textContent = epoch;
    $("#t-loss-value").textContent = fmt(r.loss);
    $("#t-acc").textContent = r.regression ? "— (regression)" : (100 * r.accuracy).toFixed(1) + "%";
    $("#t-test-stats").hidden = r.test_loss == null;
    $("#t-test-loss").textContent = fmt(r.test_loss);
    $("#t-test-acc").textContent = r.test_accuracy == null || r.regression ? "—" : (100 * r.test_accuracy).toFixed(1) + "%";
    Object.assign(panel.dataset, {
      epoch, loss: r.loss, firstLoss: s.losses.length ? s.losses[0] : r.loss, testLoss: r.test_loss ?? "",
      wnorm: sumSquares(r.layers), inputs: r.shape[0], wlast: r.params[r.params.length - 1], bsum: r.boundary.values.reduce((a, b) => a + b, 0),
      classes: r.boundary.classes ? new Set(r.boundary.classes).size : 0, snaps: this.snaps.length, wfirst: r.params[0],
      optT: s.optState ? s.optState.t : "", // the optimiser's steps carried to the next request
    });
    // the scrubber: one stop per snapshot, the last is live
    const sc = $("#t-scrub");
    sc.max = String(Math.max(0, this.snaps.length - 1));
    if (!this.viewing) sc.value = sc.max;
    $("#t-scrub-out").textContent = this.viewing ? `epoch ${epoch}` : "live";
    const axis = $("#t-axis").value, log = axis === "log" || (axis === "auto" && plot.wantsLog(s.losses));
    const lines = [{ values: s.losses, ...plot.lineStyle(0), label: "training loss" }];
    if (s.testLosses.length) lines.push({ values: s.testLosses, color: plot.COLORS[1], dash: [6, 4], label: "test loss" });
    panel.dataset.lines = lines.length;
    ui.drawCurve($("#t-curve"), lines, { xlabel: "epoch", log, legend: lines.length > 1, marker: this.viewing ? epoch : null, x0: s.start + 1 });
    drawOutput($("#t-boundary"), r, { discrete: $("#t-disc").checked, showTest: $("#t-show-test").checked });
    this.segs = drawNetwork($("#t-net"), r);
    const cv = $("#t-net");
    this.netImage = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height);
    this.showHover();
  },

  // highlight redraws the network with the hovered weight or bias marked.
  highlight() {
    const cv = $("#t-net"), ctx = cv.getContext("2d");
    if (!this.netImage || this.netImage.width !== cv.width) return;
    ctx.putImageData(this.netImage, 0, 0);
    const seg = this.segs.find(x => x.idx === this.hover);
    if (!seg) return;
    const [x0, y0, x1, y1] = seg.seg;
    ctx.strokeStyle = "#111"; ctx.lineWidth = 2; ctx.setLineDash([4, 3]);
    ctx.beginPath();
    if (x0 === x1 && y0 === y1) ctx.arc(x0, y0, 7, 0, 2 * Math.PI); else { ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); }
    ctx.stroke(); ctx.setLineDash([]);
  },

  showHover() {
    this.highlight();
    const { r } = this.shown(), out = $("#t-hover-value");
    if (!r || this.hover < 0 || this.hover >= r.params.length) { out.textContent = "hover a weight for its value and gradient; click it to edit"; return; }
    const seg = this.segs.find(x => x.idx === this.hover);
    const g = r.grads ? r.grads[this.hover] : NaN;
    const name = seg ? seg.label : "param " + this.hover;
    out.textContent = `${name} = ${r.params[this.hover].toPrecision(4)} · ∂L/∂${name[0]} = ${isFinite(g) ? g.toPrecision(3) : "–"}`;
    const tip = $("#t-tip");
    if (!tip.hidden) tip.textContent = out.textContent;
  },
};

// ---------- the output over the plane ----------

function pointFill(label, r) {
  if (r.classes) return CLASS_COLOURS[label % CLASS_COLOURS.length];
  if (r.regression) {
    const t = Math.max(-1, Math.min(1, label)), o = hexRGB("#c2410c"), b = hexRGB("#0b4f8a");
    const c = (t < 0 ? o : b).map(ci => Math.round(255 + (ci - 255) * Math.abs(t)));
    return `rgb(${c})`;
  }
  return label >= 0.5 ? "#0b4f8a" : "#c2410c";
}

// drawOutput paints the network's output over the plane: a probability
// (its 0.5 line drawn), a regression's number, or the class of the
// largest output (its colour, as strong as it is sure); then the training
// points (circles) and, if shown, the test points (squares).
function drawOutput(cv, r, o) {
  const { ctx, W, H } = ui.sizeCanvas(cv), b = r.boundary, n = b.n;
  const dpr = window.devicePixelRatio || 1, pw = cv.width, ph = cv.height;
  const img = ctx.createImageData(pw, ph), K = r.classes;
  for (let py = 0; py < ph; py++) {
    for (let px = 0; px < pw; px++) {
      const u = (px + 0.5) / pw, v = 1 - (py + 0.5) / ph;
      let c;
      if (K) { // the class of the largest probability, each smoothly between the grid's points
        let best = 0, bp = -1;
        for (let k = 0; k < K; k++) { const q = plot.bilinear(b.probs[k], n, u, v); if (q > bp) { best = k; bp = q; } }
        c = classRegion(best, bp, K, o.discrete);
      } else {
        c = outputColour(plot.bilinear(b.values, n, u, v), r.regression, o.discrete);
      }
      const k = 4 * (py * pw + px);
      img.data[k] = c[0]; img.data[k + 1] = c[1]; img.data[k + 2] = c[2]; img.data[k + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  if (!K) {
    ctx.strokeStyle = "#111"; ctx.lineWidth = 2;
    ctx.beginPath();
    for (const [[u0, v0], [u1, v1]] of plot.contour(b.values, n, r.regression ? 0 : 0.5)) { ctx.moveTo(u0 * W, (1 - v0) * H); ctx.lineTo(u1 * W, (1 - v1) * H); }
    ctx.stroke();
  }
  const px = x => (x - b.x0) / (b.x1 - b.x0) * W, py = y => H - (y - b.y0) / (b.y1 - b.y0) * H;
  const total = r.points.length + (r.test_points || []).length;
  const rad = Math.max(3, Math.min(9, W / (total > 50 ? 90 : 40)));
  for (const [x, y, label] of r.points) {
    ctx.beginPath(); ctx.arc(px(x), py(y), rad, 0, 2 * Math.PI);
    ctx.fillStyle = pointFill(label, r); ctx.fill();
    ctx.strokeStyle = "#fff"; ctx.lineWidth = 2.5; ctx.stroke();
    ctx.strokeStyle = "#111"; ctx.lineWidth = 1; ctx.stroke();
  }
  if (o.showTest) {
    for (const [x, y, label] of r.test_points || []) {
      const s = rad * 1.7;
      ctx.fillStyle = pointFill(label, r); ctx.fillRect(px(x) - s / 2, py(y) - s / 2, s, s);
      ctx.strokeStyle = "#111"; ctx.lineWidth = 2; ctx.strokeRect(px(x) - s / 2, py(y) - s / 2, s, s);
    }
  }
  legend(r, o);
}

function legend(r, o) {
  const key = $("#t-legend"), kids = [];
  const swatch = colour => { const i = el("i", { className: "swatch" }); i.style.background = colour; return i; };
  const item = (...k) => el("span", { className: "item" }, ...k);
  if (r.classes) {
    for (let k = 0; k < r.classes; k++) kids.push(item(swatch(CLASS_COLOURS[k % CLASS_COLOURS.length]), "class " + k));
    kids.push(item("background: the most likely class"));
  } else if (r.regression) {
    kids.push(item("−1", el("i", { className: "ramp" }), "1 (output and labels)"), item(el("i", { className: "line" }), "output 0"));
  } else {
    kids.push(item(swatch("#0b4f8a"), "label 1"), item(swatch("#c2410c"), "label 0"), item(el("i", { className: "line" }), "output ½"));
  }
  if (o.showTest && (r.test_points || []).length) kids.push(item(el("i", { className: "sq" }), "test data"));
  key.replaceChildren(...kids);
}

// ---------- the network, every unit with its map ----------

// unitMap draws the n×n values of a unit into a canvas of n×n pixels,
// row 0 (the bottom of the plane) at the bottom.
function unitMap(values, n, act) {
  const c = document.createElement("canvas");
  c.width = n; c.height = n;
  const cx = c.getContext("2d"), img = cx.createImageData(n, n);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const rgb = unitColour(values[row * n + col], act), k = 4 * ((n - 1 - row) * n + col);
      img.data[k] = rgb[0]; img.data[k + 1] = rgb[1]; img.data[k + 2] = rgb[2]; img.data[k + 3] = 255;
    }
  }
  cx.putImageData(img, 0, 0);
  return c;
}

// drawNetwork draws the layers as columns of boxes: the inputs (the
// features) by name and over the plane, every unit with its output there; each edge
// coloured by the sign of its weight and as thick as its size, each bias
// a dot at its unit's corner. It returns the edges and biases for
// hit-testing.
function drawNetwork(cv, r) {
  const fs = ui.chartFont();
  const shape = r.shape, cols = shape.length, most = Math.max(...shape);
  // taller on a narrow screen, so that the units' maps stay visible
  cv.dataset.aspect = cv.parentElement.clientWidth < 640 ? String(Math.min(1.1, 0.35 + most * 0.07)) : "0.4";
  const { ctx, W, H } = ui.sizeCanvas(cv);
  ctx.clearRect(0, 0, W, H);
  const top = fs * 0.6, bottom = fs * 1.8, avail = H - top - bottom;
  const box = Math.max(10, Math.min(56, avail / most * 0.72, (W / cols) * 0.3));
  const gap = Math.min(box * 1.45, avail / most);
  const left = fs * 3.2 + box / 2, right = box / 2 + fs * 1.2;
  const pos = (l, j) => [left + (W - left - right) * l / Math.max(1, cols - 1), top + avail / 2 + (j - (shape[l] - 1) / 2) * gap];
  let maxW = 1e-9;
  for (const layer of r.layers) for (const row of layer.w) for (const w of row) maxW = Math.max(maxW, Math.abs(w));
  const segs = [];
  r.layers.forEach((layer, l) => {
    layer.w.forEach((row, j) => row.forEach((w, i) => {
      const [x0, y0] = pos(l, i), [x1, y1] = pos(l + 1, j);
      const seg = [x0 + box / 2, y0, x1 - box / 2, y1];
      ctx.strokeStyle = w >= 0 ? "rgba(8,119,189,0.85)" : "rgba(245,147,34,0.85)";
      ctx.lineWidth = 0.5 + 5 * Math.abs(w) / maxW;
      ctx.beginPath(); ctx.moveTo(seg[0], seg[1]); ctx.lineTo(seg[2], seg[3]); ctx.stroke();
      segs.push({ idx: paramIndex(shape, l, j, i), seg, label: `w${l + 1}[${j + 1},${i + 1}]` });
    }));
  });
  ctx.font = ui.fontSpec(fs);
  const ink = getComputedStyle(document.body).color;
  const inputs = r.features || ["x1", "x2"];
  const nu = r.neurons;
  for (let l = 0; l < cols; l++) {
    for (let j = 0; j < shape[l]; j++) {
      const [x, y] = pos(l, j), bx = x - box / 2, by = y - box / 2;
      if (l === 0) {
        ctx.fillStyle = "#f1f5f9"; ctx.fillRect(bx, by, box, box);
        if (nu && nu.inputs && nu.inputs[j]) {
          ctx.imageSmoothingEnabled = true;
          ctx.drawImage(unitMap(nu.inputs[j], nu.n, "linear"), bx, by, box, box);
        }
        const label = featureLabel(inputs[j]);
        ctx.fillStyle = ink;
        ctx.fillText(label, Math.max(0, bx - 6 - ctx.measureText(label).width), y + fs / 3);
      } else {
        const act = r.layers[l - 1].activation;
        if (nu && nu.units[l - 1]) {
          ctx.imageSmoothingEnabled = true;
          ctx.drawImage(unitMap(nu.units[l - 1][j], nu.n, act), bx, by, box, box);
        }
        const bias = r.layers[l - 1].b[j], bxy = [bx, by + box];
        ctx.beginPath(); ctx.arc(bxy[0], bxy[1], Math.max(2.5, box / 9), 0, 2 * Math.PI);
        ctx.fillStyle = bias >= 0 ? "#0877bd" : "#f59322"; ctx.fill();
        ctx.strokeStyle = "#fff"; ctx.lineWidth = 1; ctx.stroke();
        segs.push({ idx: paramIndex(shape, l - 1, j, shape[l - 1]), seg: [bxy[0], bxy[1], bxy[0], bxy[1]], label: `b${l}[${j + 1}]` });
      }
      ctx.strokeStyle = "#334155"; ctx.lineWidth = 1.2; ctx.strokeRect(bx, by, box, box);
    }
    ctx.fillStyle = ink;
    const narrow = W / cols < 150;
    const out = narrow ? "output" : r.classes ? `output (${r.classes} logits, softmax)` : `output (${r.layers[cols - 2].activation})`;
    const label = l === 0 ? "inputs" : l === cols - 1 ? out : narrow ? `layer ${l}` : `layer ${l} (${r.layers[l - 1].activation})`;
    const lw = ctx.measureText(label).width;
    ctx.fillText(label, Math.max(0, Math.min(W - lw, pos(l, 0)[0] - lw / 2)), H - 4);
  }
  cv.dataset.inputs = inputs.join(",");
  const first = segs.find(s => s.idx === 0);
  if (first) cv.dataset.firstEdge = `${(first.seg[0] * 0.7 + first.seg[2] * 0.3).toFixed(1)},${(first.seg[1] * 0.7 + first.seg[3] * 0.3).toFixed(1)}`;
  return segs;
}

// ---------- controls ----------

function fillSelect(sel, values, want, label = v => v) {
  sel.replaceChildren(...values.map(v => el("option", { value: v, textContent: label(v) })));
  if (want && values.includes(want)) sel.value = want;
}

function csvOption() {
  const sel = $("#t-dataset");
  let opt = sel.querySelector("option[value=csv]");
  if (!csv) { if (opt) opt.remove(); return; }
  if (!opt) { opt = el("option", { value: "csv" }); sel.append(opt); }
  opt.textContent = "csv: " + csv.name;
  $("#t-csv-info").textContent = `${csv.name}: ${csv.text.length} bytes, in this browser`;
}

async function takeFile(file) {
  const why = checkCSV(file.name, file.size, limits.max_csv_bytes || 65536);
  if (why) { $("#train-msg").textContent = why; $("#panel-train").dataset.state = "error"; return; }
  csv = { name: file.name, text: await file.text() };
  try { localStorage.setItem(CSV_KEY, JSON.stringify(csv)); } catch (e) { /* private mode or full: memory only */ }
  csvOption();
  $("#t-dataset").value = "csv";
  trainer.pause();
  trainer.reset();
}

// kind keeps the panel's choices consistent with the dataset: blobs
// wants the softmax and shows its classes, regression sets a loss of one
// output.
function kind(changed) {
  const ds = $("#t-dataset").value, loss = $("#t-loss");
  const panel = $("#panel-train");
  panel.classList.toggle("blobs", ds === "blobs");
  panel.classList.toggle("opt-momentum", $("#t-opt").value === "momentum");
  panel.classList.toggle("opt-adam", $("#t-opt").value === "adam");
  if (changed !== "t-dataset") return;
  if (ds === "blobs") loss.value = "softmax";
  else if (loss.value === "softmax" || (["plane", "gauss-mix"].includes(ds) && loss.value === "bce")) loss.value = "squared";
}

function applyPreset(name) {
  const p = presets.find(x => x.name === name), about = $("#t-preset-about");
  about.hidden = !p;
  if (!p) return;
  about.textContent = p.about;
  const set = (id, v) => { $("#" + id).value = v; };
  set("t-dataset", p.dataset); set("t-hidden", p.hidden.join(",")); set("t-activation", p.activation);
  set("t-loss", p.loss); set("t-init", p.init); set("t-lr", String(p.lr)); set("t-seed", String(p.seed));
  set("t-reg", "none"); set("t-opt", "sgd"); set("t-batch", "1"); set("t-test", "0");
  $("#t-test-out").textContent = "0%";
  const feats = p.features.length ? p.features : ["x1", "x2"];
  for (const b of $$("#t-features input")) b.checked = feats.includes(b.value);
  kind();
  trainer.pause();
  trainer.forgetModel();
  trainer.reset();
}

// initTrain builds the panel from the server's options, limits and
// presets, with the settings of the link (st); helpers are the page's.
export function initTrain(opts, lim, trainPresets, st, helpers) {
  ui = helpers; saved = st; limits = lim; presets = trainPresets;
  const t = st, d = TRAIN_DEFAULTS;
  try { csv = JSON.parse(localStorage.getItem(CSV_KEY) || "null"); } catch (e) { csv = null; }
  if (lim.max_csv_bytes) $("#t-csv-limit").textContent = Math.round(lim.max_csv_bytes / 1024) + " KiB";
  fillSelect($("#t-preset"), ["", ...presets.map(p => p.name)], "", v => v || "(none)");
  fillSelect($("#t-dataset"), opts.datasets, t.ds || d.ds);
  csvOption();
  if (t.ds === "csv") {
    if (csv) $("#t-dataset").value = "csv";
    else {
      $("#t-dataset").value = d.ds;
      $("#t-csv-info").textContent = "The link names an uploaded CSV file, which links don't carry: upload it again.";
    }
  }
  fillSelect($("#t-activation"), opts.activations.filter(a => a !== "linear"), t.act || d.act);
  fillSelect($("#t-init"), opts.inits.filter(i => i !== "zero"), t.init || d.init);
  fillSelect($("#t-loss"), opts.losses, t.loss || d.loss);
  const feats = (t.feat || d.feat).split(",");
  $("#t-features").append(...FEATURES.map(f => el("label", {},
    el("input", { type: "checkbox", value: f.name, checked: feats.includes(f.name) }), f.label)));
  const fields = [["noise", "t-noise"], ["n", "t-samples"], ["h", "t-hidden"], ["lr", "t-lr"], ["seed", "t-seed"], ["chunk", "t-chunk"],
    ["axis", "t-axis"], ["cls", "t-classes"], ["test", "t-test"], ["reg", "t-reg"], ["rate", "t-rate"], ["opt", "t-opt"],
    ["mom", "t-mom"], ["b1", "t-b1"], ["b2", "t-b2"], ["batch", "t-batch"]];
  for (const [k, id] of fields) if (t[k] !== undefined) $("#" + id).value = t[k];
  if (t.st !== undefined) $("#t-show-test").checked = t.st === "1";
  if (t.disc !== undefined) $("#t-disc").checked = t.disc === "1";
  $("#t-test-out").textContent = $("#t-test").value + "%";
  kind();
  const redraw = () => { trainer.draw(); ui.writeHash(); };
  for (const e of $$("#panel-train .col.left select, #panel-train .col.left input")) {
    if (["t-chunk", "t-preset", "t-csv", "t-model", "t-show-test", "t-disc"].includes(e.id)) continue;
    e.addEventListener("change", () => {
      kind(e.id);
      // no feature ticked: the network's inputs are x1 and x2, and the boxes say so
      if (!$$("#t-features input:checked").length) for (const b of $$("#t-features input")) b.checked = ["x1", "x2"].includes(b.value);
      $("#t-preset").value = ""; $("#t-preset-about").hidden = true;
      if (e.id === "t-hidden") trainer.forgetModel(); // another network: an opened model's rates no longer fit
      trainer.reset();
    });
  }
  $("#t-test").addEventListener("input", () => { $("#t-test-out").textContent = $("#t-test").value + "%"; });
  $("#t-show-test").addEventListener("change", redraw);
  $("#t-disc").addEventListener("change", redraw);
  $("#t-chunk").addEventListener("change", ui.writeHash);
  $("#t-axis").addEventListener("change", redraw);
  $("#t-preset").addEventListener("change", () => applyPreset($("#t-preset").value));
  $("#t-reset").addEventListener("click", () => { trainer.pause(); trainer.reset("reset"); });
  $("#t-step").addEventListener("click", () => { trainer.pause(); trainer.stepOnce(); });
  $("#t-play").addEventListener("click", () => trainer.playing ? trainer.pause() : trainer.play());
  $("#t-restart").addEventListener("click", () => trainer.restart());
  $("#t-scrub").addEventListener("input", () => trainer.scrub(+$("#t-scrub").value));
  $("#t-download").addEventListener("click", () => trainer.download());
  $("#t-model").addEventListener("change", () => {
    const f = $("#t-model").files[0];
    $("#t-model").value = ""; // the same file may be opened again
    if (f) trainer.open(f);
  });
  // your own data: the file input and drag-and-drop
  $("#t-csv").addEventListener("change", () => { const f = $("#t-csv").files[0]; if (f) takeFile(f); });
  const drop = $("#t-drop");
  drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", e => {
    e.preventDefault(); drop.classList.remove("over");
    const f = e.dataTransfer.files[0];
    if (f) takeFile(f);
  });
  // weights: hover for value and gradient, click to edit
  const cv = $("#t-net"), tip = $("#t-tip"), edit = $("#t-edit");
  const hit = ev => {
    const rect = cv.getBoundingClientRect(), x = ev.clientX - rect.left, y = ev.clientY - rect.top;
    const k = nearest(trainer.segs.map(s => s.seg), x, y, 7);
    return { k, x: x + cv.offsetLeft, y: y + cv.offsetTop };
  };
  cv.addEventListener("mousemove", ev => {
    const { k, x, y } = hit(ev);
    if (k >= 0) trainer.hover = trainer.segs[k].idx;
    tip.hidden = k < 0;
    cv.style.cursor = k < 0 ? "" : "pointer";
    if (k >= 0) { tip.style.left = x + 12 + "px"; tip.style.top = y + 12 + "px"; }
    trainer.showHover();
  });
  // The last weight hovered stays marked, its value and gradient in the
  // stats, live while training (press Play, watch it move).
  cv.addEventListener("mouseleave", () => { tip.hidden = true; });
  cv.addEventListener("click", ev => {
    const { k, x, y } = hit(ev), { r } = trainer.shown();
    if (k < 0 || !r) return;
    trainer.pause();
    edit.dataset.idx = trainer.segs[k].idx;
    edit.value = String(+r.params[trainer.segs[k].idx].toPrecision(6));
    edit.style.left = Math.max(0, Math.min(cv.offsetLeft + cv.clientWidth - 120, x)) + "px";
    edit.style.top = y + "px";
    edit.hidden = false;
    tip.hidden = true;
    edit.focus(); edit.select();
  });
  edit.addEventListener("keydown", ev => {
    if (ev.key === "Escape") { edit.hidden = true; return; }
    if (ev.key !== "Enter") return;
    const f = frac.parse(edit.value);
    if (!f) { $("#train-msg").textContent = `"${edit.value}" is not a number (4/5, −0.3, 1e-2)`; return; }
    edit.hidden = true;
    trainer.edit(+edit.dataset.idx, frac.toNumber(f));
  });
  edit.addEventListener("blur", () => { edit.hidden = true; });
}
