import assert from "node:assert/strict";
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
import { sshKeyNameFor } from "./ssh_key.ts";
import { err, FakeLambda, fakeTime, KEY } from "./testdata/fake_lambda.ts";

const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";

function setup(options: Partial<LambdaLabsClientOptions> = {}) {
  const fake = new FakeLambda();
  const time = fakeTime();
  const events: RequestEvent[] = [];
  const client = new LambdaLabsClient({
    refId: "cred-1",
    apiKey: KEY,
    fetch: fake.fetch,
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    maxCreateRequestsPerMinute: Infinity,
    ...options,
  });
  return { fake, time, client, events };
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

const launches = (fake: FakeLambda) =>
  fake.requests("POST", "/api/v1/instance-operations/launch");

Deno.test("describes itself: capabilities, ids, poll times, tenant", async () => {
  const { client, fake } = setup({ maxCreateRequestsPerMinute: undefined });
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
  assert.equal(fake.sent.length, 0);
});

Deno.test("unsupported methods reject with NotImplementedError and send nothing", async () => {
  const { client, fake } = setup();
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
  assert.equal(fake.sent.length, 0);
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
    const { client, fake } = setup();
    const e = await client.createInstance(attrs(over)).catch((e) => e);
    assert.ok(e instanceof InvalidArgumentError, `${field}: ${e}`);
    assert.equal(e.field, field);
    assert.equal(fake.sent.length, 0, field);
  }
});

Deno.test("createInstance registers the key and launches with everything asked for", async () => {
  const { client, fake, time } = setup();
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
        fromPort: 22,
        toPort: 22,
        ipRanges: ["0.0.0.0/0"],
        description: "ssh",
      }],
      egressRules: [],
    },
  }));
  const keyName = await sshKeyNameFor(PUBLIC_KEY);
  const addKey = fake.requests("POST", "/api/v1/ssh-keys");
  assert.deepEqual(addKey[0].body, { name: keyName, public_key: PUBLIC_KEY });
  const [launch] = launches(fake);
  const body = launch.body as Record<string, unknown>;
  assert.equal(body.region_name, "us-west-1");
  assert.equal(body.instance_type_name, "gpu_1x_a10");
  assert.deepEqual(body.ssh_key_names, [keyName]);
  assert.equal(body.name, "trainer");
  assert.equal(body.hostname, "trainer-1");
  assert.deepEqual(body.image, { family: "lambda-stack-22-04" });
  assert.equal(body.user_data, userData);
  assert.deepEqual(body.file_system_names, ["data"]);
  assert.deepEqual(body.firewall_rulesets, [{ id: fake.rulesets[0].id }]);
  assert.deepEqual(fake.rulesets[0].rules, [{
    protocol: "tcp",
    port_range: [22, 22],
    source_network: "0.0.0.0/0",
    description: "ssh",
  }]);
  assert.deepEqual(body.tags, [
    { key: "team", value: "ml" },
    { key: BOOKKEEPING_TAGS.refId, value: "job-1" },
    { key: BOOKKEEPING_TAGS.cloudCredRefId, value: "cred-1" },
    {
      key: BOOKKEEPING_TAGS.createdAt,
      value: new Date(time.t.now).toISOString(),
    },
  ]);

  assert.equal(inst.refId, "job-1");
  assert.equal(inst.cloudCredRefId, "cred-1");
  assert.equal(inst.createdAt.getTime(), time.t.now);
  assert.deepEqual(inst.tags, { team: "ml" });
  assert.equal(inst.status.lifecycleStatus, "pending");
  assert.equal(inst.firewallRules.ingressRules.length, 1);
  assert.equal(inst.firewallRules.ingressRules[0].fromPort, 22);

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
  const { client, fake } = setup();
  await client.createInstance(attrs({ imageId: "img-1" }));
  assert.deepEqual((launches(fake)[0].body as { image: unknown }).image, {
    id: "img-1",
  });

  const other = setup();
  const e = await other.client.createInstance(attrs({ imageId: "nope" })).catch(
    (e) => e,
  );
  assert.ok(e instanceof ImageNotFoundError);
  assert.equal(launches(other.fake).length, 0);
});

