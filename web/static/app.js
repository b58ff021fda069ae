// cgraph playground: an ES module, no build step (the server embeds the
// files). All numbers come from the JSON API under /api/ (see the README);
// the active tab's state is in the page's address, so a link reproduces it.
// Pure logic lives in lib/ and is tested with node --test (web/jstest).
import * as frac from "./lib/frac.js";
import * as plot from "./lib/plot.js";
import { fitScale, clampZoom, scrollToShow } from "./lib/view.js";
import { Session } from "./lib/session.js";
import { encode, decode } from "./lib/share.js";
import * as practice from "./lib/practice.js";
import { TRAIN_DEFAULTS, trainParams, trainer, initTrain } from "./lib/train.js";

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const el = (tag, props = {}, ...kids) => { const e = Object.assign(document.createElement(tag), props); e.append(...kids); return e; };

// ---------- API ----------

async function api(path, body) {
  const opts = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const res = await fetch("/api/" + path, opts);
  let data;
  try { data = await res.json(); } catch (e) { data = { error: res.status + " " + res.statusText }; }
  if (!res.ok) { const err = new Error(data.error || res.statusText); err.data = data; err.status = res.status; throw err; }
  return data;
}

// ---------- icons: SVG, since Debian's Chromium fonts lack ⏸ and ⏮ ----------

const ICONS = {
  play: "M4 2 L14 8 L4 14 Z", pause: "M3 2 H7 V14 H3 Z M9 2 H13 V14 H9 Z",
  step: "M3 2 L11 8 L3 14 Z M12 2 H14 V14 H12 Z", back: "M13 2 L5 8 L13 14 Z M2 2 H4 V14 H2 Z",
  first: "M14 2 L7 8 L14 14 Z M7 2 L0 8 L7 14 Z", last: "M2 2 L9 8 L2 14 Z M9 2 L16 8 L9 14 Z",
  plus: "M7 2 H9 V7 H14 V9 H9 V14 H7 V9 H2 V7 H7 Z", minus: "M2 7 H14 V9 H2 Z",
  full: "M1 1 H6 V3 H3 V6 H1 Z M10 1 H15 V6 H13 V3 H10 Z M1 10 H3 V13 H6 V15 H1 Z M13 10 H15 V15 H10 V13 H13 Z",
};
function setIcon(btn, name, label) {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("class", "icon"); svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.appendChild(path);
  const text = label ?? btn.textContent;
  btn.replaceChildren(svg, ...(text ? [text] : []));
}
const playButton = (btn, playing) => setIcon(btn, playing ? "pause" : "play", playing ? "Pause" : "Play");

// ---------- state in the address ----------

const VANISH_DEFAULTS = { d: "20", w: "16", a: "sigmoid,relu", i: "normal,he", s: "1" };
let state = { tab: "graph", graph: { program: "", inputs: {}, step: 0, mode: "step" }, train: {}, vanish: {} };
let presets = [];

function currentHash() {
  if (state.tab === "train") return encode("train", trainParams(), [], TRAIN_DEFAULTS);
  if (state.tab === "vanish") return encode("vanish", vanishParams(), [], VANISH_DEFAULTS);
  return encode("graph", { program: state.graph.program, inputs: state.graph.inputs, step: player.pos, mode: state.graph.mode }, presets);
}
let hashTimer = 0;
function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => history.replaceState(null, "", "#" + currentHash()), 150);
}

async function copyLink() {
  history.replaceState(null, "", "#" + currentHash());
  const url = location.href, status = $("#share-status");
  let ok = false;
  try { await navigator.clipboard.writeText(url); ok = true; } catch (e) {
    // not a secure context (a class on http://192.168.…): the old way
    const ta = el("textarea", { value: url });
    document.body.appendChild(ta); ta.select();
    try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
    ta.remove();
  }
  status.textContent = ok ? `Link copied (${url.length} characters)` : "Copy failed: copy the address bar";
  clearTimeout(copyLink.timer);
  copyLink.timer = setTimeout(() => { status.textContent = ""; }, 4000);
}

// ---------- tabs and presenter mode ----------

function showTab(tab) {
  if (!["graph", "train", "vanish"].includes(tab)) tab = "graph";
  state.tab = tab;
  for (const b of $$(".tab")) b.classList.toggle("active", b.dataset.tab === tab);
  for (const s of $$(".panel")) s.hidden = s.id !== "panel-" + tab;
  if (tab === "vanish" && !vanish.loaded) vanish.run();
  if (tab === "train" && !trainer.session.result) trainer.reset();
  redrawCharts();
  if (tab === "graph") {
    diagramView.layout();
    if (diagramView.sent && diagramView.sent.w <= 0) diagramView.redraw(); // drawn while hidden: for no panel
  }
  writeHash();
}

function setPresenter(on) {
  document.documentElement.classList.toggle("presenter", on);
  $("#presenter").setAttribute("aria-pressed", String(on));
  try { localStorage.setItem("cgraph.presenter", on ? "1" : ""); } catch (e) { /* private mode */ }
  diagramView.layout();
  diagramView.redraw();
  redrawCharts();
}

// =====================================================================
// Graph panel
// =====================================================================

const graphPanel = $("#panel-graph");
const editor = $("#program");
let graphData = null; // the last /api/graph answer that ran
let evalSeq = 0;

function setGraphState(s) {
  graphPanel.dataset.state = s;
  $("#stale").hidden = !(s === "error" && player.data);
}

function updateGutter(errLines = new Set()) {
  const n = editor.value.split("\n").length, gutter = $("#gutter");
  gutter.replaceChildren();
  for (let i = 1; i <= n; i++) {
    gutter.append(errLines.has(i) ? el("span", { className: "bad", textContent: String(i) }) : String(i));
    if (i < n) gutter.append("\n");
  }
}

function showErrors(errs) {
  const ul = $("#errors");
  ul.replaceChildren();
  const lines = new Set();
  for (const e of errs) {
    lines.add(e.line);
    const li = el("li", { textContent: `line ${e.line}:${e.col}: ${e.msg}` }, el("pre", { textContent: e.snippet }));
    li.dataset.line = e.line; li.dataset.col = e.col;
    li.addEventListener("click", () => selectAt(e.line, e.col, e.len || 1));
    ul.appendChild(li);
  }
  updateGutter(lines);
}

// selectAt selects len characters at line:col (1-based, in characters) in the editor.
function selectAt(line, col, len) {
  const lines = editor.value.split("\n");
  let off = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) off += lines[i].length + 1;
  const chars = Array.from(lines[line - 1] || ""); // col counts runes; strings count UTF-16 units
  const before = chars.slice(0, col - 1).join("").length;
  const sel = chars.slice(col - 1, col - 1 + len).join("").length;
  editor.focus();
  editor.setSelectionRange(off + before, off + before + sel);
}

