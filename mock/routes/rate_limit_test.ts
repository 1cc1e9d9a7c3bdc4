import assert from "node:assert/strict";
import { createMockLambda } from "../mod.ts";
import { PUBLIC_KEY } from "../testdata/helpers.ts";
import { LAMBDA_RATE_LIMITS, RateLimiter } from "./rate_limit.ts";

const AUTH = { authorization: "Bearer k", "content-type": "application/json" };
const LAUNCH = JSON.stringify({
  region_name: "us-west-1",
  instance_type_name: "gpu_1x_a10",
  ssh_key_names: ["me"],
});

function assertRateLimited(status: number, body: unknown): void {
  assert.equal(status, 429);
  assert.deepEqual(Object.keys(body as object), ["error"]);
  const error = (body as { error: Record<string, unknown> }).error;
  assert.equal(error.code, "global/too-many-requests");
  assert.equal(typeof error.message, "string");
  for (const k of Object.keys(error)) {
    assert.ok(["code", "message", "suggestion"].includes(k), k);
  }
}

Deno.test("limiter: Lambda's documented rates as token buckets on the given clock", () => {
  let now = 0;
  const limiter = new RateLimiter(() => now);
  const { general, launch } = LAMBDA_RATE_LIMITS;
  assert.equal(general.perSecond, 1);
  assert.equal(launch.perSecond, 1 / 12);
  // The burst is spent at once, then one request per second.
  for (let i = 0; i < general.burst; i++) {
    assert.equal(limiter.admit("k", false), undefined, `request ${i}`);
  }
  const refused = limiter.admit("k", false);
  assert.equal(refused?.limit, "general");
  assert.equal(refused?.retryAfterMs, 1000);
  now += 999;
  assert.equal(limiter.admit("k", false)?.limit, "general");
  now += 1;
  assert.equal(limiter.admit("k", false), undefined);
  // Another key has buckets of its own.
  assert.equal(limiter.admit("other", false), undefined);
  // Launches: five at once (one a second, for the general bucket), then
  // one per 12 s.
  now += 60_000;
  for (let i = 0; i < launch.burst; i++) {
    assert.equal(limiter.admit("k", true), undefined, `launch ${i}`);
    now += 1000;
  }
  const sixth = limiter.admit("k", true);
  assert.equal(sixth?.limit, "launch");
  // A refused request takes no token from either bucket.
  assert.equal(limiter.admit("k", false), undefined);
  now += 12_000;
  assert.equal(limiter.admit("k", true), undefined);
  // A clock that goes back (a reset) refills nothing and breaks nothing.
  now = 0;
  assert.equal(limiter.admit("k", true)?.limit, "launch");
  limiter.reset();
  assert.equal(limiter.admit("k", true), undefined);
});

Deno.test("rateLimits: 'lambda': a burst gets 429 in Lambda's envelope, without Retry-After, until the clock moves", async () => {
  const mock = createMockLambda({ apiKey: "k", rateLimits: "lambda" });
  const answers = await Promise.all(
    Array.from(
      { length: 10 },
      () => mock.fetch("/api/v1/regions", { headers: AUTH }),
    ),
  );
  const limited = answers.filter((r) => r.status === 429);
  assert.equal(limited.length, 10 - LAMBDA_RATE_LIMITS.general.burst);
  for (const r of limited) {
    assert.equal(r.headers.get("retry-after"), null);
    assertRateLimited(r.status, await r.json());
  }
  for (const r of answers) await r.body?.cancel().catch(() => {});
  // Admin routes are never limited.
  for (let i = 0; i < 20; i++) {
    const admin = await mock.fetch("/_mock/state");
    assert.equal(admin.status, 200);
    await admin.body?.cancel();
  }
  // Requests with a wrong key count against no one's budget.
  const bad = await mock.fetch("/api/v1/regions", {
    headers: { authorization: "Bearer nope" },
  });
  assert.equal(bad.status, 401);
  await bad.body?.cancel();
  mock.clock.advance(1000);
  const next = await mock.fetch("/api/v1/regions", { headers: AUTH });
  assert.equal(next.status, 200);
  await next.body?.cancel();
  // Reset refills the buckets with the world.
  mock.reset();
  const fresh = await Promise.all(
    Array.from(
      { length: 5 },
      () => mock.fetch("/api/v1/regions", { headers: AUTH }),
    ),
  );
  assert.deepEqual(fresh.map((r) => r.status), [200, 200, 200, 200, 200]);
  for (const r of fresh) await r.body?.cancel();
});