Deno.test("SSH keys: reused when the same key is registered, refused on a name clash", async () => {
  const { client, fake } = setup();
  fake.sshKeys.push({
    id: "k1",
    name: "laptop",
    public_key: PUBLIC_KEY.replace(" me@host", " other comment"),
  });
  await client.createInstance(attrs());
  assert.equal(fake.requests("POST", "/api/v1/ssh-keys").length, 0);
  assert.deepEqual(
    (launches(fake)[0].body as { ssh_key_names: string[] }).ssh_key_names,
    ["laptop"],
  );

  const clash = setup();
  clash.fake.sshKeys.push({
    id: "k2",
    name: await sshKeyNameFor(PUBLIC_KEY),
    public_key: "ssh-ed25519 AAAAC3NzaDIFFERENT",
  });
  const e = await clash.client.createInstance(attrs()).catch((e) => e);
  assert.ok(e instanceof InvalidArgumentError);
  assert.equal(launches(clash.fake).length, 0);

  const named = setup();
  await named.client.createInstance(
    attrs({ publicKey: undefined, keyPairName: "me" }),
  );
  assert.equal(named.fake.requests("GET", "/api/v1/ssh-keys").length, 0);
  assert.deepEqual(
    (launches(named.fake)[0].body as { ssh_key_names: string[] }).ssh_key_names,
    ["me"],
  );
});

Deno.test("idempotent by refId: sequential and concurrent calls launch once", async () => {
  const { client, fake } = setup();
  const first = await client.createInstance(attrs());
  const second = await client.createInstance(attrs({ name: "other" }));
  assert.equal(second.cloudId, first.cloudId);
  assert.equal(launches(fake).length, 1);

  const c = setup();
  const all = await Promise.all(
    [1, 2, 3].map(() => c.client.createInstance(attrs({ refId: "job-2" }))),
  );
  assert.equal(new Set(all.map((i) => i.cloudId)).size, 1);
  assert.equal(launches(c.fake).length, 1);

  // another credential's instance with the same refId is not ours
  const d = setup({ refId: "cred-2" });
  d.fake.instances.push(...fake.instances);
  await d.client.createInstance(attrs());
  assert.equal(launches(d.fake).length, 1);

  // a terminated one does not count either
  const e = setup();
  e.fake.addInstance({
    status: "terminated",
    tags: [{ key: BOOKKEEPING_TAGS.refId, value: "job-1" }, {
      key: BOOKKEEPING_TAGS.cloudCredRefId,
      value: "cred-1",
    }],
  });
  await e.client.createInstance(attrs());
  assert.equal(launches(e.fake).length, 1);
});

Deno.test("a lost launch answer is followed by a search, not a second launch", async () => {
  const { client, fake } = setup();
  fake.intercept = (req) => {
    if (req.path.endsWith("/launch") && launches(fake).length === 1) {
      fake.route(req); // committed…
      return err(502, "global/internal-error"); // …but the answer is lost
    }
  };
  const inst = await client.createInstance(attrs());
  assert.equal(launches(fake).length, 1);
  assert.equal(fake.instances.length, 1);
  assert.equal(inst.cloudId, fake.instances[0].id);
});

Deno.test("a launch that certainly did not happen is sent again", async () => {
  const { client, fake, time } = setup();
  fake.intercept = (req) => {
    if (req.path.endsWith("/launch") && launches(fake).length === 1) {
      throw new TypeError("connection refused");
    }
  };
  await client.createInstance(attrs());
  assert.equal(launches(fake).length, 2);
  assert.equal(fake.instances.length, 1);
  assert.ok(time.t.slept.length >= 1);

  const never = setup({ retry: { maxAttempts: 2 } });
  never.fake.intercept = (req) =>
    req.path.endsWith("/launch") ? err(503, "x") : undefined;
  const e = await never.client.createInstance(attrs()).catch((e) => e);
  assert.ok(e instanceof ServiceUnavailableError);
  assert.equal(launches(never.fake).length, 2);
  assert.equal(never.fake.instances.length, 0);
});

