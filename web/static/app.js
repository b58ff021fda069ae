// cgraph playground. Plain JavaScript, no build step: the server embeds this
// file. All numbers come from the JSON API under /api/ (see the README); the
// page's state lives in its address (location.hash) so a link reproduces it.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

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

// ---------- state in the URL ----------

const state = {
  tab: "graph",
  graph: { program: "", inputs: {}, step: 0 },
  train: {},
  vanish: {},
};

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  if (p.has("tab")) state.tab = p.get("tab");
  if (p.has("p")) state.graph.program = p.get("p");
  if (p.has("in")) {
    state.graph.inputs = {};
    for (const kv of p.get("in").split(";")) {
      const i = kv.indexOf(":");
      if (i > 0) state.graph.inputs[kv.slice(0, i)] = kv.slice(i + 1);
    }
  }
  if (p.has("s")) state.graph.step = Math.max(0, parseInt(p.get("s"), 10) || 0);
  for (const [k, v] of p) {
    if (k.startsWith("t.")) state.train[k.slice(2)] = v;
    if (k.startsWith("v.")) state.vanish[k.slice(2)] = v;
  }
  return p;
}

let hashTimer = 0;
function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => {
    const p = new URLSearchParams();
    p.set("tab", state.tab);
    p.set("p", state.graph.program);
    p.set("in", Object.entries(state.graph.inputs).map(([k, v]) => k + ":" + v).join(";"));
    p.set("s", String(player.pos));
    for (const [k, v] of Object.entries(trainParams())) p.set("t." + k, v);
    for (const [k, v] of Object.entries(vanishParams())) p.set("v." + k, v);
    history.replaceState(null, "", "#" + p.toString());
    $("#share").href = location.href;
  }, 150);
}

// ---------- tabs ----------

function showTab(tab) {
  if (!["graph", "train", "vanish"].includes(tab)) tab = "graph";
  state.tab = tab;
  for (const b of $$(".tab")) b.classList.toggle("active", b.dataset.tab === tab);
  for (const s of $$(".panel")) s.hidden = s.id !== "panel-" + tab;
  if (tab === "vanish" && !vanish.loaded) vanish.run();
  if (tab === "train" && !trainer.result) trainer.evaluate();
  writeHash();
}

// =====================================================================
// Graph panel
// =====================================================================

const graphPanel = $("#panel-graph");
const editor = $("#program");
let presets = [];
let graphData = null; // the last /api/graph answer
let evalSeq = 0;

function setGraphState(s) { graphPanel.dataset.state = s; }

function updateGutter(errLines = new Set()) {
  const n = editor.value.split("\n").length;
  const lines = [];
  for (let i = 1; i <= n; i++) lines.push(errLines.has(i) ? `<span class="bad">${i}</span>` : String(i));
  $("#gutter").innerHTML = lines.join("\n");
}