Deno.test("rateLimits: 'lambda': six launches inside a minute, the sixth is a 429 and launches nothing", async () => {
  const mock = createMockLambda({ apiKey: "k", rateLimits: "lambda" });
  const key = await mock.fetch("/api/v1/ssh-keys", {
    method: "POST",
    headers: AUTH,
    body: JSON.stringify({ name: "me", public_key: PUBLIC_KEY }),
  });
  assert.equal(key.status, 200);
  await key.body?.cancel();
  const statuses: number[] = [];
  let last: unknown;
  for (let i = 0; i < 6; i++) {
    mock.clock.advance(2_000); // one launch every 2 s: 10 s in all
    const res = await mock.fetch("/api/v1/instance-operations/launch", {
      method: "POST",
      headers: AUTH,
      body: LAUNCH,
    });
    statuses.push(res.status);
    last = await res.json();
  }
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
  assertRateLimited(429, last);
  assert.equal(mock.state.instances.length, 5);
  // Other requests go on meanwhile.
  const list = await mock.fetch("/api/v1/instances", { headers: AUTH });
  assert.equal(list.status, 200);
  await list.body?.cancel();
});

Deno.test("rateLimits: Retry-After only when the fault option asks for it", async () => {
  const mock = createMockLambda({
    apiKey: "k",
    rateLimits: "lambda",
    faults: { rateLimitRetryAfter: true },
  });
  let res: Response | undefined;
  for (let i = 0; i <= LAMBDA_RATE_LIMITS.general.burst; i++) {
    await res?.body?.cancel();
    res = await mock.fetch("/api/v1/regions", { headers: AUTH });
  }
  assert.equal(res!.status, 429);
  assert.equal(res!.headers.get("retry-after"), "1");
  await res!.body?.cancel();
});

Deno.test("rateLimits: 'off' (the in-process default) never limits", async () => {
  for (
    const mock of [
      createMockLambda({ apiKey: "k" }),
      createMockLambda({ apiKey: "k", rateLimits: "off" }),
    ]
  ) {
    const answers = await Promise.all(
      Array.from(
        { length: 30 },
        () => mock.fetch("/api/v1/regions", { headers: AUTH }),
      ),
    );
    assert.ok(answers.every((r) => r.status === 200));
    for (const r of answers) await r.body?.cancel();
  }
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createMockLambda({ rateLimits: "strict" as any }),
    /rateLimits/,
  );
});

async function burst(
  mock: ReturnType<typeof createMockLambda>,
  n: number,
): Promise<number[]> {
  const answers = await Promise.all(
    Array.from(
      { length: n },
      () => mock.fetch("/api/v1/regions", { headers: AUTH }),
    ),
  );
  for (const r of answers) await r.body?.cancel().catch(() => {});
  return answers.map((r) => r.status);
}

Deno.test("mock.rateLimits: switched on at run time with full buckets, off again, and back to the option on reset", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  assert.equal(mock.rateLimits, "off");
  assert.deepEqual(await burst(mock, 10), Array(10).fill(200));
  mock.rateLimits = "lambda";
  assert.equal(mock.rateLimits, "lambda");
  const statuses = await burst(mock, 10);
  const { burst: size } = LAMBDA_RATE_LIMITS.general;
  assert.deepEqual(statuses.filter((s) => s === 200).length, size);
  assert.deepEqual(statuses.filter((s) => s === 429).length, 10 - size);
  // Switching on again while on keeps the emptied buckets: no free refill.
  mock.rateLimits = "lambda";
  assert.deepEqual(await burst(mock, 1), [429]);
  mock.rateLimits = "off";
  assert.deepEqual(await burst(mock, 10), Array(10).fill(200));
  // Off and on again: the buckets start full, though the clock stood still.
  mock.rateLimits = "lambda";
  assert.equal((await burst(mock, size)).filter((s) => s === 200).length, size);
  mock.reset();
  assert.equal(mock.rateLimits, "off", "reset: the mode of the options");
  assert.equal(
    mock.options.rateLimits,
    undefined,
    "options say what was given",
  );
});

Deno.test("mock.rateLimits: reset of an emulator created with 'lambda' turns them back on, full", async () => {
  const mock = createMockLambda({ apiKey: "k", rateLimits: "lambda" });
  assert.equal(mock.rateLimits, "lambda");
  await burst(mock, 10);
  mock.rateLimits = "off";
  mock.reset();
  assert.equal(mock.rateLimits, "lambda");
  const statuses = await burst(mock, 10);
  assert.equal(
    statuses.filter((s) => s === 200).length,
    LAMBDA_RATE_LIMITS.general.burst,
  );
});

Deno.test("mock.rateLimits: anything but 'lambda' or 'off' is a TypeError naming the option, and changes nothing", () => {
  const mock = createMockLambda({ rateLimits: "lambda" });
  for (const bad of ["on", "", true, null, undefined, 1]) {
    assert.throws(
      () => {
        (mock as { rateLimits: unknown }).rateLimits = bad;
      },
      { name: "TypeError", message: /rateLimits must be "lambda" or "off"/ },
    );
    assert.equal(mock.rateLimits, "lambda");
  }
});
