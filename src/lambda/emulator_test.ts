import assert from "node:assert/strict";
import { createMockLambda, type MockLambda } from "../../mock/mod.ts";
import {
  ApiError,
  InsufficientResourcesError,
  InvalidArgumentError,
  OutOfQuotaError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";
import { LaunchUnconfirmedError } from "./outcome_errors.ts";
import { fakeTime } from "./testdata/clock.ts";

const API_KEY = "emulator-key-SECRET";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";

function clientFor(
  mock: MockLambda,
  options: Partial<LambdaLabsClientOptions> = {},
): LambdaLabsClient {
  const time = fakeTime();
  return new LambdaLabsClient({
    refId: "cred-1",
    apiKey: API_KEY,
    fetch: mock.fetch,
    sleep: time.sleep,
    now: time.now,
    maxCreateRequestsPerMinute: Infinity,
    ...options,
  });
}

const attrs = (
  over: Partial<CreateInstanceAttrs> = {},
): CreateInstanceAttrs => ({
  location: "us-west-1",
  instanceType: "gpu_1x_a10",
  name: "trainer",
  refId: "job-1",
  publicKey: PUBLIC_KEY,
  tags: { team: "ml" },
  ...over,
});

async function lifecycle(mock: MockLambda, client: LambdaLabsClient) {
  const inst = await client.createInstance(
    attrs({ imageId: "lambda-stack-22-04" }),
  );
  assert.equal(inst.status.lifecycleStatus, "pending");
  assert.equal(inst.refId, "job-1");
  mock.clock.advance(10 * 60_000);
  const running = await client.getInstance(inst.cloudId);
  assert.equal(running.status.lifecycleStatus, "running");
  assert.ok(running.publicIp);
  assert.equal(running.cloudCredRefId, "cred-1");
  assert.equal(running.createdAt.getTime(), inst.createdAt.getTime());

  const ids = async (args: Parameters<LambdaLabsClient["listInstances"]>[0]) =>
    (await client.listInstances(args)).map((i) => i.cloudId);
  assert.deepEqual(await ids({ instanceIds: [inst.cloudId] }), [inst.cloudId]);
  assert.deepEqual(await ids({ locations: ["us-west-1"] }), [inst.cloudId]);
  assert.deepEqual(await ids({ locations: ["us-east-1"] }), []);
  assert.deepEqual(await ids({ tagFilters: { team: ["ml"] } }), [inst.cloudId]);
  assert.deepEqual(await ids({ tagFilters: { team: ["web"] } }), []);

  await client.rebootInstance(inst.cloudId);
  assert.equal(
    (await client.getInstance(inst.cloudId)).status.lifecycleStatus,
    "pending",
  );
  mock.clock.advance(10 * 60_000);
  assert.equal(
    (await client.getInstance(inst.cloudId)).status.lifecycleStatus,
    "running",
  );
  await client.terminateInstance(inst.cloudId);
  assert.equal(
    (await client.getInstance(inst.cloudId)).status.lifecycleStatus,
    "terminating",
  );
  mock.clock.advance(60_000);
  assert.equal(
    (await client.getInstance(inst.cloudId)).status.lifecycleStatus,
    "terminated",
  );
}

Deno.test("emulator (in-process): launch → running → list → reboot → terminate", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual", seed: 1 });
  await lifecycle(mock, clientFor(mock));
});

Deno.test("emulator (socket): launch → running → list → reboot → terminate", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual", seed: 2 });
  const server = await mock.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    await lifecycle(
      mock,
      clientFor(mock, { fetch: undefined, baseUrl: server.url }),
    );
  } finally {
    await server.close();
  }
});

Deno.test("emulator: same refId twice launches one instance", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  const client = clientFor(mock);
  const a = await client.createInstance(attrs());
  const b = await client.createInstance(attrs());
  const [c, d] = await Promise.all([
    client.createInstance(attrs({ refId: "job-2" })),
    client.createInstance(attrs({ refId: "job-2" })),
  ]);
  assert.equal(a.cloudId, b.cloudId);
  assert.equal(c.cloudId, d.cloudId);
  assert.equal(mock.state.instances.length, 2);
});

