import assert from "node:assert/strict";
import { MockApiError } from "./errors.ts";
import type { FirewallRuleInput, LaunchRequest } from "./requests.ts";
import { MockWorld, type WorldOptions } from "./world.ts";

const PUB =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me@host";

async function world(options: WorldOptions = {}): Promise<MockWorld> {
  const w = new MockWorld({ seed: 1, ...options });
  await w.addSshKey({ name: "me", public_key: PUB });
  return w;
}

function launchBody(extra: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    region_name: "us-west-1",
    instance_type_name: "gpu_1x_a10",
    ssh_key_names: ["me"],
    ...extra,
  };
}

function expectError(
  fn: () => unknown,
  status: number,
  code: string,
): MockApiError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof MockApiError, `not a MockApiError: ${err}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.status, status);
    return err;
  }
  assert.fail(`expected ${status} ${code}`);
}

/** Asserts that `fn` throws the error and leaves the state unchanged. */
function expectRejected(
  w: MockWorld,
  fn: () => unknown,
  status: number,
  code: string,
): MockApiError {
  const before = w.snapshot();
  const err = expectError(fn, status, code);
  assert.deepEqual(w.snapshot(), before);
  return err;
}

Deno.test("lifecycle: booting → active → restart → active → terminating → terminated → gone", async () => {
  const w = await world({
    bootSeconds: 60,
    terminateSeconds: 5,
    terminatedRetentionSeconds: 300,
  });
  const [id] =
    w.launch(launchBody({ name: "trainer", hostname: "node1" })).instance_ids;
  let i = w.getInstance(id);
  assert.equal(i.status, "booting");
  assert.equal(i.ip, undefined);
  assert.equal(i.hostname, undefined);
  assert.equal(i.actions.restart.available, false);
  assert.equal(i.actions.restart.reason_code, "vm-has-not-launched");
  assert.equal(i.actions.terminate.available, true);

  w.clock.advance(59_999);
  assert.equal(w.getInstance(id).status, "booting");
  w.clock.advance(1);
  i = w.getInstance(id);
  assert.equal(i.status, "active");
  assert.match(i.ip!, /^198\.1[89]\.\d+\.\d+$/);
  assert.match(i.private_ip!, /^10\./);
  assert.equal(i.hostname, "node1");
  assert.match(i.jupyter_token!, /^[0-9a-f]{32}$/);
  assert.ok(i.jupyter_url!.endsWith(`token=${i.jupyter_token}`));
  assert.ok(Object.values(i.actions).every((a) => a.available));

  const restarted = w.restart({ instance_ids: [id] }).restarted_instances;
  assert.equal(restarted[0].status, "booting");
  i = w.getInstance(id);
  assert.equal(i.actions.restart.reason_code, "vm-action-in-progress");
  assert.equal(i.ip, restarted[0].ip);
  expectRejected(
    w,
    () => w.restart({ instance_ids: [id] }),
    409,
    "global/conflict",
  );
  w.clock.advance(60_000);
  assert.equal(w.getInstance(id).status, "active");

  const terminated = w.terminate({ instance_ids: [id] }).terminated_instances;
  assert.equal(terminated[0].status, "terminating");
  assert.equal(
    terminated[0].actions.terminate.reason_code,
    "vm-is-terminating",
  );
  expectRejected(
    w,
    () => w.restart({ instance_ids: [id] }),
    409,
    "global/conflict",
  );
  // Terminating again is harmless.
  assert.equal(
    w.terminate({ instance_ids: [id] }).terminated_instances[0].status,
    "terminating",
  );
  w.clock.advance(5_000);
  assert.equal(w.getInstance(id).status, "terminated");
  assert.equal(w.listInstances().length, 1);
  w.clock.advance(300_000);
  assert.equal(w.listInstances().length, 0);
  expectError(() => w.getInstance(id), 404, "global/object-does-not-exist");
});

Deno.test("hostname defaults to the IP with dashes", async () => {
  const w = await world();
  const [id] = w.launch(launchBody()).instance_ids;
  w.clock.advance(60_000);
  const i = w.getInstance(id);
  assert.equal(i.hostname, i.ip!.replaceAll(".", "-"));
});

Deno.test("capacity is taken on launch, given back on termination, never negative", async () => {
  const w = await world({ capacity: { "us-west-1": { gpu_1x_a10: 2 } } });
  const types = () =>
    w.instanceTypes().gpu_1x_a10.regions_with_capacity_available.map((r) =>
      r.name
    );
  assert.deepEqual(types(), ["us-west-1"]);
  const a = w.launch(launchBody()).instance_ids[0];
  w.launch(launchBody());
  assert.equal(w.snapshot().capacity["us-west-1"].gpu_1x_a10, 0);
  assert.deepEqual(types(), []);
  expectRejected(
    w,
    () => w.launch(launchBody()),
    400,
    "instance-operations/launch/insufficient-capacity",
  );
  assert.equal(w.snapshot().capacity["us-west-1"].gpu_1x_a10, 0);
  w.terminate({ instance_ids: [a] });
  assert.equal(
    w.snapshot().capacity["us-west-1"].gpu_1x_a10,
    0,
    "held while terminating",
  );
  w.clock.advance(5_000);
  assert.equal(w.snapshot().capacity["us-west-1"].gpu_1x_a10, 1);
  assert.deepEqual(types(), ["us-west-1"]);
  w.launch(launchBody());
  assert.equal(w.snapshot().capacity["us-west-1"].gpu_1x_a10, 0);
  // Types not offered in a region have no capacity there.
  expectRejected(
    w,
    () => w.launch(launchBody({ region_name: "me-west-1" })),
    400,
    "instance-operations/launch/insufficient-capacity",
  );
});

Deno.test("launch: every rule of the model and its error code, no state change", async () => {
  const w = await world({ quota: { instances: 1 } });
  w.createFileSystem({ name: "east", region: "us-east-1" });
  const rsEast = w.createFirewallRuleset({
    name: "r",
    region: "us-east-1",
    rules: [],
  });
  // Shapes are the routes' (validation_test.ts); these are the model's.
  const bad: Array<[LaunchRequest, number, string]> = [
    [launchBody({ region_name: "mars-1" }), 400, "global/invalid-parameters"],
    [
      launchBody({ instance_type_name: "gpu_99x_nothing" }),
      400,
      "global/invalid-parameters",
    ],
    [launchBody({ ssh_key_names: [] }), 400, "global/invalid-parameters"],
    [
      launchBody({ ssh_key_names: ["me", "me2"] }),
      400,
      "global/invalid-parameters",
    ],
    [
      launchBody({ ssh_key_names: ["nobody"] }),
      404,
      "global/object-does-not-exist",
    ],
    [
      launchBody({
        tags: [{ key: "k1", value: "a" }, { key: "k1", value: "b" }],
      }),
      400,
      "global/invalid-parameters",
    ],
    [
      launchBody({
        tags: Array.from(
          { length: 51 },
          (_, i) => ({ key: `k${i}`, value: "" }),
        ),
      }),
      400,
      "global/invalid-parameters",
    ],
    [
      launchBody({ file_system_names: ["nope"] }),
      404,
      "global/object-does-not-exist",
    ],
    [
      launchBody({ file_system_names: ["east"] }),
      400,
      "instance-operations/launch/file-system-in-wrong-region",
    ],
    [
      launchBody({
        file_system_mounts: [{
          mount_point: "/data/x",
          file_system_id: "nope",
        }],
      }),
      404,
      "global/object-does-not-exist",
    ],
    [
      launchBody({ image: { id: "no-such-image" } }),
      404,
      "global/object-does-not-exist",
    ],
    [
      launchBody({ image: { family: "no-such-family" } }),
      404,
      "global/object-does-not-exist",
    ],
    [
      launchBody({ firewall_rulesets: [{ id: "nope" }] }),
      404,
      "global/object-does-not-exist",
    ],
    [
      launchBody({ firewall_rulesets: [{ id: rsEast.id }] }),
      400,
      "global/invalid-parameters",
    ],
  ];
  for (const [body, status, code] of bad) {
    const err = expectRejected(w, () => w.launch(body), status, code);
    if (code === "global/object-does-not-exist") assert.ok(err.suggestion);
  }
  // An arm64 image on an x86_64 type.
  const arm = w.images().find((i) =>
    i.region.name === "us-east-1" && i.architecture === "arm64"
  )!;
  expectRejected(
    w,
    () =>
      w.launch(launchBody({ region_name: "us-east-1", image: { id: arm.id } })),
    400,
    "global/invalid-parameters",
  );
  // Quota.
  w.launch(launchBody());
  const err = expectRejected(
    w,
    () => w.launch(launchBody()),
    400,
    "global/quota-exceeded",
  );
  assert.ok(err.suggestion);
});

Deno.test("launch with image family, filesystems, mounts, rulesets and tags", async () => {
  const w = await world();
  const fs1 = w.createFileSystem({ name: "data", region: "us-west-1" });
  const fs2 = w.createFileSystem({ name: "more", region: "us-west-1" });
  const rs = w.createFirewallRuleset({
    name: "web",
    region: "us-west-1",
    rules: [{
      protocol: "tcp",
      port_range: [443, 443],
      source_network: "0.0.0.0/0",
      description: "https",
    }],
  });
  const [id] = w.launch(launchBody({
    image: { family: "ubuntu-lts" },
    file_system_names: ["data"],
    file_system_mounts: [{ mount_point: "/data/more", file_system_id: fs2.id }],
    firewall_rulesets: [{ id: rs.id }],
    tags: [{ key: "team", value: "ml" }],
    user_data: "#cloud-config\n",
  })).instance_ids;
  const i = w.getInstance(id);
  assert.deepEqual(i.file_system_names, ["data", "more"]);
  assert.deepEqual(i.file_system_mounts, [
    { mount_point: "/lambda/nfs/data", file_system_id: fs1.id },
    { mount_point: "/data/more", file_system_id: fs2.id },
  ]);
  assert.deepEqual(i.firewall_rulesets, [{ id: rs.id }]);
  assert.deepEqual(i.tags, [{ key: "team", value: "ml" }]);
  assert.ok(w.listFileSystems().every((f) => f.is_in_use));
  assert.deepEqual(w.getFirewallRuleset(rs.id).instance_ids, [id]);
  expectRejected(
    w,
    () => w.deleteFileSystem(fs1.id),
    400,
    "filesystems/filesystem-in-use",
  );
  expectRejected(
    w,
    () => w.deleteFirewallRuleset(rs.id),
    400,
    "firewall-rulesets/firewall-ruleset-in-use",
  );
  w.terminate({ instance_ids: [id] });
  w.clock.advance(5_000);
  assert.ok(w.listFileSystems().every((f) => !f.is_in_use));
  assert.deepEqual(w.deleteFileSystem(fs1.id), { deleted_ids: [fs1.id] });
  assert.deepEqual(w.deleteFirewallRuleset(rs.id), {});
  // GH200 gets the arm64 image of the default family.
  const [gh] = w.launch(
    launchBody({
      region_name: "us-east-1",
      instance_type_name: "gpu_1x_gh200",
    }),
  ).instance_ids;
  assert.equal(w.getInstance(gh).status, "booting");
});

Deno.test("restart and terminate: all or nothing on unknown ids", async () => {
  const w = await world();
  const [id] = w.launch(launchBody()).instance_ids;
  w.clock.advance(60_000);
  expectRejected(
    w,
    () => w.restart({ instance_ids: [id, "missing"] }),
    404,
    "global/object-does-not-exist",
  );
  expectRejected(
    w,
    () => w.terminate({ instance_ids: [id, "missing"] }),
    404,
    "global/object-does-not-exist",
  );
  assert.deepEqual(w.terminate({ instance_ids: [] }), {
    terminated_instances: [],
  });
  expectRejected(
    w,
    () => w.restart({ instance_ids: [] }),
    400,
    "global/invalid-parameters",
  );
  assert.equal(w.getInstance(id).status, "active");
});

Deno.test("rename an instance", async () => {
  const w = await world();
  const [id] = w.launch(launchBody()).instance_ids;
  assert.equal(w.updateInstance(id, { name: "renamed" }).name, "renamed");
  expectRejected(
    w,
    () => w.updateInstance("nope", { name: "a" }),
    404,
    "global/object-does-not-exist",
  );
});

Deno.test("SSH keys: add, duplicate, generate, delete", async () => {
  const w = await world();
  await assert.rejects(
    () => w.addSshKey({ name: "me", public_key: PUB }),
    (e: MockApiError) => e.code === "global/invalid-parameters",
  );
  const gen = await w.addSshKey({ name: "generated" });
  assert.ok("private_key" in gen);
  assert.match(
    gen.public_key,
    /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+=* generated$/,
  );
  assert.match(
    gen.private_key,
    /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
  );
  assert.equal(w.listSshKeys().length, 2);
  assert.ok(!("private_key" in w.listSshKeys()[1]));
  const e = expectRejected(
    w,
    () => w.deleteSshKey("nope"),
    404,
    "global/not-found",
  );
  assert.ok(e.message);
  assert.deepEqual(w.deleteSshKey(gen.id), {});
  assert.equal(w.listSshKeys().length, 1);
});

Deno.test("filesystems: duplicate, quota, region, unknown id", async () => {
  const w = await world({ quota: { fileSystems: 1 } });
  expectRejected(
    w,
    () => w.createFileSystem({ name: "ok", region: "mars" }),
    400,
    "global/invalid-parameters",
  );
  const fs = w.createFileSystem({ name: "ok", region: "us-west-1" });
  assert.equal(fs.mount_point, "/lambda/nfs/ok");
  assert.equal(fs.is_in_use, false);
  expectRejected(
    w,
    () => w.createFileSystem({ name: "ok", region: "us-west-1" }),
    400,
    "global/duplicate",
  );
  expectRejected(
    w,
    () => w.createFileSystem({ name: "other", region: "us-west-1" }),
    400,
    "global/quota-exceeded",
  );
  expectRejected(
    w,
    () => w.deleteFileSystem("nope"),
    404,
    "global/object-does-not-exist",
  );
});

Deno.test("firewall: bare addresses as /32, rulesets, names per region, global", async () => {
  const w = await world();
  const ok: FirewallRuleInput = {
    protocol: "tcp",
    port_range: [22, 22],
    source_network: "1.2.3.4",
    description: "ssh",
  };
  assert.deepEqual(w.setFirewallRules({ data: [ok] }), [{
    ...ok,
    source_network: "1.2.3.4/32",
  }]);
  assert.deepEqual(w.globalFirewallRuleset().rules, w.firewallRules());
  const rs = w.createFirewallRuleset({
    name: "web",
    region: "us-west-1",
    rules: [ok],
  });
  assert.equal(rs.instance_ids.length, 0);
  expectRejected(
    w,
    () =>
      w.createFirewallRuleset({ name: "web", region: "us-west-1", rules: [] }),
    409,
    "global/internal-error",
  );
  expectRejected(
    w,
    () => w.createFirewallRuleset({ name: "a", region: "mars", rules: [] }),
    400,
    "global/invalid-parameters",
  );
  const renamed = w.updateFirewallRuleset(rs.id, { name: "web2" });
  assert.equal(renamed.name, "web2");
  assert.deepEqual(renamed.rules, rs.rules);
  const err = expectRejected(
    w,
    () => w.getFirewallRuleset("nope"),
    404,
    "global/object-does-not-exist",
  );
  assert.ok(err.suggestion);
  expectRejected(
    w,
    () => w.updateFirewallRuleset("nope", {}),
    404,
    "global/object-does-not-exist",
  );
  expectRejected(
    w,
    () => w.deleteFirewallRuleset("nope"),
    404,
    "global/object-does-not-exist",
  );
  const g = w.updateGlobalFirewallRuleset({ rules: [] });
  assert.deepEqual(g, { id: "global", name: g.name, rules: [] });
});

Deno.test("audit log records mutations, pages newest first, filters", async () => {
  const w = await world();
  for (let i = 0; i < 3; i++) {
    w.launch(launchBody());
    w.clock.advance(1000);
  }
  const all = w.auditEvents({});
  assert.equal(all.data.length, 4);
  assert.equal(all.data[0].action, "launched");
  assert.equal(all.data[3].resource_name, "ssh_key");
  assert.equal(all.page_token, null);
  const p1 = w.auditEvents({ pageSize: 3 });
  assert.equal(p1.data.length, 3);
  const p2 = w.auditEvents({ pageSize: 3, pageToken: p1.page_token! });
  assert.equal(p2.data.length, 1);
  assert.equal(
    w.auditEvents({ resourceType: "cloud.instance" }).data.length,
    3,
  );
  assert.equal(w.auditEvents({ start: "2026-01-01T00:00:01Z" }).data.length, 2);
  expectError(
    () => w.auditEvents({ start: "yesterday" }),
    400,
    "global/invalid-parameters",
  );
  expectError(
    () => w.auditEvents({ pageToken: "garbage" }),
    400,
    "global/invalid-parameters",
  );
});

Deno.test("determinism: the same seed and the same calls give the same world", async () => {
  async function run(seed: number) {
    const w = new MockWorld({ seed });
    await w.addSshKey({ name: "gen" });
    const ids = [
      w.launch(launchBody({ ssh_key_names: ["gen"] })).instance_ids[0],
    ];
    w.clock.advance(60_000);
    ids.push(w.launch(launchBody({ ssh_key_names: ["gen"] })).instance_ids[0]);
    w.createFileSystem({ name: "fs", region: "us-west-1" });
    return w.snapshot();
  }
  assert.deepEqual(await run(7), await run(7));
  assert.notDeepEqual((await run(7)).instances, (await run(8)).instances);
  assert.deepEqual(
    new MockWorld({ seed: 3 }).images(),
    new MockWorld({ seed: 3 }).images(),
  );
});

Deno.test("unhealthy and preempted can be set by hand; preempted gives capacity back", async () => {
  const w = await world({ capacity: { "us-west-1": { gpu_1x_a10: 1 } } });
  const [id] = w.launch(launchBody()).instance_ids;
  w.clock.advance(60_000);
  assert.equal(w.setInstanceStatus(id, "unhealthy").status, "unhealthy");
  assert.equal(w.snapshot().capacity["us-west-1"].gpu_1x_a10, 0);
  assert.equal(w.setInstanceStatus(id, "preempted").status, "preempted");
  assert.equal(w.snapshot().capacity["us-west-1"].gpu_1x_a10, 1);
  expectError(
    () => w.setInstanceStatus(id, "active"),
    400,
    "global/invalid-parameters",
  );
});

Deno.test("default world: regions, types, images, some zero capacity", () => {
  const w = new MockWorld();
  assert.ok(w.regions().length >= 8);
  const types = w.instanceTypes();
  assert.ok(Object.keys(types).length >= 8);
  for (
    const name of [
      "gpu_1x_a10",
      "gpu_1x_a100_sxm4",
      "gpu_8x_a100_80gb_sxm4",
      "gpu_1x_h100_pcie",
      "gpu_8x_h100_sxm5",
      "gpu_1x_gh200",
      "gpu_8x_b200_sxm6",
      "cpu_4x_general",
    ]
  ) {
    assert.ok(types[name], name);
  }
  assert.equal(
    types.gpu_1x_a10.instance_type.description,
    "1x A10 (24 GB PCIe)",
  );
  assert.equal(
    types.gpu_8x_b200_sxm6.instance_type.description,
    "8x B200 (180 GB SXM6)",
  );
  assert.equal(types.cpu_4x_general.instance_type.specs.gpus, 0);
  const cap = w.snapshot().capacity;
  assert.ok(
    Object.values(cap).some((perType) =>
      Object.values(perType).some((n) => n === 0)
    ),
  );
  const archs = new Set(w.images().map((i) => i.architecture));
  assert.deepEqual([...archs].sort(), ["arm64", "x86_64"]);
  assert.throws(
    () => new MockWorld({ capacity: { "us-west-1": { gpu_1x_a10: -1 } } }),
    TypeError,
  );
  assert.throws(() => new MockWorld({ capacity: { mars: {} } }), TypeError);
});

Deno.test("many instances at staggered times: every step happens once, in time order", async () => {
  const w = await world({
    capacity: { "us-west-1": { gpu_1x_a10: 2000 } },
    quota: 5000,
    bootSeconds: 10,
    terminateSeconds: 1,
    terminatedRetentionSeconds: 5,
  });
  const ids: string[] = [];
  for (let i = 0; i < 1500; i++) {
    ids.push(w.launch(launchBody()).instance_ids[0]);
    w.clock.advance(7);
  }
  // 1500 × 7 ms = 10.5 s: the first ones are active, the last ones booting.
  const statuses = w.listInstances().map((i) => i.status);
  const firstBooting = statuses.indexOf("booting");
  assert.ok(firstBooting > 0);
  assert.ok(statuses.slice(firstBooting).every((s) => s === "booting"));
  w.clock.advance(10_000);
  assert.ok(w.listInstances().every((i) => i.status === "active"));
  assert.equal(new Set(w.listInstances().map((i) => i.ip)).size, 1500);
  w.terminate({ instance_ids: ids.slice(0, 1000) });
  w.clock.advance(1_000);
  assert.equal(w.snapshot().capacity["us-west-1"].gpu_1x_a10, 2000 - 500);
  w.clock.advance(5_000);
  assert.equal(w.listInstances().length, 500);
  // A status set by hand to booting boots again.
  w.setInstanceStatus(ids[1000], "booting");
  w.clock.advance(10_000);
  assert.equal(w.getInstance(ids[1000]).status, "active");
});

Deno.test("the cached JSON of instances always equals their fresh wire form", async () => {
  const w = await world({
    bootSeconds: 10,
    terminateSeconds: 2,
    terminatedRetentionSeconds: 5,
  });
  const same = () => {
    const listed = w.listInstances();
    assert.deepEqual(JSON.parse(w.listInstancesJson()), listed);
    for (const i of listed) {
      assert.deepEqual(
        JSON.parse(w.getInstanceJson(i.id)),
        w.getInstance(i.id),
      );
    }
  };
  const a = w.launch(launchBody()).instance_ids[0];
  const b = w.launch(launchBody({ name: "b" })).instance_ids[0];
  same();
  w.clock.advance(10_000);
  same();
  w.updateInstance(a, { name: "renamed" });
  same();
  w.restart({ instance_ids: [a] });
  same();
  w.clock.advance(10_000);
  same();
  w.setInstanceStatus(b, "unhealthy");
  same();
  w.terminate({ instance_ids: [a, b] });
  same();
  w.clock.advance(2_000);
  same();
  w.clock.advance(5_000);
  same();
  assert.equal(w.listInstancesJson(), "[]");
});

Deno.test("the serialised catalogue follows capacity across take, give, sync and options", async () => {
  const w = await world({
    capacity: {
      "us-west-1": { gpu_1x_a10: 1 },
      "us-east-1": { gpu_1x_a10: 2 },
    },
  });
  const regionsOfA10 = () =>
    JSON.parse(w.instanceTypesJson()).gpu_1x_a10
      .regions_with_capacity_available.map((r: { name: string }) => r.name)
      .sort();
  const fresh = () => JSON.stringify(w.instanceTypes());
  assert.deepEqual(regionsOfA10(), ["us-east-1", "us-west-1"]);
  assert.equal(w.instanceTypesJson(), fresh());
  // The last unit in us-west-1 goes: the region leaves the list.
  const [a] = w.launch(launchBody()).instance_ids;
  assert.deepEqual(regionsOfA10(), ["us-east-1"]);
  assert.equal(w.instanceTypesJson(), fresh());
  // Capacity left but not crossing zero: the answer is unchanged and right.
  const [b] = w.launch(launchBody({ region_name: "us-east-1" })).instance_ids;
  assert.deepEqual(regionsOfA10(), ["us-east-1"]);
  w.launch(launchBody({ region_name: "us-east-1" }));
  assert.deepEqual(regionsOfA10(), []);
  assert.equal(w.instanceTypesJson(), fresh());
  // Capacity comes back only when termination completes on the clock
  // (give happens in sync, which the serialised answer runs first).
  w.terminate({ instance_ids: [a, b] });
  assert.deepEqual(regionsOfA10(), []);
  w.clock.advance(5_000);
  assert.deepEqual(regionsOfA10(), ["us-east-1", "us-west-1"]);
  assert.equal(w.instanceTypesJson(), fresh());
  // Direct take/give on the catalogue are seen too.
  assert.ok(w.catalogue.take("us-west-1", "gpu_1x_a10"));
  assert.deepEqual(regionsOfA10(), ["us-east-1"]);
  w.catalogue.give("us-west-1", "gpu_1x_a10");
  assert.deepEqual(regionsOfA10(), ["us-east-1", "us-west-1"]);
  // Another world with other options has its own answer.
  const other = await world({ capacity: { "us-south-1": { gpu_1x_a10: 1 } } });
  assert.deepEqual(
    JSON.parse(other.instanceTypesJson()).gpu_1x_a10
      .regions_with_capacity_available.map((r: { name: string }) => r.name),
    ["us-south-1"],
  );
  assert.deepEqual(regionsOfA10(), ["us-east-1", "us-west-1"]);
});

Deno.test("instances can be put in a cluster and listed by it", async () => {
  const w = await world();
  const [a] = w.launch(launchBody()).instance_ids;
  const [b] = w.launch(launchBody()).instance_ids;
  w.setInstanceCluster([a], "c1");
  assert.deepEqual(w.listInstances("c1").map((i) => i.id), [a]);
  assert.deepEqual(
    JSON.parse(w.listInstancesJson("c1")).map((i: { id: string }) => i.id),
    [a],
  );
  assert.deepEqual(w.listInstances("c2"), []);
  assert.deepEqual(w.listInstances().map((i) => i.id), [a, b]);
  assert.equal("cluster_id" in w.getInstance(a), false, "not on the wire");
  expectRejected(
    w,
    () => w.setInstanceCluster([a, "nope"], "c3"),
    404,
    "global/object-does-not-exist",
  );
});
