/**
 * Defects found by review: slow commits, shared creates and aborts, the
 * limiter, bad answers, foreign images, failing firewall endpoints, empty
 * ids. Against the emulator on its manual clock: the client's sleeps move
 * it, so no test waits in wall time (the timeout tests use a real timer of
 * a few ms).
 */
import assert from "node:assert/strict";
import { createMockLambda, type MockLambda } from "../../mock/mod.ts";
import {
  ApiError,
  ImageNotFoundError,
  InvalidArgumentError,
} from "../v1/errors.ts";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";
import { LambdaAccount } from "./account.ts";
import { LambdaLabsCredential } from "./credential.ts";

const API_KEY = "robust-key-SECRET";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";
const REF_TAG = "gpufleet:ref-id";
const LAUNCH = "POST /api/v1/instance-operations/launch";
const LIVE = new Set(["booting", "active", "unhealthy"]);

const attrs = (
  refId: string,
  over: Partial<CreateInstanceAttrs> = {},
): CreateInstanceAttrs => ({
  location: "us-west-1",
  instanceType: "gpu_1x_a10",
  name: `job-${refId}`,
  refId,
  publicKey: PUBLIC_KEY,
  ...over,
});

function opOf(request: Request): string {
  return `${request.method} ${
    new URL(request.url).pathname.replace(/[0-9a-f]{32}/g, "{id}")
  }`;
}

function liveFor(mock: MockLambda, refId: string) {
  return mock.state.instances.filter((i) =>
    LIVE.has(i.status) &&
    i.tags?.some((t) => t.key === REF_TAG && t.value === refId)
  );
}

/**
 * An emulator on its manual clock; `client()` makes clients whose sleeps
 * run `onSleep` and then advance that clock.
 */
function setup(mockOptions: Parameters<typeof createMockLambda>[0] = {}) {
  const mock = createMockLambda({
    apiKey: API_KEY,
    clock: "manual",
    terminatedRetentionSeconds: 1e9,
    ...mockOptions,
  });
  const hooks = { onSleep: async () => {} };
  const client = (
    fetch: typeof globalThis.fetch = mock.fetch,
    options: Partial<LambdaLabsClientOptions> = {},
  ) =>
    new LambdaLabsClient({
      refId: "cred-robust",
      apiKey: API_KEY,
      fetch,
      now: () => mock.clock.now(),
      sleep: async (ms) => {
        await hooks.onSleep();
        mock.clock.advance(ms);
      },
      random: () => 0.5,
      maxCreateRequestsPerMinute: Infinity,
      ...options,
    });
  return { mock, hooks, client };
}

Deno.test("a launch the server commits after the client timed out is found, not launched twice", async () => {
  const { mock, hooks, client } = setup();
  // The server receives each launch but commits it only after the client's
  // timeout fired, at the client's next sleep (or at the end of the test).
  const received: Request[] = [];
  const commitReceived = async () => {
    for (const request of received.splice(0)) {
      await (await mock.fetch(request)).body?.cancel();
    }
  };
  hooks.onSleep = commitReceived;
  const slowCommits: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (opOf(request) !== LAUNCH) return await mock.fetch(request);
    const copy = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: await request.text(),
    });
    return await new Promise<Response>((_, reject) => {
      const timedOut = () => {
        received.push(copy);
        reject(request.signal.reason);
      };
      if (request.signal.aborted) timedOut();
      request.signal.addEventListener("abort", timedOut);
    });
  };
  const inst = await client(slowCommits, { timeoutMs: 5 }).createInstance(
    attrs("slow-commit"),
  );
  await commitReceived(); // whatever the server still holds
  mock.clock.advance(60_000);
  assert.deepEqual(liveFor(mock, "slow-commit").map((i) => i.id), [
    inst.cloudId,
  ]);
});

Deno.test("two separate clients creating one ref id at once end with one instance, and both return it", async () => {
  const { mock, client } = setup();
  // Both launches reach the server before either is answered.
  let arrived = 0;
  let bothSent!: () => void;
  const barrier = new Promise<void>((r) => bothSent = r);
  const together: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (opOf(request) === LAUNCH && ++arrived === 2) bothSent();
    if (opOf(request) === LAUNCH) await barrier;
    return await mock.fetch(request);
  };
  const [a, b] = await Promise.all([
    client(together).createInstance(attrs("raced")),
    client(together).createInstance(attrs("raced")),
  ]);
  mock.clock.advance(60_000);
  const live = liveFor(mock, "raced").map((i) => i.id);
  assert.equal(live.length, 1, `live: ${live}`);
  assert.equal(a.cloudId, live[0]);
  assert.equal(b.cloudId, live[0]);
});

