import assert from "node:assert/strict";
import { createMockLambda, type MockLambda } from "../../mock/mod.ts";
import { direct } from "./testdata/direct.ts";
import { CLOUD_CLIENT_METHODS } from "../v1/client.ts";
import {
  ApiError,
  ImageNotFoundError,
  InstanceNotFoundError,
  InsufficientResourcesError,
  InvalidArgumentError,
  NotImplementedError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import type { CreateInstanceAttrs, Instance } from "../v1/instance.ts";
import type { RequestEvent } from "./api.ts";
import { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";
import { LambdaLabsCredential } from "./credential.ts";
import { BOOKKEEPING_TAGS, statusFromWire } from "./instance.ts";
import { LaunchUnconfirmedError } from "./outcome_errors.ts";
import { sshKeyNameFor } from "./ssh_key.ts";

const KEY = "sk-test-SECRET-0123456789";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";

function err(status: number, code: string, message = code): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** A request as the emulator received it. */
interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/**
 * The emulator on its manual clock, a client whose sleeps move that clock,
 * a log of every request and an `intercept` hook to answer differently.
 */
function setup(
  options: Partial<LambdaLabsClientOptions> = {},
  mock: MockLambda = createMockLambda({
    apiKey: KEY,
    seed: 1,
    clock: "manual",
  }),
) {
  const sent: Sent[] = [];
  const slept: number[] = [];
  const events: RequestEvent[] = [];
  const hooks: {
    intercept?: (
      request: Request,
      n: number,
    ) => Response | undefined | Promise<Response | undefined>;
  } = {};
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    sent.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: text ? JSON.parse(text) : undefined,
    });
    const hooked = await hooks.intercept?.(request, sent.length);
    return hooked ?? await mock.fetch(request);
  };
  const client = new LambdaLabsClient({
    refId: "cred-1",
    apiKey: KEY,
    fetch,
    now: () => mock.clock.now(),
    sleep: (ms) => {
      slept.push(ms);
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    // These tests are about what is sent, not when: pacing has its own
    // tests (pacing_test.ts).
    maxCreateRequestsPerMinute: Infinity,
    maxRequestsPerSecond: Infinity,
    ...options,
  });
  const requests = (method: string, path: string) =>
    sent.filter((s) => s.method === method && s.path === path);
  return { mock, client, sent, slept, events, hooks, requests, fetch };
}

/** Launches an instance behind the client's back and returns its id. */
async function launchDirectly(
  mock: MockLambda,
  over: Record<string, unknown> = {},
): Promise<string> {
  if (!mock.state.sshKeys.some((k) => k.name === "me")) {
    await direct(mock, KEY, "POST", "/api/v1/ssh-keys", { name: "me" });
  }
  const data = await direct(
    mock,
    KEY,
    "POST",
    "/api/v1/instance-operations/launch",
    {
      region_name: "us-west-1",
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["me"],
      ...over,
    },
  );
  return data.instance_ids[0];
}

const attrs = (
  over: Partial<CreateInstanceAttrs> = {},
): CreateInstanceAttrs => ({
  location: "us-west-1",
  instanceType: "gpu_1x_a10",
  name: "trainer",
  refId: "job-1",
  publicKey: PUBLIC_KEY,
  ...over,
});

const LAUNCH = "/api/v1/instance-operations/launch";

Deno.test("describes itself: capabilities, ids, poll times, tenant", async () => {
  const { client, sent } = setup({ maxCreateRequestsPerMinute: undefined });
  assert.deepEqual(await client.getCapabilities(), [
    "create-instance",
    "create-instance-idempotent",
    "terminate-instance",
    "create-terminate-instance",
    "instance-userdata",
    "reboot-instance",
    "machine-image",
    "modify-firewall",
  ]);
  assert.equal(client.getApiType(), "global");
  assert.equal(client.getCloudProviderId(), "lambda-labs");
  assert.equal(client.getReferenceId(), "cred-1");
  assert.equal(client.getInstancePollTime(), 5_000);
  assert.equal(client.getInstanceTypePollTime(), 300_000);
  assert.equal(client.getMaxCreateRequestsPerMinute(), 5);
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(KEY),
  );
  const hex = Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  assert.equal(await client.getTenantId(), `lambdalabs-${hex}`);
  assert.equal(sent.length, 0);
});

