/**
 * A create's location is checked against the account's regions (cached)
 * before anything is written.
 */
import assert from "node:assert/strict";
import { InvalidArgumentError } from "../v1/errors.ts";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import { SSH_FROM_ANYWHERE, unkind } from "./testdata/unkind.ts";

const API_KEY = "location-key-SECRET";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";

const mars = (
  over: Partial<CreateInstanceAttrs> = {},
): CreateInstanceAttrs => ({
  location: "mars-north-1",
  instanceType: "gpu_1x_a10",
  refId: "to-mars",
  publicKey: PUBLIC_KEY,
  ...over,
});

const writes = (sent: string[]) => sent.filter((op) => !op.startsWith("GET "));

const cases: [string, Partial<CreateInstanceAttrs>][] = [
  ["with firewall rules and a key to register", {
    firewallRules: SSH_FROM_ANYWHERE,
  }],
  ["with a key to register", {}],
  ["with a registered key", { publicKey: undefined, keyPairName: "k" }],
];
for (const [what, over] of cases) {
  Deno.test(`a region that does not exist, ${what}: InvalidArgumentError on attrs.location, nothing written`, async () => {
    const rig = unkind(API_KEY);
    const client = rig.client();
    for (const round of [1, 2]) {
      let err: unknown;
      const sent = await rig.log.during(async () => {
        err = await client.createInstance(mars(over)).catch((e) => e);
      });
      assert.ok(err instanceof InvalidArgumentError, String(err));
      assert.equal(err.field, "attrs.location");
      assert.match(err.message, /mars-north-1/);
      assert.deepEqual(writes(sent), [], `round ${round}`);
    }
    assert.deepEqual(rig.mock.state.sshKeys, []);
    assert.deepEqual(rig.mock.state.firewallRulesets, []);
    assert.deepEqual(rig.mock.state.instances, []);
  });
}
