/**
 * Every read of the client, probed with sparse answers: the emulator's
 * answers are rewritten in flight so that every optional property
 * (according to `openapi.json`, at any depth) is `null`, or is left out.
 * Older published versions of the API mark several of them nullable, and a
 * real answer may omit any of them; the client must read both.
 */
import assert from "node:assert/strict";
import { OPERATIONS } from "./operations.ts";
import { rewritingEmulator } from "./testdata/rewriting_emulator.ts";

const API_KEY = "sparse-key-SECRET";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
};

const spec = JSON.parse(
  await Deno.readTextFile(new URL("../../openapi.json", import.meta.url)),
) as {
  paths: Record<
    string,
    Record<string, {
      responses: Record<
        string,
        { content?: Record<string, { schema: Schema }> }
      >;
    }>
  >;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = spec.components.schemas[s.$ref.split("/").pop()!];
  return s;
}

/** The alternative of an `anyOf` that `value` is an instance of (roughly). */
function pick(alternatives: Schema[], value: unknown): Schema {
  const fits = alternatives.map(resolve).find((alt) =>
    typeof value === "object" && value !== null &&
    (alt.required ?? []).every((key) => key in value)
  );
  return fits ?? resolve(alternatives[0]);
}

/**
 * Optional properties kept: what this client set at launch and Lambda
 * reports back (without them an instance is not this client's to change:
 * no ruleset to edit, no ref id), and a rule's ports, which the schema
 * leaves optional only because icmp has none.
 */
const KEPT = new Set(["tags", "firewall_rulesets", "port_range"]);

/**
 * `value` with every optional property (but {@link KEPT}), at any depth,
 * set to `null` (`mode: "null"`) or removed (`mode: "absent"`).
 */
function sparse(
  value: unknown,
  schema: Schema,
  mode: "null" | "absent",
): unknown {
  const s = resolve(schema);
  if (s.anyOf) return sparse(value, pick(s.anyOf, value), mode);
  if (Array.isArray(value)) {
    return s.items ? value.map((v) => sparse(v, s.items!, mode)) : value;
  }
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const property = s.properties?.[key] ??
      (typeof s.additionalProperties === "object"
        ? s.additionalProperties
        : undefined);
    if (property === undefined) {
      out[key] = v;
    } else if (
      s.properties?.[key] && !(s.required ?? []).includes(key) &&
      !KEPT.has(key)
    ) {
      if (mode === "null") out[key] = null;
    } else {
      out[key] = sparse(v, property, mode);
    }
  }
  return out;
}

/** The operation of a request, from the operation table. */
function operationOf(request: Request) {
  const url = new URL(request.url);
  for (const op of Object.values(OPERATIONS)) {
    if (op.method !== request.method.toLowerCase()) continue;
    const pattern = new URLPattern({
      pathname: op.path.replace(/\{(\w+)\}/g, ":$1"),
    });
    if (pattern.test({ pathname: url.pathname })) return op;
  }
  return undefined;
}

function sparseWorld(mode: "null" | "absent") {
  const { mock, client, rewrite } = rewritingEmulator(API_KEY, "cred-sparse");
  const rewritten = new Set<string>();
  rewrite.fn = async (request, response) => {
    const op = operationOf(request);
    if (!op || response.status !== 200) return response;
    const schema = spec.paths[op.path][op.method].responses["200"].content?.[
      "application/json"
    ]?.schema;
    if (!schema) return response;
    rewritten.add(`${op.method} ${op.path}`);
    return Response.json(sparse(await response.json(), schema, mode));
  };
  return { mock, client, rewritten };
}

for (const mode of ["null", "absent"] as const) {
  Deno.test(`every read survives answers whose optional fields are ${mode}`, async () => {
    const { mock, client, rewritten } = sparseWorld(mode);
    const rules = {
      ingressRules: [{
        id: "",
        fromPort: 22,
        toPort: 22,
        ipRanges: ["0.0.0.0/0"],
        protocol: "tcp" as const,
      }],
      egressRules: [],
    };
    const created = await client.createInstance({
      location: "us-west-1",
      instanceType: "gpu_1x_a10",
      name: "sparse",
      refId: "sparse-1",
      publicKey: PUBLIC_KEY,
      imageId: "lambda-stack-22-04",
      firewallRules: rules,
      tags: { team: "ml" },
    });
    mock.clock.advance(10 * 60_000);
    const inst = await client.getInstance(created.cloudId);
    assert.equal(inst.status.lifecycleStatus, "running");
    assert.equal(inst.refId, "sparse-1");
    assert.equal(inst.publicIp, undefined);
    const listed = await client.listInstances();
    assert.deepEqual(listed.map((i) => i.cloudId), [created.cloudId]);
    assert.ok((await client.getInstanceTypes({ locations: ["all"] })).length);
    assert.ok((await client.getLocations()).length);
    assert.ok((await client.getImages()).length);
    assert.equal((await client.listSshKeys()).length, 1);
    await client.addFirewallRulesToInstance({
      instanceId: created.cloudId,
      firewallRules: {
        ingressRules: [{
          id: "",
          fromPort: 443,
          toPort: 443,
          ipRanges: ["0.0.0.0/0"],
          protocol: "tcp",
        }],
        egressRules: [],
      },
    });
    await client.sweepFirewallRulesets();
    await client.rebootInstance(created.cloudId);
    await client.terminateInstance(created.cloudId);
    for (
      const op of [
        "get /api/v1/instances",
        "get /api/v1/instances/{id}",
        "get /api/v1/instance-types",
        "get /api/v1/regions",
        "get /api/v1/images",
        "get /api/v1/ssh-keys",
        "get /api/v1/firewall-rulesets",
        "get /api/v1/firewall-rulesets/global",
        "patch /api/v1/firewall-rulesets/{id}",
        "post /api/v1/instance-operations/launch",
        "post /api/v1/instance-operations/restart",
        "post /api/v1/instance-operations/terminate",
      ]
    ) {
      assert.ok(rewritten.has(op), `${op} was probed`);
    }
  });
}