Deno.test("unsupported methods reject with NotImplementedError and send nothing", async () => {
  const { client, sent } = setup();
  const unsupported = [
    "stopInstance",
    "startInstance",
    "changeInstanceType",
    "resizeInstanceVolume",
    "getInstanceTypeQuotas",
    "updateInstanceTags",
    "createVpc",
    "getVpc",
    "deleteVpc",
    "createCluster",
    "getCluster",
    "setClusterUser",
    "createNodeGroup",
    "getNodeGroup",
    "modifyNodeGroup",
    "deleteNodeGroup",
    "deleteCluster",
  ] as const;
  for (const name of unsupported) {
    assert.ok(CLOUD_CLIENT_METHODS.includes(name));
    // deno-lint-ignore no-explicit-any
    const method = (client as any)[name] as (
      ...a: unknown[]
    ) => Promise<unknown>;
    const e = await method.call(client, {}, {}).catch((e: unknown) => e);
    assert.ok(e instanceof NotImplementedError, name);
  }
  assert.equal(sent.length, 0);
});

Deno.test("createInstance validates attributes before sending anything", async () => {
  const cases: [Partial<CreateInstanceAttrs>, string][] = [
    [{ name: "x".repeat(65) }, "attrs.name"],
    [{ hostname: "Bad_Host" }, "attrs.hostname"],
    [{ location: "" }, "attrs.location"],
    [{ instanceType: "" }, "attrs.instanceType"],
    [{ refId: "" }, "attrs.refId"],
    [{ refId: "r".repeat(129) }, "attrs.refId"],
    [{ keyPairName: "me" }, "attrs.publicKey"],
    [{ publicKey: undefined }, "attrs.publicKey"],
    [{ publicKey: "not a key" }, "attrs.publicKey"],
    [{ tags: { "Bad Key": "v" } }, "attrs.tags.Bad Key"],
    [{ tags: { team: "v".repeat(129) } }, "attrs.tags.team"],
    [{ tags: { "gpufleet:ref-id": "x" } }, "attrs.tags.gpufleet:ref-id"],
    [{ userDataBase64: "%%%" }, "attrs.userDataBase64"],
    [{ useSpot: true }, "attrs.useSpot"],
    [{ diskSize: { value: 1, unit: "TiB" } }, "attrs.diskSize"],
    [{
      firewallRules: {
        ingressRules: [{
          id: "",
          fromPort: 22,
          toPort: 22,
          ipRanges: ["10.0.0.0/33"],
        }],
        egressRules: [],
      },
    }, "attrs.firewallRules.ingressRules[0].source_network"],
    [{
      firewallRules: {
        ingressRules: [{
          id: "",
          fromPort: 0,
          toPort: 70000,
          ipRanges: ["0.0.0.0/0"],
        }],
        egressRules: [],
      },
    }, "attrs.firewallRules.ingressRules[0].port_range.0"],
    [{
      firewallRules: {
        ingressRules: [],
        egressRules: [{
          id: "",
          fromPort: 1,
          toPort: 2,
          ipRanges: ["0.0.0.0/0"],
        }],
      },
    }, "attrs.firewallRules.egressRules"],
  ];
  for (const [over, field] of cases) {
    const { client, sent } = setup();
    const e = await client.createInstance(attrs(over)).catch((e) => e);
    assert.ok(e instanceof InvalidArgumentError, `${field}: ${e}`);
    assert.equal(e.field, field);
    assert.equal(sent.length, 0, field);
  }
});

