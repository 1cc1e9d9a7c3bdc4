import assert from "node:assert/strict";
import { assertConforms } from "../contract_tests/conformance.ts";
import { FaultInjector, normaliseFaults, spreadFaultRate } from "./faults.ts";
import { createMockLambda } from "./mod.ts";
import { PUBLIC_KEY } from "./testdata/helpers.ts";

const AUTH = { authorization: "Bearer k" };
const LAUNCH = JSON.stringify({
  region_name: "us-west-1",
  instance_type_name: "gpu_1x_a10",
  ssh_key_names: ["me"],
});

async function withKey(faults = {}) {
  const mock = createMockLambda({ apiKey: "k", seed: 1 });
  const res = await mock.fetch("/api/v1/ssh-keys", {
    method: "POST",
    headers: AUTH,
    body: JSON.stringify({ name: "me", public_key: PUBLIC_KEY }),
  });
  await res.body?.cancel();
  mock.faults.set(faults);
  return mock;
}

Deno.test("injected 5xx answers in Lambda's envelope", async () => {
  const mock = createMockLambda({
    apiKey: "k",
    faults: { errorRate: 1, seed: 3 },
  });
  const seen = new Set<number>();
  for (let i = 0; i < 30; i++) {
    const res = await mock.fetch("/api/v1/instances", { headers: AUTH });
    seen.add(res.status);
    const body = await res.json();
    assert.equal(typeof body.error.code, "string");
    assert.equal(typeof body.error.message, "string");
  }
  assert.deepEqual([...seen].sort(), [500, 502, 503]);
  mock.faults.clear();
  const ok = await mock.fetch("/api/v1/instances", { headers: AUTH });
  assert.equal(ok.status, 200);
  assertConforms("GET", "/api/v1/instances", 200, await ok.json());
});

Deno.test("429 with Retry-After", async () => {
  const mock = createMockLambda({
    apiKey: "k",
    faults: { rateLimitRate: 1, retryAfterSeconds: 7 },
  });
  const res = await mock.fetch("/api/v1/regions", { headers: AUTH });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after"), "7");
  assert.equal((await res.json()).error.code, "global/too-many-requests");
});

Deno.test("dropped connections: in-process fetch and handler reject with a TypeError", async () => {
  const mock = createMockLambda({ apiKey: "k", faults: { resetRate: 1 } });
  await assert.rejects(
    () => mock.fetch("/api/v1/regions", { headers: AUTH }),
    TypeError,
  );
  await assert.rejects(
    () =>
      mock.handler(new Request("http://x/api/v1/regions", { headers: AUTH })),
    TypeError,
  );
});

Deno.test("dropped connections over a socket are network errors for the client", async () => {
  const mock = createMockLambda({ apiKey: "k", faults: { resetRate: 1 } });
  const server = await mock.listen();
  try {
    await assert.rejects(async () => {
      const res = await fetch(`${server.url}/api/v1/regions`, {
        headers: AUTH,
      });
      await res.json();
    }, TypeError);
  } finally {
    await server.close();
  }
});

Deno.test("commit then fail: the launch is in state, the answer is a 5xx or a dropped connection", async () => {
  const mock = await withKey({ commitThenFailLaunchRate: 1, seed: 5 });
  const outcomes = new Set<string>();
  for (let i = 0; i < 8; i++) {
    try {
      const res = await mock.fetch("/api/v1/instance-operations/launch", {
        method: "POST",
        headers: AUTH,
        body: LAUNCH,
      });
      assert.ok(res.status >= 500);
      assert.ok((await res.json()).error.code);
      outcomes.add("5xx");
    } catch (err) {
      assert.ok(err instanceof TypeError);
      outcomes.add("dropped");
    }
  }
  assert.deepEqual([...outcomes].sort(), ["5xx", "dropped"]);
  assert.equal(mock.state.instances.length, 8);
  assert.equal(mock.state.capacity["us-west-1"].gpu_1x_a10, 2);
  // Other operations answer normally.
  const list = await mock.fetch("/api/v1/instances", { headers: AUTH });
  assert.equal(list.status, 200);
  await list.body?.cancel();
});

