import assert from "node:assert/strict";
import { AttemptTimer, type Timers } from "./timeout.ts";

/** Timers on a hand-moved clock; `fire` runs what is due. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const armed = new Map<
    number,
    { at: number; fn: () => void; referenced: boolean }
  >();
  const handle = (id: number) => ({
    id,
    ref: () => armed.get(id) && (armed.get(id)!.referenced = true),
    unref: () => armed.get(id) && (armed.get(id)!.referenced = false),
  });
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      armed.set(id, { at: now + ms, fn, referenced: true });
      return handle(id) as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimeout: (timer) => {
      armed.delete((timer as unknown as { id: number }).id);
    },
  };
  return {
    timers,
    armed,
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...armed]) {
        if (t.at <= now) {
          armed.delete(id);
          t.fn();
        }
      }
    },
  };
}

Deno.test("attempts started within a window share one timer, which fires once each of them has had its full timeout", () => {
  const t = fakeTimers();
  const timer = new AttemptTimer(8_000, t.timers);
  const first = timer.guard(undefined);
  t.advance(900);
  const second = timer.guard(undefined);
  assert.equal(t.armed.size, 1, "one timer for both");
  t.advance(7_999); // 8,899 ms after the first: the second has had 7,999
  assert.equal(second.timedOut.aborted, false);
  assert.equal(first.timedOut.aborted, false, "never sooner than 8 s");
  t.advance(101); // 9 s: the end of the window's last possible timeout
  assert.equal(first.timedOut.aborted, true);
  assert.equal(second.timedOut.aborted, true);
  assert.match(String(first.signal.reason), /no answer within 8000 ms/);
});

Deno.test("an attempt after the window arms a timer of its own; the old one is cleared when its last attempt ends", () => {
  const t = fakeTimers();
  const timer = new AttemptTimer(8_000, t.timers);
  const first = timer.guard(undefined);
  t.advance(1_000);
  const second = timer.guard(undefined);
  assert.equal(t.armed.size, 2);
  first.done();
  assert.equal(t.armed.size, 1, "the first window's timer is gone");
  second.done();
  second.done(); // ending twice changes nothing
  assert.equal(first.timedOut.aborted, false);
});

Deno.test("a window's timer holds the process only while one of its attempts is in flight, and goes when the next window opens", () => {
  const t = fakeTimers();
  const timer = new AttemptTimer(30_000, t.timers);
  const first = timer.guard(undefined);
  const [armed] = t.armed.values();
  assert.equal(armed.referenced, true);
  first.done();
  assert.equal(armed.referenced, false, "kept for the window, unreferenced");
  const second = timer.guard(undefined);
  assert.equal(t.armed.size, 1, "reused within the window");
  assert.equal(armed.referenced, true);
  second.done();
  t.advance(1_000); // the window is over
  const third = timer.guard(undefined);
  assert.equal(t.armed.size, 1, "the idle window's timer was cleared");
  assert.notEqual([...t.armed.values()][0], armed);
  third.done();
});

Deno.test("a caller's signal aborts the attempt; the timeout does not claim it", () => {
  const t = fakeTimers();
  const caller = new AbortController();
  const guard = new AttemptTimer(8_000, t.timers).guard(caller.signal);
  caller.abort(new Error("stop"));
  assert.equal(guard.signal.aborted, true);
  assert.equal(guard.timedOut.aborted, false);
  guard.done();
});

Deno.test("a timeout longer than a timer holds is clamped, not fired at once", () => {
  const t = fakeTimers();
  const guard = new AttemptTimer(3e9, t.timers).guard(undefined);
  const [armed] = t.armed.values();
  assert.equal(armed.at, 2 ** 31 - 1);
  guard.done();
});
