/**
 * Disks and storage offered with instances.
 *
 * @module
 */

import type { Bytes } from "./bytes.ts";
import type { Price } from "./instance_type.ts";

/**
 * A kind of storage an instance type comes with or can attach.
 *
 * @example
 * ```ts
 * import { formatBytes, LambdaLabsClient, type Storage } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const [a10] = await client.getInstanceTypes({ locations: ["us-west-1"] }).then((ts) => ts.filter((t) => t.type === "gpu_1x_a10"));
 * const root: Storage = a10.supportedStorage[0];
 * console.log(formatBytes(root.size), root.isElastic); // 1400 GiB false
 * ```
 */
export interface Storage {
  /** The kind of storage, e.g. `"ssd"`, `"nvme"`, `"gp3"`. */
  type?: string;
  /** How many such disks come with the instance. */
  count?: number;
  /** The size of each disk. */
  size: Bytes;
  /** The smallest size that can be chosen, for elastic storage. */
  minSize?: Bytes;
  /** The largest size that can be chosen, for elastic storage. */
  maxSize?: Bytes;
  /** The price per GB and hour, for priced storage. */
  pricePerGbHr?: Price;
  /** Whether the data is lost when the instance stops. */
  isEphemeral?: boolean;
  /** Whether this is an extra disk rather than the root volume. */
  isAdditionalDisk?: boolean;
  /** Whether a mount path must be given when attaching it. */
  requiresVolumeMountPath?: boolean;
  /** Whether it can be resized after launch. */
  isElastic?: boolean;
}

/**
 * A disk attached to (or requested for) an instance besides its root volume.
 *
 * @example
 * ```ts
 * import { type Disk, toBytes } from "@gpufleet/lambda";
 * const totalBytes = (disks: Disk[]) => disks.reduce((sum, d) => sum + toBytes(d.size), 0);
 * const scratch: Disk = { size: { value: 1, unit: "TiB" }, mountPath: "/scratch" };
 * console.log(totalBytes([scratch, { size: { value: 512, unit: "GiB" } }]) / 2 ** 30); // 1536
 * ```
 */
export interface Disk {
  /** The size of the disk. */
  size: Bytes;
  /** The kind of disk, provider-specific. */
  type?: string;
  /** Where it is mounted in the instance. */
  mountPath?: string;
}

/**
 * Arguments of `resizeInstanceVolume`.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type ResizeInstanceVolumeArgs } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: ResizeInstanceVolumeArgs = { instanceId: "0920582c7ff041399e34823a0be62549", size: { value: 1, unit: "TiB" } };
 * const error = await client.resizeInstanceVolume(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud cannot resize volumes)
 * ```
 */
export interface ResizeInstanceVolumeArgs {
  /** The provider's id of the instance. */
  instanceId: string;
  /** The new size of the root volume (never smaller than the current one). */
  size: Bytes;
  /** Resolve only once the provider has finished optimizing the volume. */
  waitForOptimizing?: boolean;
}
