/**
 * Routes of firewall rules and rulesets.
 *
 * @module
 */
import {
  CreateFirewallRulesetRequestSchema,
  SetFirewallRulesRequestSchema,
  UpdateFirewallRulesetRequestSchema,
  UpdateGlobalFirewallRulesetRequestSchema,
} from "../../src/lambda/wire.ts";
import { defineRoute, type Route } from "./router.ts";

/**
 * `GET|PUT /firewall-rules`, rulesets list/create/get/patch/delete, and
 * the global ruleset get/patch. The global routes come before `{id}`.
 *
 * @example
 * ```ts
 * import { firewallRoutes } from "./firewall.ts";
 * firewallRoutes.length; // 9
 * ```
 */
export const firewallRoutes: readonly Route[] = [
  defineRoute(
    "GET",
    "/api/v1/firewall-rules",
    "firewallRulesList",
    ({ world }) => ({ data: world.firewallRules() }),
  ),
  defineRoute(
    "PUT",
    "/api/v1/firewall-rules",
    "firewallRulesSet",
    ({ world, body }) => ({ data: world.setFirewallRules(body) }),
    SetFirewallRulesRequestSchema,
  ),
  defineRoute(
    "GET",
    "/api/v1/firewall-rulesets",
    "firewallRulesetsList",
    ({ world }) => ({ data: world.listFirewallRulesets() }),
  ),
  defineRoute(
    "POST",
    "/api/v1/firewall-rulesets",
    "createFirewallRuleset",
    ({ world, body }) => ({ data: world.createFirewallRuleset(body) }),
    CreateFirewallRulesetRequestSchema,
  ),
  defineRoute(
    "GET",
    "/api/v1/firewall-rulesets/global",
    "getGlobalFirewallRuleset",
    ({ world }) => ({ data: world.globalFirewallRuleset() }),
  ),
  defineRoute(
    "PATCH",
    "/api/v1/firewall-rulesets/global",
    "updateGlobalFirewallRuleset",
    ({ world, body }) => ({ data: world.updateGlobalFirewallRuleset(body) }),
    UpdateGlobalFirewallRulesetRequestSchema,
  ),
  defineRoute(
    "GET",
    "/api/v1/firewall-rulesets/:id",
    "getFirewallRuleset",
    ({ world, params }) => ({ data: world.getFirewallRuleset(params.id) }),
  ),
  defineRoute(
    "PATCH",
    "/api/v1/firewall-rulesets/:id",
    "updateFirewallRuleset",
    ({ world, params, body }) => ({
      data: world.updateFirewallRuleset(params.id, body),
    }),
    UpdateFirewallRulesetRequestSchema,
  ),
  defineRoute(
    "DELETE",
    "/api/v1/firewall-rulesets/:id",
    "deleteFirewallRuleset",
    ({ world, params }) => ({ data: world.deleteFirewallRuleset(params.id) }),
  ),
];