// A weight is an input the SGD step changes: by default every input but
// the data (x, x1, y, t …); the student can tick and untick.
const isData = name => /^(x|y|t|target|label)\d*$/i.test(name);
const weightChoice = {};

// renderInputs keeps one field per input of the program, in order.
function renderInputs(names) {
  const tbody = $("#inputs tbody");
  const have = $$("input[type=text]", tbody).map(i => i.name);
  if (have.length === names.length && have.every((n, i) => n === names[i])) return; // keep focus while typing
  const old = {};
  for (const inp of $$("input[type=text]", tbody)) old[inp.name] = inp.value;
  tbody.replaceChildren();
  const kept = {};
  for (const name of names) {
    const v = old[name] ?? state.graph.inputs[name] ?? "1";
    kept[name] = v;
    const inp = el("input", { type: "text", name, value: v, spellcheck: false });
    inp.setAttribute("aria-label", "value of " + name);
    inp.addEventListener("input", () => { state.graph.inputs[name] = inp.value; scheduleEval({ keepStep: true, compare: true }); });
    const box = el("input", { type: "checkbox", checked: weightChoice[name] ?? !isData(name), title: "a weight: the SGD step changes it" });
    box.dataset.weight = name;
    box.setAttribute("aria-label", name + " is a weight");
    box.addEventListener("change", () => { weightChoice[name] = box.checked; });
    tbody.appendChild(el("tr", {}, el("td", { textContent: name + " =" }), el("td", {}, inp), el("td", {}, box)));
  }
  state.graph.inputs = kept;
}

let evalTimer = 0;
function scheduleEval(opts = {}) {
  setGraphState("loading");
  clearTimeout(evalTimer);
  evalTimer = setTimeout(() => evaluate(opts), 250);
}

// evaluate runs the program. keepStep keeps the player's position;
// compare keeps the last run's numbers as "before" (a changed input or
// weight, an SGD step); sgd is the update's text to show. redraw asks
// again for the same numbers drawn otherwise (a part opened or folded, a
// new panel size): the before/after columns and the SGD text stay.
async function evaluate({ keepStep = false, compare = false, sgd = null, redraw = false } = {}) {
  const seq = ++evalSeq;
  state.graph.program = editor.value;
  setGraphState("loading");
  $("#graph-msg").textContent = "";
  $("#graph-msg").classList.remove("info");
  const failed = msg => {
    $("#graph-msg").textContent = msg;
    player.pause();
    setGraphState("error");
    practiceMode.refresh();
    writeHash();
  };
  let parsed;
  try {
    parsed = await api("parse", { program: editor.value });
  } catch (e) {
    if (seq !== evalSeq) return;
    showErrors(e.data && e.data.errors ? e.data.errors : []);
    failed(e.data && e.data.errors ? "" : e.message);
    return;
  }
  if (seq !== evalSeq) return;
  showErrors([]);
  renderInputs(parsed.inputs);
  for (const inp of $$("#inputs input")) inp.classList.remove("bad");
  const inputs = {};
  for (const [k, v] of Object.entries(state.graph.inputs)) if (String(v).trim() !== "") inputs[k] = v;
  let data;
  try {
    data = await api("graph", { program: editor.value, inputs, ...folding.request(), panel: diagramView.panel(), edge_labels: diagramView.edgeLabels });
  } catch (e) {
    if (seq !== evalSeq) return;
    const m = /value of (\S+):/.exec(e.message);
    if (m) { const inp = $(`#inputs input[name="${CSS.escape(m[1])}"]`); if (inp) inp.classList.add("bad"); }
    failed(e.message);
    return;
  }
  if (seq !== evalSeq) return;
  const same = graphData && graphData.program === editor.value;
  const before = compare && same && !graphData.missing ? graphData : redraw && same ? player.beforeData : null;
  data.program = editor.value;
  graphData = data;
  player.load(data, keepStep ? player.pos || state.graph.step : state.graph.step, before);
  state.graph.step = 0;
  if (!(redraw && same)) {
    $("#sgd-text").hidden = !sgd;
    if (sgd) $("#sgd-text").textContent = sgd;
  }
  const msgs = [];
  if (data.missing) msgs.push(`Structure only: give ${data.missing.join(", ")} a value to compute the numbers.`);
  if (!data.exact && !data.missing) msgs.push("The exact fractions of this graph would grow too large: numbers are decimals, and the diagram shows names only.");
  if (data.diagram_note) msgs.push(data.diagram_note);
  if (data.compact) msgs.push("A narrow panel: the backward diagram leaves out its edge labels, which the step text gives. Tick “edge labels” to draw them.");
  $("#edge-labels-box").hidden = !data.compact && !diagramView.edgeLabels;
  const closed = (data.groups || []).filter(g => !g.open).length;
  if (closed) msgs.push(`A large graph: ${closed} repeated ${closed === 1 ? "part is" : "parts are"} drawn as one node each, with ${closed === 1 ? "its" : "their"} numbers. Click one to see its nodes, click its frame to fold it again.`);
  $("#graph-msg").textContent = msgs.join(" ");
  $("#graph-msg").classList.add("info"); // notes, not errors
  setGraphState("ready");
  practiceMode.refresh();
  writeHash();
}

// ---------- groups drawn open or as one node ----------

// folding keeps the reader's clicks on the calls of defs for this
// program: a call drawn as one node opens on a click, an open one (a
// cluster) closes. Small graphs come open, large ones closed (the server
// decides, see viz.FoldLarge).
const folding = {
  program: "", want: new Map(), // group id → true (open) or false (closed)

  request() {
    if (this.program !== editor.value) { this.program = editor.value; this.want.clear(); }
    const open = [], shut = [];
    for (const [id, o] of this.want) (o ? open : shut).push(id);
    return { open, shut };
  },
  toggle(id, open) {
    this.want.set(id, open);
    evaluate({ keepStep: true, redraw: true });
  },
};

// ---------- the diagram's size: fit, zoom, full screen ----------