Deno.test("malformed bodies: truncated JSON or HTML", async () => {
  const mock = createMockLambda({
    apiKey: "k",
    faults: { malformedBodyRate: 1, seed: 9 },
  });
  const kinds = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const res = await mock.fetch("/api/v1/regions", { headers: AUTH });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.throws(() => JSON.parse(text), SyntaxError);
    kinds.add(res.headers.get("content-type")!);
  }
  assert.deepEqual([...kinds].sort(), ["application/json", "text/html"]);
});

Deno.test("faults are deterministic for a seed", async () => {
  async function run(seed: number) {
    const mock = await withKey({
      errorRate: 0.2,
      rateLimitRate: 0.1,
      resetRate: 0.1,
      commitThenFailLaunchRate: 0.3,
      malformedBodyRate: 0.1,
      seed,
    });
    const trace: string[] = [];
    for (let i = 0; i < 60; i++) {
      const launch = i % 3 === 0;
      try {
        const res = await mock.fetch(
          launch ? "/api/v1/instance-operations/launch" : "/api/v1/instances",
          {
            method: launch ? "POST" : "GET",
            headers: AUTH,
            body: launch ? LAUNCH : undefined,
          },
        );
        const text = await res.text();
        trace.push(`${res.status}:${text.length}`);
      } catch {
        trace.push("drop");
      }
    }
    return { trace, instances: mock.state.instances.map((i) => i.id) };
  }
  const a = await run(11);
  assert.deepEqual(await run(11), a);
  assert.notDeepEqual((await run(12)).trace, a.trace);
  assert.ok(a.trace.some((t) => t.startsWith("200")));
  assert.ok(a.trace.some((t) => t === "drop"));
  assert.ok(a.trace.some((t) => t.startsWith("429")));
});

Deno.test("under mixed faults nothing crashes and capacity stays consistent", async () => {
  const mock = await withKey({ ...spreadFaultRate(0.5), seed: 2 });
  for (let i = 0; i < 200; i++) {
    try {
      const res = await mock.fetch("/api/v1/instance-operations/launch", {
        method: "POST",
        headers: AUTH,
        body: LAUNCH,
      });
      await res.text();
      assert.ok(
        [200, 400, 429, 500, 502, 503].includes(res.status),
        String(res.status),
      );
    } catch (err) {
      assert.ok(err instanceof TypeError);
    }
  }
  const s = mock.state;
  assert.ok(s.capacity["us-west-1"].gpu_1x_a10 >= 0);
  assert.equal(s.capacity["us-west-1"].gpu_1x_a10 + s.instances.length, 10);
});

Deno.test("fault options are validated; spreadFaultRate", () => {
  assert.throws(() => normaliseFaults({ errorRate: -0.1 }), TypeError);
  assert.throws(() => normaliseFaults({ latencyMs: -1 }), TypeError);
  assert.throws(() => normaliseFaults("x"), TypeError);
  assert.deepEqual(normaliseFaults(undefined), {});
  const spread = spreadFaultRate(0.2, 4);
  assert.equal(spread.seed, 4);
  const total = spread.errorRate! + spread.rateLimitRate! + spread.resetRate! +
    spread.malformedBodyRate!;
  assert.ok(Math.abs(total - 0.17) < 1e-9);
  const f = new FaultInjector();
  assert.equal(f.active, false);
  assert.deepEqual(f.before(), { kind: "none" });
});

Deno.test("latencyMs beyond what a timer holds waits the longest a timer can, not 1 ms", async () => {
  // setTimeout holds at most 2^31 - 1 ms; a longer delay overflows to
  // about 1 ms. Record the delays the emulator asks for, then abort.
  const mock = createMockLambda({ apiKey: "k", faults: { latencyMs: 3e9 } });
  const asked: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    asked.push(ms ?? 0);
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout;
  const controller = new AbortController();
  let settled = "pending";
  const answer = mock.fetch("/api/v1/regions", {
    headers: AUTH,
    signal: controller.signal,
  }).then(
    (res) => {
      settled = `answered ${res.status}`;
      return res.body?.cancel();
    },
    (err) => {
      settled = `rejected ${(err as Error).name}`;
    },
  );
  try {
    // Let a 1 ms (overflowed) timer fire if there is one.
    await new Promise((resolve) => realSetTimeout(resolve, 30));
    assert.equal(settled, "pending");
    assert.deepEqual(asked, [2 ** 31 - 1]);
  } finally {
    globalThis.setTimeout = realSetTimeout;
    controller.abort();
    await answer;
  }
  assert.equal(settled, "rejected AbortError");
  // The setting itself is kept as given.
  assert.equal(mock.faults.get().latencyMs, 3e9);
});

