import assert from "node:assert/strict";
import { readProblemOf, skippedEntriesOf } from "./tolerant.ts";
import {
  AddSshKeyRequestSchema,
  FirewallRuleRequestSchema,
  InstanceSchema,
  isIpv4Cidr,
  LaunchInstanceRequestSchema,
  RESPONSE_DATA,
} from "./wire.ts";

const region = { name: "us-west-1", description: "California, USA" };
const instanceType = {
  name: "gpu_1x_a10",
  description: "1x A10 (24 GB PCIe)",
  gpu_description: "A10 (24 GB PCIe)",
  price_cents_per_hour: 75,
  specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
};
const available = { available: true };
const instance = {
  id: "i-1",
  status: "active",
  ssh_key_names: ["k"],
  file_system_names: [],
  region,
  instance_type: instanceType,
  actions: {
    migrate: available,
    rebuild: available,
    restart: available,
    cold_reboot: available,
    terminate: available,
  },
};

Deno.test("responses tolerate new fields and new enum values", () => {
  const parsed = InstanceSchema.parse({
    ...instance,
    status: "hibernating",
    workspace_id: "w-1",
    region: { ...region, country: "US" },
  });
  assert.equal(parsed.status, "hibernating");
  assert.equal("workspace_id" in parsed, false);
  const key = RESPONSE_DATA.listSSHKeys.parse([
    { id: "k", name: "n", public_key: "ssh-ed25519 AAAA", workspace_id: "w" },
  ]);
  assert.deepEqual(key, [{
    id: "k",
    name: "n",
    public_key: "ssh-ed25519 AAAA",
  }]);
});

Deno.test("responses stay strict on fields the code depends on", () => {
  const { region: _, ...withoutRegion } = instance;
  assert.equal(InstanceSchema.safeParse(withoutRegion).success, false);
  assert.equal(
    InstanceSchema.safeParse({ ...instance, status: 3 }).success,
    false,
  );
});

Deno.test("firewall rules: ports required for tcp/udp/all, forbidden for icmp", () => {
  const base = { source_network: "0.0.0.0/0", description: "" };
  assert.ok(
    FirewallRuleRequestSchema.safeParse({
      ...base,
      protocol: "tcp",
      port_range: [22, 22],
    }).success,
  );
  assert.ok(
    FirewallRuleRequestSchema.safeParse({ ...base, protocol: "icmp" }).success,
  );
  for (const protocol of ["tcp", "udp", "all"]) {
    const result = FirewallRuleRequestSchema.safeParse({ ...base, protocol });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues[0].path, ["port_range"]);
  }
  const icmpWithPorts = FirewallRuleRequestSchema.safeParse({
    ...base,
    protocol: "icmp",
    port_range: [1, 2],
  });
  assert.equal(icmpWithPorts.success, false);
  for (
    const port_range of [[0, 22], [22, 65536], [30, 20], [22], [1.5, 2]]
  ) {
    assert.equal(
      FirewallRuleRequestSchema.safeParse({
        ...base,
        protocol: "udp",
        port_range,
      })
        .success,
      false,
      `port_range ${JSON.stringify(port_range)}`,
    );
  }
  assert.equal(
    FirewallRuleRequestSchema.safeParse({
      ...base,
      protocol: "tcp",
      port_range: [1, 2],
      description: "x".repeat(129),
    }).success,
    false,
  );
});

Deno.test("isIpv4Cidr accepts networks and bare addresses, refuses the rest", () => {
  // A bare address is a /32, as the API documents.
  for (const ok of ["0.0.0.0/0", "10.0.0.0/8", "192.168.1.7/32", "1.2.3.4"]) {
    assert.ok(isIpv4Cidr(ok), ok);
  }
  for (
    const bad of [
      "10.0.0",
      "256.0.0.0/8",
      "10.0.0.0/33",
      "::/0",
      "a.b.c.d/1",
      "010.0.0.0/8",
      "10.0.0.0/08",
      "",
    ]
  ) {
    assert.equal(isIpv4Cidr(bad), false, bad);
  }
});

Deno.test("launch requests enforce the API's limits and name the field", () => {
  const ok = {
    region_name: "us-west-1",
    instance_type_name: "gpu_1x_a10",
    ssh_key_names: ["k"],
  };
  assert.ok(LaunchInstanceRequestSchema.safeParse(ok).success);
  const cases: [Record<string, unknown>, string][] = [
    [{ name: "n".repeat(65) }, "name"],
    [{ hostname: "Bad_Host" }, "hostname"],
    [{ tags: [{ key: "Upper", value: "v" }] }, "tags"],
    [{ tags: [{ key: "k1", value: "v".repeat(129) }] }, "tags"],
    [{ region_name: 7 }, "region_name"],
  ];
  for (const [patch, field] of cases) {
    const result = LaunchInstanceRequestSchema.safeParse({ ...ok, ...patch });
    assert.equal(result.success, false, field);
    assert.equal(result.error?.issues[0].path[0], field);
  }
  assert.equal(
    AddSshKeyRequestSchema.safeParse({ name: "" }).success,
    false,
  );
});