Deno.test("createInstance registers the key and launches with everything asked for", async () => {
  const { client, mock, requests } = setup();
  await direct(mock, KEY, "POST", "/api/v1/filesystems", {
    name: "data",
    region: "us-west-1",
  });
  const userData = "#cloud-config\nruncmd: [echo héllo]\n";
  const inst = await client.createInstance(attrs({
    hostname: "trainer-1",
    imageId: "lambda-stack-22-04",
    userDataBase64: btoa(
      String.fromCharCode(...new TextEncoder().encode(userData)),
    ),
    tags: { team: "ml" },
    fileSystems: ["data"],
    firewallRules: {
      ingressRules: [{
        id: "",
        fromPort: 2222,
        toPort: 2222,
        ipRanges: ["0.0.0.0/0"],
        description: "ssh",
      }],
      egressRules: [],
    },
  }));
  const keyName = await sshKeyNameFor(PUBLIC_KEY);
  const addKey = requests("POST", "/api/v1/ssh-keys");
  assert.deepEqual(addKey[0].body, { name: keyName, public_key: PUBLIC_KEY });
  const [launch] = requests("POST", LAUNCH);
  const body = launch.body as Record<string, unknown>;
  const [ruleset] = mock.state.firewallRulesets;
  assert.equal(body.region_name, "us-west-1");
  assert.equal(body.instance_type_name, "gpu_1x_a10");
  assert.deepEqual(body.ssh_key_names, [keyName]);
  assert.equal(body.name, "trainer");
  assert.equal(body.hostname, "trainer-1");
  assert.deepEqual(body.image, { family: "lambda-stack-22-04" });
  assert.equal(body.user_data, userData);
  assert.deepEqual(body.file_system_names, ["data"]);
  assert.deepEqual(body.firewall_rulesets, [{ id: ruleset.id }]);
  assert.deepEqual(ruleset.rules, [{
    protocol: "tcp",
    port_range: [2222, 2222],
    source_network: "0.0.0.0/0",
    description: "ssh",
  }]);
  assert.deepEqual(body.tags, [
    { key: "team", value: "ml" },
    { key: BOOKKEEPING_TAGS.refId, value: "job-1" },
    { key: BOOKKEEPING_TAGS.cloudCredRefId, value: "cred-1" },
    {
      key: BOOKKEEPING_TAGS.createdAt,
      value: new Date(mock.clock.now()).toISOString(),
    },
  ]);

  assert.equal(inst.refId, "job-1");
  assert.equal(inst.cloudCredRefId, "cred-1");
  assert.equal(inst.createdAt.getTime(), mock.clock.now());
  assert.deepEqual(inst.tags, { team: "ml" });
  assert.equal(inst.status.lifecycleStatus, "pending");
  // The instance's rules are the global ones and its own ruleset's.
  const global = mock.state.globalFirewallRuleset.rules;
  assert.equal(inst.firewallRules.ingressRules.length, global.length + 1);
  assert.ok(
    inst.firewallRules.ingressRules.some((r) =>
      r.fromPort === 2222 && r.toPort === 2222 && r.description === "ssh"
    ),
  );
  assert.deepEqual(mock.state.firewallRulesets[0].instance_ids, [
    inst.cloudId,
  ]);

  // and they round-trip through get and list
  const again = await client.getInstance(inst.cloudId);
  const [listed] = await client.listInstances({ instanceIds: [inst.cloudId] });
  for (const i of [again, listed]) {
    assert.equal(i.refId, "job-1");
    assert.equal(i.cloudCredRefId, "cred-1");
    assert.equal(i.createdAt.getTime(), inst.createdAt.getTime());
    assert.deepEqual(i.tags, { team: "ml" });
  }
});

Deno.test("an image id is sent as an id; an unknown image launches nothing", async () => {
  const { client, mock, requests } = setup();
  const images = await direct(mock, KEY, "GET", "/api/v1/images");
  const image = images.find((i: { region: { name: string } }) =>
    i.region.name === "us-west-1"
  );
  await client.createInstance(attrs({ imageId: image.id }));
  assert.deepEqual(
    (requests("POST", LAUNCH)[0].body as { image: unknown }).image,
    { id: image.id },
  );

  const other = setup();
  const e = await other.client.createInstance(attrs({ imageId: "nope" })).catch(
    (e) => e,
  );
  assert.ok(e instanceof ImageNotFoundError);
  assert.equal(other.requests("POST", LAUNCH).length, 0);
});

Deno.test("SSH keys: reused when the same key is registered, refused on a name clash", async () => {
  const { client, mock, requests } = setup();
  await direct(mock, KEY, "POST", "/api/v1/ssh-keys", {
    name: "laptop",
    public_key: PUBLIC_KEY.replace(" me@host", " other comment"),
  });
  await client.createInstance(attrs());
  assert.equal(requests("POST", "/api/v1/ssh-keys").length, 0);
  assert.deepEqual(
    (requests("POST", LAUNCH)[0].body as { ssh_key_names: string[] })
      .ssh_key_names,
    ["laptop"],
  );

  const clash = setup();
  // A generated key under the name the client would derive: same name,
  // another key.
  await direct(clash.mock, KEY, "POST", "/api/v1/ssh-keys", {
    name: await sshKeyNameFor(PUBLIC_KEY),
  });
  const e = await clash.client.createInstance(attrs()).catch((e) => e);
  assert.ok(e instanceof InvalidArgumentError, String(e));
  assert.equal(clash.requests("POST", LAUNCH).length, 0);

  const named = setup();
  await direct(named.mock, KEY, "POST", "/api/v1/ssh-keys", { name: "me" });
  await named.client.createInstance(
    attrs({ publicKey: undefined, keyPairName: "me" }),
  );
  assert.equal(named.requests("GET", "/api/v1/ssh-keys").length, 0);
  assert.deepEqual(
    (named.requests("POST", LAUNCH)[0].body as { ssh_key_names: string[] })
      .ssh_key_names,
    ["me"],
  );
});