function showErrors(errs) {
  const ul = $("#errors");
  ul.innerHTML = "";
  const lines = new Set();
  for (const e of errs) {
    lines.add(e.line);
    const li = document.createElement("li");
    li.dataset.line = e.line; li.dataset.col = e.col;
    li.textContent = `line ${e.line}:${e.col}: ${e.msg}`;
    const pre = document.createElement("pre");
    pre.textContent = e.snippet;
    li.appendChild(pre);
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
  // col counts runes; JavaScript strings count UTF-16 units.
  const chars = Array.from(lines[line - 1] || "");
  const before = chars.slice(0, col - 1).join("").length;
  const sel = chars.slice(col - 1, col - 1 + len).join("").length;
  editor.focus();
  editor.setSelectionRange(off + before, off + before + sel);
}

// renderInputs keeps one field per input of the program, in order.
function renderInputs(names) {
  const tbody = $("#inputs tbody");
  const have = $$("input", tbody).map(i => i.name);
  if (have.length === names.length && have.every((n, i) => n === names[i])) return; // keep focus while typing
  const old = {};
  for (const inp of $$("input", tbody)) old[inp.name] = inp.value;
  tbody.innerHTML = "";
  const kept = {};
  for (const name of names) {
    const v = old[name] ?? state.graph.inputs[name] ?? "1";
    kept[name] = v;
    const tr = document.createElement("tr");
    const th = document.createElement("td");
    th.textContent = name + " =";
    const td = document.createElement("td");
    const inp = document.createElement("input");
    inp.name = name; inp.value = v; inp.spellcheck = false;
    inp.setAttribute("aria-label", "value of " + name);
    inp.addEventListener("input", () => { state.graph.inputs[name] = inp.value; scheduleEval(); });
    td.appendChild(inp);
    tr.append(th, td);
    tbody.appendChild(tr);
  }
  state.graph.inputs = kept;
}

let evalTimer = 0;
function scheduleEval(keepStep = false) {
  setGraphState("loading");
  clearTimeout(evalTimer);
  evalTimer = setTimeout(() => evaluate(keepStep), 250);
}

async function evaluate(keepStep = false) {
  const seq = ++evalSeq;
  state.graph.program = editor.value;
  setGraphState("loading");
  $("#graph-msg").textContent = "";
  let parsed;
  try {
    parsed = await api("parse", { program: editor.value });
  } catch (e) {
    if (seq !== evalSeq) return;
    showErrors(e.data && e.data.errors ? e.data.errors : []);
    $("#graph-msg").textContent = e.data && e.data.errors ? "" : e.message;
    setGraphState("error");
    writeHash();
    return;
  }
  if (seq !== evalSeq) return;
  showErrors([]);
  renderInputs(parsed.inputs);
  for (const inp of $$("#inputs input")) inp.classList.remove("bad");
  try {
    graphData = await api("graph", { program: editor.value, inputs: state.graph.inputs });
  } catch (e) {
    if (seq !== evalSeq) return;
    $("#graph-msg").textContent = e.message;
    const m = /value of (\S+):/.exec(e.message);
    if (m) { const inp = $(`#inputs input[name="${CSS.escape(m[1])}"]`); if (inp) inp.classList.add("bad"); }
    setGraphState("error");
    writeHash();
    return;
  }
  if (seq !== evalSeq) return;
  player.load(graphData, keepStep ? state.graph.step : 0);
  if (!graphData.exact) $("#graph-msg").textContent = "The exact fractions of this graph would grow too large: numbers are decimals, and the diagram shows names only.";
  if (graphData.diagram_note) $("#graph-msg").textContent += (graphData.exact ? "" : " ") + graphData.diagram_note;
  setGraphState("ready");
  writeHash();
}

// ---------- the step player ----------

const player = {
  data: null, pos: 0, timer: 0, svgs: {}, view: "",
  byId: new Map(),

  total() { return this.data ? this.data.forward.length + this.data.backward.length : 0; },

  load(data, pos) {
    this.pause();
    this.data = data;
    this.byId = new Map(data.nodes.map(n => [n.id, n]));
    this.svgs = {};
    if (data.svg) {
      for (const view of ["forward", "backward"]) if (data.svg[view]) this.svgs[view] = prepareSVG(data.svg[view], view);
    }
    this.view = "";
    $("#grad-head").textContent = "∂" + data.output + "/∂node";
    const tbody = $("#nodes tbody");
    tbody.innerHTML = "";
    for (const n of data.nodes) {
      if (n.generated && n.class === "const") continue;
      const tr = document.createElement("tr");
      tr.dataset.id = n.id; tr.dataset.name = n.name;
      tr.innerHTML = `<td class="name"></td><td class="op"></td><td class="value"></td><td class="grad"></td>`;
      $(".name", tr).textContent = n.name;
      $(".op", tr).textContent = n.kind;
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
    if (this.pos === 0) text = "Press Step to begin the forward pass.";
    else if (this.pos <= F) { cur = this.data.forward[this.pos - 1]; text = "forward: " + cur.text; }
    else { cur = this.data.backward[this.pos - F - 1]; text = "backward: " + cur.text; }
    if (this.pos === this.total() && this.total() > 0) text += "\n(done: every value and gradient is computed)";
    $("#step-text").textContent = text;
    $("#step-count").textContent = this.pos <= F
      ? `forward ${Math.min(this.pos, F)}/${F}` : `backward ${this.pos - F}/${B}`;
    graphPanel.dataset.step = String(this.pos);
    graphPanel.dataset.total = String(this.total());
    graphPanel.dataset.forward = String(F);
    this.revealed = { computed, gradDone };

    // the table
    for (const tr of $$("#nodes tbody tr")) {
      const id = +tr.dataset.id, n = this.byId.get(id);
      $(".value", tr).textContent = computed.has(id) ? n.value : "·";
      $(".grad", tr).textContent = n.literal ? "–" : gradDone.has(id) ? n.grad : "·";
      tr.classList.toggle("current", !!cur && cur.node === id);
    }

    // the diagram: forward view while stepping forward, backward view after
    const view = this.pos > F ? "backward" : "forward";
    const svg = this.svgs[view];
    if (!svg) { $("#diagram").textContent = this.data.diagram_note || "(no diagram)"; return; }
    if (this.view !== view) {
      $("#diagram").replaceChildren(svg.root);
      fitSVG(svg.root);
      this.view = view;
    }
    for (const [id, g] of svg.nodes) {
      const done = view === "forward" ? computed.has(id) : gradDone.has(id) || !!this.byId.get(id)?.literal;
      g.classList.toggle("pending", view === "forward" && !done);
      g.classList.toggle("hide-lines", !done);
      g.classList.toggle("current", !!cur && cur.node === id && (view === "forward" || cur.input < 0));
    }
    for (const [key, gs] of svg.edges) for (const g of gs) {
      if (view === "forward") { g.classList.toggle("pending", !(computed.has(+key.split(":")[0]))); g.classList.remove("current"); continue; }
      const [to, input] = key.split(":").map(Number);
      const fromLiteral = !!this.byId.get(this.byId.get(to)?.inputs[input])?.literal; // no gradient flows to a 2 of ^2
      g.classList.toggle("pending", !fromLiteral && !edgeDone.has(key));
      g.classList.toggle("current", !!cur && cur.input >= 0 && key === cur.node + ":" + cur.input);
    }
    writeHash();
  },

  step(d = 1) { this.show(this.pos + d); if (this.pos >= this.total()) this.pause(); },
  play() {
    if (!this.data) return;
    if (this.pos >= this.total()) this.show(0);
    $("#play").textContent = "⏸ Pause";
    const tick = () => {
      this.step(1);
      if (this.timer) this.timer = setTimeout(tick, 1600 / +$("#speed").value);
    };
    this.timer = setTimeout(tick, 1600 / +$("#speed").value);
  },
  pause() { clearTimeout(this.timer); this.timer = 0; $("#play").textContent = "▶ Play"; },
  toggle() { this.timer ? this.pause() : this.play(); },
};

// prepareSVG parses a diagram and finds its nodes (by DOT id "n<ID>") and
// edges (by "n<from>->n<to>", the k-th such edge being input k of that pair).
function prepareSVG(text, view) {
  const start = text.indexOf("<svg");
  const doc = new DOMParser().parseFromString(text.slice(start), "image/svg+xml");
  const root = document.importNode(doc.documentElement, true);
  const nodes = new Map(), edges = new Map();
  for (const g of root.querySelectorAll("g.node")) {
    const t = g.querySelector("title");
    const m = t && /^n(\d+)$/.exec(t.textContent);
    if (!m) continue;
    const id = +m[1];
    t.remove(); // the browser would show it as a tooltip of its own
    g.dataset.id = id;
    nodes.set(id, g);
    g.addEventListener("mousemove", ev => showTip(id, ev));
    g.addEventListener("mouseleave", hideTip);
    g.addEventListener("click", () => {
      const n = player.byId.get(id);
      const inp = n && $(`#inputs input[name="${CSS.escape(n.name)}"]`);
      if (inp) { inp.focus(); inp.select(); }
    });
  }
  // An edge with its label drawn as a node on it (viz.Options.LabelNodes)
  // is three parts: n<from> -> e<from>_<to>_<input> -> n<to>, and the
  // label node e<from>_<to>_<input> itself; they are one edge here.
  const add = (key, g) => { if (!edges.has(key)) edges.set(key, []); edges.get(key).push(g); };
  for (const g of root.querySelectorAll("g.node")) {
    const t = g.querySelector("title");
    const m = t && /^e(\d+)_(\d+)_(\d+)$/.exec(t.textContent);
    if (!m) continue;
    add(m[2] + ":" + m[3], g);
    g.classList.replace("node", "edgelabel");
    t.remove();
  }
  const seen = {};
  for (const g of root.querySelectorAll("g.edge")) {
    const t = g.querySelector("title");
    if (!t) continue;
    let m = /^(?:n\d+->e|e)(\d+)_(\d+)_(\d+)(?:->n\d+)?$/.exec(t.textContent);
    if (m) { add(m[2] + ":" + m[3], g); t.remove(); continue; }
    m = /^n(\d+)->n(\d+)$/.exec(t.textContent);
    if (!m) continue;
    const from = +m[1], to = +m[2];
    const n = player.byId.get(to);
    if (!n) continue;
    // the k-th edge between the same pair is the k-th input of `to` that is `from`
    const pair = from + ">" + to;
    const k = seen[pair] = (seen[pair] ?? -1) + 1;
    let idx = -1, count = -1;
    n.inputs.forEach((x, i) => { if (x === from && ++count === k) idx = i; });
    if (idx < 0) continue;
    add(to + ":" + idx, g);
    t.remove();
  }
  return { root, nodes, edges, view };
}

// fitSVG shows a diagram as wide as the panel, but never below 60% of its
// natural size (the panel scrolls instead) so that its labels stay readable.
function fitSVG(root) {
  const vb = root.viewBox.baseVal;
  if (!vb || !vb.width) return;
  const natural = vb.width * 4 / 3; // Graphviz sizes in points
  const avail = $("#diagram").clientWidth - 10;
  const w = Math.min(natural, Math.max(avail, natural * 0.6));
  root.setAttribute("width", w + "px");
  root.setAttribute("height", (w * vb.height / vb.width) + "px");
}

function showTip(id, ev) {
  const n = player.byId.get(id);
  if (!n) return;
  const r = player.revealed || { computed: new Set(), gradDone: new Set() };
  const out = player.data.output;
  let s = `${n.name}  (${n.kind})`;
  if (n.formula) s += `\n${n.name} = ${n.formula}`;
  s += `\nvalue: ${r.computed.has(id) ? n.value : "not computed yet"}`;
  s += n.literal ? "\nno gradient: a number written in the formula"
    : `\n∂${out}/∂${n.name}: ${r.gradDone.has(id) ? n.grad : "not computed yet"}`;
  if (n.locals && n.locals.length) s += "\nlocal derivatives:\n  " + n.locals.join("\n  ");
  const tip = $("#tooltip");
  tip.textContent = s;
  tip.hidden = false;
  tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - 430) + "px";
  tip.style.top = (ev.clientY + 14) + "px";
}
function hideTip() { $("#tooltip").hidden = true; }

function loadPreset(id) {
  const p = presets.find(p => p.id === id);
  if (!p) return;
  editor.value = p.program;
  state.graph.inputs = { ...p.inputs };
  $("#inputs tbody").innerHTML = "";
  updateGutter();
  evaluate();
}

async function initGraph(hadProgram) {
  presets = await api("presets");
  const sel = $("#preset");
  sel.innerHTML = `<option value="">(your own)</option>` +
    presets.map(p => `<option value="${p.id}">${p.title}</option>`).join("");
  sel.addEventListener("change", () => loadPreset(sel.value));
  editor.addEventListener("input", () => { $("#preset").value = ""; updateGutter(); scheduleEval(); });
  editor.addEventListener("keydown", ev => {
    if (ev.key === "Tab") { ev.preventDefault(); document.execCommand("insertText", false, "  "); }
  });
  $("#step").addEventListener("click", () => { player.pause(); player.step(1); });
  $("#back").addEventListener("click", () => { player.pause(); player.step(-1); });
  $("#reset").addEventListener("click", () => { player.pause(); player.show(0); });
  $("#play").addEventListener("click", () => player.toggle());
  if (hadProgram) {
    editor.value = state.graph.program;
    const match = presets.find(p => p.program === editor.value);
    sel.value = match ? match.id : "";
    updateGutter();
    await evaluate(true);
  } else {
    sel.value = "exercise";
    loadPreset("exercise");
  }
}

// =====================================================================
// Training panel
// =====================================================================

function trainParams() {
  return {
    ds: $("#t-dataset").value || state.train.ds || "xor",
    noise: $("#t-noise").value, n: $("#t-samples").value, h: $("#t-hidden").value,
    act: $("#t-activation").value || state.train.act || "tanh",
    init: $("#t-init").value || state.train.init || "xavier-uniform",
    loss: $("#t-loss").value || state.train.loss || "squared",
    lr: $("#t-lr").value, seed: $("#t-seed").value, chunk: $("#t-chunk").value,
  };
}

const trainer = {
  params: null, epoch: 0, losses: [], result: null, playing: false, busy: false,

  request(epochs) {
    const p = trainParams();
    const hidden = p.h.split(/[ ,]+/).filter(Boolean).map(Number);
    return {
      dataset: p.ds, noise: +p.noise, samples: +p.n, data_seed: 1, hidden,
      activation: p.act, init: p.init, loss: p.loss, lr: +p.lr, seed: +p.seed,
      epochs, epoch: this.epoch, params: this.params, grid: 40,
    };
  },

  async call(epochs) {
    if (this.busy) return false;
    this.busy = true;
    $("#panel-train").dataset.state = "loading";
    try {
      const r = await api("train", this.request(epochs));
      this.params = r.params; this.epoch = r.epoch; this.result = r;
      this.losses.push(...r.losses);
      $("#train-msg").textContent = "";
      this.draw();
      $("#panel-train").dataset.state = "ready";
      return true;
    } catch (e) {
      $("#train-msg").textContent = e.message;
      $("#panel-train").dataset.state = "error";
      this.pause();
      return false;
    } finally {
      this.busy = false;
    }
  },

  evaluate() { return this.call(0); },
  async stepOnce() { return this.call(Math.max(1, +$("#t-chunk").value || 1)); },
  reset() { this.pause(); this.params = null; this.epoch = 0; this.losses = []; this.result = null; writeHash(); return this.evaluate(); },

  async play() {
    if (this.playing) return;
    this.playing = true;
    $("#t-play").textContent = "⏸ Pause";
    while (this.playing) {
      const ok = await this.stepOnce();
      if (!ok) break;
      await new Promise(r => requestAnimationFrame(r));
    }
  },
  pause() { this.playing = false; $("#t-play").textContent = "▶ Play"; },

  draw() {
    const r = this.result;
    $("#t-epoch").textContent = this.epoch;
    $("#t-loss-value").textContent = r.loss.toPrecision(4);
    $("#t-acc").textContent = (100 * r.accuracy).toFixed(1) + "%";
    $("#panel-train").dataset.epoch = this.epoch;
    $("#panel-train").dataset.loss = r.loss;
    $("#panel-train").dataset.firstLoss = this.losses.length ? this.losses[0] : r.loss;
    drawCurve($("#t-curve"), [{ values: this.losses, color: "#2563eb" }], { xlabel: "epoch", log: false });
    drawBoundary($("#t-boundary"), r);
    drawNetwork($("#t-net"), r);
  },
};

function initTrain(opts) {
  const fill = (sel, values, want) => {
    sel.innerHTML = values.map(v => `<option>${v}</option>`).join("");
    if (want && values.includes(want)) sel.value = want;
  };
  const t = state.train;
  fill($("#t-dataset"), opts.datasets, t.ds || "xor");
  fill($("#t-activation"), opts.activations.filter(a => a !== "linear"), t.act || "tanh");
  fill($("#t-init"), opts.inits.filter(i => i !== "zero"), t.init || "xavier-uniform");
  fill($("#t-loss"), opts.losses, t.loss || "squared");
  for (const [k, id] of [["noise", "t-noise"], ["n", "t-samples"], ["h", "t-hidden"], ["lr", "t-lr"], ["seed", "t-seed"], ["chunk", "t-chunk"]]) {
    if (t[k] !== undefined) $("#" + id).value = t[k];
  }
  for (const el of $$("#panel-train select, #panel-train input")) {
    el.addEventListener("change", () => trainer.reset());
  }
  $("#t-reset").addEventListener("click", () => trainer.reset());
  $("#t-step").addEventListener("click", () => { trainer.pause(); trainer.stepOnce(); });
  $("#t-play").addEventListener("click", () => trainer.playing ? trainer.pause() : trainer.play());
}

// ---------- charts on canvas ----------

function fmt(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-2 ? v.toExponential(0) : (+v.toPrecision(3)).toString();
}

// drawCurve draws lines of values over x = 1…n (or given xs) with axes.
function drawCurve(cv, lines, o) {
  const ctx = cv.getContext("2d"), W = cv.width, H = cv.height;
  const L = 56, R = 10, T = 10, B = 30;
  ctx.clearRect(0, 0, W, H);
  ctx.font = "11px system-ui, sans-serif";
  const all = lines.flatMap(l => l.values).filter(v => isFinite(v) && (!o.log || v > 0));
  if (!all.length) { ctx.fillStyle = "#64748b"; ctx.fillText("no data yet: press Step or Play", L, H / 2); return; }
  const tf = v => o.log ? Math.log10(v) : v;
  let lo = Math.min(...all.map(tf)), hi = Math.max(...all.map(tf));
  if (!o.log) lo = Math.min(lo, 0);
  if (hi - lo < 1e-12) hi = lo + 1;
  const n = Math.max(...lines.map(l => l.values.length));
  const x = i => L + (W - L - R) * (n <= 1 ? 0.5 : i / (n - 1));
  const y = v => T + (H - T - B) * (1 - (tf(v) - lo) / (hi - lo));
  // axes and ticks
  ctx.strokeStyle = "#94a3b8"; ctx.fillStyle = "#475569"; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, H - B); ctx.lineTo(W - R, H - B); ctx.stroke();
  const ticks = 5;
  for (let k = 0; k <= ticks; k++) {
    let tv = lo + (hi - lo) * k / ticks;
    if (o.log) tv = Math.round(tv);
    const yy = T + (H - T - B) * (1 - (tv - lo) / (hi - lo));
    if (yy < T - 1 || yy > H - B + 1) continue;
    ctx.fillText(o.log ? "1e" + tv : fmt(tv), 4, yy + 4);
    ctx.strokeStyle = "#e2e8f0"; ctx.beginPath(); ctx.moveTo(L, yy); ctx.lineTo(W - R, yy); ctx.stroke();
  }
  ctx.fillText(o.xlabel + " " + (o.x0 ?? 1), L, H - 12);
  const last = (o.x0 ?? 1) + n - 1;
  ctx.fillText(String(last), W - R - ctx.measureText(String(last)).width, H - 12);
  for (const l of lines) {
    ctx.strokeStyle = l.color; ctx.lineWidth = l.width || 1.6; ctx.setLineDash(l.dash || []);
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
  if (o.legend) {
    let ly = T + 4;
    for (const l of lines) {
      ctx.fillStyle = l.color; ctx.fillRect(W - R - 170, ly, 12, 3);
      ctx.fillStyle = "#1f2937"; ctx.fillText(l.label, W - R - 152, ly + 5);
      ly += 14;
    }
  }
}

// drawBoundary paints the network's output over the grid and the data on top.
function drawBoundary(cv, r) {
  const ctx = cv.getContext("2d"), W = cv.width, H = cv.height, b = r.boundary, n = b.n;
  const cw = W / n, ch = H / n;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const v = b.values[row * n + col];
      // orange for 0, blue for 1, white at 0.5 (as TensorFlow Playground)
      const t = Math.max(0, Math.min(1, v));
      const c0 = [245, 147, 34], c1 = [8, 119, 189], w = [255, 255, 255];
      const a = Math.abs(t - 0.5) * 2, c = t < 0.5 ? c0 : c1;
      const mix = c.map((ci, i) => Math.round(w[i] + (ci - w[i]) * a * 0.65));
      ctx.fillStyle = `rgb(${mix})`;
      ctx.fillRect(col * cw, H - (row + 1) * ch, cw + 0.5, ch + 0.5);
    }
  }
  const px = x => (x - b.x0) / (b.x1 - b.x0) * W, py = y => H - (y - b.y0) / (b.y1 - b.y0) * H;
  for (const [x, y, label] of r.points) {
    ctx.beginPath(); ctx.arc(px(x), py(y), r.points.length > 50 ? 3 : 6, 0, 2 * Math.PI);
    ctx.fillStyle = label >= 0.5 ? "#0877bd" : "#f59322"; ctx.fill();
    ctx.strokeStyle = "#fff"; ctx.lineWidth = 1; ctx.stroke();
  }
}