/**
 * A fetch over the emulator whose launches are committed at once but
 * answered only on `release()` (or rejected when their request aborts).
 */
function heldLaunches(mock: MockLambda) {
  let seen!: () => void;
  const launchSeen = new Promise<void>((r) => seen = r);
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (opOf(request) !== LAUNCH) return await mock.fetch(request);
    const answer = await mock.fetch(request.clone(), { signal: undefined });
    seen();
    return await new Promise<Response>((resolve, reject) => {
      const fail = () => reject(request.signal.reason);
      if (request.signal.aborted) fail();
      request.signal.addEventListener("abort", fail);
      released.then(() => resolve(answer));
    });
  };
  return { fetch, launchSeen, release };
}

/** Lets work that outlives a call run (macrotask turns, no wall-clock wait). */
async function settle() {
  for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
}

Deno.test("shared create: one caller aborting does not abort the others; its launch is kept for them", async () => {
  const { mock, client } = setup();
  const held = heldLaunches(mock);
  const c = client(held.fetch);
  const a = new AbortController();
  const withSignal = c.createInstance(attrs("shared"), { signal: a.signal });
  const withoutSignal = c.createInstance(attrs("shared"));
  await held.launchSeen;
  const reason = new Error("A gave up");
  a.abort(reason);
  assert.equal(await withSignal.catch((e) => e), reason);
  held.release();
  const inst = await withoutSignal;
  await settle();
  mock.clock.advance(60_000);
  assert.deepEqual(liveFor(mock, "shared").map((i) => i.id), [inst.cloudId]);
});

Deno.test("shared create: when every caller aborts after the launch, each gets its own reason and nothing is left running", async () => {
  const { mock, client } = setup();
  const held = heldLaunches(mock);
  const c = client(held.fetch);
  const a = new AbortController();
  const b = new AbortController();
  const first = c.createInstance(attrs("all-out"), { signal: a.signal });
  const second = c.createInstance(attrs("all-out"), { signal: b.signal });
  await held.launchSeen;
  a.abort(new Error("A"));
  b.abort(new Error("B"));
  assert.equal((await first.catch((e) => e)).message, "A");
  assert.equal((await second.catch((e) => e)).message, "B");
  await settle();
  mock.clock.advance(60_000);
  assert.deepEqual(liveFor(mock, "all-out"), []);
});

Deno.test("clients of one credential share its launch limiter and its in-flight creates", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  let launches = 0;
  const slept: number[] = [];
  const cred = new LambdaLabsCredential({
    refId: "cred-robust",
    apiKey: API_KEY,
    fetch: (input, init) => {
      const request = new Request(input, init);
      if (opOf(request) === LAUNCH) launches++;
      return mock.fetch(request);
    },
    now: () => mock.clock.now(),
    sleep: (ms) => {
      slept.push(ms);
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    maxCreateRequestsPerMinute: 5,
    // Only the launches' pacing is looked at here.
    maxRequestsPerSecond: Infinity,
  });
  const east = await cred.makeClient("us-east-1");
  const west = await cred.makeClient("us-west-1");
  const [a, b] = await Promise.all([
    east.createInstance(attrs("one-ref")),
    west.createInstance(attrs("one-ref")),
  ]);
  assert.equal(a.cloudId, b.cloudId);
  assert.equal(launches, 1, "one in-flight create for both clients");
  await west.createInstance(attrs("second"));
  await east.createInstance(attrs("third"));
  assert.equal(launches, 3);
  assert.deepEqual(slept, [12_000, 12_000], "5 a minute for the credential");
});

Deno.test("the account is explicit: clients given one account share it, clients built on their own do not", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  const slept: number[] = [];
  const options = {
    refId: "cred-robust",
    apiKey: API_KEY,
    fetch: mock.fetch,
    now: () => mock.clock.now(),
    sleep: (ms: number) => {
      slept.push(ms);
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    maxCreateRequestsPerMinute: 5,
    // Only the launches' pacing is looked at here.
    maxRequestsPerSecond: Infinity,
  };
  // Two clients from one options object are still two accounts.
  const alone = [new LambdaLabsClient(options), new LambdaLabsClient(options)];
  await alone[0].createInstance(attrs("alone-1"));
  await alone[1].createInstance(attrs("alone-2"));
  assert.deepEqual(slept, [], "separate accounts, separate pacers");

  const account = new LambdaAccount(options);
  const shared = [
    new LambdaLabsClient({ ...options, account }),
    new LambdaLabsClient({ ...options, location: "us-east-1", account }),
  ];
  await shared[0].createInstance(attrs("shared-1"));
  await shared[1].createInstance(attrs("shared-2"));
  assert.deepEqual(slept, [12_000], "one pacer for the account");
  const made = await (await shared[0].makeClient("us-west-1")).createInstance(
    attrs("shared-3"),
  );
  assert.ok(made.cloudId);
  assert.deepEqual(slept, [12_000, 12_000], "makeClient keeps the account");
});