const diagramView = {
  mode: "fit", scale: 1, svg: null,
  // edgeLabels asks for the backward diagram with its edge labels where
  // the server would draw it compact for a narrow panel.
  edgeLabels: false,
  box: $("#diagram"),

  readable() { return document.documentElement.classList.contains("presenter") ? 18 : 12; },

  // room is the space a fitted diagram may take, in CSS px.
  room() {
    const full = document.fullscreenElement === $("#stage");
    return { w: this.box.clientWidth - 8, h: full ? this.box.clientHeight - 8 : window.innerHeight * 0.7 - 8 };
  },
  // panel tells the server the room and the readable text size, for which
  // it draws a small graph left to right or top to bottom.
  panel() {
    const r = this.room(); // 0 or less on a hidden tab: the server then keeps its choice
    this.sent = { w: Math.round(r.w), h: Math.round(r.h), text: this.readable() };
    return this.sent;
  },
  sent: null,

  // layout sizes the shown diagram: fitted to the panel (never with text
  // under 12 px on screen, 18 px in presenter mode) or as zoomed.
  layout() {
    const svg = this.svg;
    if (!svg || !svg.isConnected) return;
    const vb = svg.viewBox.baseVal;
    if (!vb || !vb.width) return;
    const minFont = +svg.dataset.minFont || 14;
    const room = this.room();
    const fit = fitScale({ width: vb.width, height: vb.height, availW: room.w, availH: room.h, minFont, minPx: this.readable() });
    if (this.mode === "fit") this.scale = fit;
    this.scale = clampZoom(this.scale, this.readable() / minFont);
    svg.setAttribute("width", (vb.width * this.scale).toFixed(1) + "px");
    svg.setAttribute("height", (vb.height * this.scale).toFixed(1) + "px");
    this.box.dataset.scale = this.scale.toFixed(3);
    this.reveal();
  },

  // zoom multiplies the scale by f, keeping the point (x, y) of the box
  // (default its centre) where it is.
  zoom(f, x = this.box.clientWidth / 2, y = this.box.clientHeight / 2) {
    if (!this.svg) return;
    const cx = (this.box.scrollLeft + x) / this.scale, cy = (this.box.scrollTop + y) / this.scale;
    this.mode = "zoom";
    this.scale *= f;
    this.layout();
    this.box.scrollLeft = cx * this.scale - x;
    this.box.scrollTop = cy * this.scale - y;
  },

  fit() { this.mode = "fit"; this.layout(); },

  // redraw asks for the diagrams again when the room for them changed
  // (full screen, presenter mode): the direction that fits may differ.
  redraw() {
    if (graphData && graphPanel.dataset.state === "ready") evaluate({ keepStep: true, redraw: true });
  },

  // reveal scrolls the box so that the current node or edge is inside it.
  reveal() {
    const cur = this.svg ? $$(".current", this.svg) : [];
    if (!cur.length) return;
    const b = this.box.getBoundingClientRect();
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const g of cur) {
      const r = g.getBoundingClientRect();
      x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top); x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom);
    }
    const box = { x: x0 - b.left - this.box.clientLeft + this.box.scrollLeft, y: y0 - b.top - this.box.clientTop + this.box.scrollTop, w: x1 - x0, h: y1 - y0 };
    const to = scrollToShow(box, { left: this.box.scrollLeft, top: this.box.scrollTop, width: this.box.clientWidth, height: this.box.clientHeight });
    this.box.scrollTo(to.left, to.top);
  },

  init() {
    const box = this.box;
    $("#zoom-in").addEventListener("click", () => this.zoom(1.25));
    $("#zoom-out").addEventListener("click", () => this.zoom(0.8));
    $("#zoom-fit").addEventListener("click", () => this.fit());
    $("#edge-labels").addEventListener("change", ev => { this.edgeLabels = ev.target.checked; this.redraw(); });
    $("#fullscreen").addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else $("#stage").requestFullscreen?.().catch(() => {});
    });
    document.addEventListener("fullscreenchange", () => { this.mode = "fit"; this.layout(); this.redraw(); });
    // Ctrl + wheel (and a trackpad's pinch, which the browser sends so) zooms
    box.addEventListener("wheel", ev => {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      const r = box.getBoundingClientRect();
      this.zoom(Math.exp(-ev.deltaY * 0.002), ev.clientX - r.left, ev.clientY - r.top);
    }, { passive: false });
    // two fingers pinch on a touch screen
    const touches = new Map();
    let pinch = 0;
    const dist = () => { const [a, b] = [...touches.values()]; return Math.hypot(a.x - b.x, a.y - b.y); };
    box.addEventListener("pointerdown", ev => {
      if (ev.pointerType !== "touch") return;
      touches.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
      if (touches.size === 2) pinch = dist();
    });
    box.addEventListener("pointermove", ev => {
      if (!touches.has(ev.pointerId)) return;
      touches.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
      if (touches.size === 2 && pinch) {
        const d = dist(), r = box.getBoundingClientRect(), [a, b] = [...touches.values()];
        this.zoom(d / pinch, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
        pinch = d;
      }
    });
    for (const t of ["pointerup", "pointercancel", "pointerleave"]) box.addEventListener(t, ev => { touches.delete(ev.pointerId); if (touches.size < 2) pinch = 0; });
    new ResizeObserver(() => { if (this.mode === "fit") this.layout(); }).observe(box);
    // A turned phone or a resized window may fit the other direction:
    // ask again once the size has settled and changed by a fifth.
    let settle = 0;
    window.addEventListener("resize", () => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        const r = this.room(), s = this.sent;
        if (s && r.w > 0 && (Math.abs(r.w - s.w) > s.w / 5 || Math.abs(r.h - s.h) > s.h / 5)) this.redraw();
      }, 400);
    });
  },
};

// ---------- the step player ----------

