import { test } from "node:test";
import assert from "node:assert/strict";
import { encode, decode } from "../static/lib/share.js";
import { cells, answersBody, current, score, storageKey } from "../static/lib/practice.js";

const presets = [{ id: "exercise", program: "p1 = w1*x1", inputs: { w1: "4/5", x1: "1" } }];

test("a link holds only the active tab, a preset by its id", () => {
  const h = encode("graph", { program: "p1 = w1*x1", inputs: { w1: "4/5", x1: "2" }, step: 3 }, presets);
  assert.equal(h, "g=exercise&in=x1%3A2&s=3");
  const d = decode(h, presets);
  assert.equal(d.graph.program, "p1 = w1*x1");
  assert.deepEqual(d.graph.inputs, { w1: "4/5", x1: "2" });
  assert.equal(d.graph.step, 3);
  assert.equal(encode("train", { lr: "0.5", act: "tanh" }, [], { lr: "0.5", act: "sigmoid" }), "tab=train&t.act=tanh");
  assert.ok(h.length < 40);
});

test("old links still open", () => {
  const d = decode("#tab=train&p=a%3Db&in=b%3A1&s=2&t.lr=0.3&v.d=20");
  assert.equal(d.tab, "train");
  assert.equal(d.graph.program, "a=b");
  assert.equal(d.train.lr, "0.3");
  assert.equal(d.vanish.d, "20");
});

const data = {
  nodes: [
    { id: 0, name: "x", class: "input", inputs: [], value: "2", grad: "3" },
    { id: 1, name: "2", class: "const", literal: true, inputs: [], value: "2", grad: "" },
    { id: 2, name: "y", class: "loss", inputs: [0, 1], value: "4", grad: "1" },
  ],
  forward: [{ node: 0 }, { node: 1 }, { node: 2 }],
  backward: [{ node: 2, input: -1 }, { node: 2, input: 0 }, { node: 0, input: -1 }],
};

test("cells: values in forward order, then gradients backward", () => {
  assert.deepEqual(cells(data).map(c => c.key), ["v:y", "g:y", "g:x"]);
});

test("progress and score", () => {
  const list = cells(data);
  assert.equal(current(list, {}), 0);
  assert.equal(current(list, { "v:y": "right", "g:y": "hint" }), 2);
  assert.deepEqual(score(list, { "v:y": "right", "g:y": "hint", "g:x": "wrong" }, 2), { right: 1, hints: 1, total: 3, wrong: 2 });
  assert.deepEqual(answersBody({ "v:y": "4", "g:x": "−3", "g:y": " " }), { values: { y: "4" }, grads: { x: "-3" } });
  assert.notEqual(storageKey("a", { x: "1" }), storageKey("a", { x: "2" }));
});
