// Pure helpers of the training panel: features, colours of classes and of
// regression outputs, the weights' indices, hit-testing the network's
// edges, the time-travel snapshots and what a link may hold. No DOM here.
import { regionColour } from "./plot.js";

// FEATURES are TensorFlow Playground's inputs, as nn.ParseFeature names
// them, with the labels the page draws.
export const FEATURES = [
  { name: "x1", label: "x₁" }, { name: "x2", label: "x₂" },
  { name: "x1^2", label: "x₁²" }, { name: "x2^2", label: "x₂²" },
  { name: "x1*x2", label: "x₁x₂" }, { name: "sin(x1)", label: "sin x₁" }, { name: "sin(x2)", label: "sin x₂" },
];
export const featureLabel = name => (FEATURES.find(f => f.name === name) || { label: name }).label;

// features is the request's features for the ticked names: none when
// only x1 and x2 are ticked, the plain network of the exercise.
export function features(ticked) {
  const names = FEATURES.map(f => f.name).filter(n => ticked.includes(n));
  return names.length === 2 && names[0] === "x1" && names[1] === "x2" ? [] : names;
}

// CLASS_COLOURS tell up to 8 classes apart (Tableau 10's first, reordered
// so that 2 and 3 classes are blue, orange, green).
export const CLASS_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

export function hexRGB(h) { return [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16)); }

// classRegion is the background at a point whose predicted class is k
// with probability p, of K classes: white where the classes tie, the
// class's colour (at most 60%) where it is sure; discrete: always 45%.
export function classRegion(k, p, K, discrete = false) {
  const c = hexRGB(CLASS_COLOURS[k % CLASS_COLOURS.length]);
  const a = discrete ? 0.45 : 0.6 * Math.max(0, Math.min(1, (p - 1 / K) / (1 - 1 / K)));
  return c.map(ci => Math.round(255 + (ci - 255) * a));
}

// outputColour is the background of a network of one output v: a
// probability (orange 0, white ½, blue 1) or, for regression, a number
// in [−1, 1] (orange −1, white 0, blue 1). Discrete: only the two sides.
export function outputColour(v, regression, discrete = false) {
  let t = regression ? (Math.max(-1, Math.min(1, v)) + 1) / 2 : v;
  if (discrete) t = t >= 0.5 ? 1 : 0;
  return regionColour(t);
}

// unitColour is a hidden unit's map colour: a sigmoid's output as a
// probability, any other activation's clamped to [−1, 1].
export function unitColour(v, act) {
  return act === "sigmoid" ? regionColour(v) : regionColour((Math.max(-1, Math.min(1, v)) + 1) / 2);
}

// paramIndex is the index in params (nn.MLP.Params's order: layer by
// layer, unit by unit, the unit's weights then its bias) of the weight of
// layer l (from 0) from input i to unit j; i = shape[l] is the bias.
export function paramIndex(shape, l, j, i) {
  let k = 0;
  for (let m = 0; m < l; m++) k += shape[m + 1] * (shape[m] + 1);
  return k + j * (shape[l] + 1) + i;
}

// nearest returns the index of the segment [x0, y0, x1, y1] nearest to
// (x, y) within tol, or −1.
export function nearest(segs, x, y, tol) {
  let best = -1, bestD = tol;
  segs.forEach(([x0, y0, x1, y1], k) => {
    const dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    const t = len2 ? Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2)) : 0;
    const d = Math.hypot(x - x0 - t * dx, y - y0 - t * dy);
    if (d <= bestD) { best = k; bestD = d; }
  });
  return best;
}