// drawNetwork draws the layers as columns of units, each edge coloured by the
// sign of its weight and as thick as its size.
function drawNetwork(cv, r) {
  const ctx = cv.getContext("2d"), W = cv.width, H = cv.height;
  ctx.clearRect(0, 0, W, H);
  const shape = r.shape, cols = shape.length;
  const pos = (l, j) => [50 + (W - 170) * l / (cols - 1), H / 2 + (j - (shape[l] - 1) / 2) * Math.min(34, (H - 30) / Math.max(...shape))];
  let maxW = 1e-9;
  for (const layer of r.layers) for (const row of layer.w) for (const w of row) maxW = Math.max(maxW, Math.abs(w));
  r.layers.forEach((layer, l) => {
    layer.w.forEach((row, j) => row.forEach((w, i) => {
      const [x0, y0] = pos(l, i), [x1, y1] = pos(l + 1, j);
      ctx.strokeStyle = w >= 0 ? "rgba(8,119,189,0.8)" : "rgba(245,147,34,0.8)";
      ctx.lineWidth = 0.5 + 5 * Math.abs(w) / maxW;
      ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
    }));
  });
  ctx.font = "11px system-ui, sans-serif";
  for (let l = 0; l < cols; l++) {
    for (let j = 0; j < shape[l]; j++) {
      const [x, y] = pos(l, j);
      ctx.beginPath(); ctx.arc(x, y, 9, 0, 2 * Math.PI);
      ctx.fillStyle = "#fff"; ctx.fill(); ctx.strokeStyle = "#334155"; ctx.lineWidth = 1.2; ctx.stroke();
      if (l > 0) { ctx.fillStyle = "#475569"; ctx.fillText("b=" + fmt(r.layers[l - 1].b[j]), x + 11, y - 8); }
    }
    ctx.fillStyle = "#1f2937";
    const label = l === 0 ? "inputs" : l === cols - 1 ? "output (sigmoid)" : `layer ${l} (${r.layers[l - 1].activation})`;
    ctx.fillText(label, pos(l, 0)[0] - ctx.measureText(label).width / 2, H - 4);
  }
}

