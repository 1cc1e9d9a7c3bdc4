import assert from "node:assert/strict";
import { createMockLambda, type MockLambda } from "../../mock/mod.ts";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";
import { LambdaLabsCredential } from "./credential.ts";

const API_KEY = "sweep-test-key";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";
const MINUTE = 60_000;

/** A client whose clock and sleeps are the emulator's manual clock. */
function setup(
  options: Partial<LambdaLabsClientOptions> = {},
  fetchFn?: (mock: MockLambda) => typeof fetch,
) {
  const mock = createMockLambda({ apiKey: API_KEY, seed: 11, clock: "manual" });
  const client = new LambdaLabsClient({
    refId: "cred-1",
    apiKey: API_KEY,
    fetch: fetchFn ? fetchFn(mock) : mock.fetch,
    maxCreateRequestsPerMinute: Infinity,
    now: () => mock.clock.now(),
    sleep: (ms) => {
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { mock, client };
}

const withRules = (refId: string): CreateInstanceAttrs => ({
  location: "us-west-1",
  instanceType: "gpu_1x_a10",
  name: refId,
  refId,
  publicKey: PUBLIC_KEY,
  firewallRules: {
    ingressRules: [{
      id: "",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      ipRanges: ["0.0.0.0/0"],
    }],
    egressRules: [],
  },
});

function rulesetOf(mock: MockLambda, instanceId: string) {
  return mock.state.firewallRulesets.find((r) =>
    r.instance_ids.includes(instanceId)
  );
}

function rulesetNames(mock: MockLambda): string[] {
  return mock.state.firewallRulesets.map((r) => r.name).sort();
}

/** Creates a ruleset behind the client's back, as another tool would. */
async function createRulesetDirectly(
  mock: MockLambda,
  name: string,
): Promise<string> {
  const response = await mock.fetch("/api/v1/firewall-rulesets", {
    method: "POST",
    headers: {
      authorization: `Bearer ${API_KEY}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ name, region: "us-west-1", rules: [] }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).data.id;
}

/** Launches with rules, terminates, and lets the instance be terminated. */
async function leakOne(mock: MockLambda, client: LambdaLabsClient) {
  const old = await client.createInstance(withRules("job-old"));
  const ruleset = rulesetOf(mock, old.cloudId);
  assert.ok(ruleset, "the launch made a per-instance ruleset");
  mock.clock.advance(2 * MINUTE);
  await client.terminateInstance(old.cloudId);
  mock.clock.advance(MINUTE);
  assert.equal(
    mock.state.instances.find((i) => i.id === old.cloudId)?.status,
    "terminated",
  );
  const leaked = mock.state.firewallRulesets.find((r) => r.id === ruleset.id);
  assert.deepEqual(leaked?.instance_ids, [], "the ruleset outlives it");
  return ruleset.id;
}

Deno.test("createInstance deletes the ruleset a terminated instance left behind, once past the grace period", async () => {
  const { mock, client } = setup();
  const leakedId = await leakOne(mock, client);
  mock.clock.advance(10 * MINUTE);

  const next = await client.createInstance(withRules("job-next"));
  const ids = mock.state.firewallRulesets.map((r) => r.id);
  assert.equal(ids.includes(leakedId), false, "the leaked ruleset is gone");
  assert.equal(ids.length, 1);
  assert.equal(rulesetOf(mock, next.cloudId)?.id, ids[0]);
  assert.deepEqual(
    (await client.getInstance(next.cloudId)).firewallRules.ingressRules
      .filter((r) => r.protocol === "tcp").map((r) => r.fromPort).sort(),
    [22, 443],
    "the new instance's firewall is intact",
  );
});

Deno.test("an unattached ruleset younger than the grace period is kept, and swept once older", async () => {
  const { mock, client } = setup();
  const fresh = await createRulesetDirectly(mock, "gpufleet-0123456789abcdef");
  mock.clock.advance(5 * MINUTE);
  await client.createInstance(withRules("job-1"));
  assert.ok(mock.state.firewallRulesets.some((r) => r.id === fresh));

  mock.clock.advance(6 * MINUTE);
  await client.createInstance(withRules("job-2"));
  assert.equal(mock.state.firewallRulesets.some((r) => r.id === fresh), false);
});

Deno.test("the grace period is an option", async () => {
  const { mock, client } = setup({ firewallSweepGraceMs: 60 * MINUTE });
  const leakedId = await leakOne(mock, client);
  mock.clock.advance(30 * MINUTE);
  await client.createInstance(withRules("job-next"));
  assert.ok(mock.state.firewallRulesets.some((r) => r.id === leakedId));
  mock.clock.advance(31 * MINUTE);
  await client.createInstance(withRules("job-later"));
  assert.equal(
    mock.state.firewallRulesets.some((r) => r.id === leakedId),
    false,
  );
});

Deno.test("a ruleset attached to a live instance is kept, however old", async () => {
  const { mock, client } = setup();
  const first = await client.createInstance(withRules("job-1"));
  const attached = rulesetOf(mock, first.cloudId)!;
  mock.clock.advance(60 * MINUTE);
  await client.createInstance(withRules("job-2"));
  assert.deepEqual(
    mock.state.firewallRulesets.find((r) => r.id === attached.id)?.instance_ids,
    [first.cloudId],
  );
  assert.deepEqual(await client.sweepFirewallRulesets({ graceMs: 0 }), []);
  assert.equal(mock.state.firewallRulesets.length, 2);
});

Deno.test("rulesets gpufleet did not create are never touched", async () => {
  const { mock, client } = setup();
  const foreign = [
    "web",
    "gpufleet",
    "gpufleet-prod",
    "gpufleet-0123456789ABCDEF",
    "my-gpufleet-0123456789abcdef",
    "gpufleet-0123456789abcdef-x",
  ];
  for (const name of foreign) await createRulesetDirectly(mock, name);
  mock.clock.advance(24 * 60 * MINUTE);
  await client.createInstance(withRules("job-1"));
  assert.deepEqual(await client.sweepFirewallRulesets({ graceMs: 0 }), []);
  const left = rulesetNames(mock);
  for (const name of foreign) assert.ok(left.includes(name), name);
  assert.equal(left.length, foreign.length + 1);
});

Deno.test("sweepFirewallRulesets deletes leaked rulesets past the grace period and returns their ids", async () => {
  const { mock, client } = setup();
  const leakedId = await leakOne(mock, client);
  assert.deepEqual(await client.sweepFirewallRulesets(), [], "too young");
  mock.clock.advance(10 * MINUTE);
  assert.deepEqual(await client.sweepFirewallRulesets(), [leakedId]);
  assert.deepEqual(mock.state.firewallRulesets, []);
  assert.deepEqual(await client.sweepFirewallRulesets(), []);
});

Deno.test("a failing sweep never fails the create", async () => {
  const { mock, client } = setup(
    { retry: { maxAttempts: 2 } },
    (mock) => (input, init) => {
      const request = new Request(input, init);
      if (request.method === "DELETE") {
        return Promise.resolve(
          Response.json({
            error: { code: "global/unknown", message: "boom" },
          }, { status: 500 }),
        );
      }
      return mock.fetch(request);
    },
  );
  const leakedId = await leakOne(mock, client);
  mock.clock.advance(10 * MINUTE);
  const next = await client.createInstance(withRules("job-next"));
  assert.equal(next.status.lifecycleStatus, "pending");
  assert.ok(mock.state.firewallRulesets.some((r) => r.id === leakedId));
  assert.deepEqual(await client.sweepFirewallRulesets(), []);
});

/**
 * Holds the first launch until `release()`: `arrived` resolves when it
 * reaches the server, so its ruleset exists and waits for the launch.
 */
function holdingFirstLaunch() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => arrive = resolve);
  let launches = 0;
  const over = (mock: MockLambda): typeof fetch => async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === "/api/v1/instance-operations/launch" && launches++ === 0) {
      arrive();
      await gate;
    }
    return mock.fetch(request);
  };
  return { over, arrived, release };
}

Deno.test("a ruleset of a create still waiting to launch in this process is never swept", async () => {
  const held = holdingFirstLaunch();
  const { mock, client } = setup({}, held.over);
  const slow = client.createInstance(withRules("job-slow"));
  await held.arrived;
  const pending = mock.state.firewallRulesets[0].id;
  mock.clock.advance(30 * MINUTE);
  await client.createInstance(withRules("job-fast"));
  assert.deepEqual(await client.sweepFirewallRulesets(), []);
  assert.ok(mock.state.firewallRulesets.some((r) => r.id === pending));
  held.release();
  const launched = await slow;
  assert.equal(rulesetOf(mock, launched.cloudId)?.id, pending);
});

Deno.test("a ruleset awaiting launch in one client of a credential is not swept by another", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, seed: 12, clock: "manual" });
  const held = holdingFirstLaunch();
  const credential = new LambdaLabsCredential({
    refId: "cred-1",
    apiKey: API_KEY,
    maxCreateRequestsPerMinute: Infinity,
    now: () => mock.clock.now(),
    sleep: (ms) => {
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    fetch: held.over(mock),
  });
  const slowClient = await credential.makeClient("us-west-1");
  const sweeper = await credential.makeClient("us-west-1") as LambdaLabsClient;
  const slow = slowClient.createInstance(withRules("job-slow"));
  await held.arrived;
  const pending = mock.state.firewallRulesets[0].id;
  mock.clock.advance(30 * MINUTE);
  assert.deepEqual(await sweeper.sweepFirewallRulesets(), []);
  assert.ok(mock.state.firewallRulesets.some((r) => r.id === pending));
  held.release();
  const launched = await slow;
  assert.equal(rulesetOf(mock, launched.cloudId)?.id, pending);
});
