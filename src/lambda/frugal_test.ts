/**
 * Fewer requests: what the provider already knows (the key it registered,
 * the ruleset it made, the list it just read, the regions) is not asked
 * again, from caches that belong to the account, are bounded in time and
 * follow the provider's own writes. Counted on the wire, against the
 * emulator with Lambda's rate limits and sparse answers on.
 */
import assert from "node:assert/strict";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import { SSH_FROM_ANYWHERE, unkind } from "./testdata/unkind.ts";

const API_KEY = "frugal-key-SECRET";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";
const LIST = "GET /api/v1/instances";
const LAUNCH = "POST /api/v1/instance-operations/launch";

const attrs = (
  refId: string,
  over: Partial<CreateInstanceAttrs> = {},
): CreateInstanceAttrs => ({
  location: "us-west-1",
  instanceType: "gpu_1x_a10",
  refId,
  publicKey: PUBLIC_KEY,
  ...over,
});

Deno.test("a create with a registered key and no firewall rules sends at most 4 requests; getInstance at most 2", async () => {
  const rig = unkind(API_KEY);
  const client = rig.client();
  // The first create of the account reads what its caches hold from then on.
  await client.createInstance(attrs("warm-up"));
  const sent = await rig.log.during(() =>
    client.createInstance(attrs("common"))
  );
  assert.ok(sent.length <= 4, `the create sent ${sent.join(", ")}`);
  assert.deepEqual(sent.filter((op) => op === LAUNCH), [LAUNCH]);
  const made = rig.mock.state.instances.find((i) =>
    i.tags?.some((t) => t.value === "common")
  )!;

  const read = await rig.log.during(() => client.getInstance(made.id));
  assert.ok(read.length <= 2, `getInstance sent ${read.join(", ")}`);
});

Deno.test("getInstance of a cold account sends at most 2 requests", async () => {
  const rig = unkind(API_KEY);
  const id = await rig.launch();
  const client = rig.client();
  const sent = await rig.log.during(() => client.getInstance(id));
  assert.ok(sent.length <= 2, `getInstance sent ${sent.join(", ")}`);
});

Deno.test("listInstances sends at most 3 requests, whatever the number of instances", async () => {
  const rig = unkind(API_KEY, {
    capacity: { "us-west-1": { gpu_1x_a10: 40 } },
    quota: 100,
  });
  for (let n = 0; n < 30; n++) {
    const ruleset = n % 3 === 0
      ? await rig.direct("POST", "/api/v1/firewall-rulesets", {
        name: `web-${n}`,
        region: "us-west-1",
        rules: [],
      }) as { id: string }
      : undefined;
    await rig.launch(
      ruleset ? { firewall_rulesets: [{ id: ruleset.id }] } : {},
    );
  }
  const client = rig.client();
  for (const round of [1, 2]) {
    let listed = 0;
    const sent = await rig.log.during(async () => {
      listed = (await client.listInstances()).length;
    });
    assert.equal(listed, 30);
    assert.ok(sent.length <= 3, `round ${round} sent ${sent.join(", ")}`);
  }
});

Deno.test("the account's caches follow the provider's own writes: a key it deleted is registered again, a ruleset it made is known", async () => {
  const rig = unkind(API_KEY);
  const client = rig.client();
  const first = await client.createInstance(
    attrs("first", { firewallRules: SSH_FROM_ANYWHERE }),
  );
  // The ruleset the create made is known: reading the instance does not
  // list the rulesets.
  const read = await rig.log.during(() => client.getInstance(first.cloudId));
  assert.ok(
    !read.includes("GET /api/v1/firewall-rulesets"),
    `getInstance sent ${read.join(", ")}`,
  );
  assert.ok(first.firewallRules.ingressRules.some((r) => r.fromPort === 22));
  // A key the client deleted is not taken for registered.
  for (const key of await client.listSshKeys()) {
    await client.deleteSshKey(key.id);
  }
  const second = await client.createInstance(attrs("second"));
  assert.ok(second.cloudId);
  assert.equal(rig.mock.state.sshKeys.length, 1);
});

Deno.test("what the caches hold is read again after their time", async () => {
  const rig = unkind(API_KEY, {}, { cacheMs: 60_000 });
  const client = rig.client();
  await client.createInstance(attrs("a"));
  rig.mock.clock.advance(61_000);
  const sent = await rig.log.during(() => client.createInstance(attrs("b")));
  assert.ok(sent.includes("GET /api/v1/regions"), sent.join(", "));
  assert.ok(sent.includes("GET /api/v1/ssh-keys"), sent.join(", "));
  assert.equal(sent.filter((op) => op === LIST).length, 2);
});

Deno.test("a key deleted elsewhere while the account had it cached: the refused launch is sent again once the key is registered again", async () => {
  const rig = unkind(API_KEY);
  const client = rig.client();
  await client.createInstance(attrs("first"));
  const [key] = rig.mock.state.sshKeys;
  await rig.direct("DELETE", `/api/v1/ssh-keys/${key.id}`);
  const sent = await rig.log.during(() =>
    client.createInstance(attrs("stale"))
  );
  assert.equal(sent.filter((op) => op === LAUNCH).length, 2, sent.join(", "));
  assert.equal(rig.mock.state.sshKeys.length, 1);
  assert.equal(
    rig.mock.state.instances.filter((i) =>
      i.tags?.some((t) => t.value === "stale")
    ).length,
    1,
  );
});