Deno.test("emulator: a launch committed then answered with a failure is found, not repeated", async () => {
  const mock = createMockLambda({
    apiKey: API_KEY,
    clock: "manual",
    faults: { commitThenFailLaunchRate: 1, seed: 3 },
  });
  const client = clientFor(mock);
  for (const refId of ["lost-1", "lost-2", "lost-3"]) {
    const inst = await client.createInstance(attrs({ refId }));
    assert.equal(inst.refId, refId);
  }
  const launched = mock.state.instances;
  assert.equal(launched.length, 3);
  assert.equal(
    new Set(
      launched.map((i) =>
        i.tags?.find((t) => t.key === "gpufleet:ref-id")?.value
      ),
    ).size,
    3,
  );
});

Deno.test("emulator: a launch whose instance cannot be read after it was accepted is kept with its ruleset, and found again", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  let refused = true;
  let launched = false;
  const failingReads: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    const path = new URL(req.url).pathname;
    if (path === "/api/v1/instance-operations/launch") launched = true;
    if (
      refused && launched && req.method === "GET" &&
      path.startsWith("/api/v1/instances")
    ) {
      return Response.json(
        { error: { code: "global/forbidden", message: "injected" } },
        { status: 403 },
      );
    }
    return await mock.fetch(req);
  };
  const client = clientFor(mock, { fetch: failingReads });
  const withRules = attrs({
    firewallRules: {
      ingressRules: [{
        id: "",
        fromPort: 22,
        toPort: 22,
        ipRanges: ["0.0.0.0/0"],
      }],
      egressRules: [],
    },
  });
  const e = await client.createInstance(withRules).catch((e) => e);
  assert.ok(e instanceof LaunchUnconfirmedError, String(e));
  const [inst] = mock.state.instances;
  assert.equal(inst.status, "booting");
  assert.deepEqual(mock.state.firewallRulesets[0].instance_ids, [inst.id]);
  refused = false;
  const again = await client.createInstance(withRules);
  assert.equal(again.cloudId, inst.id);
  assert.equal(mock.state.instances.length, 1);
});

Deno.test("emulator: firewall rules given at create can be added to and revoked", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  const client = clientFor(mock);
  const inst = await client.createInstance(attrs({
    firewallRules: {
      ingressRules: [{
        id: "",
        fromPort: 22,
        toPort: 22,
        ipRanges: ["0.0.0.0/0"],
      }],
      egressRules: [],
    },
  }));
  const ports = async () =>
    (await client.getInstance(inst.cloudId)).firewallRules.ingressRules
      .map((r) => r.fromPort).sort((a, b) => a - b);
  assert.ok((await ports()).includes(22));
  await client.addFirewallRulesToInstance({
    instanceId: inst.cloudId,
    firewallRules: {
      ingressRules: [{
        id: "",
        fromPort: 8443,
        toPort: 8443,
        ipRanges: ["1.2.3.0/24"], // public: the API refuses private sources
      }],
      egressRules: [],
    },
  });
  assert.ok((await ports()).includes(8443));
  const rule = (await client.getInstance(inst.cloudId)).firewallRules
    .ingressRules.find((r) => r.fromPort === 8443)!;
  await client.revokeSecurityGroupRules({
    instanceId: inst.cloudId,
    securityGroupRuleIds: [rule.id],
  });
  assert.ok(!(await ports()).includes(8443));
  const ruleset = mock.state.firewallRulesets.find((r) =>
    r.instance_ids.includes(inst.cloudId)
  )!;
  assert.deepEqual(ruleset.rules.map((r) => r.port_range), [[22, 22]]);
});

