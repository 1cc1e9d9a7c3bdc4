import assert from "node:assert/strict";
import { harness } from "../testdata/helpers.ts";

// deno-lint-ignore no-explicit-any
async function feed(h: ReturnType<typeof harness>): Promise<any> {
  const res = await h.mock.fetch("/_mock/console/feed");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "no-store");
  return (await res.json()).data;
}

Deno.test("console feed: capacity free/total follows launches and terminations", async () => {
  const h = harness({ bootSeconds: 60, terminateSeconds: 5 });
  const before = await feed(h);
  assert.deepEqual(before.capacity.cells["us-west-1"].gpu_1x_a10, {
    free: 10,
    total: 10,
  });
  assert.equal(before.capacity.regions[0], "us-west-1", "Lambda's order");
  assert.ok(before.capacity.types.includes("gpu_8x_h100_sxm5"));
  const id = await h.launch();
  const during = await feed(h);
  assert.deepEqual(during.capacity.cells["us-west-1"].gpu_1x_a10, {
    free: 9,
    total: 10,
  });
  await h.call("POST", "/api/v1/instance-operations/terminate", {
    instance_ids: [id],
  });
  assert.deepEqual(
    (await feed(h)).capacity.cells["us-west-1"].gpu_1x_a10,
    { free: 9, total: 10 },
    "terminating still holds it",
  );
  h.mock.clock.advance(5_000);
  assert.deepEqual(
    (await feed(h)).capacity.cells["us-west-1"].gpu_1x_a10,
    { free: 10, total: 10 },
  );
  h.recorder.assertClean();
});

Deno.test("console feed: status timelines stamped with the model's time of each change", async () => {
  const h = harness({ bootSeconds: 60, terminateSeconds: 5 });
  await feed(h); // the console is open from here on
  const id = await h.launch({ name: "t1" });
  // Ten minutes at once: the boot still ended at one minute.
  await h.mock.fetch("/_mock/clock/advance", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ms: 600_000 }),
  });
  // Terminated between two looks: the write hook saw "terminating".
  await h.call("POST", "/api/v1/instance-operations/terminate", {
    instance_ids: [id],
  });
  h.mock.clock.advance(5_000);
  const f = await feed(h);
  const instance = f.instances.find((i: { id: string }) => i.id === id);
  assert.equal(instance.name, "t1");
  assert.equal(instance.status, "terminated");
  assert.deepEqual(instance.timeline, [
    { status: "booting", at: "2026-01-01T00:00:00.000Z" },
    { status: "active", at: "2026-01-01T00:01:00.000Z" },
    { status: "terminating", at: "2026-01-01T00:10:00.000Z" },
    { status: "terminated", at: "2026-01-01T00:10:05.000Z" },
  ]);
  assert.equal(f.now, "2026-01-01T00:10:05.000Z");
  assert.equal(f.clock, "manual");
  // A reset starts a new world, and new timelines.
  await h.mock.fetch("/_mock/reset", { method: "POST" });
  assert.deepEqual((await feed(h)).instances, []);
});

Deno.test("console feed: an instance first seen active still shows its launch", async () => {
  const h = harness({ bootSeconds: 60 });
  const id = await h.launch();
  h.mock.clock.advance(120_000);
  const [instance] = (await feed(h)).instances;
  assert.equal(instance.id, id);
  assert.deepEqual(instance.timeline, [
    { status: "booting", at: "2026-01-01T00:00:00.000Z" },
    { status: "active", at: "2026-01-01T00:01:00.000Z" },
  ]);
  assert.ok(instance.ip);
});

Deno.test("console feed: the account, redacted (no Jupyter token reaches the page)", async () => {
  const h = harness({ bootSeconds: 0 });
  await h.launch({ tags: [{ key: "team", value: "ml" }] });
  await h.call("POST", "/api/v1/filesystems", {
    name: "data",
    region: "us-west-1",
  });
  h.mock.clock.advance(1);
  const state = h.mock.state;
  assert.ok(state.instances[0].jupyter_token, "the model has one");
  const text = JSON.stringify(await feed(h));
  assert.equal(text.includes(state.instances[0].jupyter_token!), false);
  const f = JSON.parse(text);
  assert.deepEqual(f.instances[0].tags, ["team=ml"]);
  assert.equal(f.sshKeys[0].name, "me");
  assert.equal(f.fileSystems[0].name, "data");
  assert.equal(f.globalFirewallRuleset.id, "global");
  assert.deepEqual(f.faults, {});
  assert.equal(f.requests.enabled, false, "off in-process by default");
  assert.equal(f.instanceCount, 1);
});

Deno.test("console feed: the rate limits' mode, as switched through the API or the emulator", async () => {
  const h = harness();
  assert.equal((await feed(h)).rateLimits, "off");
  const res = await h.mock.fetch("/_mock/rate-limits", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode: "lambda" }),
  });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.equal((await feed(h)).rateLimits, "lambda");
  h.mock.rateLimits = "off";
  assert.equal((await feed(h)).rateLimits, "off");
});
