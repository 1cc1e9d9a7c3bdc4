/**
 * What a client says about itself, and the update helpers that need no call.
 *
 * @module
 */
import assert from "node:assert/strict";
import { LambdaLabsCredential } from "../../mod.ts";
import type { Scenario } from "../scenario.ts";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}

const identity: Scenario = {
  name:
    "identity: api type, provider id, tenant, reference, limits, capabilities",
  covers: [
    "getApiType",
    "getCloudProviderId",
    "getReferenceId",
    "getTenantId",
    "getCapabilities",
    "getMaxCreateRequestsPerMinute",
    "makeClient",
  ],
  mutates: false,
  async run(t) {
    assert.equal(t.client.getApiType(), "global");
    assert.equal(t.client.getCloudProviderId(), "lambda-labs");
    assert.equal(t.client.getReferenceId(), "contract-suite");
    const key = t.live ? Deno.env.get("LAMBDA_API_KEY")! : "contract-test-key";
    const tenant = await t.client.getTenantId();
    assert.equal(tenant, `lambdalabs-${await sha256Hex(key)}`);
    assert.ok(t.client.getMaxCreateRequestsPerMinute() > 0);
    assert.ok((await t.client.getCapabilities()).includes("create-instance"));

    const credential = new LambdaLabsCredential({
      refId: "cred-2",
      apiKey: key,
    });
    assert.equal(await credential.getTenantId(), tenant);
    assert.equal(credential.getReferenceId(), "cred-2");
    const made = await credential.makeClient("us-east-1");
    assert.equal(made.getReferenceId(), "cred-2");
    assert.equal(await made.getTenantId(), tenant);
  },
};

const merging: Scenario = {
  name: "update helpers keep what the cloud does not report",
  covers: ["mergeInstanceForUpdate", "mergeInstanceTypeForUpdate"],
  mutates: false,
  async run(t) {
    const types = await t.client.getInstanceTypes({ locations: ["all"] });
    const merged = t.client.mergeInstanceTypeForUpdate(types[0], types[0]);
    assert.equal(merged.id, types[0].id);

    const base = {
      name: "job",
      refId: "ref-1",
      cloudCredRefId: "cred-1",
      cloudId: "abc",
      createdAt: new Date("2026-01-01T00:00:00Z"),
      tags: { team: "ml" },
      instanceType: types[0].type,
      location: types[0].location,
      status: { lifecycleStatus: "pending" as const },
      firewallRules: { ingressRules: [], egressRules: [] },
      sshUser: "ubuntu",
      sshPort: 22,
      stoppable: false,
      rebootable: true,
    };
    const next = {
      ...base,
      refId: "",
      cloudCredRefId: "",
      status: { lifecycleStatus: "running" as const },
      publicIp: "203.0.113.9",
    };
    const updated = t.client.mergeInstanceForUpdate(base, next);
    assert.equal(updated.refId, "ref-1");
    assert.equal(updated.cloudCredRefId, "cred-1");
    assert.equal(updated.status.lifecycleStatus, "running");
    assert.equal(updated.publicIp, "203.0.113.9");
  },
};

/** Identity scenarios. */
export const IDENTITY_SCENARIOS: Scenario[] = [identity, merging];
