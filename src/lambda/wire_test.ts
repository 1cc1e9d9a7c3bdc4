import assert from "node:assert/strict";
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
