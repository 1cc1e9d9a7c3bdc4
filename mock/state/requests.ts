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
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * await world.addSshKey({ name: "me", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me" });
 * const req: LaunchRequest = { region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] };
 * console.log(world.launch(req).instance_ids.length); // 1
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
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * await world.addSshKey({ name: "me", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me" });
 * const { instance_ids } = world.launch({ region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] });
 * const req: InstanceIdsRequest = { instance_ids };
 * console.log(world.terminate(req).terminated_instances[0].status); // "terminating"
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
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * await world.addSshKey({ name: "me", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me" });
 * const { instance_ids: [id] } = world.launch({ region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] });
 * const req: UpdateInstanceRequest = { name: "trainer" };
 * console.log(world.updateInstance(id, req).name); // "trainer"
 * ```
 */
export type UpdateInstanceRequest = z.output<typeof REQUEST_BODY.postInstance>;

/**
 * The body of an SSH key addition (no public key: generate a pair).
 *
 * @example
 * ```ts
 * import type { AddSshKeyRequest } from "./requests.ts";
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * const req: AddSshKeyRequest = { name: "laptop" }; // no public key: the emulator generates a pair
 * console.log("private_key" in await world.addSshKey(req)); // true
 * ```
 */
export type AddSshKeyRequest = z.output<typeof REQUEST_BODY.addSSHKey>;

/**
 * The body of a filesystem creation.
 *
 * @example
 * ```ts
 * import type { CreateFilesystemRequest } from "./requests.ts";
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * const req: CreateFilesystemRequest = { name: "data", region: "us-west-1" };
 * console.log(world.createFileSystem(req).mount_point); // "/lambda/nfs/data"
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
 * import { storedRule } from "./firewall.ts";
 * const rule: FirewallRuleInput = { protocol: "tcp", port_range: [22, 22], source_network: "203.0.113.7", description: "ssh" };
 * console.log(storedRule(rule).source_network); // "203.0.113.7/32"
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
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * const req: SetFirewallRulesRequest = { data: [{ protocol: "icmp", source_network: "0.0.0.0/0", description: "ping" }] };
 * console.log(world.setFirewallRules(req).map((r) => r.protocol)); // ["icmp"]
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
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * const req: CreateRulesetRequest = { name: "web", region: "us-west-1", rules: [] };
 * console.log(world.createFirewallRuleset(req).region.name); // "us-west-1"
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
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * const { id } = world.createFirewallRuleset({ name: "web", region: "us-west-1", rules: [] });
 * const req: UpdateRulesetRequest = { name: "web-2" }; // rules left as they are
 * console.log(world.updateFirewallRuleset(id, req).name); // "web-2"
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
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * const req: UpdateGlobalRulesetRequest = { rules: [] };
 * console.log(world.updateGlobalFirewallRuleset(req).rules.length); // 0 (was 2)
 * ```
 */
export type UpdateGlobalRulesetRequest = z.output<
  typeof REQUEST_BODY.updateGlobalFirewallRuleset
>;
