import assert from "node:assert/strict";
import { harness, PUBLIC_KEY } from "../testdata/helpers.ts";

Deno.test("catalogue: instance types, regions, images", async () => {
  const h = harness({ capacity: { "us-west-1": { gpu_1x_a10: 1 } } });
  const types = await h.call("GET", "/api/v1/instance-types");
  assert.equal(types.status, 200);
  assert.deepEqual(
    types.body.data.gpu_1x_a10.regions_with_capacity_available,
    [{ name: "us-west-1", description: "California, USA" }],
  );
  assert.deepEqual(
    types.body.data.gpu_8x_h100_sxm5.regions_with_capacity_available,
    [],
  );
  const regions = await h.call("GET", "/api/v1/regions");
  assert.ok(regions.body.data.length >= 8);
  const images = await h.call("GET", "/api/v1/images");
  assert.ok(images.body.data.length > 0);
  // Filling the region empties regions_with_capacity_available.
  await h.launch();
  const after = await h.call("GET", "/api/v1/instance-types");
  assert.deepEqual(
    after.body.data.gpu_1x_a10.regions_with_capacity_available,
    [],
  );
  h.recorder.assertClean();
});

Deno.test("instances: launch → boot → rename → restart → terminate over fetch", async () => {
  const h = harness({ bootSeconds: 60 });
  const id = await h.launch({
    name: "trainer",
    tags: [{ key: "team", value: "ml" }],
  });
  let got = await h.call("GET", `/api/v1/instances/${id}`);
  assert.equal(got.body.data.status, "booting");
  assert.equal(got.body.data.name, "trainer");
  h.mock.clock.advance(60_000);
  got = await h.call("GET", `/api/v1/instances/${id}`);
  assert.equal(got.body.data.status, "active");
  assert.ok(got.body.data.ip);
  const list = await h.call("GET", "/api/v1/instances");
  assert.equal(list.body.data.length, 1);
  const renamed = await h.call("POST", `/api/v1/instances/${id}`, {
    name: "renamed",
  });
  assert.equal(renamed.body.data.name, "renamed");
  const restarted = await h.call(
    "POST",
    "/api/v1/instance-operations/restart",
    { instance_ids: [id] },
  );
  assert.equal(restarted.body.data.restarted_instances[0].status, "booting");
  const busy = await h.call("POST", "/api/v1/instance-operations/restart", {
    instance_ids: [id],
  });
  assert.equal(busy.status, 409);
  assert.equal(busy.body.error.code, "global/conflict");
  h.mock.clock.advance(60_000);
  const term = await h.call("POST", "/api/v1/instance-operations/terminate", {
    instance_ids: [id],
  });
  assert.equal(term.body.data.terminated_instances[0].status, "terminating");
  h.mock.clock.advance(10_000);
  got = await h.call("GET", `/api/v1/instances/${id}`);
  assert.equal(got.body.data.status, "terminated");
  h.mock.clock.advance(3_600_000);
  got = await h.call("GET", `/api/v1/instances/${id}`);
  assert.equal(got.status, 404);
  assert.equal(got.body.error.code, "global/object-does-not-exist");
  h.recorder.assertClean();
});

