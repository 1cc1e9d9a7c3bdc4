import assert from "node:assert/strict";
import { InFlight } from "./in_flight.ts";

/** Work that ends when told to, and records the signal it was given. */
function controllable() {
  const signals: AbortSignal[] = [];
  let finish!: (value: string) => void;
  const start = (signal: AbortSignal) => {
    signals.push(signal);
    return new Promise<string>((resolve) => finish = resolve);
  };
  return { signals, start, finish: (v: string) => finish(v) };
}

Deno.test("InFlight: callers share one run; one caller's abort rejects only that caller", async () => {
  const inFlight = new InFlight<string>();
  const work = controllable();
  const a = new AbortController();
  const first = inFlight.run("k", a.signal, work.start);
  const second = inFlight.run("k", undefined, work.start);
  a.abort(new Error("a"));
  assert.equal((await first.catch((e) => e)).message, "a");
  assert.equal(work.signals.length, 1);
  assert.equal(work.signals[0].aborted, false);
  work.finish("done");
  assert.equal(await second, "done");
});

Deno.test("InFlight: the run aborts when every caller has; a later caller starts afresh", async () => {
  const inFlight = new InFlight<string>();
  const work = controllable();
  const a = new AbortController();
  const b = new AbortController();
  const first = inFlight.run("k", a.signal, work.start);
  const second = inFlight.run("k", b.signal, work.start);
  a.abort(new Error("a"));
  assert.equal(work.signals[0].aborted, false);
  b.abort(new Error("b"));
  assert.equal(work.signals[0].aborted, true);
  assert.equal((await first.catch((e) => e)).message, "a");
  assert.equal((await second.catch((e) => e)).message, "b");
  const third = inFlight.run("k", undefined, work.start);
  assert.equal(work.signals.length, 2);
  work.finish("again");
  assert.equal(await third, "again");
  const aborted = AbortSignal.abort(new Error("already"));
  await assert.rejects(inFlight.run("k2", aborted, work.start), /already/);
  assert.equal(work.signals.length, 2, "an aborted caller starts nothing");
});