Deno.test("no orphans: a failure after an accepted launch terminates the instance", async () => {
  const { client, fake } = setup();
  fake.intercept = (req) =>
    req.method === "GET" && /^\/api\/v1\/instances\/i-/.test(req.path)
      ? err(403, "global/forbidden", "nope")
      : undefined;
  const e = await client.createInstance(attrs()).catch((e) => e);
  assert.ok(e instanceof ApiError);
  assert.equal(e.status, 403);
  const terminate = fake.requests(
    "POST",
    "/api/v1/instance-operations/terminate",
  );
  assert.equal(terminate.length, 1);
  assert.deepEqual(terminate[0].body, { instance_ids: [fake.instances[0].id] });
  assert.equal(fake.instances[0].status, "terminating");
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
  const { client, fake } = setup();
  fake.intercept = (req) =>
    req.path.endsWith("/launch")
      ? err(400, "instance-operations/launch/insufficient-capacity", "full")
      : undefined;
  const e = await client.createInstance(attrs({ firewallRules: rules })).catch((
    e,
  ) => e);
  assert.ok(e instanceof InsufficientResourcesError);
  assert.equal(e.location, "us-west-1");
  assert.equal(fake.rulesets.length, 0);
  assert.equal(
    fake.sent.filter((r) =>
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
  odd.fake.intercept = (req) =>
    req.path.endsWith("/launch")
      ? err(400, "instance-operations/launch/insufficient-capacity", "full")
      : undefined;
  const o = await odd.client.createInstance(attrs({ location: "mars-2" }))
    .catch((e) => e);
  assert.ok(o instanceof InvalidArgumentError, String(o));
});

Deno.test("the launch limiter spaces creates on the injected clock", async () => {
  const { client, time } = setup({ maxCreateRequestsPerMinute: 5 });
  await client.createInstance(attrs({ refId: "a" }));
  await client.createInstance(attrs({ refId: "b" }));
  await client.createInstance(attrs({ refId: "c" }));
  assert.deepEqual(time.t.slept, [12_000, 12_000]);
});

Deno.test("listInstances honours ids, locations and tag filters, fetching rulesets once", async () => {
  const { client, fake } = setup();
  const a = fake.addInstance({
    tags: [{ key: "team", value: "ml" }, {
      key: BOOKKEEPING_TAGS.refId,
      value: "r",
    }],
  });
  const b = fake.addInstance({
    region: { name: "us-east-1", description: "" },
    tags: [{ key: "team", value: "web" }],
  });
  fake.addInstance({ tags: [] });
  const ids = (list: Instance[]) => list.map((i) => i.cloudId).sort();
  assert.equal((await client.listInstances()).length, 3);
  assert.deepEqual(
    ids(await client.listInstances({ instanceIds: [a.id, b.id] })),
    [a.id, b.id].sort(),
  );
  assert.deepEqual(
    ids(await client.listInstances({ locations: ["us-east-1"] })),
    [b.id],
  );
  assert.equal((await client.listInstances({ locations: ["all"] })).length, 3);
  assert.deepEqual(
    ids(await client.listInstances({ tagFilters: { team: ["ml"] } })),
    [a.id],
  );
  assert.deepEqual(
    ids(await client.listInstances({ tagFilters: { team: [] } })),
    [a.id, b.id].sort(),
  );
  assert.deepEqual(
    ids(
      await client.listInstances({
        tagFilters: { [BOOKKEEPING_TAGS.refId]: ["r"] },
      }),
    ),
    [],
  );
  const [listedA] = await client.listInstances({ instanceIds: [a.id] });
  assert.deepEqual(listedA.tags, { team: "ml" });
  // one list, cached rulesets: the rulesets are read once for all instances
  assert.equal(fake.requests("GET", "/api/v1/firewall-rulesets").length, 1);
  assert.equal(
    fake.requests("GET", "/api/v1/firewall-rulesets/global").length,
    1,
  );
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

  const { client, fake } = setup();
  const i = fake.addInstance({ status: "migrating" as never });
  assert.equal(
    (await client.getInstance(i.id)).status.lifecycleStatus,
    "unknown",
  );
});

Deno.test("terminate and reboot send the id; missing instances are InstanceNotFoundError", async () => {
  const { client, fake } = setup();
  const i = fake.addInstance();
  await client.rebootInstance(i.id);
  assert.deepEqual(
    fake.requests("POST", "/api/v1/instance-operations/restart")[0].body,
    { instance_ids: [i.id] },
  );
  await client.terminateInstance(i.id);
  assert.deepEqual(
    fake.requests("POST", "/api/v1/instance-operations/terminate")[0].body,
    { instance_ids: [i.id] },
  );
  for (
    const call of [
      () => client.getInstance("i-missing"),
      () => client.terminateInstance("i-missing"),
      () => client.rebootInstance("i-missing"),
    ]
  ) {
    const e = await call().catch((e) => e);
    assert.ok(e instanceof InstanceNotFoundError);
    assert.equal(e.instanceId, "i-missing");
  }
});

Deno.test("mergeInstanceForUpdate keeps what Lambda does not report", async () => {
  const { client, fake } = setup();
  const stored = await client.createInstance(attrs({ imageId: "img-1" }));
  const stranger = fake.addInstance({ name: undefined, status: "active" });
  const fresh = await client.getInstance(stranger.id);
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
  assert.equal(merged.publicIp, stranger.ip);
});

Deno.test("the API key never leaks: errors, inspection, JSON, events", async () => {
  const { client, fake, events } = setup({ retry: { maxAttempts: 2 } });
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
    fetch: fake.fetch,
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
    fetch: fake.fetch,
  });
  await bad.listInstances().catch(collect);
  fake.intercept = () => {
    throw new TypeError("network down");
  };
  await client.listInstances().catch(collect);
  fake.intercept = () => err(503, "global/x");
  await client.createInstance(
    attrs({ userDataBase64: btoa("SECRET-USER-DATA") }),
  ).catch(collect);
  fake.intercept = undefined;
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
  const fake = new FakeLambda();
  const credential = new LambdaLabsCredential({
    refId: "cred-9",
    apiKey: KEY,
    fetch: fake.fetch,
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
  const { client, fake } = setup();
  const all = await client.getInstanceTypes({ locations: ["all"] });
  assert.deepEqual(
    all.map((t) => `${t.location}/${t.type}/${t.isAvailable}`).sort(),
    [
      "us-east-1/gpu_1x_a10/false",
      "us-east-1/gpu_1x_gh200/false",
      "us-west-1/gpu_1x_a10/true",
      "us-west-1/gpu_1x_gh200/false",
    ],
  );
  const gh = all.find((t) => t.type === "gpu_1x_gh200")!;
  assert.deepEqual(gh.supportedArchitectures, ["arm64"]);
  assert.equal(fake.requests("GET", "/api/v1/instance-types").length, 1);
  assert.equal(fake.requests("GET", "/api/v1/regions").length, 1);

  const east = setup({ location: "us-east-1" });
  assert.deepEqual(
    [...new Set((await east.client.getInstanceTypes()).map((t) => t.location))],
    ["us-east-1"],
  );

  assert.deepEqual((await client.getLocations()).map((l) => l.name), [
    "us-west-1",
  ]);
  assert.equal(
    (await client.getLocations({ includeUnavailable: true })).length,
    2,
  );
  assert.deepEqual(
    (await client.getImages({ architectures: ["x86_64"] })).map((i) => i.id),
    ["img-1"],
  );
  assert.deepEqual(await client.getImages({ architectures: ["arm64"] }), []);

  // an instance's type id is the catalogue's id
  const inst = fake.addInstance();
  const got = await client.getInstance(inst.id);
  assert.equal(
    got.instanceTypeId,
    all.find((t) => t.location === "us-west-1" && t.type === "gpu_1x_a10")!.id,
  );
});

Deno.test("an abort while waiting for the launch limiter rejects with the reason and launches nothing", async () => {
  const controller = new AbortController();
  const { client, fake } = setup({
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
  assert.equal(launches(fake).length, 1);
});
