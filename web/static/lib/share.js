// The page's address: what a link holds. Only the active tab's state is
// written, and only what differs from the defaults (a preset by its id,
// its inputs only where changed), so a link stays short.

// encode returns the hash (without "#") for tab with its state:
//   graph:  { program, inputs, step, mode } and the presets to name
//   train, vanish: { key: value } with defaults { key: value }
export function encode(tab, st, presets = [], defaults = {}) {
  const p = new URLSearchParams();
  if (tab !== "graph") p.set("tab", tab);
  if (tab === "graph") {
    const preset = presets.find(x => x.program === st.program);
    if (preset) p.set("g", preset.id); else p.set("p", st.program);
    const base = preset ? preset.inputs : {};
    const changed = Object.entries(st.inputs).filter(([k, v]) => base[k] !== v);
    if (changed.length) p.set("in", changed.map(([k, v]) => k + ":" + v).join(";"));
    if (st.step) p.set("s", String(st.step));
    if (st.mode && st.mode !== "step") p.set("m", st.mode);
  } else {
    const prefix = tab === "train" ? "t." : "v.";
    for (const [k, v] of Object.entries(st)) if (String(v) !== String(defaults[k] ?? "")) p.set(prefix + k, v);
  }
  return p.toString();
}

// decode reads a hash written by encode (or by the page before it: p, in,
// s, t.*, v.* with every tab's state) into { tab, graph, train, vanish }.
export function decode(hash, presets = []) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const out = { tab: p.get("tab") || "graph", graph: { inputs: {}, step: 0, mode: p.get("m") || "step" }, train: {}, vanish: {} };
  const preset = p.has("g") ? presets.find(x => x.id === p.get("g")) : null;
  if (preset) { out.graph.program = preset.program; Object.assign(out.graph.inputs, preset.inputs); out.graph.preset = preset.id; }
  if (p.has("p")) out.graph.program = p.get("p");
  if (p.has("in")) {
    for (const kv of p.get("in").split(";")) {
      const i = kv.indexOf(":");
      if (i > 0) out.graph.inputs[kv.slice(0, i)] = kv.slice(i + 1);
    }
  }
  if (p.has("s")) out.graph.step = Math.max(0, parseInt(p.get("s"), 10) || 0);
  for (const [k, v] of p) {
    if (k.startsWith("t.")) out.train[k.slice(2)] = v;
    if (k.startsWith("v.")) out.vanish[k.slice(2)] = v;
  }
  return out;
}
