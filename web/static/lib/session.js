// A training session of the page: the settings and weights of the network
// being trained, changed atomically and one request at a time. No DOM here.
//
// Every request goes through one queue, so a step asked for while a reset
// is on its way waits for it instead of being dropped (issue 13: "Play
// does nothing after a field is edited"), and a step always continues the
// weights of the reply before it. A reset starts a new generation: a reply
// to a request of an older generation is ignored, so a slow, stale reply
// cannot bring back old weights or settings.
//
// The optimiser's state (momentum's velocity, Adam's moments and step,
// the answer's opt_state) goes with the weights: each request sends back
// the one of the reply before it, so momentum and Adam train on across
// requests as in one run. A reset or a rewind (a snapshot restored, a
// weight edited) drops it: training then starts the optimiser afresh.
export class Session {
  // send(request) returns a promise of the server's reply.
  constructor(send) {
    this.send = send;
    this.queue = Promise.resolve();
    this.generation = 0;
    this.config = null; // the settings, as one object, taken at reset
    this.params = null;
    this.optState = null; // the last reply's opt_state, sent with the next request
    this.optNote = "";    // why the last reply has none, if the server said
    this.epoch = 0;
    this.start = 0;       // the epoch of the weights at the reset: losses[i] is epoch start+i+1's
    this.losses = [];
    this.testLosses = [];
    this.result = null;
  }

  // reset takes new settings (all of them at once) and evaluates the
  // fresh network, or the one of params (the weights of another run's
  // start, or of a model file trained epoch epochs); it resolves to the
  // outcome of that evaluation.
  reset(config, params = null, epoch = 0) {
    this.generation++;
    this.config = { ...config };
    this.params = params; this.optState = null; this.optNote = ""; this.epoch = epoch; this.start = epoch; this.losses = []; this.testLosses = []; this.result = null;
    return this.enqueue(0);
  }

  // rewind goes back to the weights params after epoch (an earlier
  // snapshot, or the current weights edited), the losses cut there, and
  // evaluates them; training continues from them.
  rewind(epoch, params) {
    this.generation++;
    this.params = params; this.optState = null; this.epoch = epoch;
    const kept = Math.max(0, epoch - this.start);
    this.losses = this.losses.slice(0, kept); this.testLosses = this.testLosses.slice(0, kept);
    return this.enqueue(0);
  }

  // step trains epochs more, after whatever is queued before it.
  step(epochs) { return this.enqueue(epochs); }

  // enqueue resolves to "ok", "stale" (a reset came in between: the reply
  // was ignored) or an Error.
  enqueue(epochs) {
    const gen = this.generation;
    const run = async () => {
      if (gen !== this.generation) return "stale";
      const req = { ...this.config, epochs, epoch: this.epoch, params: this.params };
      if (this.optState) req.opt_state = this.optState;
      let r;
      try { r = await this.send(req); } catch (e) { return gen === this.generation ? e : "stale"; }
      if (gen !== this.generation) return "stale";
      this.params = r.params; this.epoch = r.epoch; this.result = r;
      this.optState = r.opt_state || null; this.optNote = r.opt_state_note || "";
      this.losses.push(...r.losses);
      if (r.test_losses) this.testLosses.push(...r.test_losses);
      return "ok";
    };
    const p = this.queue.then(run);
    this.queue = p.catch(() => {});
    return p;
  }
}