const player = {
  data: null, pos: 0, timer: 0, svgs: {}, view: "", before: null,
  byId: new Map(),
  // closedAt: the group drawn as the node of that id; boxOf: the node a
  // node inside a closed group is drawn in; cluster: the open group of
  // a cluster's name.
  closedAt: new Map(), boxOf: new Map(), cluster: new Map(),

  total() { return this.data ? this.data.forward.length + this.data.backward.length : 0; },

  load(data, pos, before) {
    this.pause();
    this.data = data;
    this.beforeData = before;
    this.before = before ? new Map(before.nodes.map(n => [n.name, n])) : null;
    this.byId = new Map(data.nodes.map(n => [n.id, n]));
    this.closedAt = new Map(); this.boxOf = new Map(); this.cluster = new Map();
    for (const g of data.groups || []) {
      if (g.open) { this.cluster.set(g.cluster, g); continue; }
      const box = +g.node.slice(1);
      this.closedAt.set(box, g);
      for (const id of g.nodes) this.boxOf.set(id, box);
    }
    this.svgs = {};
    if (data.svg) {
      for (const view of ["forward", "backward"]) if (data.svg[view]) this.svgs[view] = prepareSVG(data.svg[view], view);
    }
    this.view = "";
    $("#grad-head").textContent = "∂" + data.output + "/∂node";
    const table = $("#nodes");
    table.classList.toggle("compare", !!this.before);
    const tbody = $("tbody", table);
    tbody.replaceChildren();
    for (const n of data.nodes) {
      if (n.generated && n.class === "const") continue;
      const tr = el("tr", {},
        el("td", { className: "name", textContent: n.name }), el("td", { className: "op", textContent: n.kind }),
        el("td", { className: "before vb" }), el("td", { className: "value" }),
        el("td", { className: "before gb" }), el("td", { className: "grad" }));
      tr.dataset.id = n.id; tr.dataset.name = n.name;
      tbody.appendChild(tr);
    }
    this.show(Math.min(pos, this.total()));
  },

  // show draws the state after the first pos steps.
  show(pos) {
    if (!this.data) return;
    this.pos = Math.max(0, Math.min(pos, this.total()));
    const F = this.data.forward.length, B = this.data.backward.length;
    const computed = new Set(this.data.forward.slice(0, Math.min(this.pos, F)).map(s => s.node));
    const bdone = this.data.backward.slice(0, Math.max(0, this.pos - F));
    const gradDone = new Set(bdone.filter(s => s.input < 0).map(s => s.node));
    const edgeDone = new Set(bdone.filter(s => s.input >= 0).map(s => s.node + ":" + s.input));
    let cur = null, text;
    if (this.data.missing) text = "This program's structure: each node's formula, and on the backward diagram each edge's local derivative. Give every input a value to step through the numbers.";
    else if (this.pos === 0) text = "Press Step to begin the forward pass.";
    else if (this.pos <= F) { cur = this.data.forward[this.pos - 1]; text = "forward: " + cur.text; }
    else { cur = this.data.backward[this.pos - F - 1]; text = "backward: " + cur.text; }
    if (this.pos === this.total() && this.total() > 0) text += "\n(done: every value and gradient is computed)";
    if (state.graph.mode !== "practice") $("#step-text").textContent = text;
    $("#step-count").textContent = this.pos <= F ? `forward ${Math.min(this.pos, F)}/${F}` : `backward ${this.pos - F}/${B}`;
    graphPanel.dataset.step = String(this.pos);
    graphPanel.dataset.total = String(this.total());
    graphPanel.dataset.forward = String(F);
    for (const id of ["back", "step", "play", "fwd-end", "show-all", "sgd"]) $("#" + id).disabled = !this.total();
    this.revealed = { computed, gradDone };
    if (state.graph.mode === "practice") return;

    // the table, with the numbers before the last change beside the new ones
    for (const tr of $$("#nodes tbody tr")) {
      const id = +tr.dataset.id, n = this.byId.get(id), was = this.before?.get(n.name);
      const value = computed.has(id) ? n.value : "·";
      const grad = n.literal ? "–" : gradDone.has(id) ? n.grad : "·";
      $(".value", tr).replaceChildren(value);
      $(".grad", tr).replaceChildren(grad);
      const vb = was && computed.has(id) ? was.value : "", gb = was && gradDone.has(id) && !n.literal ? was.grad : "";
      $(".vb", tr).textContent = vb; $(".gb", tr).textContent = gb;
      $(".value", tr).classList.toggle("changed", !!vb && vb !== value);
      $(".grad", tr).classList.toggle("changed", !!gb && gb !== grad);
      tr.classList.toggle("current", !!cur && cur.node === id);
    }
    const view = this.pos > F ? "backward" : "forward";
    const reveal = this.data.missing ? null : { computed, gradDone, edgeDone };
    this.draw(view, reveal, cur);
    writeHash();
  },

  // draw shows the view's diagram with what reveal says is known (null:
  // everything, for a structure-only diagram) and cur highlighted.
  draw(view, reveal, cur) {
    const svg = this.svgs[view];
    if (!svg) { $("#diagram").replaceChildren(el("p", { className: "empty", textContent: this.data?.diagram_note || "(no diagram)" })); diagramView.svg = null; this.view = ""; return; }
    if (this.view !== view) {
      $("#diagram").replaceChildren(svg.root);
      diagramView.svg = svg.root;
      this.view = view;
    }
    const literal = id => !!this.byId.get(id)?.literal;
    for (const [id, g] of svg.nodes) {
      const done = !reveal || (view === "forward" ? reveal.computed.has(id) : reveal.gradDone.has(id) || literal(id));
      g.classList.toggle("pending", !!reveal && view === "forward" && !done);
      g.classList.toggle("hide-lines", !done);
      const at = cur && (this.boxOf.get(cur.node) ?? cur.node); // a step inside a closed group shows on it
      g.classList.toggle("current", !!cur && at === id && (view === "forward" || cur.input < 0 || at !== cur.node));
    }
    for (const [key, gs] of svg.edges) {
      const [to, input] = key.split(":").map(Number);
      const fromLiteral = literal(this.byId.get(to)?.inputs[input]); // no gradient flows to a 2 of ^2
      const pending = !!reveal && (view === "forward" ? !reveal.computed.has(to) : !fromLiteral && !reveal.edgeDone.has(key));
      const current = view === "backward" && !!cur && cur.input >= 0 && key === cur.node + ":" + cur.input;
      for (const g of gs) { g.classList.toggle("pending", pending); g.classList.toggle("current", current); }
    }
    for (const [from, gs] of svg.merged) {
      const pending = !!reveal && view === "backward" && !reveal.gradDone.has(from) && !literal(from);
      for (const g of gs) g.classList.toggle("pending", pending);
    }
    diagramView.layout();
  },

  step(d = 1) { this.show(this.pos + d); if (this.pos >= this.total()) this.pause(); },
  play() {
    if (!this.total()) return;
    if (this.pos >= this.total()) this.show(0);
    playButton($("#play"), true);
    const tick = () => {
      this.step(1);
      if (this.timer) this.timer = setTimeout(tick, 1600 / +$("#speed").value);
    };
    this.timer = setTimeout(tick, 1600 / +$("#speed").value);
  },
  pause() { clearTimeout(this.timer); this.timer = 0; playButton($("#play"), false); },
  toggle() { this.timer ? this.pause() : this.play(); },
};

