import assert from "node:assert/strict";
import {
  DuplicateFirewallRuleError,
  InvalidArgumentError,
  ResourceNotFoundError,
} from "../v1/errors.ts";
import type { FirewallRule } from "../v1/firewall.ts";
import { createMockLambda } from "../../mock/mod.ts";
import { direct } from "./testdata/direct.ts";
import { LambdaLabsClient } from "./client.ts";
import {
  firewallRulesOf,
  ruleId,
  rulesetNameFor,
  stableHash,
  wireRulesFromV1,
} from "./firewall.ts";

const KEY = "firewall-test-key";

const rule = (
  fromPort: number,
  toPort = fromPort,
  ipRanges = ["0.0.0.0/0"],
): FirewallRule => ({ id: "", fromPort, toPort, ipRanges });

/**
 * The emulator with one global rule (tcp/22 from anywhere) and an instance
 * launched with a per-instance ruleset allowing 443.
 */
async function setup() {
  const mock = createMockLambda({ apiKey: KEY, seed: 4, clock: "manual" });
  const patches: string[] = [];
  const client = new LambdaLabsClient({
    refId: "cred-1",
    apiKey: KEY,
    fetch: (input, init) => {
      const request = new Request(input, init);
      if (request.method === "PATCH") patches.push(request.url);
      return mock.fetch(request);
    },
    now: () => mock.clock.now(),
    sleep: (ms) => {
      mock.clock.advance(ms);
      return Promise.resolve();
    },
    maxCreateRequestsPerMinute: Infinity,
  });
  await direct(mock, KEY, "PATCH", "/api/v1/firewall-rulesets/global", {
    rules: [{
      protocol: "tcp",
      port_range: [22, 22],
      source_network: "0.0.0.0/0",
      description: "ssh everywhere",
    }],
  });
  await direct(mock, KEY, "POST", "/api/v1/ssh-keys", { name: "me" });
  const inst = await client.createInstance({
    location: "us-west-1",
    instanceType: "gpu_1x_a10",
    name: "web",
    refId: "web-1",
    keyPairName: "me",
    firewallRules: { ingressRules: [rule(443)], egressRules: [] },
  });
  const ruleset = () =>
    mock.state.firewallRulesets.find((r) =>
      r.instance_ids.includes(inst.cloudId)
    )!;
  return { mock, client, inst, patches, ruleset };
}

Deno.test("rule ids are stable and derived from protocol, ports and source", () => {
  const a = ruleId({
    protocol: "tcp",
    port_range: [443, 443],
    source_network: "0.0.0.0/0",
  });
  assert.equal(
    a,
    ruleId({
      protocol: "tcp",
      port_range: [443, 443],
      source_network: "0.0.0.0/0",
    }),
  );
  assert.notEqual(
    a,
    ruleId({
      protocol: "udp",
      port_range: [443, 443],
      source_network: "0.0.0.0/0",
    }),
  );
  assert.match(a, /^fw-[0-9a-f]{16}$/);
  assert.equal(rulesetNameFor("c", "r"), rulesetNameFor("c", "r"));
  assert.notEqual(rulesetNameFor("c", "r"), rulesetNameFor("c", "r2"));
});

Deno.test("v1 rules become Lambda rules: one per range, icmp without ports, all defaults to every port", () => {
  const wire = wireRulesFromV1({
    ingressRules: [
      rule(80, 81, ["52.0.0.0/8", "34.64.0.0/10"]),
      {
        id: "",
        fromPort: 0,
        toPort: 0,
        ipRanges: ["0.0.0.0/0"],
        protocol: "icmp",
      },
      {
        id: "",
        fromPort: 0,
        toPort: 0,
        ipRanges: ["0.0.0.0/0"],
        protocol: "all",
      },
    ],
    egressRules: [],
  }, "f");
  assert.deepEqual(wire, [
    {
      protocol: "tcp",
      port_range: [80, 81],
      source_network: "52.0.0.0/8",
      description: "",
    },
    {
      protocol: "tcp",
      port_range: [80, 81],
      source_network: "34.64.0.0/10",
      description: "",
    },
    { protocol: "icmp", source_network: "0.0.0.0/0", description: "" },
    {
      protocol: "all",
      port_range: [1, 65535],
      source_network: "0.0.0.0/0",
      description: "",
    },
  ]);
  assert.throws(
    () =>
      wireRulesFromV1({ ingressRules: [rule(90, 80)], egressRules: [] }, "f"),
    InvalidArgumentError,
  );
  assert.throws(
    () =>
      wireRulesFromV1(
        { ingressRules: [rule(80, 80, [])], egressRules: [] },
        "f",
      ),
    InvalidArgumentError,
  );
});

