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
 * import type { LocationsFilter } from "./filters.ts";
 * const onlyWest: LocationsFilter = ["us-west-1", "us-west-2"];
 * ```
 */
export type LocationsFilter = readonly string[];

/**
 * The filter that allows every location.
 *
 * @example
 * ```ts
 * import { ALL_LOCATIONS } from "./filters.ts";
 * // client.getInstanceTypes({ locations: ALL_LOCATIONS })
 * ```
 */
export const ALL_LOCATIONS: LocationsFilter = Object.freeze(["all"]);

/**
 * Whether the filter names every location (`"all"` or `"*"`).
 *
 * @example
 * ```ts
 * import { isAllLocations } from "./filters.ts";
 * isAllLocations(["us-east-1", "*"]); // true
 * isAllLocations(["us-east-1"]); // false
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
 * import { isLocationAllowed } from "./filters.ts";
 * isLocationAllowed(["us-west-1"], "us-west-1"); // true
 * isLocationAllowed(["us-west-1"], "us-east-1"); // false
 * isLocationAllowed(undefined, "us-east-1"); // true
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
 * import type { IncludeExcludeFilter } from "./filters.ts";
 * const noIntel: IncludeExcludeFilter<string> = { exclude: ["INTEL"] };
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
 * import type { GpuManufacturerFilter } from "./filters.ts";
 * const nvidiaOnly: GpuManufacturerFilter = { include: ["NVIDIA"] };
 * ```
 */
export type GpuManufacturerFilter = IncludeExcludeFilter<GpuManufacturer>;

/**
 * Filter of instance types by the cloud that hosts them.
 *
 * @example
 * ```ts
 * import type { CloudFilter } from "./filters.ts";
 * const lambdaOnly: CloudFilter = { include: ["lambda-labs"] };
 * ```
 */
export type CloudFilter = IncludeExcludeFilter<string>;

/**
 * Filter of instance types or images by CPU architecture.
 *
 * @example
 * ```ts
 * import type { ArchitectureFilter } from "./filters.ts";
 * const noArm: ArchitectureFilter = { exclude: ["arm64"] };
 * ```
 */
export type ArchitectureFilter = IncludeExcludeFilter<Architecture>;

/**
 * Whether `value` passes an include/exclude filter. An absent filter allows
 * everything; exclusion wins over inclusion; an empty `include` allows all.
 *
 * @example
 * ```ts
 * import { isAllowed } from "./filters.ts";
 * isAllowed({ include: ["NVIDIA"] }, "AMD"); // false
 * isAllowed({ exclude: ["arm64"] }, "x86_64"); // true
 * isAllowed(undefined, "anything"); // true
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
