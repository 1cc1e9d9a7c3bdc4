// Sparse and growing answers: optional fields left out (as the description
// allows), null in the optional fields older versions marked nullable, and
// fields beyond the description (workspace_id). Every answer must still
// pass the conformance check, which accepts exactly the declared deviations.
import assert from "node:assert/strict";
import { checkResponse } from "../../contract_tests/conformance.ts";
import { DECLARED_DEVIATIONS } from "../deviations.ts";
import type { MockLambdaOptions } from "../mod.ts";
import { type Harness, harness, PUBLIC_KEY } from "../testdata/helpers.ts";

const NULLABLE = DECLARED_DEVIATIONS.nullableFields.Instance;

async function world(options: MockLambdaOptions): Promise<{
  h: Harness;
  booting: string;
  active: string;
  tagged: string;
}> {
  const h = harness({ bootSeconds: 60, ...options });
  await h.call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  const active = await h.launch({ name: "named" });
  const tagged = await h.launch({ tags: [{ key: "team", value: "ml" }] });
  h.mock.clock.advance(60_000);
  const booting = await h.launch();
  return { h, booting, active, tagged };
}

Deno.test("answers: complete by default, as the emulator always answered", async () => {
  const { h, active } = await world({});
  const got = (await h.call("GET", `/api/v1/instances/${active}`)).body.data;
  for (
    const field of [
      "ip",
      "private_ip",
      "hostname",
      "jupyter_token",
      "jupyter_url",
    ]
  ) {
    assert.equal(typeof got[field], "string", field);
  }
  assert.deepEqual(got.tags, []);
  assert.equal("workspace_id" in got, false);
  h.recorder.assertClean();
});

Deno.test("answers.omitOptional: optional fields without a value, and private_ip and the jupyter fields, are left out", async () => {
  const { h, active, tagged, booting } = await world({
    answers: { omitOptional: true },
  });
  const list = (await h.call("GET", "/api/v1/instances")).body.data;
  const byId = new Map(list.map((i: { id: string }) => [i.id, i]));
  // deno-lint-ignore no-explicit-any
  const a = byId.get(active) as any;
  assert.equal(typeof a.ip, "string", "an active instance keeps its IP");
  assert.equal(typeof a.hostname, "string");
  for (
    const field of [
      "private_ip",
      "jupyter_token",
      "jupyter_url",
      "tags",
      "firewall_rulesets",
    ]
  ) {
    assert.equal(field in a, false, field);
  }
  // deno-lint-ignore no-explicit-any
  assert.deepEqual((byId.get(tagged) as any).tags, [{
    key: "team",
    value: "ml",
  }]);
  // deno-lint-ignore no-explicit-any
  const b = byId.get(booting) as any;
  assert.equal("ip" in b || "name" in b, false);
  const fs = await h.call("POST", "/api/v1/filesystems", {
    name: "data",
    region: "us-west-1",
  });
  assert.equal("bytes_used" in fs.body.data, false);
  // The model is untouched: the snapshot is complete.
  const state = h.mock.state.instances.find((i) => i.id === active)!;
  assert.equal(typeof state.private_ip, "string");
  h.recorder.assertClean();
});

Deno.test("answers.nulls: absent nullable fields come as null; required ones never do", async () => {
  const { h, booting, active } = await world({
    answers: { omitOptional: true, nulls: true },
  });
  const got = (await h.call("GET", `/api/v1/instances/${booting}`)).body.data;
  for (const field of NULLABLE) assert.equal(got[field], null, field);
  const act = (await h.call("GET", `/api/v1/instances/${active}`)).body.data;
  assert.equal(act.name, "named");
  assert.equal(typeof act.ip, "string");
  assert.equal(act.private_ip, null);
  const terminated = await h.call(
    "POST",
    "/api/v1/instance-operations/terminate",
    { instance_ids: [booting] },
  );
  assert.equal(terminated.body.data.terminated_instances[0].ip, null);
  h.recorder.assertClean();
});

Deno.test("answers.extraFields: workspace_id on instances and SSH keys", async () => {
  const { h, active } = await world({ answers: { extraFields: true } });
  const inst = (await h.call("GET", `/api/v1/instances/${active}`)).body.data;
  const keys = (await h.call("GET", "/api/v1/ssh-keys")).body.data;
  const added = (await h.call("POST", "/api/v1/ssh-keys", { name: "gen" }))
    .body.data;
  assert.match(inst.workspace_id, /^[0-9a-f]{32}$/);
  assert.equal(keys[0].workspace_id, inst.workspace_id, "one workspace");
  assert.equal(added.workspace_id, inst.workspace_id);
  assert.ok(added.private_key);
  h.recorder.assertClean();
});

