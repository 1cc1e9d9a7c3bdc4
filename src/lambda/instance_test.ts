import assert from "node:assert/strict";
import { ApiError } from "../v1/errors.ts";
import type { FirewallSnapshot } from "./firewall.ts";
import { instanceFromWire, instancesFromWire, wireTags } from "./instance.ts";
import { LambdaApi } from "./api.ts";
import { FirewallCache } from "./firewall_cache.ts";
import type { WireInstance } from "./wire.ts";
import { rewritingEmulator } from "./testdata/rewriting_emulator.ts";

const available = { available: true };
const WIRE: WireInstance = {
  id: "i-1",
  status: "active",
  ssh_key_names: ["me"],
  file_system_names: [],
  region: { name: "us-west-1", description: "California, USA" },
  instance_type: {
    name: "gpu_1x_a10",
    description: "1x A10 (24 GB PCIe)",
    gpu_description: "A10 (24 GB PCIe)",
    price_cents_per_hour: 75,
    specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
  },
  actions: {
    migrate: available,
    rebuild: available,
    restart: available,
    cold_reboot: available,
    terminate: available,
  },
  tags: [
    { key: "team", value: "a" },
    { key: "gpufleet:ref-id", value: "old" },
    { key: "7", value: "seven" },
    { key: "gpufleet:cred-ref-id", value: "cred" },
    { key: "gpufleet:created-at", value: "2026-01-02T03:04:05.000Z" },
    { key: "gpufleet:image", value: "lambda-stack" },
    { key: "team", value: "b" },
    { key: "gpufleet:ref-id", value: "ref" },
  ],
} as WireInstance;

Deno.test("instanceFromWire: bookkeeping tags become fields, the rest are the user's tags (last duplicate wins)", () => {
  const snapshot: FirewallSnapshot = {
    rulesets: new Map(),
    global: { id: "global", name: "Global", rules: [] },
  };
  const inst = instanceFromWire(WIRE, snapshot);
  const all = wireTags(WIRE);
  assert.equal(inst.refId, all["gpufleet:ref-id"]);
  assert.equal(inst.refId, "ref");
  assert.equal(inst.cloudCredRefId, "cred");
  assert.equal(inst.createdAt.toISOString(), "2026-01-02T03:04:05.000Z");
  assert.deepEqual(inst.tags, { 7: "seven", team: "b" });
  assert.deepEqual(Object.keys(inst.tags), ["7", "team"]);
  const bare = instanceFromWire({ ...WIRE, tags: undefined }, snapshot);
  assert.equal(bare.refId, "");
  assert.equal(bare.cloudCredRefId, "");
  assert.equal(bare.createdAt.getTime(), 0);
  assert.deepEqual(bare.tags, {});
});

// ---------------------------------------------------------------------------
// The tolerant reader, through the client, against the emulator with its
// answers rewritten in flight (the way a sparse or older API answers).

const API_KEY = "reader-key-SECRET";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";

type Json = Record<string, unknown>;

/**
 * An emulator with `count` instances launched (ref ids `job-0`, …), and a
 * client whose fetch lets `rewrite.fn` change the `data` of any answer.
 */
async function rewritingSetup(count: number) {
  const { mock, client, rewrite: raw } = rewritingEmulator(
    API_KEY,
    "cred-reader",
  );
  const rewrite: { fn?: (op: string, data: unknown) => unknown } = {};
  raw.fn = async (request, response) => {
    if (!rewrite.fn || !response.ok) return response;
    const op = `${request.method} ${new URL(request.url).pathname}`;
    const body = await response.json();
    return Response.json({ ...body, data: rewrite.fn(op, body.data) });
  };
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const inst = await client.createInstance({
      location: "us-west-1",
      instanceType: "gpu_1x_a10",
      name: `job-${n}`,
      refId: `job-${n}`,
      publicKey: PUBLIC_KEY,
      tags: { team: "ml" },
    });
    ids.push(inst.cloudId);
  }
  mock.clock.advance(10 * 60_000);
  return { mock, client, rewrite, ids };
}

/** Rewrites the instance `id` wherever an answer carries it. */
function patchInstance(id: string, patch: (i: Json) => Json) {
  return (_op: string, data: unknown): unknown => {
    const one = (i: Json) => i.id === id ? patch(i) : i;
    if (Array.isArray(data)) return data.map(one);
    if (data && typeof data === "object" && (data as Json).id === id) {
      return one(data as Json);
    }
    return data;
  };
}

