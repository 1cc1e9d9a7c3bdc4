// Behaviours the published description (or a real client's observation)
// states beyond the schemas, through HTTP and with every answer checked
// against openapi.json. Each names its evidence; the README's section "How
// faithful is the emulator" lists them all.
import assert from "node:assert/strict";
import { type Harness, harness, PUBLIC_KEY } from "../testdata/helpers.ts";

const LAUNCH = {
  region_name: "us-west-1",
  instance_type_name: "gpu_1x_a10",
  ssh_key_names: ["me"],
};

async function withKey(h: Harness): Promise<void> {
  const res = await h.call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  assert.equal(res.status, 200);
}

Deno.test("file_system_mounts is absent when nothing is mounted, present when something is", async () => {
  // The description: "If no filesystems are mounted, this parameter will
  // be missing from the response."
  const h = harness();
  await withKey(h);
  const bare = await h.launch();
  const fs = await h.call("POST", "/api/v1/filesystems", {
    name: "data",
    region: "us-west-1",
  });
  const mounted = await h.launch({ file_system_names: ["data"] });
  const list = await h.call("GET", "/api/v1/instances");
  const byId = new Map(
    list.body.data.map((i: { id: string }) => [i.id, i]),
  );
  assert.equal("file_system_mounts" in (byId.get(bare) as object), false);
  const one = await h.call("GET", `/api/v1/instances/${bare}`);
  assert.equal("file_system_mounts" in one.body.data, false);
  assert.deepEqual(one.body.data.file_system_names, []);
  assert.deepEqual(
    (byId.get(mounted) as { file_system_mounts: unknown }).file_system_mounts,
    [{ mount_point: "/lambda/nfs/data", file_system_id: fs.body.data.id }],
  );
  const terminated = await h.call(
    "POST",
    "/api/v1/instance-operations/terminate",
    { instance_ids: [bare] },
  );
  assert.equal(
    "file_system_mounts" in terminated.body.data.terminated_instances[0],
    false,
  );
  h.recorder.assertClean();
});

Deno.test("a launch with quantity other than 1 is refused; quantity 1 launches one", async () => {
  // Reported by SkyPilot (issue #7084, PR #3865): more than one is refused
  // with global/invalid-parameters, "Requested too many instances". The
  // description's own curl example sends "quantity": 1.
  const h = harness();
  await withKey(h);
  for (const quantity of [3, 2, 0, -1, 1.5, "1", null]) {
    const before = JSON.stringify(h.mock.state);
    const res = await h.call("POST", "/api/v1/instance-operations/launch", {
      ...LAUNCH,
      quantity,
    });
    assert.equal(res.status, 400, `quantity ${quantity}`);
    assert.equal(res.body.error.code, "global/invalid-parameters");
    if (Number.isInteger(quantity) && (quantity as number) > 1) {
      assert.match(res.body.error.message, /Requested too many instances/);
    }
    assert.equal(JSON.stringify(h.mock.state), before, "nothing launched");
  }
  const one = await h.call("POST", "/api/v1/instance-operations/launch", {
    ...LAUNCH,
    quantity: 1,
  });
  assert.equal(one.status, 200);
  assert.equal(one.body.data.instance_ids.length, 1);
  assert.equal(h.mock.state.instances.length, 1);
  h.recorder.assertClean();
});

Deno.test("terminate with instance_ids: [] is accepted and terminates nothing", async () => {
  // The description sets no minimum; SkyPilot's `sky down` sends exactly
  // this for a cluster without nodes. What it answers is a guess: an
  // empty list of terminated instances.
  const h = harness();
  await withKey(h);
  const id = await h.launch();
  const events = h.mock.state.auditEvents.length;
  const res = await h.call("POST", "/api/v1/instance-operations/terminate", {
    instance_ids: [],
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.data, { terminated_instances: [] });
  assert.equal(
    h.mock.state.instances.find((i) => i.id === id)?.status,
    "booting",
  );
  assert.equal(h.mock.state.auditEvents.length, events, "nothing recorded");
  h.recorder.assertClean();
});

Deno.test("a ruleset name already taken in the region is a 409, on create and on rename", async () => {
  // The description lists 409 (in the internal-error envelope) for
  // creating and patching rulesets; a name taken is the conflict.
  const h = harness();
  const rule = {
    protocol: "tcp",
    port_range: [22, 22],
    source_network: "0.0.0.0/0",
    description: "ssh",
  };
  const web = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [rule],
  });
  const other = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "other",
    region: "us-west-1",
    rules: [],
  });
  const before = JSON.stringify(h.mock.state);
  const taken = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [],
  });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.code, "global/internal-error");
  assert.match(taken.body.error.message, /web/);
  assert.ok(taken.body.error.suggestion);
  const renamed = await h.call(
    "PATCH",
    `/api/v1/firewall-rulesets/${other.body.data.id}`,
    { name: "web" },
  );
  assert.equal(renamed.status, 409);
  assert.equal(JSON.stringify(h.mock.state), before, "nothing changed");
  // The same name in another region is no conflict; nor is keeping one's own.
  const east = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-east-1",
    rules: [],
  });
  assert.equal(east.status, 200);
  const same = await h.call(
    "PATCH",
    `/api/v1/firewall-rulesets/${web.body.data.id}`,
    { name: "web" },
  );
  assert.equal(same.status, 200);
  h.recorder.assertClean();
});