// prepareSVG parses a diagram and finds its nodes (by DOT id "n<ID>") and
// edges (by "n<from>->n<to>", the k-th such edge being input k of that
// pair; or, with their label drawn as a node on them, as viz's
// LabelNodes does, by the parts n<from> -> e<from>_<to>_<input> -> n<to>).
function prepareSVG(text, view) {
  const start = text.indexOf("<svg");
  const doc = new DOMParser().parseFromString(text.slice(start), "image/svg+xml");
  const root = document.importNode(doc.documentElement, true);
  const nodes = new Map(), edges = new Map();
  const add = (key, g) => { if (!edges.has(key)) edges.set(key, []); edges.get(key).push(g); };
  // an edge to or from a box stands for several: done when the gradient
  // of the node it starts from is
  const merged = new Map();
  const addMerged = (from, g) => { if (!merged.has(from)) merged.set(from, []); merged.get(from).push(g); };
  for (const g of root.querySelectorAll("g.node")) {
    const t = g.querySelector("title");
    let m = t && /^([em])(\d+)_(\d+)_(\d+)$/.exec(t.textContent);
    if (m) {
      if (m[1] === "m") addMerged(+m[2], g); else add(m[3] + ":" + m[4], g);
      g.classList.replace("node", "edgelabel"); t.remove(); continue;
    }
    m = t && /^n(\d+)$/.exec(t.textContent);
    if (!m) continue;
    const id = +m[1];
    t.remove(); // the browser would show it as a tooltip of its own
    g.dataset.id = id;
    nodes.set(id, g);
    g.addEventListener("mousemove", ev => showTip(id, ev));
    g.addEventListener("mouseleave", hideTip);
    const closed = player.closedAt.get(id);
    if (closed) g.classList.add("closed");
    g.addEventListener("click", () => {
      if (closed) { hideTip(); folding.toggle(closed.id, true); return; }
      const n = player.byId.get(id);
      const inp = n && $(`#inputs input[name="${CSS.escape(n.name)}"]`);
      if (inp) { inp.focus(); inp.select(); }
    });
  }
  for (const g of root.querySelectorAll("g.cluster")) {
    const t = g.querySelector("title"), grp = t && player.cluster.get(t.textContent);
    if (!grp) continue;
    g.classList.add("open");
    t.textContent = `${grp.label}: click to draw it as one node`;
    g.addEventListener("click", () => folding.toggle(grp.id, false));
  }
  const seen = {};
  for (const g of root.querySelectorAll("g.edge")) {
    const t = g.querySelector("title");
    if (!t) continue;
    let m = /^(?:n\d+->([em])|([em]))(\d+)_(\d+)_(\d+)(?:->n\d+)?$/.exec(t.textContent);
    if (m) {
      if ((m[1] || m[2]) === "m") addMerged(+m[3], g); else add(m[4] + ":" + m[5], g);
      t.remove(); continue;
    }
    m = /^n(\d+)->n(\d+)$/.exec(t.textContent);
    if (!m) continue;
    const from = +m[1], to = +m[2];
    const n = player.byId.get(to);
    if (!n) continue;
    const pair = from + ">" + to;
    const k = seen[pair] = (seen[pair] ?? -1) + 1;
    let idx = -1, count = -1;
    n.inputs.forEach((x, i) => { if (x === from && ++count === k) idx = i; });
    if (idx < 0) continue;
    add(to + ":" + idx, g);
    t.remove();
  }
  // the smallest text, for the scale at which it stays readable
  const sizes = [...root.querySelectorAll("text")].map(t => parseFloat(t.getAttribute("font-size"))).filter(x => x > 0);
  root.dataset.minFont = sizes.length ? Math.min(...sizes) : 14;
  root.removeAttribute("width"); root.removeAttribute("height");
  return { root, nodes, edges, merged, view };
}

function showTip(id, ev) {
  const n = player.byId.get(id);
  if (!n) return;
  const hidden = state.graph.mode === "practice";
  const r = player.revealed || { computed: new Set(), gradDone: new Set() };
  const out = player.data.output;
  const closed = player.closedAt.get(id);
  let s = `${n.name}  (${n.kind})`;
  if (closed) s = `${closed.label}\n${closed.size} nodes drawn as one: click to draw them all`;
  else {
    if (n.formula) s += `\n${n.name} = ${n.formula}`;
    if (!hidden && !player.data.missing) {
      s += `\nvalue: ${r.computed.has(id) ? n.value : "not computed yet"}`;
      s += n.literal ? "\nno gradient: a number written in the formula"
        : `\n∂${out}/∂${n.name}: ${r.gradDone.has(id) ? n.grad : "not computed yet"}`;
      if (n.locals && n.locals.length) s += "\nlocal derivatives:\n  " + n.locals.join("\n  ");
    }
  }
  const tip = $("#tooltip");
  tip.textContent = s;
  tip.hidden = false;
  tip.style.left = Math.max(4, Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8)) + "px";
  tip.style.top = (ev.clientY + 14) + "px";
}
function hideTip() { $("#tooltip").hidden = true; }

// sgdStep applies w ← w − α·∂L/∂w to every ticked input and evaluates
// again, with the numbers before and after side by side.
function sgdStep() {
  const data = player.data;
  if (!data || data.missing) return;
  const alpha = $("#alpha").value.trim();
  if (!frac.parse(alpha) && !isFinite(parseFloat(alpha))) { $("#graph-msg").classList.remove("info"); $("#graph-msg").textContent = `learning rate α: ${alpha || "empty"} is not a number`; return; }
  const lines = [];
  for (const box of $$("#inputs input[data-weight]")) {
    if (!box.checked) continue;
    const name = box.dataset.weight, n = data.nodes.find(x => x.name === name);
    const field = $(`#inputs input[name="${CSS.escape(name)}"]`);
    if (!n || !field) continue;
    const u = frac.sgd(name, field.value, alpha, n.grad, n.value_num, n.grad_num);
    field.value = u.value;
    state.graph.inputs[name] = u.value;
    lines.push(u.text);
  }
  if (!lines.length) { $("#graph-msg").textContent = "Tick the inputs that are weights (☑) for the SGD step to change them."; return; }
  const out = data.nodes.find(x => x.name === data.output);
  const text = `SGD step, α = ${alpha}:\n` + lines.join("\n") + `\n${data.output} before: ${out.value}`;
  player.pos = player.total(); // show everything, old and new side by side
  evaluate({ keepStep: true, compare: true, sgd: text }).then(() => {
    const now = player.data?.nodes.find(x => x.name === player.data.output);
    if (now && !$("#sgd-text").hidden) $("#sgd-text").textContent = text + `, after: ${now.value}`;
  });
}

function loadPreset(id) {
  const p = presets.find(p => p.id === id);
  if (!p) return;
  editor.value = p.program;
  state.graph.inputs = { ...p.inputs };
  $("#inputs tbody").replaceChildren();
  updateGutter();
  graphData = null;
  evaluate();
}

// =====================================================================
// Practice mode: the student fills in every value, then every gradient
// =====================================================================