Deno.test("a source that is not a public IPv4 range is refused before anything is sent, naming the range", () => {
  // Lambda's description: the source is "a public IPv4 address optionally
  // followed by a slash (/) and an integer mask"; the emulator refuses the
  // others, and so must the client, before a request.
  for (const source of ["10.0.0.0/8", "192.168.1.7/32", "127.0.0.1"]) {
    assert.throws(
      () =>
        wireRulesFromV1({
          ingressRules: [rule(22, 22, ["52.0.0.0/8", source])],
          egressRules: [],
        }, "attrs.firewallRules"),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.field === "attrs.firewallRules.ingressRules[0].ipRanges[1]" &&
        /public IPv4/.test(e.rule),
      source,
    );
  }
  assert.equal(
    wireRulesFromV1({
      ingressRules: [rule(22, 22, ["0.0.0.0/0"])],
      egressRules: [],
    }, "f").length,
    1,
  );
});

Deno.test("Instance.firewallRules shows the attached ruleset and the global rules", async () => {
  const { client, inst } = await setup();
  const got = await client.getInstance(inst.cloudId);
  assert.deepEqual(
    got.firewallRules.ingressRules.map((r) => [r.fromPort, r.protocol]).sort(),
    [[22, "tcp"], [443, "tcp"]],
  );
  assert.deepEqual(got.firewallRules.egressRules, []);
});

Deno.test("add then revoke rules through the per-instance ruleset", async () => {
  const { client, inst, ruleset } = await setup();
  await client.addFirewallRulesToInstance({
    instanceId: inst.cloudId,
    firewallRules: {
      ingressRules: [rule(8000, 8080, ["52.0.0.0/8"])],
      egressRules: [],
    },
  });
  assert.equal(ruleset().rules.length, 2);
  let got = await client.getInstance(inst.cloudId);
  const added = got.firewallRules.ingressRules.find((r) =>
    r.fromPort === 8000
  )!;
  assert.deepEqual(added.ipRanges, ["52.0.0.0/8"]);
  assert.equal(added.toPort, 8080);

  await client.revokeSecurityGroupRules({
    instanceId: inst.cloudId,
    securityGroupRuleIds: [added.id],
  });
  assert.equal(ruleset().rules.length, 1);
  got = await client.getInstance(inst.cloudId);
  assert.equal(
    got.firewallRules.ingressRules.some((r) => r.id === added.id),
    false,
  );
});

Deno.test("duplicates, unknown ids, global rules and instances without a ruleset are refused", async () => {
  const { client, inst, mock, patches } = await setup();
  const before = patches.length;
  const dup = await client.addFirewallRulesToInstance({
    instanceId: inst.cloudId,
    firewallRules: { ingressRules: [rule(443)], egressRules: [] },
  }).catch((e) => e);
  assert.ok(dup instanceof DuplicateFirewallRuleError);
  const dupGlobal = await client.addFirewallRulesToInstance({
    instanceId: inst.cloudId,
    firewallRules: { ingressRules: [rule(22)], egressRules: [] },
  }).catch((e) => e);
  assert.ok(dupGlobal instanceof DuplicateFirewallRuleError);

  const unknown = await client.revokeSecurityGroupRules({
    instanceId: inst.cloudId,
    securityGroupRuleIds: ["fw-0000000000000000"],
  }).catch((e) => e);
  assert.ok(unknown instanceof ResourceNotFoundError);
  assert.equal(unknown.resourceType, "firewall-rule");

  const globalId = ruleId({
    protocol: "tcp",
    port_range: [22, 22],
    source_network: "0.0.0.0/0",
  });
  const global = await client.revokeSecurityGroupRules({
    instanceId: inst.cloudId,
    securityGroupRuleIds: [globalId],
  }).catch((e) => e);
  assert.ok(global instanceof InvalidArgumentError);
  assert.equal(patches.length, before, "nothing was changed");

  const [bare] =
    (await direct(mock, KEY, "POST", "/api/v1/instance-operations/launch", {
      region_name: "us-west-1",
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["me"],
    })).instance_ids;
  const none = await client.addFirewallRulesToInstance({
    instanceId: bare,
    firewallRules: { ingressRules: [rule(80)], egressRules: [] },
  }).catch((e) => e);
  assert.ok(none instanceof InvalidArgumentError);
  assert.match(none.message, /createInstance/);
});