Deno.test("answers read null in every optional field as absent", () => {
  const nulled = {
    ...instance,
    name: null,
    ip: null,
    private_ip: null,
    hostname: null,
    jupyter_token: null,
    jupyter_url: null,
    tags: null,
    file_system_mounts: null,
    firewall_rulesets: null,
    actions: {
      ...instance.actions,
      restart: {
        available: false,
        reason_code: null,
        reason_description: null,
      },
    },
  };
  for (
    const parsed of [
      RESPONSE_DATA.getInstance.parse(nulled),
      RESPONSE_DATA.listInstances.parse([instance, nulled])[1],
      RESPONSE_DATA.terminateInstance.parse({ terminated_instances: [nulled] })
        .terminated_instances[0],
    ]
  ) {
    assert.equal(readProblemOf(parsed), undefined, "read whole");
    for (
      const key of [
        "name",
        "ip",
        "private_ip",
        "hostname",
        "jupyter_token",
        "jupyter_url",
        "tags",
        "file_system_mounts",
        "firewall_rulesets",
      ] as const
    ) {
      assert.equal(key in parsed, false, key);
    }
    assert.equal("reason_code" in parsed.actions.restart, false);
  }
  const rule = RESPONSE_DATA.firewallRulesList.parse([
    {
      protocol: "icmp",
      port_range: null,
      source_network: "0.0.0.0/0",
      description: "",
    },
  ]);
  assert.equal("port_range" in rule[0], false);
  const user = { id: "u", email: "a@b.c", status: "active" };
  const fs = RESPONSE_DATA.createFilesystem.parse({
    id: "f",
    name: "data",
    mount_point: "/lambda/nfs/data",
    created: "2026-01-01T00:00:00Z",
    created_by: user,
    is_in_use: false,
    region,
    bytes_used: null,
  });
  assert.equal("bytes_used" in fs, false);
  // The building blocks stay plain: one zod pass on the happy path.
  assert.equal(InstanceSchema.safeParse(nulled).success, false);
});

Deno.test("answers stay strict on null in a required field", () => {
  for (const key of ["status", "region", "instance_type", "actions"]) {
    assert.equal(
      InstanceSchema.safeParse({ ...instance, [key]: null }).success,
      false,
      key,
    );
    // An instance is still kept, marked as not read whole.
    const kept = RESPONSE_DATA.getInstance.parse({ ...instance, [key]: null });
    assert.deepEqual(readProblemOf(kept)?.fields, [key]);
  }
  assert.equal(
    RESPONSE_DATA.listRegions.parse([{ name: "us-west-1", description: null }])
      .length,
    0,
  );
  // Request schemas are not tolerant: the emulator refuses a null name.
  assert.equal(
    LaunchInstanceRequestSchema.safeParse({
      region_name: "us-west-1",
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["k"],
      name: null,
    }).success,
    false,
  );
});

Deno.test("an instance list keeps an unreadable entry whose id can be read, marked with what could not be read", () => {
  const list = RESPONSE_DATA.listInstances.parse([
    instance,
    {
      ...instance,
      id: "i-2",
      status: 7,
      tags: [{ key: "k" }, { key: "a", value: "b" }],
    },
  ]);
  assert.equal(list.length, 2);
  assert.equal(readProblemOf(list[0]), undefined);
  const problem = readProblemOf(list[1]);
  assert.ok(problem);
  assert.deepEqual(problem.fields, ["status", "tags"]);
  assert.match(problem.message, /status/);
  assert.deepEqual(list[1].tags, [{ key: "a", value: "b" }]);
  assert.equal(list[1].region.name, "us-west-1");
  // Without a readable id, the list fails: nothing could act on the entry.
  const noId = RESPONSE_DATA.listInstances.safeParse([instance, { status: 1 }]);
  assert.equal(noId.success, false);
  assert.deepEqual(noId.error?.issues[0].path, [1, "id"]);
  // Restart and terminate answers are read the same way.
  const terminated = RESPONSE_DATA.terminateInstance.parse({
    terminated_instances: [{ ...instance, actions: null }],
  });
  assert.equal(terminated.terminated_instances[0].id, "i-1");
  assert.deepEqual(readProblemOf(terminated.terminated_instances[0])?.fields, [
    "actions",
  ]);
});

Deno.test("other lists skip an unreadable entry and say so in a note on the list", () => {
  const keys = RESPONSE_DATA.listSSHKeys.parse([
    { id: "k1", name: "a", public_key: "ssh-ed25519 AAAA" },
    { id: "k2", name: null, public_key: "ssh-ed25519 AAAA" },
  ]);
  assert.deepEqual(keys.map((k) => k.id), ["k1"]);
  const skipped = skippedEntriesOf(keys);
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0].at, 1);
  assert.equal(skipped[0].id, "k2");
  assert.match(skipped[0].problem, /name/);
  assert.deepEqual(
    skippedEntriesOf(RESPONSE_DATA.listRegions.parse([region])),
    [],
  );

  const types = RESPONSE_DATA.listInstanceTypes.parse({
    gpu_1x_a10: {
      instance_type: instanceType,
      regions_with_capacity_available: [region],
    },
    gpu_broken: {
      instance_type: { ...instanceType, name: "gpu_broken", specs: null },
      regions_with_capacity_available: [],
    },
  });
  assert.deepEqual(Object.keys(types), ["gpu_1x_a10"]);
  assert.equal(skippedEntriesOf(types)[0].at, "gpu_broken");
  assert.match(skippedEntriesOf(types)[0].problem, /specs/);
});

Deno.test("rules of a ruleset stay strict: a rule skipped there would be deleted by the next write", () => {
  const ruleset = {
    id: "rs",
    name: "n",
    region,
    rules: [{
      protocol: "tcp",
      port_range: [22, 22],
      source_network: 3,
      description: "",
    }],
    created: "2026-01-01T00:00:00Z",
    instance_ids: [],
  };
  assert.equal(
    RESPONSE_DATA.getFirewallRuleset.safeParse(ruleset).success,
    false,
  );
});