Deno.test("idempotent by refId: sequential and concurrent calls launch once", async () => {
  const { client, mock, requests } = setup();
  const first = await client.createInstance(attrs());
  const second = await client.createInstance(attrs({ name: "other" }));
  assert.equal(second.cloudId, first.cloudId);
  assert.equal(requests("POST", LAUNCH).length, 1);

  const c = setup();
  const all = await Promise.all(
    [1, 2, 3].map(() => c.client.createInstance(attrs({ refId: "job-2" }))),
  );
  assert.equal(new Set(all.map((i) => i.cloudId)).size, 1);
  assert.equal(c.requests("POST", LAUNCH).length, 1);

  // another credential's instance with the same refId is not ours
  const d = setup({ refId: "cred-2" }, mock);
  const theirs = await d.client.createInstance(attrs());
  assert.notEqual(theirs.cloudId, first.cloudId);
  assert.equal(d.requests("POST", LAUNCH).length, 1);

  // a terminated one does not count either
  await client.terminateInstance(first.cloudId);
  mock.clock.advance(60_000);
  const again = await client.createInstance(attrs());
  assert.notEqual(again.cloudId, first.cloudId);
  assert.equal(requests("POST", LAUNCH).length, 2);
});

Deno.test("a lost launch answer is followed by a search, not a second launch", async () => {
  const { client, mock, hooks, requests } = setup();
  hooks.intercept = async (request) => {
    if (new URL(request.url).pathname !== LAUNCH) return;
    if (requests("POST", LAUNCH).length !== 1) return;
    await (await mock.fetch(request)).body?.cancel(); // committed…
    return err(502, "global/internal-error"); // …but the answer is lost
  };
  const inst = await client.createInstance(attrs());
  assert.equal(requests("POST", LAUNCH).length, 1);
  assert.equal(mock.state.instances.length, 1);
  assert.equal(inst.cloudId, mock.state.instances[0].id);
});

Deno.test("a launch that certainly did not happen is sent again", async () => {
  const { client, mock, hooks, requests, slept } = setup();
  hooks.intercept = (request) => {
    if (
      new URL(request.url).pathname === LAUNCH &&
      requests("POST", LAUNCH).length === 1
    ) {
      throw new TypeError("connection refused");
    }
  };
  await client.createInstance(attrs());
  assert.equal(requests("POST", LAUNCH).length, 2);
  assert.equal(mock.state.instances.length, 1);
  assert.ok(slept.length >= 1);

  const never = setup({ retry: { maxAttempts: 2 } });
  never.hooks.intercept = (request) =>
    new URL(request.url).pathname === LAUNCH ? err(503, "x") : undefined;
  const e = await never.client.createInstance(attrs()).catch((e) => e);
  assert.ok(e instanceof ServiceUnavailableError);
  assert.equal(never.requests("POST", LAUNCH).length, 2);
  assert.equal(never.mock.state.instances.length, 0);
});

Deno.test("a read refused for good after an accepted launch leaves the instance as it is and names it", async () => {
  const { client, mock, hooks, requests } = setup();
  let launched = false;
  hooks.intercept = (request) => {
    const path = new URL(request.url).pathname;
    if (path === LAUNCH) launched = true;
    return launched && request.method === "GET" &&
        path.startsWith("/api/v1/instances")
      ? err(403, "global/forbidden", "nope")
      : undefined;
  };
  const e = await client.createInstance(attrs()).catch((e) => e);
  // The instance cannot be confirmed as this create's: it is not touched.
  assert.ok(e instanceof LaunchUnconfirmedError, String(e));
  assert.deepEqual(e.instanceIds, [mock.state.instances[0].id]);
  assert.ok(e.cause instanceof ApiError);
  assert.equal(e.cause.status, 403);
  assert.equal(
    requests("POST", "/api/v1/instance-operations/terminate").length,
    0,
  );
  assert.equal(mock.state.instances[0].status, "booting");
});

