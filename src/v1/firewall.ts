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
 * import type { FirewallProtocol, FirewallRule } from "@gpufleet/lambda";
 * const protocolOf = (rule: FirewallRule): FirewallProtocol => rule.protocol ?? "tcp";
 * console.log(protocolOf({ id: "", fromPort: 53, toPort: 53, ipRanges: ["10.0.0.0/8"], protocol: "udp" })); // "udp"
 * console.log(protocolOf({ id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"] })); // "tcp"
 * ```
 */
export type FirewallProtocol = "tcp" | "udp" | "icmp" | "all";

/**
 * One allow rule: traffic on ports `fromPort`–`toPort` from (ingress) or to
 * (egress) the given CIDR ranges.
 *
 * @example
 * ```ts
 * import { type FirewallRule, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const ssh: FirewallRule = { id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"], protocol: "tcp" };
 * const inst = await client.createInstance({
 *   refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey,
 *   firewallRules: { ingressRules: [ssh], egressRules: [] },
 * });
 * console.log(inst.firewallRules.ingressRules.some((r) => r.fromPort === 22 && r.id !== "")); // true (the provider gave it an id)
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
 * import type { FirewallRules } from "@gpufleet/lambda";
 * function openPorts(rules: FirewallRules): string[] {
 *   return rules.ingressRules.map((r) => r.fromPort === r.toPort ? `${r.fromPort}` : `${r.fromPort}-${r.toPort}`);
 * }
 * const rules: FirewallRules = {
 *   ingressRules: [
 *     { id: "fw-1", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"] },
 *     { id: "fw-2", fromPort: 8000, toPort: 8080, ipRanges: ["203.0.113.0/24"] },
 *   ],
 *   egressRules: [],
 * };
 * console.log(openPorts(rules)); // ["22", "8000-8080"]
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
 * import type { Instance, PortMapping } from "@gpufleet/lambda";
 * function sshPortOf(inst: Pick<Instance, "sshPort" | "internalPortMappings">): number {
 *   return inst.internalPortMappings?.find((m) => m.fromPort === inst.sshPort)?.toPort ?? inst.sshPort;
 * }
 * const viaBastion: PortMapping = { fromPort: 22, toPort: 2022 };
 * console.log(sshPortOf({ sshPort: 22, internalPortMappings: [viaBastion] })); // 2022
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
 * import { type AddFirewallRulesToInstanceArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * // Rules given at launch give the instance a ruleset of its own, which later calls can change.
 * const inst = await client.createInstance({
 *   refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey,
 *   firewallRules: { ingressRules: [{ id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"] }], egressRules: [] },
 * });
 * const args: AddFirewallRulesToInstanceArgs = {
 *   instanceId: inst.cloudId,
 *   firewallRules: { ingressRules: [{ id: "", fromPort: 443, toPort: 443, ipRanges: ["0.0.0.0/0"] }], egressRules: [] },
 * };
 * await client.addFirewallRulesToInstance(args);
 * const ports = (await client.getInstance(inst.cloudId)).firewallRules.ingressRules.map((r) => r.fromPort);
 * console.log(ports.includes(443)); // true
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
 * import { LambdaLabsClient, type RevokeSecurityGroupRuleArgs } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({
 *   refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey,
 *   firewallRules: { ingressRules: [{ id: "", fromPort: 8888, toPort: 8888, ipRanges: ["0.0.0.0/0"] }], egressRules: [] },
 * });
 * const jupyter = inst.firewallRules.ingressRules.find((r) => r.fromPort === 8888)!;
 * const args: RevokeSecurityGroupRuleArgs = { instanceId: inst.cloudId, securityGroupRuleIds: [jupyter.id] };
 * await client.revokeSecurityGroupRules(args);
 * const ports = (await client.getInstance(inst.cloudId)).firewallRules.ingressRules.map((r) => r.fromPort);
 * console.log(ports.includes(8888)); // false
 * ```
 */
export interface RevokeSecurityGroupRuleArgs {
  /** The provider's id of the instance. */
  instanceId: string;
  /** Ids of the rules to remove (the `id` of {@link FirewallRule}). */
  securityGroupRuleIds: string[];
}