Deno.test("a launch answered 2xx with a body that fails validation is found by its ref id, not orphaned", async () => {
  const { mock, client } = setup();
  const corrupting: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const answer = await mock.fetch(request);
    if (opOf(request) !== LAUNCH || answer.status !== 200) return answer;
    await answer.body?.cancel();
    return Response.json({ data: { instance_ids: 42 } });
  };
  const inst = await client(corrupting).createInstance(attrs("bad-body"));
  mock.clock.advance(60_000);
  assert.deepEqual(liveFor(mock, "bad-body").map((i) => i.id), [inst.cloudId]);
});

Deno.test("an image id that exists only in another region launches nothing", async () => {
  const { mock, client } = setup({
    images: [{
      id: "img-east-only",
      region: "us-east-1",
      name: "east",
      description: "only in us-east-1",
      family: "east-family",
      version: "1",
      architecture: "x86_64",
    }],
  });
  let launches = 0;
  const counting: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (opOf(request) === LAUNCH) launches++;
    return mock.fetch(request);
  };
  const err = await client(counting).createInstance(
    attrs("foreign-image", { imageId: "img-east-only" }),
  ).catch((e) => e);
  assert.ok(err instanceof ImageNotFoundError, String(err));
  assert.match(err.message, /us-west-1/);
  assert.equal(launches, 0);
  assert.deepEqual(liveFor(mock, "foreign-image"), []);
});

Deno.test("reads degrade when the firewall endpoints fail: the instance, with a message, and no clean-up after a create", async () => {
  const { mock, client } = setup();
  let firewallDown = false;
  const flaky: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (
      firewallDown &&
      new URL(request.url).pathname.startsWith("/api/v1/firewall-rulesets")
    ) {
      return Promise.resolve(Response.json({
        error: { code: "global/internal-error", message: "firewall down" },
      }, { status: 503 }));
    }
    return mock.fetch(request);
  };
  const c = client(flaky);
  const first = await c.createInstance(attrs("fw-ok"));
  firewallDown = true;
  mock.clock.advance(61_000); // past the account's cache of 60 s
  const created = await c.createInstance(attrs("fw-down"));
  const read = await c.getInstance(first.cloudId);
  const listed = await c.listInstances();
  mock.clock.advance(60_000);
  for (const inst of [created, read, ...listed]) {
    assert.ok(
      inst.status.messages?.some((m) =>
        m.startsWith("firewall rules unavailable: ")
      ),
      JSON.stringify(inst.status),
    );
  }
  assert.equal(read.cloudId, first.cloudId);
  assert.deepEqual(
    listed.map((i) => i.cloudId).sort(),
    [first.cloudId, created.cloudId].sort(),
  );
  assert.equal(liveFor(mock, "fw-down").length, 1, "the create was kept");
});

const SSH_RULES = {
  ingressRules: [{
    id: "",
    protocol: "tcp" as const,
    fromPort: 22,
    toPort: 22,
    ipRanges: ["0.0.0.0/0"],
  }],
  egressRules: [],
};
const CREATE_RULESET = "POST /api/v1/firewall-rulesets";

/**
 * A fetch over the emulator that commits every `op` but answers the first
 * one with a 502, as if its answer were lost; `sent.count` counts the `op`s.
 */
function losingFirstAnswer(mock: MockLambda, op: string) {
  const sent = { count: 0 };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (opOf(request) !== op) return await mock.fetch(request);
    const answer = await mock.fetch(request);
    if (++sent.count > 1) return answer;
    await answer.body?.cancel();
    return Response.json({
      error: { code: "global/internal-error", message: "Bad gateway" },
    }, { status: 502 });
  };
  return { fetch, sent };
}

Deno.test("a per-instance ruleset whose create answer is lost is found by name and reused, never created twice", async () => {
  const { mock, client } = setup();
  const lossy = losingFirstAnswer(mock, CREATE_RULESET);
  const inst = await client(lossy.fetch).createInstance(
    attrs("fw-lost", { firewallRules: SSH_RULES }),
  );
  assert.equal(lossy.sent.count, 1, "the create is not sent again");
  const rulesets = mock.state.firewallRulesets;
  assert.equal(rulesets.length, 1);
  assert.deepEqual(rulesets[0].instance_ids, [inst.cloudId]);
});

