/**
 * Account quotas.
 *
 * @module
 */

/**
 * One quota of the account: how much of a unit may be used and how much is.
 *
 * @example
 * ```ts
 * import type { Quota } from "@gpufleet/lambda";
 * const fits = (q: Quota, wanted: number) => q.current + wanted <= q.maximum;
 * const gpus: Quota = { id: "gpu-a100", name: "A100 GPUs", maximum: 16, current: 8, unit: "gpu" };
 * console.log(fits(gpus, 8), fits(gpus, 9)); // true false
 * ```
 */
export interface Quota {
  /** The provider's id of the quota. */
  id: string;
  /** A display name. */
  name: string;
  /** The most units that may be used. */
  maximum: number;
  /** The units in use now. */
  current: number;
  /** What is counted, e.g. `"gpu"`, `"vcpu"`, `"instance"`. */
  unit: string;
}

/**
 * Quotas of an instance type per usage class.
 *
 * @example
 * ```ts
 * import type { InstanceTypeQuota } from "@gpufleet/lambda";
 * const spotLeft = (q: InstanceTypeQuota) => q.spot ? q.spot.maximum - q.spot.current : 0;
 * const quota: InstanceTypeQuota = {
 *   onDemand: { id: "od", name: "on-demand", maximum: 4, current: 1, unit: "instance" },
 * };
 * console.log(spotLeft(quota)); // 0 (no spot quota)
 * ```
 */
export interface InstanceTypeQuota {
  /** The on-demand quota. */
  onDemand?: Quota;
  /** The spot quota. */
  spot?: Quota;
  /** The reserved-capacity quota. */
  reserved?: Quota;
}

/**
 * Arguments of `getInstanceTypeQuotas`.
 *
 * @example
 * ```ts
 * import { type GetInstanceTypeQuotasArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: GetInstanceTypeQuotasArgs = { instanceType: "gpu_1x_a10" };
 * const error = await client.getInstanceTypeQuotas(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no quota API)
 * ```
 */
export interface GetInstanceTypeQuotasArgs {
  /** The instance type whose quota is asked for. */
  instanceType: string;
}