// =====================================================================
// Vanishing panel
// =====================================================================

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be185d", "#65a30d", "#4b5563", "#ca8a04", "#7c3aed", "#059669"];

function vanishParams() {
  const checked = id => $$(`#${id} input:checked`).map(i => i.value).join(",");
  return {
    d: $("#v-depth").value, w: $("#v-width").value,
    a: checked("v-acts") || state.vanish.a || "sigmoid,relu",
    i: checked("v-inits") || state.vanish.i || "normal,he",
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
    tbody.innerHTML = "";
    let c = 0;
    for (const [k, runs] of groups) {
      const depth = runs[0].layers.length;
      const vals = [];
      for (let l = 0; l < depth; l++) {
        const logs = runs.map(run => Math.log(Math.max(run.layers[l].grad, 1e-300)));
        vals.push(Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length));
      }
      lines.push({ values: vals, color: COLORS[c++ % COLORS.length], label: k });
      const sat = runs.flatMap(r => r.layers.map(l => l.saturated)), dead = runs.flatMap(r => r.layers.map(l => l.dead));
      const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;
      const tr = document.createElement("tr");
      tr.dataset.run = k;
      for (const cell of [k, vals[0].toExponential(2), vals[depth - 1].toExponential(2),
        (vals[depth - 1] / vals[0]).toExponential(1), (100 * mean(sat)).toFixed(1) + "%", (100 * mean(dead)).toFixed(1) + "%"]) {
        const td = document.createElement("td"); td.textContent = cell; tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
    lines.push({ values: r.reference, color: "#64748b", dash: [5, 4], width: 1.2, label: "(1/4)^n" });
    drawCurve($("#v-chart"), lines, { log: true, xlabel: "layer", legend: true });
    $("#panel-vanish").dataset.state = "ready";
  },
};

function initVanish(opts) {
  const v = state.vanish;
  if (v.d) $("#v-depth").value = v.d;
  if (v.w) $("#v-width").value = v.w;
  if (v.s) $("#v-seeds").value = v.s;
  const acts = (v.a || "sigmoid,relu").split(","), inits = (v.i || "normal,he").split(",");
  const boxes = (id, values, want) => {
    $("#" + id).innerHTML = values.map(x =>
      `<label><input type="checkbox" value="${x}" ${want.includes(x) ? "checked" : ""}> ${x}</label>`).join("");
  };
  boxes("v-acts", opts.activations.filter(a => a !== "linear"), acts);
  boxes("v-inits", ["uniform", "normal", "xavier-uniform", "xavier-normal", "xavier-uniform*4", "he"], inits);
  for (const el of $$("#panel-vanish input")) el.addEventListener("input", () => vanish.schedule());
}

// =====================================================================

async function main() {
  const p = readHash();
  for (const b of $$(".tab")) b.addEventListener("click", () => showTab(b.dataset.tab));
  $("#share").addEventListener("click", ev => {
    ev.preventDefault();
    writeHash();
    if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
  });
  const opts = await api("options");
  initTrain(opts);
  initVanish(opts);
  await initGraph(p.has("p"));
  showTab(state.tab);
  document.body.dataset.ready = "1";
}

main().catch(e => { document.body.dataset.ready = "error"; $("#graph-msg").textContent = "cannot start: " + e.message; });