const practiceMode = {
  list: [], answers: {}, marks: {}, verdicts: {}, wrong: 0, seq: 0, key: "",

  set(on) {
    state.graph.mode = on ? "practice" : "step";
    graphPanel.dataset.mode = state.graph.mode;
    $("#mode-step").classList.toggle("active", !on); $("#mode-step").setAttribute("aria-pressed", String(!on));
    $("#mode-practice").classList.toggle("active", on); $("#mode-practice").setAttribute("aria-pressed", String(on));
    player.pause();
    if (on) this.refresh(); else if (player.data) { player.view = ""; player.load(player.data, player.pos, null); }
    writeHash();
  },

  // refresh starts or resumes practice on the graph shown now.
  refresh() {
    if (state.graph.mode !== "practice") return;
    const data = player.data;
    if (!data || data.missing || graphPanel.dataset.state === "error") {
      $("#step-text").textContent = data?.missing ? "Practice needs numbers: give every input a value." : "Practice needs a program that runs.";
      return;
    }
    const key = practice.storageKey(data.program, state.graph.inputs);
    if (key !== this.key) {
      this.key = key;
      this.list = practice.cells(data);
      this.answers = {}; this.marks = {}; this.verdicts = {}; this.wrong = 0;
      try {
        const saved = JSON.parse(localStorage.getItem(key) || "null");
        if (saved) { this.answers = saved.answers || {}; this.wrong = saved.wrong || 0; for (const k of saved.hinted || []) this.marks[k] = "hint"; }
      } catch (e) { /* nothing saved */ }
      this.buildTable();
      if (Object.keys(this.answers).length) this.check(null);
    }
    this.render();
  },

  save() {
    const hinted = Object.keys(this.marks).filter(k => this.marks[k] === "hint");
    try { localStorage.setItem(this.key, JSON.stringify({ answers: this.answers, hinted, wrong: this.wrong })); } catch (e) { /* private mode */ }
  },

  buildTable() {
    const byKey = new Map(this.list.map(c => [c.key, c]));
    $("#nodes").classList.remove("compare");
    for (const tr of $$("#nodes tbody tr")) {
      const n = player.byId.get(+tr.dataset.id);
      for (const [cls, prefix, label] of [["value", "v:", "value of "], ["grad", "g:", `∂${player.data.output}/∂`]]) {
        const td = $("." + cls, tr), cell = byKey.get(prefix + n.name);
        td.classList.remove("changed");
        if (!cell) { td.textContent = cls === "value" ? n.value : n.literal ? "–" : "·"; continue; }
        const inp = el("input", { className: "answer", value: this.answers[cell.key] ?? "", spellcheck: false, autocomplete: "off" });
        inp.dataset.key = cell.key;
        inp.setAttribute("aria-label", label + n.name);
        inp.addEventListener("change", () => this.answer(cell.key, inp.value));
        inp.addEventListener("keydown", ev => { if (ev.key === "Enter") { ev.preventDefault(); this.answer(cell.key, inp.value); } });
        td.replaceChildren(el("span", { className: "mark" }), inp);
      }
    }
  },

  answer(key, text) {
    if (!text.trim()) return;
    // Enter fires keydown and then change for the same text: one answer,
    // one check, one wrong try at most.
    if (this.answers[key] === text.trim() && (this.marks[key] === "right" || this.marks[key] === "wrong" || this.pending === key)) return;
    this.pending = key;
    this.answers[key] = text.trim();
    if (this.marks[key] === "hint") delete this.marks[key];
    this.save();
    this.check(key);
  },

  // check sends every answer so far (the server diagnoses a gradient
  // against the student's own upstream answers) and marks each cell.
  async check(just) {
    const seq = ++this.seq, data = player.data;
    let r;
    try {
      r = await api("practice", { program: data.program, inputs: state.graph.inputs, answers: practice.answersBody(this.answers) });
    } catch (e) {
      if (seq !== this.seq) return;
      this.pending = "";
      this.feedback("wrong", e.message);
      return;
    }
    if (seq !== this.seq) return;
    this.pending = "";
    for (const v of r.verdicts) {
      const key = (v.kind === "value" ? "v:" : "g:") + v.node;
      this.verdicts[key] = v;
      if (this.marks[key] !== "hint" || !v.right) this.marks[key] = v.right ? "right" : "wrong";
    }
    const v = just && this.verdicts[just];
    if (v) {
      if (v.right) this.feedback("right", `✓ ${v.cell} = ${v.want}`);
      else {
        this.wrong++;
        this.save();
        this.feedback("wrong", `✗ ${v.cell} = ${v.answer} is wrong.`, v.rule, v.why);
      }
    }
    this.render();
    if (v?.right) $(`#nodes input.answer[data-key="${CSS.escape(this.list[practice.current(this.list, this.marks)]?.key ?? "")}"]`)?.focus();
  },

  feedback(kind, text, rule, why) {
    const p = $("#feedback");
    p.className = "feedback practice-only " + kind;
    p.replaceChildren(text);
    if (rule) p.append(" Missed: ", el("span", { className: "rule", textContent: rule }), ".");
    if (why) p.append("\n" + why);
    p.dataset.rule = rule || "";
  },

  hint() {
    const i = practice.current(this.list, this.marks), cell = this.list[i];
    if (!cell) return;
    this.answers[cell.key] = cell.want.replace(/\u2212/g, "-");
    this.marks[cell.key] = "hint";
    this.save();
    this.feedback("right", `Hint: ${cell.step}`);
    this.render();
  },

  restart() {
    try { localStorage.removeItem(this.key); } catch (e) { /* private mode */ }
    this.key = "";
    $("#feedback").replaceChildren();
    this.refresh();
  },

  render() {
    const cur = practice.current(this.list, this.marks), curCell = this.list[cur];
    for (const inp of $$("#nodes input.answer")) {
      const k = inp.dataset.key, mark = this.marks[k], idx = this.list.findIndex(c => c.key === k);
      if (this.answers[k] !== undefined && inp !== document.activeElement) inp.value = this.answers[k];
      inp.className = "answer" + (mark ? " " + mark : "");
      inp.disabled = idx > cur; // in order: values forward, then gradients backward
      const m = inp.previousSibling;
      m.textContent = mark === "right" ? "✓" : mark === "wrong" ? "✗" : "";
      m.className = "mark " + (mark || "");
    }
    for (const tr of $$("#nodes tbody tr")) tr.classList.toggle("current", !!curCell && +tr.dataset.id === curCell.node);
    const s = practice.score(this.list, this.marks, this.wrong);
    $("#score").textContent = `${s.right} of ${s.total} right on your own · ${s.hints} hint${s.hints === 1 ? "" : "s"} · ${s.wrong} wrong tr${s.wrong === 1 ? "y" : "ies"}`;
    graphPanel.dataset.practiceDone = String(cur >= this.list.length);
    $("#step-text").textContent = !curCell ? "Done: every value and gradient is filled in." :
      curCell.kind === "value" ? `Forward: compute the value of ${curCell.name}.` :
        `Backward: compute ∂${player.data.output}/∂${curCell.name}.`;
    // the diagram shows what the student has found
    const known = kind => new Set(this.list.filter(c => c.kind === kind && this.marks[c.key] && this.marks[c.key] !== "wrong").map(c => c.node));
    const computed = known("value");
    for (const n of player.data.nodes) if (!n.inputs.length) computed.add(n.id);
    const gradDone = known("grad");
    // an edge's label holds what flows to its input: shown once that input's gradient is found
    const edgeDone = new Set(player.data.backward.filter(b => b.input >= 0 && gradDone.has(player.byId.get(b.node)?.inputs[b.input])).map(b => b.node + ":" + b.input));
    const view = curCell && curCell.kind === "value" ? "forward" : "backward";
    player.draw(view, { computed, gradDone, edgeDone }, curCell ? { node: curCell.node, input: -1 } : null);
  },

  init() {
    $("#mode-step").addEventListener("click", () => this.set(false));
    $("#mode-practice").addEventListener("click", () => this.set(true));
    $("#hint").addEventListener("click", () => this.hint());
    $("#p-restart").addEventListener("click", () => this.restart());
  },
};