// record adds the weights after epoch to the snapshots of a run, at most
// max of them: past max every other one is dropped (the first and the
// last kept), so the older part of the run is kept ever more thinly and
// the memory stays bounded.
export function record(snaps, epoch, params, max = 200) {
  if (snaps.length && snaps[snaps.length - 1].epoch === epoch) snaps[snaps.length - 1] = { epoch, params };
  else snaps.push({ epoch, params });
  if (snaps.length <= max) return snaps;
  const last = snaps[snaps.length - 1];
  const kept = snaps.filter((_, i) => i % 2 === 0);
  if (kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

// spiralHint says what works when the spiral is set up in a way that
// will not learn it: fewer than two hidden layers, fewer than 8 units in
// one, or sigmoids without features to help. preset is nn's spiral preset.
export function spiralHint(p, preset) {
  if (p.dataset !== "spiral") return "";
  const h = p.hidden || [], sins = (p.features || []).some(f => f.startsWith("sin"));
  const weak = h.length < 2 || Math.min(...h) < 8 || (p.activation === "sigmoid" && !sins);
  if (!weak) return "";
  const how = preset ? `${preset.about} Choose the preset “${preset.name}”.` : "Try two layers of 16 tanh units.";
  return "This network will hardly learn the spiral. " + how;
}

// linkState is what a link may hold of the panel's settings: never the
// data of an uploaded CSV file, which stays in this browser.
export function linkState(p) {
  const out = { ...p };
  for (const k of Object.keys(out)) if (/^csv/i.test(k)) delete out[k];
  return out;
}

// checkCSV says why a file cannot be sent, or "": too large, or not text.
export function checkCSV(name, size, limit) {
  if (size > limit) return `${name}: ${size} bytes, more than the limit of ${limit} (${Math.round(limit / 1024)} KiB)`;
  if (size === 0) return `${name}: the file is empty`;
  return "";
}

// sumSquares is Σw² over the weights (not the biases) of layers.
export function sumSquares(layers) {
  let s = 0;
  for (const l of layers) for (const row of l.w) for (const w of row) s += w * w;
  return s;
}

// REGRESSION_SETS are the datasets whose network has a linear output.
export const REGRESSION_SETS = ["plane", "gauss-mix"];

// modelSettings turns the answer of /api/model/open (a saved model's
// settings) into the panel's controls, as trainParams names them, or
// says why the panel cannot show it: { p } or { error }. current is the
// dataset chosen now, kept when the model names none the page has.
export function modelSettings(a, current) {
  const name = a.name;
  const feats = a.features && a.features.length ? a.features : ["x1", "x2"];
  const order = FEATURES.map(f => f.name).filter(n => feats.includes(n));
  if (order.length !== feats.length || order.some((n, i) => n !== feats[i])) {
    return { error: `${name}: the features ${feats.join(", ")}: the page offers ${FEATURES.map(f => f.name).join(", ")}, in that order` };
  }
  if (a.l1 > 0 && a.l2 > 0) return { error: `${name}: both an L1 and an L2 penalty; the page has one at a time` };
  const ds = a.dataset || current;
  if (a.classes && ds !== "blobs" && ds !== "csv") {
    return { error: `${name}: a classifier of ${a.classes} classes (softmax); choose blobs or your CSV of ${a.classes} classes first` };
  }
  if (!a.classes && a.regression !== REGRESSION_SETS.includes(ds) && ds !== "csv") {
    return { error: a.regression ? `${name}: a linear output, a regression set's network; choose plane or gauss-mix first`
      : `${name}: a sigmoid output, a classifier's; ${ds} is a regression set: choose another dataset first` };
  }
  const p = {
    ds, h: a.hidden.join(","), loss: a.loss, lr: String(a.lr), seed: String(a.seed), init: a.init,
    feat: feats.join(","), reg: a.l1 > 0 ? "l1" : a.l2 > 0 ? "l2" : "none",
  };
  if (a.activation) p.act = a.activation;
  if (a.l1 > 0 || a.l2 > 0) p.rate = String(a.l1 || a.l2);
  if (a.classes) p.cls = String(a.classes);
  return { p };
}

// fileName is the file name of a Content-Disposition header, or fallback.
export function fileName(disposition, fallback) {
  const m = /filename="([^"]+)"/.exec(disposition || "");
  return m ? m[1] : fallback;
}