Deno.test("a failed launch deletes the ruleset made for it; errors are mapped", async () => {
  const rules = {
    ingressRules: [{
      id: "",
      fromPort: 443,
      toPort: 443,
      ipRanges: ["0.0.0.0/0"],
    }],
    egressRules: [],
  };
  const { client, mock, hooks, sent } = setup();
  hooks.intercept = (request) =>
    new URL(request.url).pathname === LAUNCH
      ? err(400, "instance-operations/launch/insufficient-capacity", "full")
      : undefined;
  const e = await client.createInstance(attrs({ firewallRules: rules })).catch((
    e,
  ) => e);
  assert.ok(e instanceof InsufficientResourcesError);
  assert.equal(e.location, "us-west-1");
  assert.deepEqual(mock.state.firewallRulesets, []);
  assert.equal(
    sent.filter((r) =>
      r.method === "DELETE" && r.path.startsWith("/api/v1/firewall-rulesets/")
    ).length,
    1,
  );

  const region = setup();
  const r = await region.client.createInstance(attrs({ location: "mars-1" }))
    .catch((e) => e);
  assert.ok(r instanceof InvalidArgumentError, String(r));
  assert.equal(r.field, "attrs.location");
  assert.match(r.message, /mars-1/);

  // capacity errors for an unknown region are argument errors too
  const odd = setup();
  odd.hooks.intercept = (request) =>
    new URL(request.url).pathname === LAUNCH
      ? err(400, "instance-operations/launch/insufficient-capacity", "full")
      : undefined;
  const o = await odd.client.createInstance(attrs({ location: "mars-2" }))
    .catch((e) => e);
  assert.ok(o instanceof InvalidArgumentError, String(o));
});

Deno.test("the launch limiter spaces creates on the injected clock", async () => {
  const { client, slept } = setup({ maxCreateRequestsPerMinute: 5 });
  await client.createInstance(attrs({ refId: "a" }));
  await client.createInstance(attrs({ refId: "b" }));
  await client.createInstance(attrs({ refId: "c" }));
  assert.deepEqual(slept, [12_000, 12_000]);
});

Deno.test("listInstances honours ids, locations and tag filters, fetching rulesets once", async () => {
  const { client, mock, requests } = setup();
  const a = await launchDirectly(mock, {
    tags: [{ key: "team", value: "ml" }, {
      key: BOOKKEEPING_TAGS.refId,
      value: "r",
    }],
  });
  const b = await launchDirectly(mock, {
    region_name: "us-east-1",
    tags: [{ key: "team", value: "web" }],
  });
  await launchDirectly(mock, { tags: [] });
  const ids = (list: Instance[]) => list.map((i) => i.cloudId).sort();
  assert.equal((await client.listInstances()).length, 3);
  assert.deepEqual(
    ids(await client.listInstances({ instanceIds: [a, b] })),
    [a, b].sort(),
  );
  assert.deepEqual(
    ids(await client.listInstances({ locations: ["us-east-1"] })),
    [b],
  );
  assert.equal((await client.listInstances({ locations: ["all"] })).length, 3);
  assert.deepEqual(
    ids(await client.listInstances({ tagFilters: { team: ["ml"] } })),
    [a],
  );
  assert.deepEqual(
    ids(await client.listInstances({ tagFilters: { team: [] } })),
    [a, b].sort(),
  );
  assert.deepEqual(
    ids(
      await client.listInstances({
        tagFilters: { [BOOKKEEPING_TAGS.refId]: ["r"] },
      }),
    ),
    [],
  );
  const [listedA] = await client.listInstances({ instanceIds: [a] });
  assert.deepEqual(listedA.tags, { team: "ml" });
  // The account's firewall is cached: the global ruleset is read once for
  // every listing, and the rulesets not at all (no instance attaches one).
  assert.equal(requests("GET", "/api/v1/firewall-rulesets").length, 0);
  assert.equal(requests("GET", "/api/v1/firewall-rulesets/global").length, 1);
});