async function initGraph(saved) {
  const sel = $("#preset");
  sel.replaceChildren(el("option", { value: "", textContent: "(your own)" }),
    ...presets.map(p => el("option", { value: p.id, textContent: p.title })));
  sel.addEventListener("change", () => loadPreset(sel.value));
  editor.addEventListener("input", () => { $("#preset").value = ""; updateGutter(); scheduleEval(); });
  editor.addEventListener("keydown", ev => {
    if (ev.key === "Tab") { ev.preventDefault(); document.execCommand("insertText", false, "  "); }
  });
  for (const b of $$("button[data-icon]")) setIcon(b, b.dataset.icon);
  $("#step").addEventListener("click", () => { player.pause(); player.step(1); });
  $("#back").addEventListener("click", () => { player.pause(); player.step(-1); });
  $("#reset").addEventListener("click", () => { player.pause(); player.show(0); });
  $("#play").addEventListener("click", () => player.toggle());
  $("#fwd-end").addEventListener("click", () => { player.pause(); player.show(player.data?.forward.length ?? 0); });
  $("#show-all").addEventListener("click", () => { player.pause(); player.show(player.total()); });
  $("#sgd").addEventListener("click", sgdStep);
  diagramView.init();
  practiceMode.init();
  if (saved.program) {
    editor.value = saved.program;
    state.graph.inputs = { ...saved.inputs };
    state.graph.step = saved.step;
    const match = presets.find(p => p.program === editor.value);
    sel.value = match ? match.id : "";
    updateGutter();
    await evaluate({ keepStep: true });
  } else {
    sel.value = "exercise";
    loadPreset("exercise");
  }
  if (saved.mode === "practice") practiceMode.set(true);
}

// =====================================================================
// Training panel
// =====================================================================

// The panel's code is in lib/train.js; it draws with the helpers below.

// ---------- charts on canvas, sized to their box ----------

function chartFont() { return parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.85; }
function fontSpec(px) { return `${px}px system-ui, sans-serif`; }

// sizeCanvas makes a canvas as wide as its box, as high as its
// data-aspect says (at most 70% of the window), sharp on any screen.
function sizeCanvas(cv) {
  const box = cv.parentElement, cs = getComputedStyle(box);
  const W = Math.max(200, Math.floor(box.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)));
  const H = Math.round(Math.min(W * (+cv.dataset.aspect || 0.6), window.innerHeight * 0.7));
  const dpr = window.devicePixelRatio || 1;
  cv.style.width = W + "px"; cv.style.height = H + "px";
  cv.width = Math.round(W * dpr); cv.height = Math.round(H * dpr);
  const ctx = cv.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, W, H };
}

let lastVanish = null;
function redrawCharts() {
  if (state.tab === "train") trainer.draw();
  if (state.tab === "vanish" && lastVanish) drawCurve($("#v-chart"), lastVanish, { log: true, xlabel: "layer", legend: true });
}

// drawCurve draws lines over x = 1…n with axes, the legend below the data.
function drawCurve(cv, lines, o) {
  const fs = chartFont();
  let { ctx, W, H } = sizeCanvas(cv);
  ctx.font = fontSpec(fs);
  // the legend's rows, below the axes
  const rows = [];
  if (o.legend) {
    let row = [], x = 0;
    for (const l of lines) {
      const w = 36 + ctx.measureText(l.label).width + 18;
      if (x + w > W - 20 && row.length) { rows.push(row); row = []; x = 0; }
      row.push({ l, x }); x += w;
    }
    if (row.length) rows.push(row);
  }
  const L = fs * 4.2, R = 12, T = 10, B = fs * 2.6 + rows.length * fs * 1.5;
  ctx.clearRect(0, 0, W, H);
  const all = lines.flatMap(l => l.values).filter(v => isFinite(v) && (!o.log || v > 0));
  ctx.fillStyle = getComputedStyle(document.body).color;
  if (!all.length) { ctx.fillText("no data yet: press Step or Play", L, H / 2); return; }
  const tf = v => o.log ? Math.log10(v) : v;
  let lo = Math.min(...all.map(tf)), hi = Math.max(...all.map(tf));
  if (!o.log) lo = Math.min(lo, 0);
  if (hi - lo < 1e-12) hi = lo + 1;
  if (o.log) { lo = Math.floor(lo); hi = Math.ceil(hi); }
  const n = Math.max(...lines.map(l => l.values.length));
  const x = i => L + (W - L - R) * (n <= 1 ? 0.5 : i / (n - 1));
  const y = v => T + (H - T - B) * (1 - (tf(v) - lo) / (hi - lo));
  const ink = getComputedStyle(document.body).color;
  ctx.strokeStyle = "#94a3b8"; ctx.fillStyle = ink; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, H - B); ctx.lineTo(W - R, H - B); ctx.stroke();
  const ticks = o.log ? plot.logTicks(lo, hi, Math.max(3, Math.floor((H - T - B) / (fs * 2.2)))) : plot.niceTicks(lo, hi, 5);
  for (const tv of ticks) {
    const yy = T + (H - T - B) * (1 - (tv - lo) / (hi - lo));
    if (yy < T - 1 || yy > H - B + 1) continue;
    const label = plot.tickLabel(tv, o.log);
    ctx.fillText(label, L - 6 - ctx.measureText(label).width, yy + fs / 3);
    ctx.strokeStyle = "#e2e8f0"; ctx.beginPath(); ctx.moveTo(L, yy); ctx.lineTo(W - R, yy); ctx.stroke();
  }
  const axisY = H - B + fs * 1.3;
  ctx.fillText(o.xlabel + " " + (o.x0 ?? 1), L, axisY);
  const last = String((o.x0 ?? 1) + n - 1);
  ctx.fillText(last, W - R - ctx.measureText(last).width, axisY);
  if (o.log) ctx.fillText("log scale", L + (W - L - R) / 2 - ctx.measureText("log scale").width / 2, axisY);
  for (const l of lines) {
    ctx.strokeStyle = l.color; ctx.lineWidth = (l.width || 2) * (document.documentElement.classList.contains("presenter") ? 1.6 : 1);
    ctx.setLineDash(l.dash || []);
    ctx.beginPath();
    let started = false;
    l.values.forEach((v, i) => {
      if (!isFinite(v) || (o.log && v <= 0)) { started = false; return; }
      started ? ctx.lineTo(x(i), y(v)) : ctx.moveTo(x(i), y(v));
      started = true;
    });
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (o.marker != null && n > 1) { // an epoch marked (the training panel's time travel)
    const mx = Math.max(L, x(o.marker - (o.x0 ?? 1)));
    ctx.strokeStyle = ink; ctx.lineWidth = 1.5; ctx.setLineDash([3, 3]);
    ctx.beginPath(); ctx.moveTo(mx, T); ctx.lineTo(mx, H - B); ctx.stroke(); ctx.setLineDash([]);
  }
  rows.forEach((row, r) => {
    const ly = H - B + fs * 2.6 + r * fs * 1.5;
    for (const { l, x: lx } of row) {
      ctx.strokeStyle = l.color; ctx.lineWidth = 2.5; ctx.setLineDash(l.dash || []);
      ctx.beginPath(); ctx.moveTo(L + lx, ly - fs / 3); ctx.lineTo(L + lx + 28, ly - fs / 3); ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = ink; ctx.fillText(l.label, L + lx + 34, ly);
    }
  });
}

