import assert from "node:assert/strict";
import { AccountPacer, UNPACED, waitAfterRateLimit } from "./pacing.ts";
import { fakeTime } from "../testdata/clock.ts";

/** Admits `operationId` and finishes the attempt at once; returns when it went. */
async function sendNow(
  pacer: AccountPacer,
  now: () => number,
  operationId: string,
  signal?: AbortSignal,
): Promise<number> {
  const done = await pacer.admit(operationId, signal);
  const at = now();
  done();
  return at;
}

Deno.test("requests go one second apart and launches 12 s apart, in order, on the injected clock", async () => {
  const time = fakeTime(0);
  const pacer = new AccountPacer({}, time);
  const starts = await Promise.all([
    sendNow(pacer, time.now, "launchInstance"),
    sendNow(pacer, time.now, "listInstances"),
    sendNow(pacer, time.now, "launchInstance"),
    sendNow(pacer, time.now, "getInstance"),
  ]);
  // The second launch waits for its slot; the read behind it does not.
  assert.deepEqual(starts, [0, 1_000, 12_000, 2_000]);
  time.t.now += 60_000;
  const slept = time.t.slept.length;
  await sendNow(pacer, time.now, "launchInstance");
  assert.equal(time.t.slept.length, slept, "no wait after a quiet minute");
});

Deno.test("on a clock that jumps, the next attempt waits for the previous one's answer before it is let through", async () => {
  const time = fakeTime(0);
  const pacer = new AccountPacer({}, time);
  const first = await pacer.admit("listInstances");
  let second = false;
  const waiting = pacer.admit("getInstance").then((done) => {
    second = true;
    return done;
  });
  for (let i = 0; i < 20; i++) await Promise.resolve();
  // The fake sleep moved the clock past the slot at once; the first
  // request may still be on its way.
  assert.equal(time.t.now, 1_000);
  assert.equal(second, false, "let through on top of the first");
  first();
  first(); // a second call changes nothing
  (await waiting)();
  assert.equal(second, true);
});

Deno.test("an attempt that is never answered holds the next back only for a moment of real time", async () => {
  const time = fakeTime(0);
  const pacer = new AccountPacer({}, time);
  const hung = await pacer.admit("launchInstance");
  (await pacer.admit("listInstances"))(); // let through while it hangs
  hung();
});

Deno.test("Infinity turns a limit off; a rate of 0 is refused; the pass-through pacer lets everything through", async () => {
  const time = fakeTime(0);
  const open = new AccountPacer({
    requestsPerSecond: Infinity,
    launchesPerMinute: Infinity,
  }, time);
  const held = await open.admit("listInstances"); // not released: no window
  for (let i = 0; i < 10; i++) await sendNow(open, time.now, "launchInstance");
  held();
  assert.deepEqual(time.t.slept, []);
  assert.throws(
    () => new AccountPacer({ requestsPerSecond: 0 }, time),
    /maxRequestsPerSecond must be > 0/,
  );
  assert.throws(
    () => new AccountPacer({ launchesPerMinute: -1 }, time),
    /maxCreateRequestsPerMinute must be > 0/,
  );
  (await UNPACED.admit("launchInstance"))();
  await assert.rejects(
    UNPACED.admit("getInstance", AbortSignal.abort(new Error("gone"))),
    /gone/,
  );
});

/** A manual clock whose sleeps end when `advance` passes their deadline. */
function manualClock() {
  const timers: { at: number; resolve: () => void }[] = [];
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const timer = { at: clock.t + ms, resolve };
        timers.push(timer);
        signal?.addEventListener("abort", () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(signal.reason);
        }, { once: true });
      }),
    async advance(ms: number) {
      clock.t += ms;
      for (const timer of timers.filter((x) => x.at <= clock.t)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.resolve();
      }
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
  };
  return clock;
}

Deno.test("a queued waiter that aborts rejects at once and gives its turn to the next", async () => {
  const clock = manualClock();
  const pacer = new AccountPacer({}, clock);
  const granted: [string, number][] = [];
  const take = (name: string, signal?: AbortSignal) =>
    pacer.admit("launchInstance", signal).then((done) => {
      granted.push([name, clock.t]);
      done();
    });
  await take("first");
  const second = take("second");
  const controller = new AbortController();
  const third = take("third", controller.signal);
  await clock.advance(100);
  controller.abort(new Error("gave up"));
  await assert.rejects(third, /gave up/); // no clock movement needed
  assert.equal(clock.t, 100);
  const fourth = take("fourth");
  await clock.advance(11_900);
  await second;
  await clock.advance(12_000);
  await fourth;
  assert.deepEqual(granted, [["first", 0], ["second", 12_000], [
    "fourth",
    24_000,
  ]]);
});

Deno.test("a read that comes while the pacer sleeps for a launch slot goes at its own slot", async () => {
  const clock = manualClock();
  const pacer = new AccountPacer({}, clock);
  (await pacer.admit("launchInstance"))();
  const launch = pacer.admit("launchInstance");
  await clock.advance(2_000); // the pacer sleeps towards 12 000
  let readAt: number | undefined;
  const read = pacer.admit("getInstance").then((done) => {
    readAt = clock.t;
    done();
  });
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await read;
  assert.equal(readAt, 2_000);
  await clock.advance(10_000);
  (await launch)();
  assert.equal(clock.t, 12_000);
});

Deno.test("a 429 holds the account: the next attempt waits at least the documented interval or Retry-After", async () => {
  const time = fakeTime(0);
  const pacer = new AccountPacer({
    requestsPerSecond: Infinity,
    launchesPerMinute: Infinity,
  }, time);
  assert.equal(pacer.rateLimited("listInstances"), 1_000);
  assert.equal(pacer.rateLimited("listInstances", 4_000), 4_000);
  assert.equal(pacer.rateLimited("launchInstance"), 12_000);
  assert.equal(waitAfterRateLimit("launchInstance", 30_000), 30_000);

  const paced = new AccountPacer({}, time);
  (await paced.admit("listInstances"))();
  paced.rateLimited("listInstances", 5_000);
  assert.equal(await sendNow(paced, time.now, "getInstance"), 5_000);
  paced.rateLimited("launchInstance");
  const [launchAt, readAt] = await Promise.all([
    sendNow(paced, time.now, "launchInstance"),
    sendNow(paced, time.now, "listInstances"),
  ]);
  assert.deepEqual([readAt, launchAt], [6_000, 17_000]);
});