Deno.test("a ruleset create that failed before it landed is sent again, once", async () => {
  const { mock, client } = setup();
  let rulesetCreates = 0;
  const flaky: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (opOf(request) === CREATE_RULESET && ++rulesetCreates === 1) {
      throw new TypeError("connection reset before the request was sent");
    }
    return await mock.fetch(request);
  };
  const inst = await client(flaky).createInstance(
    attrs("fw-reset", { firewallRules: SSH_RULES }),
  );
  assert.equal(rulesetCreates, 2);
  const rulesets = mock.state.firewallRulesets;
  assert.equal(rulesets.length, 1);
  assert.deepEqual(rulesets[0].instance_ids, [inst.cloudId]);
});

Deno.test("a ruleset create that lands late (after the search) is refused as a duplicate on the second send, and reused", async () => {
  const { mock, client } = setup();
  let rulesetCreates = 0;
  let held: Request | undefined;
  const late: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const op = opOf(request);
    if (op === CREATE_RULESET && ++rulesetCreates === 1) {
      held = new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body: await request.text(),
      });
      throw new TypeError("connection reset");
    }
    const answer = await mock.fetch(request);
    if (op === "GET /api/v1/firewall-rulesets" && held) {
      // The server commits the first create only now, after the search.
      await (await mock.fetch(held)).body?.cancel();
      held = undefined;
    }
    return answer;
  };
  const inst = await client(late).createInstance(
    attrs("fw-late", { firewallRules: SSH_RULES }),
  );
  assert.ok(rulesetCreates >= 2, `${rulesetCreates}`);
  const rulesets = mock.state.firewallRulesets;
  assert.equal(rulesets.length, 1);
  assert.deepEqual(rulesets[0].instance_ids, [inst.cloudId]);
});

Deno.test("an SSH key registration whose answer is lost is found, not registered again", async () => {
  const { mock, client } = setup();
  const lossy = losingFirstAnswer(mock, "POST /api/v1/ssh-keys");
  const inst = await client(lossy.fetch).createInstance(attrs("key-lost"));
  assert.equal(lossy.sent.count, 1, "the add is not sent again");
  assert.equal(mock.state.sshKeys.length, 1);
  assert.equal(liveFor(mock, "key-lost")[0]?.id, inst.cloudId);
});

Deno.test("empty ids are refused with InvalidArgumentError naming the argument, and nothing is sent", async () => {
  const { mock, client } = setup();
  const sent: string[] = [];
  const c = client((input, init) => {
    const request = new Request(input, init);
    sent.push(opOf(request));
    return mock.fetch(request);
  });
  const rule = { id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"] };
  const cases: [string, () => Promise<unknown>][] = [
    ["instanceId", () => c.getInstance("")],
    ["instanceId", () => c.terminateInstance("")],
    ["instanceId", () => c.rebootInstance("")],
    ["args.instanceId", () =>
      c.addFirewallRulesToInstance({
        instanceId: "",
        firewallRules: { ingressRules: [rule], egressRules: [] },
      })],
    ["args.instanceId", () =>
      c.revokeSecurityGroupRules({
        instanceId: "",
        securityGroupRuleIds: ["r-1"],
      })],
    ["args.securityGroupRuleIds[1]", () =>
      c.revokeSecurityGroupRules({
        instanceId: "0123456789abcdef0123456789abcdef",
        securityGroupRuleIds: ["r-1", ""],
      })],
    ["id", () => c.deleteSshKey("")],
  ];
  for (const [field, call] of cases) {
    const err = await call().catch((e) => e);
    assert.ok(err instanceof InvalidArgumentError, `${field}: ${err}`);
    assert.equal(err.field, field);
  }
  assert.deepEqual(sent, []);
});

Deno.test("a refused launch whose message mentions a region is not taken for an unknown location when the region exists", async () => {
  const { mock, client } = setup();
  const refusing: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (opOf(request) !== LAUNCH) return mock.fetch(request);
    return Promise.resolve(Response.json({
      error: {
        code: "global/invalid-parameters",
        message: "File system 'data' is not in the instance's region",
      },
    }, { status: 400 }));
  };
  const err = await client(refusing).createInstance(attrs("fs-elsewhere"))
    .catch((e) => e);
  // An argument error on the filesystems, the subject of the message.
  assert.ok(err instanceof InvalidArgumentError, String(err));
  assert.equal(err.field, "attrs.fileSystems");
  assert.match(err.message, /File system 'data'/);
  assert.ok(err.cause instanceof ApiError);
  assert.equal(err.cause.providerCode, "global/invalid-parameters");
});
