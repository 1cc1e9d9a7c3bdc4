/**
 * Firewall rules: given at creation, added and revoked later, through a
 * ruleset attached to the instance.
 *
 * @module
 */
import assert from "node:assert/strict";
import { DuplicateFirewallRuleError } from "../../mod.ts";
import type { Scenario } from "../scenario.ts";
import { launchAttrs, tcpRule } from "../fixtures.ts";

const firewall: Scenario = {
  name: "firewall: create with rules, add, refuse a duplicate, revoke",
  covers: [
    "createInstance",
    "addFirewallRulesToInstance",
    "revokeSecurityGroupRules",
  ],
  mutates: true,
  async run(t) {
    const created = await t.client.createInstance(
      await launchAttrs(t, "fw", {
        firewallRules: { ingressRules: [tcpRule(22, "ssh")], egressRules: [] },
      }),
    );
    t.launched(created.cloudId);
    const ports = async () =>
      (await t.client.getInstance(created.cloudId)).firewallRules.ingressRules
        .map((rule) => rule.fromPort);
    assert.ok((await ports()).includes(22));
    assert.equal((await ports()).includes(443), false);

    await t.client.addFirewallRulesToInstance({
      instanceId: created.cloudId,
      firewallRules: { ingressRules: [tcpRule(443, "https")], egressRules: [] },
    });
    assert.ok((await ports()).includes(443));
    await assert.rejects(
      t.client.addFirewallRulesToInstance({
        instanceId: created.cloudId,
        firewallRules: {
          ingressRules: [tcpRule(443, "https")],
          egressRules: [],
        },
      }),
      DuplicateFirewallRuleError,
    );

    const instance = await t.client.getInstance(created.cloudId);
    const https = instance.firewallRules.ingressRules.find((r) =>
      r.fromPort === 443
    );
    assert.ok(https?.id, "rules carry stable ids");
    const again = await t.client.getInstance(created.cloudId);
    assert.equal(
      again.firewallRules.ingressRules.find((r) => r.fromPort === 443)?.id,
      https.id,
      "a rule's id does not change between reads",
    );
    await t.client.revokeSecurityGroupRules({
      instanceId: created.cloudId,
      securityGroupRuleIds: [https.id],
    });
    const after = await ports();
    assert.equal(after.includes(443), false);
    assert.ok(after.includes(22));

    if (t.mock) {
      const attached = t.mock.state.firewallRulesets.filter((rs) =>
        rs.instance_ids.includes(created.cloudId)
      );
      assert.equal(attached.length, 1, "one per-instance ruleset is attached");
      assert.deepEqual(
        attached[0].rules.map((r) => r.port_range?.[0]).sort(),
        [22],
      );
    }
    await t.client.terminateInstance(created.cloudId);
  },
};

/** Firewall scenarios. */
export const FIREWALL_SCENARIOS: Scenario[] = [firewall];
