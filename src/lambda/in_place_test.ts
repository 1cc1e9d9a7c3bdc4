import assert from "node:assert/strict";
import type { z } from "zod";
import { createMockLambda } from "../../mock/mod.ts";
import { compileInPlace } from "./in_place.ts";
import { direct } from "./testdata/direct.ts";
import { type OperationId, OPERATIONS } from "./operations.ts";
import { checksInPlace, validateAnswer } from "./transport/validate.ts";
import {
  FilesystemSchema,
  FirewallRulesetSchema,
  GlobalFirewallRulesetSchema,
  ImageSchema,
  InstanceSchema,
  InstanceTypesItemSchema,
  RegionSchema,
  SshKeySchema,
} from "./wire.ts";

const KEY = "in-place-key";

/** Real answers of the emulator, `data` of each read, after a launch. */
async function answers(): Promise<Record<string, unknown>> {
  const mock = createMockLambda({ apiKey: KEY, clock: "manual" });
  const call = (method: string, path: string, body?: unknown) =>
    direct(mock, KEY, method, `/api/v1${path}`, body);
  await call("POST", "/ssh-keys", { name: "k" });
  const ruleset = await call("POST", "/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [{
      protocol: "tcp",
      port_range: [443, 443],
      source_network: "0.0.0.0/0",
      description: "https",
    }],
  });
  await call("POST", "/filesystems", { name: "data", region: "us-west-1" });
  await call("POST", "/instance-operations/launch", {
    region_name: "us-west-1",
    instance_type_name: "gpu_1x_a10",
    ssh_key_names: ["k"],
    name: "worker",
    tags: [{ key: "team", value: "ml" }],
    firewall_rulesets: [{ id: ruleset.id }],
  });
  mock.clock.advance(10 * 60_000);
  return {
    listInstances: await call("GET", "/instances"),
    listInstanceTypes: await call("GET", "/instance-types"),
    listRegions: await call("GET", "/regions"),
    listImages: await call("GET", "/images"),
    listSSHKeys: await call("GET", "/ssh-keys"),
    listFilesystems: await call("GET", "/file-systems"),
    firewallRulesetsList: await call("GET", "/firewall-rulesets"),
    getGlobalFirewallRuleset: await call("GET", "/firewall-rulesets/global"),
  };
}

const samples = await answers();

Deno.test("a conforming answer is read in place: the data returned is the parsed body's own objects, not a copy", () => {
  for (
    const id of [
      "listInstances",
      "listInstanceTypes",
      "listRegions",
      "listImages",
      "firewallRulesetsList",
    ] as const
  ) {
    const body = { data: samples[id] };
    const checked = validateAnswer(id, 200, body);
    assert.ok(checked.ok, id);
    assert.equal(checked.value, body.data, id);
  }
  const [instance] = samples.listInstances as unknown[];
  const one = validateAnswer("getInstance", 200, { data: instance });
  assert.ok(one.ok);
  assert.equal(one.value, instance);
});

Deno.test("every operation of the table is checked in place before zod reads it", () => {
  for (const id of Object.keys(OPERATIONS) as OperationId[]) {
    assert.ok(checksInPlace(id), id);
  }
});

/** What one place of a JSON value is spoiled with (`undefined`: left out). */
const REPLACEMENTS: readonly unknown[] = [
  null,
  undefined,
  7,
  "text",
  true,
  [],
  {},
  Infinity,
];

/** `value` with the place at `path` replaced by `replacement`. */
function spoiled(value: unknown, path: PropertyKey[], replacement: unknown) {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<PropertyKey, unknown>) };
  const inner = spoiled(
    (value as Record<PropertyKey, unknown>)[head],
    rest,
    replacement,
  );
  if (inner === undefined && !Array.isArray(copy)) {
    delete (copy as Record<PropertyKey, unknown>)[head];
  } else (copy as Record<PropertyKey, unknown>)[head] = inner;
  return copy;
}

/** Every path of a JSON value, the root included. */
function paths(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  const out = [at];
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      out.push(...paths(child, [...at, Array.isArray(value) ? +key : key]));
    }
  }
  return out;
}

/**
 * `sample`, and copies of it with one place spoiled, or with an unknown key
 * beside one place.
 */
function mutants(sample: unknown): unknown[] {
  const out: unknown[] = [sample];
  for (const path of paths(sample)) {
    for (const r of REPLACEMENTS) out.push(spoiled(sample, path, r));
    if (path.length > 0) {
      // An unknown key beside the place.
      const parent = paths(sample).find((p) =>
        p.length === path.length - 1 && p.every((k, i) => k === path[i])
      )!;
      const holder = parent.reduce<unknown>(
        (v, k) => (v as Record<PropertyKey, unknown>)[k],
        sample,
      );
      if (!Array.isArray(holder)) {
        out.push(
          spoiled(sample, parent, { ...(holder as object), grown: [1] }),
        );
      }
    }
  }
  return out;
}

Deno.test("the check in place agrees with zod on every spoiled copy of real answers", () => {
  const cases: [string, z.ZodType, unknown][] = [
    ["instance", InstanceSchema, (samples.listInstances as unknown[])[0]],
    [
      "instance type",
      InstanceTypesItemSchema,
      Object.values(samples.listInstanceTypes as object)[0],
    ],
    ["region", RegionSchema, (samples.listRegions as unknown[])[0]],
    ["image", ImageSchema, (samples.listImages as unknown[])[0]],
    ["ssh key", SshKeySchema, (samples.listSSHKeys as unknown[])[0]],
    ["filesystem", FilesystemSchema, (samples.listFilesystems as unknown[])[0]],
    [
      "ruleset",
      FirewallRulesetSchema,
      (samples.firewallRulesetsList as unknown[])[0],
    ],
    [
      "global ruleset",
      GlobalFirewallRulesetSchema,
      samples
        .getGlobalFirewallRuleset,
    ],
  ];
  let compared = 0;
  for (const [name, schema, sample] of cases) {
    const check = compileInPlace(schema);
    assert.ok(check, `${name} has a check`);
    for (const value of mutants(sample)) {
      const read = schema.safeParse(value);
      assert.equal(
        check(value),
        read.success,
        `${name}: ${JSON.stringify(value)}`,
      );
      compared++;
    }
  }
  assert.ok(compared > 1_000, `${compared} values compared`);
});

Deno.test("what the check keeps in place is what zod reads, but for unknown keys", () => {
  const [instance] = samples.listInstances as Record<string, unknown>[];
  const grown = { ...instance, workspace: { id: "w-1" } };
  const checked = validateAnswer("getInstance", 200, { data: grown });
  assert.ok(checked.ok);
  assert.equal(checked.value, grown);
  assert.deepEqual(
    { ...checked.value, workspace: undefined },
    { ...InstanceSchema.parse(grown), workspace: undefined },
  );
});

Deno.test("an answer the check refuses is read by the tolerant schema as before", () => {
  const [instance] = samples.listInstances as Record<string, unknown>[];
  const nulled = { ...instance, hostname: null };
  const checked = validateAnswer("listInstances", 200, {
    data: [instance, nulled],
  });
  assert.ok(checked.ok);
  assert.notEqual(checked.value[1], nulled, "read by zod, into a copy");
  assert.equal("hostname" in checked.value[1], false);
  const broken = validateAnswer("listRegions", 200, {
    data: [{ name: "us-west-1", description: "California" }, { name: 3 }],
  });
  assert.ok(broken.ok);
  assert.equal(broken.value.length, 1);
});
