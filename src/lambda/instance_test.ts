import assert from "node:assert/strict";
import type { FirewallSnapshot } from "./firewall.ts";
import { instanceFromWire, wireTags } from "./instance.ts";
import type { WireInstance } from "./wire.ts";

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
