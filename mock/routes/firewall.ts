/**
 * Handlers of firewall rules and rulesets.
 *
 * @module
 */
import type { HandlerMap } from "./handler.ts";

/**
 * `GET|PUT /firewall-rules`, rulesets list/create/get/patch/delete, and
 * the global ruleset get/patch.
 *
 * @example
 * ```ts
 * import { firewallHandlers } from "./firewall.ts";
 * console.log(Object.keys(firewallHandlers).length); // 9
 * ```
 */
export const firewallHandlers: HandlerMap<
  | "firewallRulesList"
  | "firewallRulesSet"
  | "firewallRulesetsList"
  | "createFirewallRuleset"
  | "getGlobalFirewallRuleset"
  | "updateGlobalFirewallRuleset"
  | "getFirewallRuleset"
  | "updateFirewallRuleset"
  | "deleteFirewallRuleset"
> = {
  firewallRulesList: (world) => ({ data: world.firewallRules() }),
  firewallRulesSet: (world, { body }) => ({
    data: world.setFirewallRules(body),
  }),
  firewallRulesetsList: (world) => ({ data: world.listFirewallRulesets() }),
  createFirewallRuleset: (world, { body }) => ({
    data: world.createFirewallRuleset(body),
  }),
  getGlobalFirewallRuleset: (world) => ({
    data: world.globalFirewallRuleset(),
  }),
  updateGlobalFirewallRuleset: (world, { body }) => ({
    data: world.updateGlobalFirewallRuleset(body),
  }),
  getFirewallRuleset: (world, { path }) => ({
    data: world.getFirewallRuleset(path.id),
  }),
  updateFirewallRuleset: (world, { path, body }) => ({
    data: world.updateFirewallRuleset(path.id, body),
  }),
  deleteFirewallRuleset: (world, { path }) => ({
    data: world.deleteFirewallRuleset(path.id),
  }),
};
