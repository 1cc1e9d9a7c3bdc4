/**
 * What a provider can do, as announced by `getCapabilities()`.
 *
 * @module
 */

/**
 * One feature a provider may support.
 *
 * `create-terminate-instance` is the combined claim that instances can be
 * both launched and terminated; `create-instance-idempotent` means a repeated
 * `createInstance` with the same `refId` never launches a second machine.
 *
 * @example
 * ```ts
 * import { type Capability, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const wanted: Capability = "reboot-instance";
 * console.log((await client.getCapabilities()).includes(wanted)); // true
 * ```
 */
export type Capability =
  | "create-instance"
  | "create-instance-idempotent"
  | "terminate-instance"
  | "create-terminate-instance"
  | "instance-userdata"
  | "tags"
  | "reboot-instance"
  | "resize-instance-volume"
  | "stop-start-instance"
  | "machine-image"
  | "modify-firewall"
  | "vpc"
  | "managed-kubernetes";

/**
 * Every {@link Capability}, in a stable order.
 *
 * @example
 * ```ts
 * import { ALL_CAPABILITIES } from "@gpufleet/lambda";
 * console.log(ALL_CAPABILITIES.length); // 13
 * ```
 */
export const ALL_CAPABILITIES = [
  "create-instance",
  "create-instance-idempotent",
  "terminate-instance",
  "create-terminate-instance",
  "instance-userdata",
  "tags",
  "reboot-instance",
  "resize-instance-volume",
  "stop-start-instance",
  "machine-image",
  "modify-firewall",
  "vpc",
  "managed-kubernetes",
] as const;

// Compile-time proof that ALL_CAPABILITIES lists exactly the Capability union.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends
  (<T>() => T extends B ? 1 : 2) ? true : false;
const _allCapabilities: Equals<
  (typeof ALL_CAPABILITIES)[number],
  Capability
> = true;
void _allCapabilities;

/**
 * Whether `capabilities` contains `capability`.
 *
 * @example
 * ```ts
 * import { hasCapability } from "@gpufleet/lambda";
 * console.log(hasCapability(["create-instance", "tags"], "tags")); // true
 * ```
 */
export function hasCapability(
  capabilities: readonly Capability[],
  capability: Capability,
): boolean {
  return capabilities.includes(capability);
}
