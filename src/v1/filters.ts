/**
 * Filters used by the list methods: a location filter and include/exclude
 * lists for GPU manufacturer, cloud and architecture.
 *
 * @module
 */

import type { Architecture, GpuManufacturer } from "./instance_type.ts";

/**
 * Location names to restrict a listing to. `"all"` or `"*"` anywhere in the
 * list means every location; an empty or absent filter also allows every
 * location.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type LocationsFilter } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const onlyWest: LocationsFilter = ["us-west-1", "us-west-2"];
 * const types = await client.getInstanceTypes({ locations: onlyWest });
 * console.log([...new Set(types.map((t) => t.location))]); // ["us-west-1", "us-west-2"]
 * ```
 */
export type LocationsFilter = readonly string[];

/**
 * The filter that allows every location.
 *
 * @example
 * ```ts
 * import { ALL_LOCATIONS, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * // Bound to one location, the client lists only that one unless told otherwise.
 * const client = new LambdaLabsClient({ refId: "cred-1", location: "us-west-1", ...createMockLambda().clientOptions() });
 * const types = await client.getInstanceTypes({ locations: ALL_LOCATIONS });
 * console.log(new Set(types.map((t) => t.location)).size); // 12
 * ```
 */
export const ALL_LOCATIONS: LocationsFilter = Object.freeze(["all"]);

/**
 * Whether the filter names every location (`"all"` or `"*"`).
 *
 * @example
 * ```ts
 * import { isAllLocations } from "@gpufleet/lambda";
 * console.log(isAllLocations(["us-east-1", "*"])); // true
 * console.log(isAllLocations(["us-east-1"])); // false
 * ```
 */
export function isAllLocations(filter: LocationsFilter | undefined): boolean {
  return filter !== undefined && filter.some((l) => l === "all" || l === "*");
}

/**
 * Whether `location` passes the filter: yes when the filter is absent, empty,
 * contains `"all"` or `"*"`, or names the location exactly.
 *
 * @example
 * ```ts
 * import { isLocationAllowed } from "@gpufleet/lambda";
 * console.log(isLocationAllowed(["us-west-1"], "us-west-1")); // true
 * console.log(isLocationAllowed(["us-west-1"], "us-east-1")); // false
 * console.log(isLocationAllowed(undefined, "us-east-1")); // true
 * ```
 */
export function isLocationAllowed(
  filter: LocationsFilter | undefined,
  location: string,
): boolean {
  if (filter === undefined || filter.length === 0) return true;
  return isAllLocations(filter) || filter.includes(location);
}

/**
 * An include/exclude list. An absent or empty `include` allows every value;
 * a value in `exclude` is refused even when it is also included.
 *
 * @example
 * ```ts
 * import { type IncludeExcludeFilter, isAllowed } from "@gpufleet/lambda";
 * const noIntel: IncludeExcludeFilter<string> = { exclude: ["INTEL"] };
 * console.log(["NVIDIA", "INTEL", "AMD"].filter((maker) => isAllowed(noIntel, maker))); // ["NVIDIA", "AMD"]
 * ```
 */
export interface IncludeExcludeFilter<T> {
  /** If non-empty, only these values pass. */
  include?: readonly T[];
  /** These values never pass. */
  exclude?: readonly T[];
}

/**
 * Filter of instance types by the manufacturer of their GPUs.
 *
 * @example
 * ```ts
 * import { type GpuManufacturerFilter, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const nvidiaOnly: GpuManufacturerFilter = { include: ["NVIDIA"] };
 * const types = await client.getInstanceTypes({ locations: ["us-west-1"], gpuManufacturerFilter: nvidiaOnly });
 * console.log(types.some((t) => t.type.startsWith("cpu_"))); // false (no GPU, no NVIDIA GPU)
 * ```
 */
export type GpuManufacturerFilter = IncludeExcludeFilter<GpuManufacturer>;

/**
 * Filter of instance types by the cloud that hosts them.
 *
 * @example
 * ```ts
 * import { type CloudFilter, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const notLambda: CloudFilter = { exclude: ["lambda-labs"] };
 * console.log((await client.getInstanceTypes({ locations: ["us-west-1"], cloudFilter: notLambda })).length); // 0
 * ```
 */
export type CloudFilter = IncludeExcludeFilter<string>;

/**
 * Filter of instance types or images by CPU architecture.
 *
 * @example
 * ```ts
 * import { type ArchitectureFilter, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const noArm: ArchitectureFilter = { exclude: ["arm64"] };
 * const types = await client.getInstanceTypes({ locations: ["us-west-1"], architectureFilter: noArm });
 * console.log(types.some((t) => t.type === "gpu_1x_gh200")); // false (the GH200 is arm64)
 * ```
 */
export type ArchitectureFilter = IncludeExcludeFilter<Architecture>;

/**
 * Whether `value` passes an include/exclude filter. An absent filter allows
 * everything; exclusion wins over inclusion; an empty `include` allows all.
 *
 * @example
 * ```ts
 * import { isAllowed } from "@gpufleet/lambda";
 * console.log(isAllowed({ include: ["NVIDIA"] }, "AMD")); // false
 * console.log(isAllowed({ exclude: ["arm64"] }, "x86_64")); // true
 * console.log(isAllowed(undefined, "anything")); // true
 * ```
 */
export function isAllowed<T>(
  filter: IncludeExcludeFilter<T> | undefined,
  value: T,
): boolean {
  if (filter === undefined) return true;
  if (filter.exclude?.includes(value)) return false;
  const include = filter.include;
  return include === undefined || include.length === 0 ||
    include.includes(value);
}