Deno.test("emulator: capacity, quota, unknown region and bad key arrive as typed errors", async () => {
  const full = createMockLambda({
    apiKey: API_KEY,
    clock: "manual",
    capacity: { "us-west-1": { gpu_1x_a10: 0 } },
  });
  const capacity = await clientFor(full).createInstance(attrs()).catch((e) =>
    e
  );
  assert.ok(capacity instanceof InsufficientResourcesError, String(capacity));

  const quota = createMockLambda({
    apiKey: API_KEY,
    clock: "manual",
    quota: 1,
  });
  const qc = clientFor(quota);
  await qc.createInstance(attrs({ refId: "q-1" }));
  const over = await qc.createInstance(attrs({ refId: "q-2" })).catch((e) => e);
  assert.ok(over instanceof OutOfQuotaError, String(over));

  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  const region = await clientFor(mock).createInstance(
    attrs({ location: "mars-1" }),
  ).catch((e) => e);
  assert.ok(region instanceof InvalidArgumentError, String(region));
  assert.equal(region.field, "attrs.location");
  assert.equal(mock.state.instances.length, 0);

  const bad = await clientFor(mock, { apiKey: "wrong" }).listInstances().catch((
    e,
  ) => e);
  assert.ok(bad instanceof ApiError);
  assert.equal(bad.status, 401);
  assert.equal(bad.providerCode, "global/invalid-api-key");
});

Deno.test("emulator: instance types, locations and images", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  const client = clientFor(mock);
  const types = await client.getInstanceTypes({ locations: ["all"] });
  assert.ok(types.length > 8);
  assert.ok(types.some((t) => t.isAvailable));
  assert.ok((await client.getLocations()).length > 0);
  assert.ok((await client.getImages({ architectures: ["arm64"] })).length > 0);
});

Deno.test("emulator under 20 % faults: create → terminate cycles leave nothing running and never launch twice", async () => {
  const mock = createMockLambda({
    apiKey: API_KEY,
    clock: "manual",
    terminatedRetentionSeconds: 1e9,
    faults: {
      errorRate: 0.07,
      rateLimitRate: 0.05,
      resetRate: 0.03,
      commitThenFailLaunchRate: 0.1,
      malformedBodyRate: 0.02,
      seed: Number(Deno.env.get("FAULT_SEED") ?? 11),
    },
  });
  const client = clientFor(mock, { retry: { maxAttempts: 6 } });
  const untyped: unknown[] = [];
  let created = 0;
  for (let n = 0; n < 60; n++) {
    const refId = `cycle-${n}`;
    let id: string | undefined;
    try {
      id = (await client.createInstance(attrs({ refId }))).cloudId;
      created++;
    } catch (e) {
      if (!(e instanceof Error) || !("code" in e)) untyped.push(e);
      // A failed create may still have launched only if the search after an
      // ambiguous failure failed too; find it by ref id, as a caller would.
      id = (await client.listInstances().catch(() => []))
        .find((i) =>
          i.refId === refId && i.status.lifecycleStatus !== "terminated"
        )?.cloudId;
    }
    for (let attempt = 0; id && attempt < 5; attempt++) {
      try {
        await client.terminateInstance(id);
        break;
      } catch (e) {
        if (!(e instanceof Error) || !("code" in e)) untyped.push(e);
      }
    }
    mock.clock.advance(60_000);
  }
  mock.faults.clear();
  mock.clock.advance(10 * 60_000);
  assert.deepEqual(untyped, []);
  assert.ok(created > 40, `created ${created}`);
  const byRef = new Map<string, number>();
  for (const inst of mock.state.instances) {
    const ref = inst.tags?.find((t) => t.key === "gpufleet:ref-id")?.value ??
      "";
    byRef.set(ref, (byRef.get(ref) ?? 0) + 1);
  }
  assert.deepEqual([...byRef.values()].filter((c) => c > 1), []);
  assert.deepEqual(
    mock.state.instances.filter((i) => i.status !== "terminated").map((i) =>
      i.status
    ),
    [],
  );
});

Deno.test("emulator: launching from an image id, and a slow answer timing out", async () => {
  const mock = createMockLambda({ apiKey: API_KEY, clock: "manual" });
  const client = clientFor(mock);
  const [image] = await client.getImages({ architectures: ["x86_64"] });
  const inst = await client.createInstance(
    attrs({ imageId: image.id, location: image.location }),
  );
  assert.equal(inst.location, image.location);
  assert.equal(mock.state.instances.length, 1);

  mock.faults.set({ latencyMs: 2_000 });
  const impatient = clientFor(mock, {
    timeoutMs: 20,
    retry: { maxAttempts: 2 },
  });
  const e = await impatient.listInstances().catch((e) => e);
  assert.ok(e instanceof ServiceUnavailableError, String(e));
  assert.match(e.message, /did not answer within 20 ms/);
});
