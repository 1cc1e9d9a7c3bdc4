// Malformed request bodies, refused by the routes with the table's request
// schemas (and the API's few extra checks) before the model sees them: a
// 400 `global/invalid-parameters` in Lambda's envelope and no change of
// state. The model's own rules (references, uniqueness, capacity, quotas,
// limits) are tested in `state/world_test.ts`.
import assert from "node:assert/strict";
import { type Harness, harness, PUBLIC_KEY } from "../testdata/helpers.ts";

const LAUNCH = {
  region_name: "us-west-1",
  instance_type_name: "gpu_1x_a10",
  ssh_key_names: ["me"],
};
const RULE = {
  protocol: "tcp",
  port_range: [22, 22],
  source_network: "1.2.3.4",
  description: "ssh",
};

async function refused(
  h: Harness,
  method: string,
  path: string,
  body: unknown,
): Promise<void> {
  const before = JSON.stringify(h.mock.state);
  const res = await h.call(method, path, body);
  const what = `${method} ${path} ${JSON.stringify(body).slice(0, 120)}`;
  assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.error.code, "global/invalid-parameters", what);
  assert.equal(JSON.stringify(h.mock.state), before, `${what}: state changed`);
}

async function setUp(): Promise<{ h: Harness; instanceId: string }> {
  const h = harness();
  await h.call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  const instanceId = await h.launch();
  return { h, instanceId };
}

Deno.test("launch bodies of the wrong shape are refused with 400", async () => {
  const { h } = await setUp();
  const fs = await h.call("POST", "/api/v1/filesystems", {
    name: "data",
    region: "us-west-1",
  });
  const bad: unknown[] = [
    null,
    [],
    {},
    { ...LAUNCH, region_name: 1 },
    { ...LAUNCH, region_name: "" },
    { ...LAUNCH, ssh_key_names: "me" },
    { ...LAUNCH, ssh_key_names: [1] },
    { ...LAUNCH, name: "x".repeat(65) },
    { ...LAUNCH, hostname: "Bad_Host" },
    { ...LAUNCH, hostname: "x".repeat(64) },
    { ...LAUNCH, tags: [{ key: "Bad", value: "v" }] },
    { ...LAUNCH, tags: [{ key: "k", value: "v" }] },
    { ...LAUNCH, tags: [{ key: "k1", value: "x".repeat(129) }] },
    {
      ...LAUNCH,
      file_system_mounts: [{
        mount_point: "/etc/x",
        file_system_id: fs.body.data.id,
      }],
    },
    {
      ...LAUNCH,
      file_system_mounts: [{
        mount_point: `/data/${"x".repeat(251)}`,
        file_system_id: fs.body.data.id,
      }],
    },
    { ...LAUNCH, image: {} },
    { ...LAUNCH, image: { id: 5 } },
    { ...LAUNCH, user_data: 5 },
    { ...LAUNCH, firewall_rulesets: [{}] },
  ];
  for (const body of bad) {
    await refused(h, "POST", "/api/v1/instance-operations/launch", body);
  }
  h.recorder.assertClean();
});

Deno.test("user_data over 1 MiB is refused, at the body limit or by the schema", async () => {
  const { h } = await setUp();
  // Over the limit once UTF-8 encoded, under it in UTF-16 units.
  await refused(h, "POST", "/api/v1/instance-operations/launch", {
    ...LAUNCH,
    user_data: "é".repeat(600 * 1024),
  });
  await refused(h, "POST", "/api/v1/instance-operations/launch", {
    ...LAUNCH,
    user_data: "x".repeat(1024 * 1024 + 1),
  });
});

Deno.test("restart, terminate and rename bodies of the wrong shape are refused", async () => {
  const { h, instanceId } = await setUp();
  for (const op of ["restart", "terminate"]) {
    const path = `/api/v1/instance-operations/${op}`;
    for (const body of [{}, { instance_ids: [1] }, { instance_ids: "x" }]) {
      await refused(h, "POST", path, body);
    }
  }
  for (const body of [{ name: 3 }, { name: "x".repeat(65) }]) {
    await refused(h, "POST", `/api/v1/instances/${instanceId}`, body);
  }
});

Deno.test("SSH key bodies: blank or long names and malformed keys are refused", async () => {
  const { h } = await setUp();
  for (
    const body of [
      { name: "" },
      { name: "   " },
      { name: "x".repeat(65) },
      { name: "x", public_key: "ssh-ed25519 notbase64!" },
      { name: "x", public_key: "ssh-rsa " + btoa("\0\0\0\x0bssh-ed25519") },
      { name: "x", public_key: "" },
    ]
  ) {
    await refused(h, "POST", "/api/v1/ssh-keys", body);
  }
});

Deno.test("filesystem bodies: bad names and missing regions are refused", async () => {
  const { h } = await setUp();
  for (
    const body of [
      { name: "1bad", region: "us-west-1" },
      { name: "x".repeat(61), region: "us-west-1" },
      { name: "ok" },
    ]
  ) {
    await refused(h, "POST", "/api/v1/filesystems", body);
  }
});

Deno.test("firewall rules that break a rule of the API are refused everywhere rules go", async () => {
  const { h } = await setUp();
  const created = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [],
  });
  const rulesetPath = `/api/v1/firewall-rulesets/${created.body.data.id}`;
  const badRules: unknown[] = [
    { ...RULE, protocol: "sctp" },
    { protocol: "tcp", source_network: "0.0.0.0/0", description: "" },
    {
      protocol: "icmp",
      port_range: [1, 1],
      source_network: "0.0.0.0/0",
      description: "",
    },
    { ...RULE, port_range: [0, 22] },
    { ...RULE, port_range: [23, 22] },
    { ...RULE, port_range: [22] },
    { ...RULE, source_network: "300.1.1.1/32" },
    { ...RULE, source_network: "10.0.0.0/33" },
    { ...RULE, source_network: "10.0.0.0/08" },
    { ...RULE, source_network: "10.00.0.0/8" },
    { ...RULE, source_network: "10.0.0/8" },
    { ...RULE, description: "x".repeat(129) },
    { ...RULE, description: undefined },
    "rule",
  ];
  for (const rule of badRules) {
    await refused(h, "PUT", "/api/v1/firewall-rules", { data: [rule] });
    await refused(h, "POST", "/api/v1/firewall-rulesets", {
      name: "n",
      region: "us-west-1",
      rules: [rule],
    });
    await refused(h, "PATCH", rulesetPath, { rules: [rule] });
    await refused(h, "PATCH", "/api/v1/firewall-rulesets/global", {
      rules: [rule],
    });
  }
  for (const name of ["", "  ", "x".repeat(65)]) {
    await refused(h, "POST", "/api/v1/firewall-rulesets", {
      name,
      region: "us-west-1",
      rules: [],
    });
  }
  await refused(h, "PATCH", rulesetPath, { name: " " });
  h.recorder.assertClean();
});