Deno.test("answers as fault-style rates: a seeded mix, changed at run time", async () => {
  const { h } = await world({});
  h.mock.faults.set({
    omitOptionalRate: 0.5,
    nullRate: 0.5,
    extraFieldRate: 0.5,
    seed: 9,
  });
  const seen = { withWorkspace: 0, without: 0, nullName: 0, absentName: 0 };
  for (let i = 0; i < 20; i++) {
    const list = (await h.call("GET", "/api/v1/instances")).body.data;
    for (const inst of list) {
      if ("workspace_id" in inst) seen.withWorkspace++;
      else seen.without++;
      if (inst.name === null) seen.nullName++;
      if (!("name" in inst)) seen.absentName++;
    }
  }
  assert.ok(seen.withWorkspace > 0 && seen.without > 0, JSON.stringify(seen));
  assert.ok(seen.nullName > 0 && seen.absentName > 0, JSON.stringify(seen));
  h.mock.faults.clear();
  const list = (await h.call("GET", "/api/v1/instances")).body.data;
  assert.ok(list.every((i: object) => !("workspace_id" in i)));
  h.recorder.assertClean();
});

Deno.test("conformance accepts exactly the declared deviations", () => {
  const instance = {
    id: "i",
    status: "active",
    ssh_key_names: ["me"],
    file_system_names: [],
    region: { name: "us-west-1", description: "California, USA" },
    instance_type: {
      name: "t",
      description: "d",
      gpu_description: "g",
      price_cents_per_hour: 1,
      specs: { vcpus: 1, memory_gib: 1, storage_gib: 1, gpus: 1 },
    },
    actions: Object.fromEntries(
      ["migrate", "rebuild", "restart", "cold_reboot", "terminate"].map((a) => [
        a,
        { available: true },
      ]),
    ),
  };
  const get = (data: unknown) =>
    checkResponse("GET", "/api/v1/instances/i", 200, { data }).ok;
  assert.ok(get(instance));
  for (const field of NULLABLE) {
    assert.ok(get({ ...instance, [field]: null }), field);
  }
  assert.ok(get({ ...instance, workspace_id: "w" }));
  // Not declared: null elsewhere, other extra fields, a workspace_id of
  // another type.
  assert.equal(get({ ...instance, status: null }), false);
  assert.equal(get({ ...instance, tags: null }), false);
  assert.equal(get({ ...instance, cluster_id: "c" }), false);
  assert.equal(get({ ...instance, workspace_id: 7 }), false);
  const key = { id: "k", name: "me", public_key: "ssh-ed25519 AAAA" };
  assert.ok(
    checkResponse("GET", "/api/v1/ssh-keys", 200, {
      data: [{ ...key, workspace_id: "w" }],
    }).ok,
  );
  assert.equal(
    checkResponse("GET", "/api/v1/ssh-keys", 200, {
      data: [{ ...key, name: null }],
    }).ok,
    false,
  );
  // 429 in the envelope with the rate-limit code, on any operation.
  const limited = {
    error: { code: "global/too-many-requests", message: "slow down" },
  };
  assert.ok(
    checkResponse("POST", "/api/v1/instance-operations/launch", 429, limited)
      .ok,
  );
  assert.equal(
    checkResponse("GET", "/api/v1/regions", 429, {
      error: { code: "global/other", message: "x" },
    }).ok,
    false,
  );
  // provider/… errors with 4xx and 5xx statuses; nothing else undeclared.
  const upstream = {
    error: { code: "provider/quota-exceeded", message: "x", suggestion: "y" },
  };
  assert.ok(checkResponse("GET", "/api/v1/regions", 400, upstream).ok);
  assert.ok(checkResponse("GET", "/api/v1/regions", 503, upstream).ok);
  assert.equal(
    checkResponse("GET", "/api/v1/regions", 200, upstream).ok,
    false,
  );
  assert.equal(
    checkResponse("GET", "/api/v1/regions", 400, {
      error: { ...upstream.error, extra: 1 },
    }).ok,
    false,
  );
});
