import { test } from "node:test";
import assert from "node:assert/strict";
import { features, classRegion, outputColour, paramIndex, nearest, record, spiralHint, linkState, checkCSV, sumSquares } from "../static/lib/trainmath.js";
import { encode } from "../static/lib/share.js";

test("x1 and x2 alone are the plain network; others are features in Playground's order", () => {
  assert.deepEqual(features(["x2", "x1"]), []);
  assert.deepEqual(features(["x1^2", "x1"]), ["x1", "x1^2"]);
  assert.deepEqual(features(["sin(x2)"]), ["sin(x2)"]);
});

test("class colours: white at a tie, the class's colour when sure", () => {
  assert.deepEqual(classRegion(0, 1 / 3, 3), [255, 255, 255]);
  const sure = classRegion(2, 1, 3);
  assert.ok(sure[1] > sure[0] && sure[1] > sure[2], `class 2 is green: ${sure}`);
  assert.notDeepEqual(classRegion(0, 1, 3), classRegion(1, 1, 3));
});

test("regression outputs: −1 orange, 0 white, 1 blue; discrete: two colours", () => {
  assert.deepEqual(outputColour(0, true), [255, 255, 255]);
  assert.ok(outputColour(1, true)[2] > outputColour(1, true)[0]);
  assert.ok(outputColour(-5, true)[0] > outputColour(-5, true)[2]);
  assert.deepEqual(outputColour(0.6, false, true), outputColour(1, false));
});

test("param indices follow nn's order: unit by unit, weights then bias", () => {
  const shape = [2, 3, 1]; // 3·(2+1) + 1·(3+1) = 13 params
  assert.equal(paramIndex(shape, 0, 0, 0), 0);
  assert.equal(paramIndex(shape, 0, 0, 2), 2); // bias of unit 1
  assert.equal(paramIndex(shape, 0, 2, 1), 7);
  assert.equal(paramIndex(shape, 1, 0, 0), 9);
  assert.equal(paramIndex(shape, 1, 0, 3), 12);
});

test("the nearest edge within the tolerance", () => {
  const segs = [[0, 0, 10, 0], [0, 5, 10, 5]];
  assert.equal(nearest(segs, 5, 1, 3), 0);
  assert.equal(nearest(segs, 5, 4, 3), 1);
  assert.equal(nearest(segs, 5, 20, 3), -1);
});

test("snapshots stay at most max, keep the first and the last, thin the old", () => {
  let s = [];
  for (let e = 0; e <= 1000; e += 5) s = record(s, e, [e]);
  assert.ok(s.length <= 200, `${s.length} snapshots`);
  assert.equal(s[0].epoch, 0);
  assert.equal(s[s.length - 1].epoch, 1000);
  const gaps = s.slice(1).map((x, i) => x.epoch - s[i].epoch);
  assert.ok(gaps[0] >= gaps[gaps.length - 1], `older gaps ${gaps[0]} ≥ newer ${gaps[gaps.length - 1]}`);
  s = record(s, 1000, [7]); // the same epoch again replaces it
  assert.deepEqual(s[s.length - 1].params, [7]);
});

test("the spiral hint appears for networks that won't learn it", () => {
  const preset = { name: "spiral", about: "Two layers of 16 tanh units." };
  assert.match(spiralHint({ dataset: "spiral", hidden: [4], activation: "sigmoid" }, preset), /preset “spiral”/);
  assert.equal(spiralHint({ dataset: "spiral", hidden: [16, 16], activation: "tanh" }, preset), "");
  assert.equal(spiralHint({ dataset: "xor", hidden: [1], activation: "sigmoid" }, preset), "");
});

test("a link never holds an uploaded CSV", () => {
  const p = linkState({ ds: "csv", h: "4", csv: "0,0,1\n", csvName: "secret.csv" });
  const hash = encode("train", p, [], {});
  assert.ok(!hash.includes("secret") && !hash.includes("0%2C0"), hash);
  assert.ok(hash.includes("t.ds=csv"));
});

test("CSV size checks and the weights' Σw²", () => {
  assert.match(checkCSV("a.csv", 70000, 65536), /a\.csv: 70000 bytes, more than the limit of 65536 \(64 KiB\)/);
  assert.equal(checkCSV("a.csv", 100, 65536), "");
  assert.equal(sumSquares([{ w: [[1, 2]], b: [5] }, { w: [[3]], b: [9] }]), 14);
});

test("a saved model's settings become the panel's, or a reason it cannot show them", async () => {
  const { modelSettings, fileName } = await import("../static/lib/trainmath.js");
  const a = { name: "m.json", dataset: "circle", hidden: [3, 2], activation: "tanh", loss: "bce", lr: 0.3, seed: 4, init: "he",
    features: ["x1", "x2", "x1^2", "sin(x2)"], l1: 0, l2: 0.01, classes: 0, regression: false };
  assert.deepEqual(modelSettings(a, "xor").p, { ds: "circle", h: "3,2", act: "tanh", loss: "bce", lr: "0.3", seed: "4", init: "he",
    feat: "x1,x2,x1^2,sin(x2)", reg: "l2", rate: "0.01" });
  assert.equal(modelSettings({ ...a, dataset: "" }, "moons").p.ds, "moons"); // a CSV's model: the data chosen now
  assert.equal(modelSettings({ ...a, features: null, hidden: [], activation: "" }, "xor").p.feat, "x1,x2");
  assert.match(modelSettings({ ...a, features: ["x1^2", "x1"] }, "xor").error, /m.json: the features x1\^2, x1: the page offers/);
  assert.match(modelSettings({ ...a, l1: 0.1 }, "xor").error, /both an L1 and an L2/);
  assert.match(modelSettings({ ...a, regression: true }, "xor").error, /choose plane or gauss-mix/);
  assert.match(modelSettings({ ...a, dataset: "", regression: false }, "plane").error, /plane is a regression set/);
  assert.match(modelSettings({ ...a, dataset: "", classes: 3, loss: "softmax" }, "xor").error, /3 classes/);
  assert.equal(modelSettings({ ...a, dataset: "blobs", classes: 4, loss: "softmax" }, "xor").p.cls, "4");
  assert.equal(fileName('attachment; filename="cgraph-xor-2-4-1-epoch300.json"', "model.json"), "cgraph-xor-2-4-1-epoch300.json");
  assert.equal(fileName(null, "model.json"), "model.json");
});