Deno.test("every Lambda status maps, unknown ones to unknown with the raw value", async () => {
  assert.deepEqual(statusFromWire("booting"), { lifecycleStatus: "pending" });
  assert.deepEqual(statusFromWire("active"), { lifecycleStatus: "running" });
  assert.equal(statusFromWire("unhealthy").lifecycleStatus, "running");
  assert.ok(statusFromWire("unhealthy").messages?.length);
  assert.deepEqual(statusFromWire("terminating"), {
    lifecycleStatus: "terminating",
  });
  assert.deepEqual(statusFromWire("terminated"), {
    lifecycleStatus: "terminated",
  });
  assert.equal(statusFromWire("preempted").lifecycleStatus, "terminated");
  assert.match(statusFromWire("preempted").messages![0], /preempted/);
  const unknown = statusFromWire("hibernating");
  assert.equal(unknown.lifecycleStatus, "unknown");
  assert.match(unknown.messages![0], /hibernating/);

  // A status the API may add one day, as the client reads it.
  const { client, mock, hooks } = setup();
  const id = await launchDirectly(mock);
  hooks.intercept = async (request) => {
    if (new URL(request.url).pathname !== `/api/v1/instances/${id}`) return;
    const { data } = await (await mock.fetch(request)).json();
    return Response.json({ data: { ...data, status: "migrating" } });
  };
  assert.equal(
    (await client.getInstance(id)).status.lifecycleStatus,
    "unknown",
  );
});

Deno.test("terminate and reboot send the id; missing instances are InstanceNotFoundError", async () => {
  const { client, mock, requests } = setup();
  const id = await launchDirectly(mock);
  mock.clock.advance(10 * 60_000); // active: a restart is allowed
  await client.rebootInstance(id);
  assert.deepEqual(
    requests("POST", "/api/v1/instance-operations/restart")[0].body,
    { instance_ids: [id] },
  );
  await client.terminateInstance(id);
  assert.deepEqual(
    requests("POST", "/api/v1/instance-operations/terminate")[0].body,
    { instance_ids: [id] },
  );
  const missing = "0123456789abcdef0123456789abcdef";
  for (
    const call of [
      () => client.getInstance(missing),
      () => client.terminateInstance(missing),
      () => client.rebootInstance(missing),
    ]
  ) {
    const e = await call().catch((e) => e);
    assert.ok(e instanceof InstanceNotFoundError, String(e));
    assert.equal(e.instanceId, missing);
  }
});

Deno.test("mergeInstanceForUpdate keeps what Lambda does not report", async () => {
  const { client, mock } = setup();
  const stored = await client.createInstance(attrs());
  const stranger = await launchDirectly(mock);
  mock.clock.advance(10 * 60_000);
  const fresh = await client.getInstance(stranger);
  assert.equal(fresh.name, "");
  const merged = client.mergeInstanceForUpdate(
    { ...stored, imageId: "img-1" },
    fresh,
  );
  assert.equal(merged.refId, stored.refId);
  assert.equal(merged.cloudCredRefId, "cred-1");
  assert.equal(merged.createdAt, stored.createdAt);
  assert.equal(merged.name, "trainer");
  assert.equal(merged.imageId, "img-1");
  assert.equal(merged.status.lifecycleStatus, "running");
  assert.ok(fresh.publicIp);
  assert.equal(merged.publicIp, fresh.publicIp);
});

Deno.test("the API key never leaks: errors, inspection, JSON, events", async () => {
  const { client, hooks, events, mock, fetch } = setup({
    retry: { maxAttempts: 2 },
  });
  const texts: string[] = [];
  const collect = (e: unknown) => {
    texts.push(
      String(e),
      (e as Error).message,
      JSON.stringify(e),
      Deno.inspect(e, { depth: 10 }),
    );
  };
  const credential = new LambdaLabsCredential({
    refId: "cred-1",
    apiKey: KEY,
    fetch: mock.fetch,
  });
  texts.push(
    Deno.inspect(client, { depth: 10, showHidden: true }),
    JSON.stringify(client),
    Deno.inspect(credential, { depth: 10, showHidden: true }),
    JSON.stringify(credential),
    Deno.inspect(await credential.makeClient("us-east-1"), { depth: 10 }),
  );
  const bad = new LambdaLabsClient({
    refId: "x",
    apiKey: "wrong-key",
    fetch,
  });
  await bad.listInstances().catch(collect);
  hooks.intercept = () => {
    throw new TypeError("network down");
  };
  await client.listInstances().catch(collect);
  hooks.intercept = () => err(503, "global/x");
  await client.createInstance(
    attrs({ userDataBase64: btoa("SECRET-USER-DATA") }),
  ).catch(collect);
  hooks.intercept = undefined;
  await client.getInstance("i-missing").catch(collect);
  texts.push(JSON.stringify(events));
  assert.ok(texts.length > 10);
  for (const text of texts) {
    assert.ok(!text.includes(KEY), text);
    assert.ok(!text.includes("SECRET-USER-DATA"), text);
  }
  assert.match(JSON.stringify(client), /cred-1/);
});