Deno.test("injected 403s: every code the description declares, only where it declares it", async () => {
  // The description declares global/account-inactive on every operation,
  // global/forbidden also on listing and reading instances, and
  // global/invalid-address also on launching and creating filesystems.
  const mock = await withKey();
  mock.faults.set({ forbiddenRate: 1, seed: 2 });
  const calls: Array<[string, string, string?]> = [
    ["GET", "/api/v1/instances"],
    ["GET", "/api/v1/instances/0123"],
    ["POST", "/api/v1/instance-operations/launch", LAUNCH],
    ["POST", "/api/v1/filesystems", '{"name":"fs","region":"us-west-1"}'],
    ["GET", "/api/v1/regions"],
    ["DELETE", "/api/v1/ssh-keys/x"],
  ];
  const codes = new Map<string, Set<string>>();
  const before = JSON.stringify(mock.state);
  for (let i = 0; i < 40; i++) {
    for (const [method, path, body] of calls) {
      const res = await mock.fetch(path, { method, headers: AUTH, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      const answer = await res.json();
      assertConforms(method, path, 403, answer);
      const seen = codes.get(path) ?? new Set();
      seen.add(answer.error.code);
      codes.set(path, seen);
    }
  }
  assert.equal(JSON.stringify(mock.state), before, "a 403 changes nothing");
  assert.deepEqual([...codes.get("/api/v1/instances")!].sort(), [
    "global/account-inactive",
    "global/forbidden",
  ]);
  assert.deepEqual(
    [...codes.get("/api/v1/instance-operations/launch")!].sort(),
    [
      "global/account-inactive",
      "global/invalid-address",
    ],
  );
  assert.deepEqual([...codes.get("/api/v1/regions")!], [
    "global/account-inactive",
  ]);
  // An inactive account, always: one code only.
  mock.faults.set({
    forbiddenRate: 1,
    forbiddenCodes: ["global/account-inactive"],
  });
  const res = await mock.fetch("/api/v1/instances", { headers: AUTH });
  assert.equal((await res.json()).error.code, "global/account-inactive");
  // Admin routes and bad keys are not affected: a 401 comes first.
  const bad = await mock.fetch("/api/v1/instances", {
    headers: { authorization: "Bearer nope" },
  });
  assert.equal(bad.status, 401);
  await bad.body?.cancel();
  const admin = await mock.fetch("/_mock/state");
  assert.equal(admin.status, 200);
  await admin.body?.cancel();
});

Deno.test("injected provider/* errors with 4xx and 5xx statuses, in the envelope, changing nothing", async () => {
  // The description: errors from upstream providers carry a provider/
  // code prefix (its example: 503 provider/internal-unavailable).
  const mock = await withKey();
  mock.faults.set({ providerErrorRate: 1, seed: 4 });
  const statuses = new Set<number>();
  const before = JSON.stringify(mock.state);
  for (let i = 0; i < 60; i++) {
    const res = await mock.fetch("/api/v1/instance-operations/launch", {
      method: "POST",
      headers: AUTH,
      body: LAUNCH,
    });
    const { error } = await res.json();
    statuses.add(res.status);
    assert.match(error.code, /^provider\//);
    assert.equal(typeof error.message, "string");
  }
  assert.equal(JSON.stringify(mock.state), before, "nothing launched");
  assert.ok(
    [...statuses].some((s) => s >= 400 && s < 500),
    [...statuses].join(),
  );
  assert.ok([...statuses].some((s) => s >= 500), [...statuses].join());
  mock.faults.set({ providerErrorRate: 1, providerErrorStatuses: [400] });
  const res = await mock.fetch("/api/v1/regions", { headers: AUTH });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.code, /^provider\//);
  assert.throws(
    () => normaliseFaults({ providerErrorStatuses: [418] }),
    /providerErrorStatuses/,
  );
  assert.throws(
    () => normaliseFaults({ forbiddenCodes: ["global/nope"] }),
    /forbiddenCodes/,
  );
});
