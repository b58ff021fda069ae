import { test } from "node:test";
import assert from "node:assert/strict";
import { lineStyle, wantsLog, niceTicks, logTicks, bilinear, contour } from "../static/lib/plot.js";

test("no two of 40 lines share colour and dash", () => {
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    const s = lineStyle(i), k = s.color + s.dash.join(",");
    assert.ok(!seen.has(k), `line ${i} repeats ${k}`);
    seen.add(k);
  }
  assert.deepEqual(lineStyle(9).dash, []); // ten colours before any dash
});

test("a log axis where values span more than 10×", () => {
  assert.equal(wantsLog([0.25, 0.2, 0.1]), false);
  assert.equal(wantsLog([0.25, 0.01]), true);
  assert.equal(wantsLog([]), false);
});

test("ticks", () => {
  assert.deepEqual(niceTicks(0, 0.27, 5), [0, 0.1, 0.2]);
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(logTicks(-12.1, -0.6, 6), [-12, -10, -8, -6, -4, -2]);
});

test("the boundary surface and its contour", () => {
  // 2×2 grid: 0 on the left, 1 on the right → the 0.5 line is u = 1/2
  const v = [0, 1, 0, 1];
  assert.equal(bilinear(v, 2, 0.25, 0.5), 0.25);
  const segs = contour(v, 2, 0.5);
  assert.equal(segs.length, 1);
  for (const [u] of segs[0]) assert.equal(u, 0.5);
});