Deno.test("the credential makes clients for a location and describes the account", async () => {
  const { mock } = setup();
  const credential = new LambdaLabsCredential({
    refId: "cred-9",
    apiKey: KEY,
    fetch: mock.fetch,
    maxCreateRequestsPerMinute: Infinity,
  });
  assert.equal(credential.getApiType(), "global");
  assert.equal(credential.getCloudProviderId(), "lambda-labs");
  assert.equal(credential.getReferenceId(), "cred-9");
  const client = await credential.makeClient("us-east-1");
  assert.equal(await client.getTenantId(), await credential.getTenantId());
  assert.ok((await credential.getTenantId()).startsWith("lambdalabs-"));
  assert.equal(client.getReferenceId(), "cred-9");
  // the default location is used when attrs.location is empty
  const inst = await client.createInstance(attrs({ location: "" }));
  assert.equal(inst.location, "us-east-1");
});

Deno.test("instance types, locations and images come from the catalogue", async () => {
  const { client, mock, requests } = setup();
  const catalogue = await direct(mock, KEY, "GET", "/api/v1/instance-types");
  const regions: { name: string }[] = await direct(
    mock,
    KEY,
    "GET",
    "/api/v1/regions",
  );
  const all = await client.getInstanceTypes({ locations: ["all"] });
  assert.equal(all.length, Object.keys(catalogue).length * regions.length);
  const available = new Set<string>();
  for (const [name, item] of Object.entries(catalogue)) {
    for (
      const r
        of (item as { regions_with_capacity_available: { name: string }[] })
          .regions_with_capacity_available
    ) {
      available.add(`${r.name}/${name}`);
    }
  }
  assert.deepEqual(
    new Set(
      all.filter((t) => t.isAvailable).map((t) => `${t.location}/${t.type}`),
    ),
    available,
  );
  const gh = all.find((t) => t.type === "gpu_1x_gh200")!;
  assert.deepEqual(gh.supportedArchitectures, ["arm64"]);
  assert.equal(requests("GET", "/api/v1/instance-types").length, 1);
  assert.equal(requests("GET", "/api/v1/regions").length, 1);

  const east = setup({ location: "us-east-1" });
  assert.deepEqual(
    [...new Set((await east.client.getInstanceTypes()).map((t) => t.location))],
    ["us-east-1"],
  );

  const withCapacity = new Set([...available].map((a) => a.split("/")[0]));
  assert.deepEqual(
    (await client.getLocations()).map((l) => l.name).sort(),
    [...withCapacity].sort(),
  );
  assert.equal(
    (await client.getLocations({ includeUnavailable: true })).length,
    regions.length,
  );
  const images = await client.getImages({ architectures: ["arm64"] });
  assert.ok(images.length > 0);
  assert.ok(images.every((i) => i.architecture === "arm64"));

  // an instance's type id is the catalogue's id
  const id = await launchDirectly(mock);
  const got = await client.getInstance(id);
  assert.equal(
    got.instanceTypeId,
    all.find((t) => t.location === "us-west-1" && t.type === "gpu_1x_a10")!.id,
  );
});

Deno.test("an abort while waiting for the launch limiter rejects with the reason and launches nothing", async () => {
  const controller = new AbortController();
  const { client, requests } = setup({
    maxCreateRequestsPerMinute: 1,
    sleep: (_ms, signal) =>
      new Promise((_, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason));
        queueMicrotask(() => controller.abort(new Error("user cancelled")));
      }),
  });
  await client.createInstance(attrs({ refId: "first" }));
  await assert.rejects(
    client.createInstance(attrs({ refId: "second" }), {
      signal: controller.signal,
    }),
    /user cancelled/,
  );
  assert.equal(requests("POST", LAUNCH).length, 1);
});
