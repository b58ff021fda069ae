import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../static/lib/session.js";

// a fake server: each request answers after the delay it names in lr
function fake(log) {
  return req => new Promise(res => setTimeout(() => {
    log.push(req);
    const epoch = req.epoch + req.epochs;
    res({ epoch, params: [req.lr, epoch], losses: Array(req.epochs).fill(req.lr) });
  }, req.lr));
}

test("a step right after a reset waits for it and uses its settings", async () => {
  const log = [];
  const s = new Session(fake(log));
  await s.reset({ lr: 5 });
  s.reset({ lr: 30 });         // a slow reset (an edited field)…
  const r = await s.step(25); // …and Play at once
  assert.equal(r, "ok");
  assert.equal(s.epoch, 25);
  assert.deepEqual(s.params, [30, 25]);
  assert.equal(log.at(-1).lr, 30);
});

test("a reply from before a reset is ignored", async () => {
  const s = new Session(fake([]));
  await s.reset({ lr: 1 });
  const slow = s.step(50);     // in flight…
  const fresh = s.reset({ lr: 2 });
  assert.equal(await slow, "stale");
  assert.equal(await fresh, "ok");
  assert.equal(s.epoch, 0);
  assert.deepEqual(s.params, [2, 0]);
  assert.equal(s.config.lr, 2);
});

test("errors are returned, and the queue goes on", async () => {
  let fail = true;
  const s = new Session(async req => { if (fail) { fail = false; throw new Error("boom"); } return { epoch: req.epoch + req.epochs, params: [], losses: [] }; });
  const e = await s.reset({});
  assert.ok(e instanceof Error);
  assert.equal(await s.step(3), "ok");
});

test("reset with params starts from them; rewind cuts the losses and continues from the snapshot", async () => {
  const log = [];
  const s = new Session(fake(log));
  await s.reset({ lr: 1 }, [9, 9]);
  assert.deepEqual(log.at(-1).params, [9, 9]);
  await s.step(10);
  await s.step(10);
  assert.equal(s.losses.length, 20);
  await s.rewind(10, [4, 10]);
  assert.equal(s.epoch, 10);
  assert.equal(s.losses.length, 10);
  assert.deepEqual(log.at(-1).params, [4, 10]); // the snapshot is evaluated…
  await s.step(5);
  assert.equal(log.at(-1).epoch, 10); // …and training goes on from its epoch
  assert.equal(s.epoch, 15);
});

test("the optimiser's state goes back with the next request; reset and rewind drop it", async () => {
  const log = [];
  const s = new Session(async req => {
    log.push(req);
    const t = (req.opt_state ? req.opt_state.t : 0) + req.epochs;
    return { epoch: req.epoch + req.epochs, params: [t], losses: Array(req.epochs).fill(1), opt_state: { method: "adam", t, m: [t], v: [t] } };
  });
  await s.reset({ optimizer: "adam" });
  assert.equal(log.at(-1).opt_state, undefined); // fresh weights: no state
  await s.step(10);
  await s.step(10);
  assert.deepEqual(log.at(-1).opt_state, { method: "adam", t: 10, m: [10], v: [10] });
  assert.equal(s.optState.t, 20);
  await s.rewind(10, [10]);             // a snapshot restored: the optimiser restarts
  assert.equal(log.at(-1).opt_state, undefined);
  await s.step(5);
  assert.equal(log.at(-1).opt_state.t, 0); // the rewind's evaluation answered a fresh state
  await s.reset({ optimizer: "momentum" });
  assert.equal(log.at(-1).opt_state, undefined);
});

test("a reply without opt_state keeps its note and sends none", async () => {
  const log = [];
  const s = new Session(async req => {
    log.push(req);
    return { epoch: req.epoch + req.epochs, params: [], losses: [], opt_state_note: "too large" };
  });
  await s.reset({ optimizer: "adam" });
  await s.step(3);
  assert.equal(log.at(-1).opt_state, undefined);
  assert.equal(s.optNote, "too large");
});

test("a model opened at epoch 300: losses count from there, and a rewind cuts them there", async () => {
  const log = [];
  const s = new Session(fake(log));
  await s.reset({ lr: 1 }, [9, 9], 300);
  assert.equal(log.at(-1).epoch, 300);
  assert.equal(s.start, 300);
  await s.step(10);
  await s.step(10);
  assert.equal(s.epoch, 320);
  assert.equal(s.losses.length, 20);
  await s.rewind(310, [4, 310]);
  assert.equal(s.losses.length, 10); // epochs 301…310
  await s.step(5);
  assert.equal(log.at(-1).epoch, 310);
  assert.equal(s.epoch, 315);
  await s.reset({ lr: 1 });
  assert.equal(s.start, 0);
});
