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
 * import type { Storage } from "./storage.ts";
 * const localNvme: Storage = { type: "nvme", count: 1, size: { value: 512, unit: "GiB" }, isEphemeral: true };
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
 * import type { Disk } from "./storage.ts";
 * const scratch: Disk = { size: { value: 1, unit: "TiB" }, mountPath: "/scratch" };
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
 * import type { ResizeInstanceVolumeArgs } from "./storage.ts";
 * const args: ResizeInstanceVolumeArgs = { instanceId: "i-1", size: { value: 1, unit: "TiB" } };
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