// =====================================================================
// Vanishing panel
// =====================================================================

function vanishParams() {
  const checked = id => $$(`#${id} input:checked`).map(i => i.value).join(",");
  return {
    d: $("#v-depth").value, w: $("#v-width").value,
    a: checked("v-acts") || state.vanish.a || VANISH_DEFAULTS.a,
    i: checked("v-inits") || state.vanish.i || VANISH_DEFAULTS.i,
    s: $("#v-seeds").value,
  };
}

const vanish = {
  loaded: false, seq: 0, timer: 0,
  schedule() { clearTimeout(this.timer); this.timer = setTimeout(() => this.run(), 250); },
  async run() {
    const p = vanishParams();
    $("#v-depth-out").textContent = p.d; $("#v-width-out").textContent = p.w;
    writeHash();
    const seq = ++this.seq;
    $("#panel-vanish").dataset.state = "loading";
    let r;
    try {
      r = await api("vanish", {
        depth: +p.d, width: +p.w, activations: p.a.split(",").filter(Boolean),
        inits: p.i.split(",").filter(Boolean), seeds: +p.s,
      });
    } catch (e) {
      if (seq !== this.seq) return;
      $("#vanish-msg").textContent = e.message;
      $("#panel-vanish").dataset.state = "error";
      return;
    }
    if (seq !== this.seq) return;
    this.loaded = true;
    $("#vanish-msg").textContent = "";
    // one line per activation+init: the geometric mean over seeds
    const groups = new Map();
    for (const run of r.runs) {
      const k = run.activation + " + " + run.init;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(run);
    }
    const lines = [];
    const tbody = $("#v-table tbody");
    tbody.replaceChildren();
    let c = 0;
    const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const [k, runs] of groups) {
      const depth = runs[0].layers.length;
      const vals = [];
      for (let l = 0; l < depth; l++) vals.push(Math.exp(mean(runs.map(run => Math.log(Math.max(run.layers[l].grad, 1e-300))))));
      lines.push({ values: vals, ...plot.lineStyle(c++), label: k });
      const sat = runs.flatMap(r => r.layers.map(l => l.saturated)), dead = runs.flatMap(r => r.layers.map(l => l.dead));
      const tr = el("tr");
      tr.dataset.run = k;
      for (const cell of [k, vals[0].toExponential(2), vals[depth - 1].toExponential(2),
        (vals[depth - 1] / vals[0]).toExponential(1), (100 * mean(sat)).toFixed(1) + "%", (100 * mean(dead)).toFixed(1) + "%"]) {
        tr.appendChild(el("td", { textContent: cell }));
      }
      tbody.appendChild(tr);
    }
    lines.push({ values: r.reference, color: "#000", dash: [6, 4], width: 1.5, label: "(1/4)^n" });
    lastVanish = lines;
    drawCurve($("#v-chart"), lines, { log: true, xlabel: "layer", legend: true });
    $("#panel-vanish").dataset.state = "ready";
  },
};

function initVanish(opts) {
  const v = state.vanish;
  if (v.d) $("#v-depth").value = v.d;
  if (v.w) $("#v-width").value = v.w;
  if (v.s) $("#v-seeds").value = v.s;
  const acts = (v.a || VANISH_DEFAULTS.a).split(","), inits = (v.i || VANISH_DEFAULTS.i).split(",");
  const boxes = (id, values, want) => {
    $("#" + id).replaceChildren(...values.map(x => el("label", {}, el("input", { type: "checkbox", value: x, checked: want.includes(x) }), " " + x)));
  };
  boxes("v-acts", opts.activations.filter(a => a !== "linear"), acts);
  boxes("v-inits", ["uniform", "normal", "xavier-uniform", "xavier-normal", "xavier-uniform*4", "he"], inits);
  for (const e of $$("#panel-vanish input")) e.addEventListener("input", () => vanish.schedule());
}

// =====================================================================

// applyLimits lets the vanishing sliders reach what the server allows
// (depth and width of the lab), instead of numbers written into the page.
function applyLimits(l) {
  if (l.max_depth > 0) $("#v-depth").max = String(l.max_depth);
  if (l.max_width > 0) $("#v-width").max = String(l.max_width);
}

async function main() {
  let presenter = false;
  try { presenter = localStorage.getItem("cgraph.presenter") === "1"; } catch (e) { /* private mode */ }
  document.documentElement.classList.toggle("presenter", presenter);
  $("#presenter").setAttribute("aria-pressed", String(presenter));
  presets = await api("presets");
  const saved = decode(location.hash, presets);
  state = { ...state, tab: saved.tab, train: saved.train, vanish: saved.vanish };
  state.graph.mode = saved.graph.mode;
  for (const b of $$(".tab")) b.addEventListener("click", () => showTab(b.dataset.tab));
  $("#share").addEventListener("click", copyLink);
  $("#presenter").addEventListener("click", () => setPresenter(!document.documentElement.classList.contains("presenter")));
  const opts = await api("options"), limits = await api("limits");
  applyLimits(limits);
  initTrain(opts, limits, await api("trainpresets"), state.train,
    { api, drawCurve, sizeCanvas, chartFont, fontSpec, writeHash, playButton });
  initVanish(opts);
  state.graph.mode = "step";
  await initGraph(saved.graph);
  showTab(state.tab);
  let raf = 0;
  new ResizeObserver(() => { cancelAnimationFrame(raf); raf = requestAnimationFrame(redrawCharts); }).observe($("main"));
  document.body.dataset.ready = "1";
}

main().catch(e => { document.body.dataset.ready = "error"; $("#graph-msg").textContent = "cannot start: " + e.message; });
