/**
 * Pacing per credential, end to end: clients of one account keep to
 * Lambda's documented rates (about one request per second, one launch per
 * 12 s) on the injected clock, so that a server that enforces them strictly
 * never has to refuse a request; a 429 waits at least the documented
 * interval; a request queued behind the pacer honours its caller's signal.
 * Every clock here is the emulator's manual one: no test waits in wall time.
 */
import assert from "node:assert/strict";
import { createMockLambda } from "../../mock/mod.ts";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import { LambdaAccount } from "./account.ts";
import { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";
import { strictlyLimited } from "./testdata/strict_limiter.ts";
import { WireLog } from "./testdata/wire_log.ts";

const API_KEY = "pacing-key-SECRET";
const REF_TAG = "gpufleet:ref-id";
const LIVE = new Set(["booting", "active", "unhealthy"]);

const attrs = (refId: string): CreateInstanceAttrs => ({
  location: "us-west-1",
  instanceType: "gpu_1x_a10",
  refId,
  keyPairName: "pacing-key",
});

/**
 * The emulator on its manual clock behind `front` (the strict limiter by
 * default), and clients of one account whose sleeps move that clock.
 */
function setup(options: Partial<LambdaLabsClientOptions> = {}) {
  const mock = createMockLambda({
    apiKey: API_KEY,
    clock: "manual",
    terminatedRetentionSeconds: 1e9,
    capacity: { "us-west-1": { gpu_1x_a10: 100 } },
  });
  const log = new WireLog();
  const limited = strictlyLimited(
    (request) => mock.fetch(request),
    () => mock.clock.now(),
  );
  const slept: number[] = [];
  const common: LambdaLabsClientOptions = {
    refId: "cred-pacing",
    apiKey: API_KEY,
    fetch: log.wrap(limited.fetch),
    now: () => mock.clock.now(),
    sleep: (ms) => {
      slept.push(ms);
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...options,
  };
  const account = new LambdaAccount(common);
  const client = (location = "us-west-1") =>
    new LambdaLabsClient({ ...common, location, account });
  return { mock, log, refused: limited.refused, slept, client };
}

async function addKey(mock: ReturnType<typeof createMockLambda>) {
  await (await mock.fetch("/api/v1/ssh-keys", {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ name: "pacing-key" }),
  })).body?.cancel();
}

Deno.test("behind a strict 1 req/s limiter without Retry-After, concurrent creates of two clients of one account all succeed and nothing is refused", async () => {
  const { mock, refused, client } = setup();
  await addKey(mock);
  const west = client("us-west-1");
  const east = client("us-east-1");
  const made = await Promise.all(
    [0, 1, 2, 3].map((n) =>
      (n % 2 ? east : west).createInstance(attrs(`strict-${n}`))
    ),
  );
  assert.equal(new Set(made.map((i) => i.cloudId)).size, 4);
  assert.deepEqual(refused, [], "the pacer let a request through too early");
  const live = mock.state.instances.filter((i) => LIVE.has(i.status));
  assert.deepEqual(
    live.map((i) => i.tags?.find((t) => t.key === REF_TAG)?.value).sort(),
    ["strict-0", "strict-1", "strict-2", "strict-3"],
  );
});

Deno.test("requests of one account are spaced a second apart and launches 12 s apart, on the injected clock", async () => {
  const { mock } = setup();
  await addKey(mock);
  const at: { op: string; t: number }[] = [];
  const c = new LambdaLabsClient({
    refId: "cred-pacing",
    apiKey: API_KEY,
    fetch: (input, init) => {
      const request = new Request(input, init);
      at.push({
        op: `${request.method} ${new URL(request.url).pathname}`,
        t: mock.clock.now(),
      });
      return mock.fetch(request);
    },
    now: () => mock.clock.now(),
    sleep: (ms) => {
      mock.clock.advance(ms);
      return Promise.resolve();
    },
  });
  await Promise.all([
    c.createInstance(attrs("a")),
    c.createInstance(attrs("b")),
  ]);
  for (let n = 1; n < at.length; n++) {
    assert.ok(at[n].t - at[n - 1].t >= 1_000, JSON.stringify(at));
  }
  const launches = at.filter((r) => r.op.endsWith("/launch"));
  assert.equal(launches.length, 2);
  assert.ok(launches[1].t - launches[0].t >= 12_000, JSON.stringify(at));
});

Deno.test("a 429 without Retry-After waits at least the documented interval before the next try: 1 s for a read, 12 s for a launch", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  await addKey(mock);
  const tooMany = () =>
    Response.json({
      error: { code: "global/too-many-requests", message: "slow down" },
    }, { status: 429 });
  const refusedOnce = new Set<string>();
  const at = new Map<string, number[]>();
  const client = new LambdaLabsClient({
    refId: "cred-pacing",
    apiKey: API_KEY,
    // Pacing off: the wait must come from the 429 alone.
    maxRequestsPerSecond: Infinity,
    maxCreateRequestsPerMinute: Infinity,
    random: () => 0,
    now: () => mock.clock.now(),
    sleep: (ms) => {
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    fetch: (input, init) => {
      const request = new Request(input, init);
      const op = `${request.method} ${new URL(request.url).pathname}`;
      at.set(op, [...(at.get(op) ?? []), mock.clock.now()]);
      if (!refusedOnce.has(op)) {
        refusedOnce.add(op);
        return Promise.resolve(tooMany());
      }
      return mock.fetch(request);
    },
  });
  await client.createInstance(attrs("after-429"));
  const list = at.get("GET /api/v1/instances")!;
  assert.ok(
    list[1] - list[0] >= 1_000,
    `list retried after ${list[1] - list[0]} ms`,
  );
  const launch = at.get("POST /api/v1/instance-operations/launch")!;
  assert.equal(launch.length, 2);
  assert.ok(
    launch[1] - launch[0] >= 12_000,
    `launch retried after ${launch[1] - launch[0]} ms`,
  );
});

Deno.test("a request queued behind the pacer rejects with its caller's reason as soon as the caller aborts, and is never sent", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  const log = new WireLog();
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  // The first request's answer is held, so the second waits in the queue.
  const client = new LambdaLabsClient({
    refId: "cred-pacing",
    apiKey: API_KEY,
    now: () => mock.clock.now(),
    sleep: (ms) => {
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    fetch: log.wrap(async (request) => {
      if (log.count() === 1) await held;
      return mock.fetch(request);
    }),
  });
  const first = client.listInstances();
  const controller = new AbortController();
  const second = client.getInstance("0123456789abcdef0123456789abcdef", {
    signal: controller.signal,
  });
  controller.abort(new Error("gave up"));
  const err = await second.catch((e) => e);
  assert.equal(err.message, "gave up");
  release();
  await first;
  assert.ok(!log.sent.includes("GET /api/v1/instances/{id}"));
});
