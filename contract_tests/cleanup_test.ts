// The contract suite's cleanup leaves the account as the run found it: no
// instance running, no per-instance ruleset, no SSH key it added, also when a
// scenario fails half-way, and nothing that was there before is touched.
import assert from "node:assert/strict";
import { FIREWALL_SCENARIOS } from "./scenarios/firewall.ts";
import { launchAttrs, newPublicKey, tcpRule } from "./fixtures.ts";
import { runOrExpectGap } from "./provider_gaps.ts";
import { EMULATOR_API_KEY, emulatorLeftovers, openTarget } from "./target.ts";

/** A test that, while it is a known provider gap, must fail as listed. */
function gapAwareTest(name: string, fn: () => Promise<void>): void {
  Deno.test(name, async () => {
    await runOrExpectGap(name, fn);
  });
}

async function seed(
  fetchFn: typeof fetch,
  path: string,
  body: unknown,
): Promise<string> {
  const response = await fetchFn(`https://cloud.lambda.ai${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${EMULATOR_API_KEY}`,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, path);
  return (await response.json()).data.id;
}

gapAwareTest(
  "close() after the firewall scenario leaves no instance, ruleset or SSH key of the run",
  async () => {
    const target = await openTarget("emulator-fetch");
    const mock = target.mock!;
    await FIREWALL_SCENARIOS[0].run(target);
    const before = emulatorLeftovers(mock, []);
    assert.ok(before.some((l) => l.startsWith("firewall ruleset gpufleet-")));
    assert.ok(before.some((l) => l.startsWith("SSH key gpufleet-")));
    assert.ok(before.some((l) => / is terminating$/.test(l)));

    await target.close();
    assert.deepEqual(emulatorLeftovers(mock, []), []);
    assert.deepEqual(mock.state.firewallRulesets, []);
    assert.deepEqual(mock.state.sshKeys, []);
    assert.ok(mock.state.instances.every((i) => i.status === "terminated"));
  },
);

gapAwareTest(
  "close() cleans up after a scenario that failed before terminating what it launched",
  async () => {
    const target = await openTarget("emulator-fetch");
    const mock = target.mock!;
    const failing = async () => {
      const created = await target.client.createInstance(
        await launchAttrs(target, "half", {
          firewallRules: { ingressRules: [tcpRule(8080)], egressRules: [] },
        }),
      );
      target.launched(created.cloudId);
      throw new Error("a step failed");
    };
    await assert.rejects(failing(), /a step failed/);
    assert.equal(mock.state.instances[0].status, "booting");
    await target.close();
    assert.deepEqual(emulatorLeftovers(mock, []), []);
  },
);

gapAwareTest(
  "close() finds launches the scenario did not record, and keeps what was there before",
  async () => {
    const target = await openTarget("emulator-fetch");
    const mock = target.mock!;
    const keyBefore = await seed(mock.fetch, "/api/v1/ssh-keys", {
      name: "someone-else",
      public_key: await newPublicKey("other@host"),
    });
    const foreignRuleset = await seed(mock.fetch, "/api/v1/firewall-rulesets", {
      name: "web",
      region: "us-west-1",
      rules: [],
    });
    // Not passed to target.launched(): only the recorded answers know it.
    await target.client.createInstance(
      await launchAttrs(target, "unrecorded", {
        firewallRules: { ingressRules: [tcpRule(443)], egressRules: [] },
      }),
    );
    mock.clock.advance(5 * 60_000);
    await target.close();
    assert.deepEqual(emulatorLeftovers(mock, [keyBefore]), []);
    assert.deepEqual(mock.state.sshKeys.map((k) => k.id), [keyBefore]);
    assert.deepEqual(mock.state.firewallRulesets.map((r) => r.id), [
      foreignRuleset,
    ]);
  },
);