Deno.test("stableHash is 64-bit FNV-1a of the UTF-8 bytes, as hex (the ids of rules and rulesets already in use depend on it)", () => {
  /** FNV-1a on BigInts, the definition. */
  const reference = (text: string) => {
    let hash = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(text)) {
      hash ^= BigInt(byte);
      hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return hash.toString(16).padStart(16, "0");
  };
  const texts = [
    "",
    "a",
    "tcp|22-22|0.0.0.0/0",
    "all|1-65535|10.0.0.0/8",
    "cred-1\u0000job-1",
    "ünïcødé ✓ 𝄞",
    "x".repeat(1_000),
  ];
  for (let i = 0; i < 200; i++) {
    texts.push(
      Array.from(
        { length: i },
        (_, j) => String.fromCharCode((i * 31 + j * 7) % 0x2fff),
      ).join(""),
    );
  }
  for (const text of texts) {
    assert.equal(stableHash(text), reference(text), text);
  }
  assert.equal(stableHash(""), "cbf29ce484222325");
});

Deno.test("firewallRulesOf: the global rules, then each attached ruleset's, one per id, as copies of the instance's own (short and long lists, with and without the snapshot's memo of rule lists)", () => {
  const rule = (port: number, description = `port ${port}`) => ({
    protocol: "tcp" as const,
    port_range: [port, port],
    source_network: "0.0.0.0/0",
    description,
  });
  const region = { name: "us-west-1", description: "California" };
  for (
    const [count, ruleLists] of [
      [3, undefined],
      [40, undefined],
      [3, new Map()],
      [40, new Map()],
    ] as const
  ) {
    const global = {
      id: "global" as const,
      name: "Global",
      rules: [rule(22), rule(22, "twice")],
    };
    const ruleset = {
      id: "rs-1",
      name: "web",
      region,
      created: "2026-01-01T00:00:00Z",
      instance_ids: ["i-1"],
      rules: Array.from({ length: count }, (_, i) => rule(1000 + (i % 30))),
    };
    ruleset.rules.push(rule(22, "again"));
    const snapshot = {
      rulesets: new Map([[ruleset.id, ruleset]]),
      global,
      v1Rules: new Map(),
      ruleLists,
    };
    const instance = { firewall_rulesets: [{ id: "rs-1" }, { id: "rs-1" }] };
    const [a, b, c] = [1, 2, 3].map(() =>
      firewallRulesOf(
        instance as unknown as Parameters<typeof firewallRulesOf>[0],
        snapshot,
      )
    );
    const ports = a.ingressRules.map((r) => r.fromPort);
    assert.deepEqual(ports, [
      22,
      ...new Set(ruleset.rules.slice(0, count).map((r) => r.port_range[0])),
    ]);
    assert.equal(a.ingressRules[0].description, "port 22", "the first wins");
    assert.equal(new Set(a.ingressRules.map((r) => r.id)).size, ports.length);
    assert.deepEqual(a, b);
    a.ingressRules[0].ipRanges.push("10.0.0.0/8");
    a.ingressRules[1].description = "changed by its caller";
    assert.deepEqual(b.ingressRules[0].ipRanges, ["0.0.0.0/0"]);
    assert.deepEqual(b, c);
    // A later instance read from the same snapshot sees none of it.
    const later = firewallRulesOf(
      instance as unknown as Parameters<typeof firewallRulesOf>[0],
      snapshot,
    );
    assert.deepEqual(later, b);
    assert.notEqual(a.ingressRules[0], b.ingressRules[0]);
    assert.deepEqual(a.egressRules, []);
  }
});
