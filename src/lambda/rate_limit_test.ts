import assert from "node:assert/strict";
import { LaunchRateLimiter } from "./rate_limit.ts";
import { fakeTime } from "./testdata/clock.ts";

Deno.test("spaces calls 60 s / perMinute apart, in order, on the injected clock", async () => {
  const time = fakeTime(0);
  const limiter = new LaunchRateLimiter(5, time);
  const starts: number[] = [];
  await Promise.all(
    [1, 2, 3].map(() => limiter.acquire().then(() => starts.push(time.t.now))),
  );
  assert.deepEqual(starts, [0, 12_000, 24_000]);
  time.t.now += 60_000;
  await limiter.acquire();
  assert.deepEqual(
    time.t.slept,
    [12_000, 12_000],
    "no wait after a quiet minute",
  );
});

Deno.test("Infinity disables the limiter; an aborted waiter rejects with the reason", async () => {
  const time = fakeTime(0);
  const open = new LaunchRateLimiter(Infinity, time);
  for (let i = 0; i < 10; i++) await open.acquire();
  assert.deepEqual(time.t.slept, []);

  const limiter = new LaunchRateLimiter(1, {
    now: () => 0,
    sleep: (_ms, signal) =>
      new Promise((_, reject) =>
        signal?.addEventListener("abort", () => reject(signal.reason))
      ),
  });
  await limiter.acquire();
  const controller = new AbortController();
  const waiting = limiter.acquire(controller.signal);
  controller.abort(new Error("gave up"));
  await assert.rejects(waiting, /gave up/);
  assert.throws(() => new LaunchRateLimiter(0, time), RangeError);
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
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
  return clock;
}

Deno.test("a queued waiter that aborts rejects at once and gives its turn to the next", async () => {
  const clock = manualClock();
  const limiter = new LaunchRateLimiter(5, clock);
  const granted: [string, number][] = [];
  const take = (name: string, signal?: AbortSignal) =>
    limiter.acquire(signal).then(() => granted.push([name, clock.t]));
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