Deno.test("deleting a ruleset in use stays the 400 firewall-ruleset-in-use the description names", async () => {
  const h = harness();
  await withKey(h);
  const rs = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [],
  });
  await h.launch({ firewall_rulesets: [{ id: rs.body.data.id }] });
  const res = await h.call(
    "DELETE",
    `/api/v1/firewall-rulesets/${rs.body.data.id}`,
  );
  assert.equal(res.status, 400);
  assert.equal(
    res.body.error.code,
    "firewall-rulesets/firewall-ruleset-in-use",
  );
  h.recorder.assertClean();
});

Deno.test("a duplicate SSH key name is refused with the text real clients quote", async () => {
  // SkyPilot issue #1837: global/invalid-parameters, "Key name must be
  // unique"; brevdev/cloud's Go provider matches "name must be unique".
  const h = harness();
  await withKey(h);
  const res = await h.call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, "global/invalid-parameters");
  assert.match(res.body.error.message, /^Key name must be unique/);
  const generated = await h.call("POST", "/api/v1/ssh-keys", { name: "me" });
  assert.match(generated.body.error.message, /^Key name must be unique/);
  h.recorder.assertClean();
});

Deno.test("firewall rulesets cannot be made for us-south-1, where firewall rules do not apply", async () => {
  // The description of /firewall-rules: "Firewall rules do not apply to
  // the us-south-1 region." Refusing rather than accepting silently is a
  // guess; SkyPilot skips opening ports there.
  const h = harness();
  await withKey(h);
  const before = JSON.stringify(h.mock.state);
  const res = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-south-1",
    rules: [],
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, "global/invalid-parameters");
  assert.match(res.body.error.message, /us-south-1/);
  assert.equal(JSON.stringify(h.mock.state), before);
  const west = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [],
  });
  const launch = await h.call("POST", "/api/v1/instance-operations/launch", {
    ...LAUNCH,
    region_name: "us-south-1",
    firewall_rulesets: [{ id: west.body.data.id }],
  });
  assert.equal(launch.status, 400);
  assert.match(launch.body.error.message, /do not apply/);
  // Launching there without rulesets is fine.
  const plain = await h.call("POST", "/api/v1/instance-operations/launch", {
    ...LAUNCH,
    region_name: "us-south-1",
    instance_type_name: "gpu_1x_a100_sxm4",
  });
  assert.equal(plain.status, 200);
  h.recorder.assertClean();
});

Deno.test("firewall sources must be public IPv4 addresses or networks (or 0.0.0.0/0)", async () => {
  // The description of FirewallRule.source_network: "a public IPv4
  // address optionally followed by a slash (/) and an integer mask", or
  // 0.0.0.0/0 for any address.
  const h = harness();
  const rule = (source_network: string) => ({
    protocol: "tcp",
    port_range: [22, 22],
    source_network,
    description: "ssh",
  });
  const rs = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [],
  });
  for (
    const source of [
      "10.0.0.0/8",
      "10.1.2.3",
      "172.16.0.0/12",
      "172.31.255.1/32",
      "192.168.1.0/24",
      "127.0.0.1",
      "169.254.1.1",
      "100.64.0.0/10",
      "0.0.0.0/8",
      "0.0.0.0",
      "224.0.0.1",
      "240.0.0.0/4",
      "255.255.255.255",
    ]
  ) {
    const before = JSON.stringify(h.mock.state);
    for (
      const [method, path, body] of [
        ["PUT", "/api/v1/firewall-rules", { data: [rule(source)] }],
        ["POST", "/api/v1/firewall-rulesets", {
          name: "n",
          region: "us-west-1",
          rules: [rule(source)],
        }],
        ["PATCH", `/api/v1/firewall-rulesets/${rs.body.data.id}`, {
          rules: [rule(source)],
        }],
        ["PATCH", "/api/v1/firewall-rulesets/global", {
          rules: [rule(source)],
        }],
      ] as const
    ) {
      const res = await h.call(method, path, body);
      assert.equal(res.status, 400, `${method} ${path} ${source}`);
      assert.equal(res.body.error.code, "global/invalid-parameters");
      assert.match(res.body.error.message, /public/);
    }
    assert.equal(JSON.stringify(h.mock.state), before, source);
  }
  for (const source of ["0.0.0.0/0", "1.2.3.4", "8.8.8.0/24", "52.0.0.0/8"]) {
    const res = await h.call("PUT", "/api/v1/firewall-rules", {
      data: [rule(source)],
    });
    assert.equal(res.status, 200, source);
  }
  h.recorder.assertClean();
});

Deno.test("GET /instances honours the cluster_id filter", async () => {
  // The description: "If provided, the resulting list will only include
  // instances that are part of a cluster with this unique identifier."
  // Instances launched through the API belong to no cluster.
  const h = harness();
  await withKey(h);
  await h.launch();
  await h.launch();
  const all = await h.call("GET", "/api/v1/instances");
  assert.equal(all.body.data.length, 2);
  const none = await h.call("GET", "/api/v1/instances?cluster_id=c0ffee");
  assert.equal(none.status, 200);
  assert.deepEqual(none.body.data, []);
  h.recorder.assertClean();
});
