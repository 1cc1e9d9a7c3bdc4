/**
 * The typed requests the model's methods take: the outputs of the
 * operation table's request schemas (`src/lambda/wire.ts`). The routes
 * parse and validate the HTTP body into these; the model never sees a raw
 * body, and checks only what spans resources (references, uniqueness,
 * capacity, quotas and limits).
 *
 * @module
 */
import type { z } from "zod";
import type { REQUEST_BODY } from "../../src/lambda/wire.ts";

/**
 * The body of a launch.
 *
 * @example
 * ```ts
 * import type { LaunchRequest } from "./requests.ts";
 * const req: LaunchRequest = { region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] };
 * console.log(req.ssh_key_names.length); // 1
 * ```
 */
export type LaunchRequest = z.output<typeof REQUEST_BODY.launchInstance> & {
  /**
   * How many instances: only 1 is accepted. Older versions of the API
   * documented it; the description's own example still sends it.
   */
  quantity?: number;
};

/**
 * The body of a restart or a termination.
 *
 * @example
 * ```ts
 * import type { InstanceIdsRequest } from "./requests.ts";
 * const req: InstanceIdsRequest = { instance_ids: ["0123"] };
 * console.log(req.instance_ids[0]); // "0123"
 * ```
 */
export type InstanceIdsRequest = z.output<
  typeof REQUEST_BODY.terminateInstance
>;

/**
 * The body of an instance update (a rename).
 *
 * @example
 * ```ts
 * import type { UpdateInstanceRequest } from "./requests.ts";
 * const req: UpdateInstanceRequest = { name: "trainer" };
 * console.log(req.name); // "trainer"
 * ```
 */
export type UpdateInstanceRequest = z.output<typeof REQUEST_BODY.postInstance>;

/**
 * The body of an SSH key addition (no public key: generate a pair).
 *
 * @example
 * ```ts
 * import type { AddSshKeyRequest } from "./requests.ts";
 * const req: AddSshKeyRequest = { name: "laptop" };
 * console.log(req.public_key); // undefined
 * ```
 */
export type AddSshKeyRequest = z.output<typeof REQUEST_BODY.addSSHKey>;

/**
 * The body of a filesystem creation.
 *
 * @example
 * ```ts
 * import type { CreateFilesystemRequest } from "./requests.ts";
 * const req: CreateFilesystemRequest = { name: "data", region: "us-west-1" };
 * console.log(req.region); // "us-west-1"
 * ```
 */
export type CreateFilesystemRequest = z.output<
  typeof REQUEST_BODY.createFilesystem
>;

/**
 * A firewall rule as a request carries it (validated by the schema).
 *
 * @example
 * ```ts
 * import type { FirewallRuleInput } from "./requests.ts";
 * const rule: FirewallRuleInput = { protocol: "icmp", source_network: "0.0.0.0/0", description: "ping" };
 * console.log(rule.protocol); // "icmp"
 * ```
 */
export type FirewallRuleInput = z.output<
  typeof REQUEST_BODY.firewallRulesSet
>["data"][number];

/**
 * The body of `PUT /firewall-rules`.
 *
 * @example
 * ```ts
 * import type { SetFirewallRulesRequest } from "./requests.ts";
 * const req: SetFirewallRulesRequest = { data: [] };
 * console.log(req.data.length); // 0
 * ```
 */
export type SetFirewallRulesRequest = z.output<
  typeof REQUEST_BODY.firewallRulesSet
>;

/**
 * The body of a ruleset creation.
 *
 * @example
 * ```ts
 * import type { CreateRulesetRequest } from "./requests.ts";
 * const req: CreateRulesetRequest = { name: "web", region: "us-west-1", rules: [] };
 * console.log(req.name); // "web"
 * ```
 */
export type CreateRulesetRequest = z.output<
  typeof REQUEST_BODY.createFirewallRuleset
>;

/**
 * The body of a ruleset update (name, rules, or both).
 *
 * @example
 * ```ts
 * import type { UpdateRulesetRequest } from "./requests.ts";
 * const req: UpdateRulesetRequest = { name: "web-2" };
 * console.log(req.rules); // undefined
 * ```
 */
export type UpdateRulesetRequest = z.output<
  typeof REQUEST_BODY.updateFirewallRuleset
>;

/**
 * The body of a global ruleset update.
 *
 * @example
 * ```ts
 * import type { UpdateGlobalRulesetRequest } from "./requests.ts";
 * const req: UpdateGlobalRulesetRequest = { rules: [] };
 * console.log(req.rules?.length); // 0
 * ```
 */
export type UpdateGlobalRulesetRequest = z.output<
  typeof REQUEST_BODY.updateGlobalFirewallRuleset
>;
