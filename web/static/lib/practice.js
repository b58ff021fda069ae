// Practice mode's bookkeeping: which cells a student fills, in which
// order, and the score. No DOM here; the page draws it and the server
// checks the answers (POST /api/practice).

// cells lists the cells of an evaluated graph (the /api/graph answer) in
// the order a student fills them: each computed node's value in forward
// order (inputs are given, numbers written in the formula are known),
// then each gradient in the order of the backward pass.
export function cells(data) {
  const byId = new Map(data.nodes.map(n => [n.id, n]));
  const out = [];
  for (const s of data.forward) {
    const n = byId.get(s.node);
    if (!n || n.literal || n.class === "input" || n.class === "weight" || n.class === "const" || !n.inputs.length) continue;
    out.push({ key: "v:" + n.name, kind: "value", node: n.id, name: n.name, want: n.value, step: s.text });
  }
  for (const s of data.backward) {
    if (s.input >= 0) continue;
    const n = byId.get(s.node);
    if (!n || n.literal) continue;
    out.push({ key: "g:" + n.name, kind: "grad", node: n.id, name: n.name, want: n.grad, step: s.text });
  }
  return out;
}

// answersBody is the answers part of a /api/practice request.
export function answersBody(answers) {
  const body = { values: {}, grads: {} };
  for (const [key, text] of Object.entries(answers)) {
    if (!String(text).trim()) continue;
    (key.startsWith("v:") ? body.values : body.grads)[key.slice(2)] = String(text).trim().replace(/\u2212/g, "-");
  }
  return body;
}

// current returns the index of the first cell that is neither right nor
// hinted: the one to fill next (cells.length when all are done).
export function current(list, marks) {
  const i = list.findIndex(c => !(marks[c.key] === "right" || marks[c.key] === "hint"));
  return i < 0 ? list.length : i;
}

// score counts the cells right on the student's own, those shown by a
// hint, and the wrong attempts.
export function score(list, marks, wrongTries) {
  let right = 0, hints = 0;
  for (const c of list) {
    if (marks[c.key] === "right") right++;
    if (marks[c.key] === "hint") hints++;
  }
  return { right, hints, total: list.length, wrong: wrongTries };
}

// storageKey names a graph's saved progress: the program and its inputs.
export function storageKey(program, inputs) {
  const ins = Object.keys(inputs).sort().map(k => k + "=" + inputs[k]).join(";");
  let h = 0;
  for (const ch of program + "|" + ins) h = (Math.imul(h, 31) + ch.codePointAt(0)) | 0;
  return "cgraph.practice." + (h >>> 0).toString(36);
}
