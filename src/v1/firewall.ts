/**
 * Firewall rules of instances.
 *
 * @module
 */

/**
 * The protocol of a firewall rule. `all` matches every protocol.
 *
 * @example
 * ```ts
 * import type { FirewallProtocol } from "./firewall.ts";
 * const proto: FirewallProtocol = "tcp";
 * ```
 */
export type FirewallProtocol = "tcp" | "udp" | "icmp" | "all";

/**
 * One allow rule: traffic on ports `fromPort`–`toPort` from (ingress) or to
 * (egress) the given CIDR ranges.
 *
 * @example
 * ```ts
 * import type { FirewallRule } from "./firewall.ts";
 * const ssh: FirewallRule = { id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"], protocol: "tcp" };
 * ```
 */
export interface FirewallRule {
  /** The provider's id of the rule; ignored (may be empty) when adding. */
  id: string;
  /** First port of the range (inclusive); 0 for `icmp`. */
  fromPort: number;
  /** Last port of the range (inclusive); 0 for `icmp`. */
  toPort: number;
  /** CIDR ranges, e.g. `["203.0.113.0/24"]`. */
  ipRanges: string[];
  /** The protocol; absent means `tcp`. */
  protocol?: FirewallProtocol;
  /** A note on what the rule is for. */
  description?: string;
}

/**
 * The firewall rules of an instance.
 *
 * @example
 * ```ts
 * import type { FirewallRules } from "./firewall.ts";
 * const rules: FirewallRules = { ingressRules: [], egressRules: [] };
 * ```
 */
export interface FirewallRules {
  /** Rules for incoming traffic. */
  ingressRules: FirewallRule[];
  /** Rules for outgoing traffic. */
  egressRules: FirewallRule[];
}

/**
 * A port forwarded from the instance to another host (e.g. a bastion).
 *
 * @example
 * ```ts
 * import type { PortMapping } from "./firewall.ts";
 * const viaBastion: PortMapping = { fromPort: 2222, toPort: 2022 };
 * ```
 */
export interface PortMapping {
  /** The port on the instance. */
  fromPort: number;
  /** The port it is reachable on elsewhere. */
  toPort: number;
}

/**
 * Arguments of `addFirewallRulesToInstance`.
 *
 * @example
 * ```ts
 * import type { AddFirewallRulesToInstanceArgs } from "./firewall.ts";
 * const args: AddFirewallRulesToInstanceArgs = {
 *   instanceId: "i-1",
 *   firewallRules: { ingressRules: [{ id: "", fromPort: 443, toPort: 443, ipRanges: ["0.0.0.0/0"] }], egressRules: [] },
 * };
 * ```
 */
export interface AddFirewallRulesToInstanceArgs {
  /** The provider's id of the instance. */
  instanceId: string;
  /** The rules to add. */
  firewallRules: FirewallRules;
}

/**
 * Arguments of `revokeSecurityGroupRules`.
 *
 * @example
 * ```ts
 * import type { RevokeSecurityGroupRuleArgs } from "./firewall.ts";
 * const args: RevokeSecurityGroupRuleArgs = { instanceId: "i-1", securityGroupRuleIds: ["rule-7"] };
 * ```
 */
export interface RevokeSecurityGroupRuleArgs {
  /** The provider's id of the instance. */
  instanceId: string;
  /** Ids of the rules to remove (the `id` of {@link FirewallRule}). */
  securityGroupRuleIds: string[];
}
