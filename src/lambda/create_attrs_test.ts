/**
 * `createInstance`'s attributes and the errors of a refused launch, against
 * the emulator: an optional name, and parameter errors named by the field.
 */
import assert from "node:assert/strict";
import type { MockLambda } from "../../mock/mod.ts";
import { InvalidArgumentError } from "../v1/errors.ts";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import type { LambdaLabsClient } from "./client.ts";
import { validateCreateAttrs } from "./create_attrs.ts";
import { InvalidParametersError } from "./errors.ts";
import { rewritingEmulator } from "./testdata/rewriting_emulator.ts";

const API_KEY = "attrs-key-SECRET";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";

function setup(): { mock: MockLambda; client: LambdaLabsClient } {
  return rewritingEmulator(API_KEY, "cred-attrs");
}

const base = {
  location: "us-west-1",
  instanceType: "gpu_1x_a10",
  publicKey: PUBLIC_KEY,
};

Deno.test("createInstance: name is optional (as in Lambda's launch) and defaults to the ref id", async () => {
  const { mock, client } = setup();
  const attrs: CreateInstanceAttrs = { ...base, refId: "nameless-job" };
  const inst = await client.createInstance(attrs);
  assert.equal(inst.name, "nameless-job");
  assert.equal(mock.state.instances[0].name, "nameless-job");
  // An empty name is the same as none.
  const empty = await client.createInstance({
    ...base,
    refId: "empty-name",
    name: "",
  });
  assert.equal(empty.name, "empty-name");
  // A given name is sent as it is.
  const named = await client.createInstance({
    ...base,
    refId: "named",
    name: "trainer",
  });
  assert.equal(named.name, "trainer");
});

Deno.test("validateCreateAttrs: the default name is the ref id cut to Lambda's 64 characters", () => {
  const refId = `${"r".repeat(63)}😀tail`;
  const { body } = validateCreateAttrs(
    { ...base, refId } as CreateInstanceAttrs,
    "cred",
    new Date(0),
  );
  // The emoji does not fit whole in 64 UTF-16 units, so it is left out.
  assert.equal(body.name, "r".repeat(63));
  const err = (() => {
    try {
      validateCreateAttrs(
        { ...base, refId: "r", name: 7 } as unknown as CreateInstanceAttrs,
        "cred",
        new Date(0),
      );
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof InvalidArgumentError, String(err));
  assert.equal(err.field, "attrs.name");
});

Deno.test("createInstance with firewall rules into a region that does not exist: InvalidArgumentError on attrs.location, nothing left behind", async () => {
  const { mock, client } = setup();
  const err = await client.createInstance({
    ...base,
    location: "mars-north-1",
    name: "mars",
    refId: "mars",
    firewallRules: {
      ingressRules: [{
        id: "",
        fromPort: 22,
        toPort: 22,
        ipRanges: ["0.0.0.0/0"],
        protocol: "tcp",
      }],
      egressRules: [],
    },
  }).catch((e) => e);
  assert.ok(err instanceof InvalidArgumentError, String(err));
  assert.equal(err.field, "attrs.location");
  assert.match(err.message, /mars-north-1/);
  assert.equal(mock.state.instances.length, 0);
  assert.equal(mock.state.firewallRulesets.length, 0);
});

Deno.test("createInstance: a launch refused with global/invalid-parameters is InvalidArgumentError on the field, with the API's error kept", async () => {
  const { mock, client } = setup();
  const tags: Record<string, string> = {};
  for (let n = 0; n < 60; n++) tags[`tag-${n}`] = "v";
  const err = await client.createInstance({
    ...base,
    name: "tags",
    refId: "tags",
    tags,
  })
    .catch((e) => e);
  assert.ok(err instanceof InvalidArgumentError, String(err));
  assert.equal(err.field, "attrs.tags");
  assert.ok(err instanceof InvalidParametersError);
  assert.equal(err.status, 400);
  assert.equal(err.providerCode, "global/invalid-parameters");
  assert.equal(mock.state.instances.length, 0);
});