Deno.test("instances: error codes of launch, restart, terminate, get, rename", async () => {
  const h = harness({ capacity: { "us-west-1": { gpu_1x_a10: 1 } }, quota: 5 });
  await h.call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  const base = {
    region_name: "us-west-1",
    instance_type_name: "gpu_1x_a10",
    ssh_key_names: ["me"],
  };
  const cases: Array<[unknown, number, string]> = [
    [{ ...base, region_name: "mars-1" }, 400, "global/invalid-parameters"],
    [
      { ...base, ssh_key_names: ["ghost"] },
      404,
      "global/object-does-not-exist",
    ],
    [{ ...base, ssh_key_names: [] }, 400, "global/invalid-parameters"],
    [{ ...base, hostname: "NOPE" }, 400, "global/invalid-parameters"],
    [{ ...base, name: 42 }, 400, "global/invalid-parameters"],
    [
      { ...base, tags: [{ key: "A", value: "b" }] },
      400,
      "global/invalid-parameters",
    ],
    [{ ...base, image: { id: "ghost" } }, 404, "global/object-does-not-exist"],
    [
      { ...base, file_system_names: ["ghost"] },
      404,
      "global/object-does-not-exist",
    ],
    [
      { ...base, firewall_rulesets: [{ id: "ghost" }] },
      404,
      "global/object-does-not-exist",
    ],
    [
      { ...base, instance_type_name: "gpu_8x_h100_sxm5" },
      400,
      "instance-operations/launch/insufficient-capacity",
    ],
  ];
  for (const [body, status, code] of cases) {
    const res = await h.call(
      "POST",
      "/api/v1/instance-operations/launch",
      body,
    );
    assert.equal(res.status, status, JSON.stringify(body));
    assert.equal(res.body.error.code, code, JSON.stringify(res.body));
  }
  const fs = await h.call("POST", "/api/v1/filesystems", {
    name: "tokyo",
    region: "asia-northeast-1",
  });
  const wrong = await h.call("POST", "/api/v1/instance-operations/launch", {
    ...base,
    file_system_names: ["tokyo"],
  });
  assert.equal(
    wrong.body.error.code,
    "instance-operations/launch/file-system-in-wrong-region",
  );
  await h.call("DELETE", `/api/v1/filesystems/${fs.body.data.id}`);
  const id = await h.launch();
  const full = await h.call("POST", "/api/v1/instance-operations/launch", base);
  assert.equal(
    full.body.error.code,
    "instance-operations/launch/insufficient-capacity",
  );
  for (const op of ["restart", "terminate"]) {
    const unknown = await h.call("POST", `/api/v1/instance-operations/${op}`, {
      instance_ids: ["ghost"],
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "global/object-does-not-exist");
    const bad = await h.call("POST", `/api/v1/instance-operations/${op}`, {
      instance_ids: "x",
    });
    assert.equal(bad.status, 400);
  }
  const booting = await h.call("POST", "/api/v1/instance-operations/restart", {
    instance_ids: [id],
  });
  assert.equal(booting.status, 409);
  assert.equal((await h.call("GET", "/api/v1/instances/ghost")).status, 404);
  assert.equal(
    (await h.call("POST", "/api/v1/instances/ghost", { name: "x" })).status,
    404,
  );
  assert.equal(
    (await h.call("POST", `/api/v1/instances/${id}`, { name: "x".repeat(65) }))
      .status,
    400,
  );
  h.recorder.assertClean();
});

Deno.test("quota exceeded", async () => {
  const h = harness({ quota: 1 });
  await h.launch();
  const res = await h.call("POST", "/api/v1/instance-operations/launch", {
    region_name: "us-west-1",
    instance_type_name: "gpu_1x_a10",
    ssh_key_names: ["me"],
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, "global/quota-exceeded");
  h.recorder.assertClean();
});

Deno.test("SSH keys: add, generate, duplicate, delete", async () => {
  const h = harness();
  const added = await h.call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  assert.equal(added.status, 200);
  assert.equal(added.body.data.public_key, PUBLIC_KEY);
  const gen = await h.call("POST", "/api/v1/ssh-keys", { name: "gen" });
  assert.match(gen.body.data.private_key, /BEGIN OPENSSH PRIVATE KEY/);
  const dup = await h.call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.error.code, "global/invalid-parameters");
  const bad = await h.call("POST", "/api/v1/ssh-keys", {
    name: "x",
    public_key: "not a key",
  });
  assert.equal(bad.status, 400);
  assert.equal((await h.call("GET", "/api/v1/ssh-keys")).body.data.length, 2);
  assert.deepEqual(
    (await h.call("DELETE", `/api/v1/ssh-keys/${gen.body.data.id}`)).body,
    { data: {} },
  );
  const gone = await h.call("DELETE", `/api/v1/ssh-keys/${gen.body.data.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.code, "global/not-found");
  h.recorder.assertClean();
});

Deno.test("filesystems: create, duplicate, in use, delete", async () => {
  const h = harness();
  const fs = await h.call("POST", "/api/v1/filesystems", {
    name: "data",
    region: "us-west-1",
  });
  assert.equal(fs.status, 200);
  assert.equal(fs.body.data.is_in_use, false);
  const dup = await h.call("POST", "/api/v1/filesystems", {
    name: "data",
    region: "us-west-1",
  });
  assert.equal(dup.body.error.code, "global/duplicate");
  const badName = await h.call("POST", "/api/v1/filesystems", {
    name: "9x",
    region: "us-west-1",
  });
  assert.equal(badName.body.error.code, "global/invalid-parameters");
  const id = await h.launch({ file_system_names: ["data"] });
  const list = await h.call("GET", "/api/v1/file-systems");
  assert.equal(list.body.data[0].is_in_use, true);
  const inUse = await h.call(
    "DELETE",
    `/api/v1/filesystems/${fs.body.data.id}`,
  );
  assert.equal(inUse.body.error.code, "filesystems/filesystem-in-use");
  await h.call("POST", "/api/v1/instance-operations/terminate", {
    instance_ids: [id],
  });
  h.mock.clock.advance(60_000);
  const del = await h.call("DELETE", `/api/v1/filesystems/${fs.body.data.id}`);
  assert.deepEqual(del.body, { data: { deleted_ids: [fs.body.data.id] } });
  const missing = await h.call(
    "DELETE",
    `/api/v1/filesystems/${fs.body.data.id}`,
  );
  assert.equal(missing.status, 404);
  h.recorder.assertClean();
});

Deno.test("firewall: rules, rulesets, global, in use", async () => {
  const h = harness();
  const ssh = {
    protocol: "tcp",
    port_range: [22, 22],
    source_network: "0.0.0.0/0",
    description: "ssh",
  };
  assert.equal((await h.call("GET", "/api/v1/firewall-rules")).status, 200);
  const put = await h.call("PUT", "/api/v1/firewall-rules", { data: [ssh] });
  assert.deepEqual(put.body.data, [ssh]);
  const bad = await h.call("PUT", "/api/v1/firewall-rules", {
    data: [{ ...ssh, port_range: undefined }],
  });
  assert.equal(bad.status, 400);
  const icmpPorts = await h.call("PUT", "/api/v1/firewall-rules", {
    data: [{
      protocol: "icmp",
      port_range: [1, 2],
      source_network: "0.0.0.0/0",
      description: "",
    }],
  });
  assert.equal(icmpPorts.status, 400);
  const rs = await h.call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [ssh],
  });
  assert.equal(rs.status, 200);
  const rsId = rs.body.data.id;
  assert.equal(
    (await h.call("GET", `/api/v1/firewall-rulesets/${rsId}`)).body.data.name,
    "web",
  );
  assert.equal(
    (await h.call("GET", "/api/v1/firewall-rulesets")).body.data.length,
    1,
  );
  const patched = await h.call("PATCH", `/api/v1/firewall-rulesets/${rsId}`, {
    rules: [],
  });
  assert.deepEqual(patched.body.data.rules, []);
  const missing = await h.call("GET", "/api/v1/firewall-rulesets/ghost");
  assert.equal(missing.status, 404);
  assert.ok(missing.body.error.suggestion);
  assert.equal(
    (await h.call("PATCH", "/api/v1/firewall-rulesets/ghost", { name: "x" }))
      .status,
    404,
  );
  assert.equal(
    (await h.call("DELETE", "/api/v1/firewall-rulesets/ghost")).status,
    404,
  );
  const id = await h.launch({ firewall_rulesets: [{ id: rsId }] });
  assert.deepEqual(
    (await h.call("GET", `/api/v1/firewall-rulesets/${rsId}`)).body.data
      .instance_ids,
    [id],
  );
  const inUse = await h.call("DELETE", `/api/v1/firewall-rulesets/${rsId}`);
  assert.equal(
    inUse.body.error.code,
    "firewall-rulesets/firewall-ruleset-in-use",
  );
  const g = await h.call("GET", "/api/v1/firewall-rulesets/global");
  assert.equal(g.body.data.id, "global");
  const g2 = await h.call("PATCH", "/api/v1/firewall-rulesets/global", {
    rules: [ssh],
  });
  assert.deepEqual(g2.body.data.rules, [ssh]);
  await h.call("POST", "/api/v1/instance-operations/terminate", {
    instance_ids: [id],
  });
  h.mock.clock.advance(60_000);
  assert.deepEqual(
    (await h.call("DELETE", `/api/v1/firewall-rulesets/${rsId}`)).body,
    { data: {} },
  );
  h.recorder.assertClean();
});

Deno.test("audit events: recorded, paged, filtered, bad query", async () => {
  const h = harness();
  await h.launch();
  const ev = await h.call("GET", "/api/v1/audit-events");
  assert.equal(ev.status, 200);
  assert.equal(ev.body.data.length, 2);
  assert.equal(ev.body.page_token, null);
  const filtered = await h.call(
    "GET",
    "/api/v1/audit-events?resource_type=cloud.instance",
  );
  assert.equal(filtered.body.data.length, 1);
  const bad = await h.call("GET", "/api/v1/audit-events?start=notadate");
  assert.equal(bad.status, 400);
  const badToken = await h.call("GET", "/api/v1/audit-events?page_token=%%%");
  assert.equal(badToken.status, 400);
  h.recorder.assertClean();
});

Deno.test("unknown routes and methods are 404 global/not-found", async () => {
  const h = harness();
  for (
    const [method, path] of [
      ["GET", "/api/v1/nothing"],
      ["PUT", "/api/v1/instances"],
      ["GET", "/"],
      ["DELETE", "/api/v1/regions"],
    ]
  ) {
    const res = await h.call(method, path);
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, "global/not-found");
  }
  h.recorder.assertClean();
});

Deno.test("100 concurrent launches against capacity 50: exactly 50 succeed", async () => {
  const h = harness({ capacity: { "us-west-1": { gpu_1x_a10: 50 } } });
  await h.call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  const results = await Promise.all(
    Array.from(
      { length: 100 },
      (_, i) =>
        h.call("POST", "/api/v1/instance-operations/launch", {
          region_name: "us-west-1",
          instance_type_name: "gpu_1x_a10",
          ssh_key_names: ["me"],
          name: `n${i}`,
        }),
    ),
  );
  const ok = results.filter((r) => r.status === 200).length;
  const full = results.filter((r) =>
    r.status === 400 &&
    r.body.error.code === "instance-operations/launch/insufficient-capacity"
  ).length;
  assert.equal(ok, 50);
  assert.equal(full, 50);
  assert.equal(h.mock.state.capacity["us-west-1"].gpu_1x_a10, 0);
  assert.equal(h.mock.state.instances.length, 50);
  h.recorder.assertClean();
});
