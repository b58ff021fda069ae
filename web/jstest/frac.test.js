import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, format, sgd } from "../static/lib/frac.js";

test("parse reads fractions and decimals exactly", () => {
  for (const [text, want] of [["4/5", "4/5"], ["-7/5", "−7/5"], ["−7/5", "−7/5"], ["0.35", "7/20"],
    ["3", "3"], ["-1.5e-3", "−3/2000"], [" 2 / 4 ", "1/2"], ["1/-4", "−1/4"], [".5", "1/2"]]) {
    assert.equal(format(parse(text)), want, text);
  }
  for (const bad of ["", "abc", "1/0", "NaN", "1/2/3", "-", "."]) assert.equal(parse(bad), null, bad);
});

// The exercise's w1 = 4/5 with ∂L/∂w1 = −1/4 and α = 1/10 (cgraph eval --step).
test("sgd writes the update exactly", () => {
  const u = sgd("w1", "4/5", "1/10", "−1/4", 0.8, -0.25);
  assert.equal(u.value, "33/40");
  assert.equal(u.text, "w1 ← 4/5 − 1/10·(−1/4) = 33/40");
});

test("sgd falls back to decimals", () => {
  const u = sgd("w", "0.5", "0.1", "0.19661193324148185", 0.5, 0.19661193324148185);
  assert.equal(u.text, "w ← 0.5 − 0.1·0.196612 = 0.480339");
  const v = sgd("w", "x", "0.1", "NaN", 1, 2);
  assert.equal(v.value, "0.8");
});
