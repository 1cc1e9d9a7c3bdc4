import assert from "node:assert/strict";
import {
  abortableSleep,
  clampTimerMs,
  MAX_TIMER_MS,
  raceAbort,
} from "./abort.ts";

Deno.test("clampTimerMs keeps delays within what setTimeout holds", () => {
  assert.equal(clampTimerMs(30 * 86_400_000), MAX_TIMER_MS);
  assert.equal(clampTimerMs(Infinity), MAX_TIMER_MS);
  assert.equal(clampTimerMs(Number.NaN), 0);
  assert.equal(clampTimerMs(-1), 0);
  assert.equal(clampTimerMs(1_500), 1_500);
});

Deno.test("a 30-day sleep does not fire at once (the timer is clamped, not overflowed)", async () => {
  const controller = new AbortController();
  let fired = false;
  const sleeping = abortableSleep(30 * 86_400_000, controller.signal).then(
    () => (fired = true),
    () => {},
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(fired, false);
  controller.abort();
  await sleeping;
  assert.equal(fired, false);
});

Deno.test("abortableSleep rejects with the signal's reason, at once when already aborted", async () => {
  const reason = new Error("stop");
  await assert.rejects(
    abortableSleep(60_000, AbortSignal.abort(reason)),
    (e) => e === reason,
  );
  const controller = new AbortController();
  const sleeping = abortableSleep(60_000, controller.signal);
  controller.abort(reason);
  await assert.rejects(sleeping, (e) => e === reason);
});

Deno.test("raceAbort absorbs a rejection that comes after an abort", async () => {
  let unhandled = 0;
  const onUnhandled = (e: PromiseRejectionEvent) => {
    unhandled++;
    e.preventDefault();
  };
  globalThis.addEventListener("unhandledrejection", onUnhandled);
  try {
    const reason = new Error("caller gave up");
    const late = Promise.reject(new Error("late failure"));
    await assert.rejects(
      raceAbort(late, AbortSignal.abort(reason)),
      (e) => e === reason,
    );
    const controller = new AbortController();
    let fail!: (e: Error) => void;
    const pending = new Promise<never>((_, reject) => (fail = reject));
    const raced = raceAbort(pending, controller.signal);
    controller.abort(reason);
    await assert.rejects(raced, (e) => e === reason);
    fail(new Error("after the abort"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(unhandled, 0);
  } finally {
    globalThis.removeEventListener("unhandledrejection", onUnhandled);
  }
});

Deno.test("raceAbort settles like the promise when nothing aborts", async () => {
  assert.equal(await raceAbort(Promise.resolve(7)), 7);
  assert.equal(
    await raceAbort(Promise.resolve(8), new AbortController().signal),
    8,
  );
});
