import assert from "node:assert/strict";
import { LaunchRateLimiter } from "./rate_limit.ts";
import { fakeTime } from "./testdata/fake_lambda.ts";

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