Deno.test("listInstances: null in an optional field reads as absent (older API versions mark them nullable)", async () => {
  const { client, rewrite, ids } = await rewritingSetup(2);
  rewrite.fn = patchInstance(ids[0], (i) => ({
    ...i,
    name: null,
    ip: null,
    private_ip: null,
    hostname: null,
    jupyter_token: null,
    jupyter_url: null,
    file_system_mounts: null,
    firewall_rulesets: null,
  }));
  const list = await client.listInstances();
  assert.deepEqual(list.map((i) => i.cloudId).sort(), [...ids].sort());
  const sparse = list.find((i) => i.cloudId === ids[0])!;
  assert.equal(sparse.name, "");
  assert.equal(sparse.publicIp, undefined);
  assert.equal(sparse.privateIp, undefined);
  assert.equal(sparse.hostname, undefined);
  assert.equal(sparse.status.lifecycleStatus, "running");
  assert.equal(sparse.refId, "job-0");
  const whole = list.find((i) => i.cloudId === ids[1])!;
  assert.equal(whole.name, "job-1");
  assert.ok(whole.publicIp);
  const one = await client.getInstance(ids[0]);
  assert.equal(one.name, "");
  assert.equal(one.status.lifecycleStatus, "running");
});

Deno.test("listInstances: an entry that cannot be read comes back as unknown, saying what could not be read; the others are intact", async () => {
  const { client, rewrite, ids } = await rewritingSetup(4);
  const [badStatus, noRegion, good, noTags] = ids;
  rewrite.fn = (op, data) => {
    let out = patchInstance(badStatus, (i) => ({ ...i, status: 7 }))(op, data);
    out = patchInstance(noRegion, (i) => {
      const { region: _, ...rest } = i;
      return rest;
    })(op, out);
    out = patchInstance(noTags, (i) => ({
      ...i,
      tags: [...(i.tags as Json[]), { key: "broken" }],
      actions: "all of them",
    }))(op, out);
    return out;
  };
  const list = await client.listInstances();
  assert.equal(list.length, 4, "no entry is lost");
  const byId = new Map(list.map((i) => [i.cloudId, i]));

  const status = byId.get(badStatus)!;
  assert.equal(status.status.lifecycleStatus, "unknown");
  assert.match(status.status.messages!.join("\n"), /could not be read.*status/);
  // What could be read is kept, so a reaper can still tell whose it is.
  assert.equal(status.refId, "job-0");
  assert.equal(status.cloudCredRefId, "cred-reader");
  assert.equal(status.name, "job-0");
  assert.equal(status.location, "us-west-1");

  const region = byId.get(noRegion)!;
  assert.equal(region.status.lifecycleStatus, "unknown");
  assert.match(region.status.messages!.join("\n"), /region/);
  assert.equal(region.refId, "job-1");

  const tags = byId.get(noTags)!;
  assert.equal(tags.status.lifecycleStatus, "unknown");
  assert.match(tags.status.messages!.join("\n"), /tags/);
  assert.match(tags.status.messages!.join("\n"), /actions/);
  // The readable tags survive the unreadable one.
  assert.equal(tags.refId, "job-3");
  assert.deepEqual(tags.tags, { team: "ml" });
  // Unreadable actions: terminating is not known to be impossible.
  assert.equal(tags.rebootable, false);
  assert.equal(tags.isTerminatable, undefined);

  const fine = byId.get(good)!;
  assert.equal(fine.status.lifecycleStatus, "running");
  assert.equal(fine.status.messages, undefined);

  // Filters still work on what was read.
  const mine = await client.listInstances({ instanceIds: [badStatus] });
  assert.deepEqual(mine.map((i) => i.cloudId), [badStatus]);

  // getInstance of such an instance reads it the same way.
  const single = await client.getInstance(badStatus);
  assert.equal(single.status.lifecycleStatus, "unknown");
  assert.equal(single.refId, "job-0");
});

Deno.test("listInstances: an entry whose id cannot be read fails the list (nothing could be done with it safely)", async () => {
  const { client, rewrite, ids } = await rewritingSetup(2);
  rewrite.fn = patchInstance(ids[1], (i) => ({ ...i, id: 42 }));
  const err = await client.listInstances().catch((e) => e);
  assert.ok(err instanceof ApiError, String(err));
  assert.equal(err.providerCode, "invalid-response");
  assert.match(err.message, /data\.\d\.id/);
});

Deno.test("instancesFromWire: each instance of a list of mixed regions and types gets its own type id", async () => {
  const api = new LambdaApi({
    apiKey: "k",
    fetch: () =>
      Promise.resolve(
        Response.json({ data: { id: "global", name: "Global", rules: [] } }),
      ),
  });
  const pairs = [
    ["us-west-1", "gpu_1x_a10"],
    ["us-west-1", "gpu_1x_a10"],
    ["us-east-1", "gpu_1x_a10"],
    ["us-west-1", "gpu_8x_h100"],
    ["us-east-1", "gpu_1x_a10"],
    ["us-west-1", "gpu_1x_a10"],
  ];
  const wires = pairs.map(([region, type], n) => ({
    ...WIRE,
    id: `i-${n}`,
    region: { ...WIRE.region, name: region },
    instance_type: { ...WIRE.instance_type, name: type },
  }));
  const mapped = await instancesFromWire(
    api,
    new FirewallCache(60_000, Date.now),
    wires,
  );
  assert.deepEqual(
    mapped.map((i) => i.instanceTypeId),
    pairs.map(([region, type]) => `lambda-labs:${region}:${type}`),
  );
});
