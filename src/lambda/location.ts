/**
 * Locations of Lambda Cloud: the `GET /regions` list as v1
 * {@link Location}s, with availability taken from the instance-type
 * catalogue (pure functions: the client fetches, these map), and whether a
 * region exists, from the account's cached list.
 *
 * @module
 */

import type { GetLocationsArgs, Location } from "../v1/location.ts";
import type { LambdaApi } from "./api.ts";
import type { Cached } from "./cache.ts";
import { listWireRegions } from "./catalogue.ts";
import type { WireInstanceTypesItem, WireRegion } from "./wire.ts";

/**
 * Countries (ISO 3166-1 alpha-3) of Lambda's region names outside the USA.
 * This is the project's own convention, read from the region names and the
 * descriptions Lambda gives them (e.g. "Frankfurt, Germany"); the API has
 * no country field. Regions not listed here and not named `us-…` get no
 * country rather than a guess.
 */
const COUNTRY_BY_REGION: Readonly<Record<string, string>> = {
  "europe-central-1": "DEU",
  "asia-northeast-1": "JPN",
  "asia-northeast-2": "KOR",
  "asia-south-1": "IND",
  "me-west-1": "ISR",
};

/**
 * The ISO 3166-1 alpha-3 country of a Lambda region, where the name makes it
 * obvious: every `us-…` region is `"USA"`; `europe-central-1` `"DEU"`,
 * `asia-northeast-1` `"JPN"`, `asia-northeast-2` `"KOR"`, `asia-south-1`
 * `"IND"`, `me-west-1` `"ISR"`; anything else `undefined`. The mapping is
 * this project's convention, not an API field.
 *
 * @example
 * ```ts
 * import { countryOfRegion } from "./location.ts";
 * countryOfRegion("us-midwest-1"); // "USA"
 * countryOfRegion("asia-northeast-1"); // "JPN"
 * countryOfRegion("mars-north-1"); // undefined
 * ```
 */
export function countryOfRegion(region: string): string | undefined {
  if (region.startsWith("us-")) return "USA";
  return Object.hasOwn(COUNTRY_BY_REGION, region)
    ? COUNTRY_BY_REGION[region]
    : undefined;
}

/**
 * The v1 locations of Lambda Cloud, one per region, sorted by name. A
 * location is `available` when at least one instance type of the catalogue
 * has capacity there; unavailable ones are left out unless
 * `args.includeUnavailable`. A region that appears only in a type's
 * capacity list (not in `regions`) is listed too, with the description the
 * catalogue gives it. The description is Lambda's; the country comes from
 * {@link countryOfRegion}.
 *
 * @example
 * ```ts
 * import { locationsFromWire } from "./location.ts";
 * const regions = [
 *   { name: "us-west-1", description: "California, USA" },
 *   { name: "asia-northeast-1", description: "Tokyo, Japan" },
 * ];
 * const catalogue = {
 *   gpu_1x_a10: {
 *     instance_type: {
 *       name: "gpu_1x_a10", description: "1x A10 (24 GB PCIe)", gpu_description: "A10 (24 GB PCIe)",
 *       price_cents_per_hour: 75, specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
 *     },
 *     regions_with_capacity_available: [regions[0]],
 *   },
 * };
 * locationsFromWire(regions, catalogue);
 * // [{ name: "us-west-1", description: "California, USA", available: true, country: "USA" }]
 * locationsFromWire(regions, catalogue, { includeUnavailable: true }).length; // 2
 * ```
 */
export function locationsFromWire(
  regions: WireRegion[],
  catalogue: Record<string, WireInstanceTypesItem>,
  args: GetLocationsArgs = {},
): Location[] {
  const descriptions = new Map<string, string>();
  const withCapacity = new Set<string>();
  for (const item of Object.values(catalogue)) {
    for (const region of item.regions_with_capacity_available) {
      withCapacity.add(region.name);
      if (!descriptions.has(region.name)) {
        descriptions.set(region.name, region.description);
      }
    }
  }
  // The /regions list wins over the catalogue for descriptions.
  for (const region of regions) {
    descriptions.set(region.name, region.description);
  }

  const locations: Location[] = [];
  for (const [name, description] of descriptions) {
    const available = withCapacity.has(name);
    if (!available && !args.includeUnavailable) continue;
    const location: Location = { name, description, available };
    const country = countryOfRegion(name);
    if (country !== undefined) location.country = country;
    locations.push(location);
  }
  return locations.sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  );
}

/**
 * Whether a region named `location` exists, from the account's cached
 * regions (read again when the cached list does not know it, since a
 * region may have been added since).
 *
 * @throws when the regions cannot be read (typed `CloudError`s)
 *
 * @example
 * ```ts
 * import { isKnownRegion } from "./location.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { Cached } from "./cache.ts";
 * import type { WireRegion } from "./wire.ts";
 * declare const api: LambdaApi, regions: Cached<WireRegion[]>;
 * console.log(await isKnownRegion(api, regions, "mars-north-1")); // false
 * ```
 */
export async function isKnownRegion(
  api: LambdaApi,
  regions: Cached<WireRegion[]>,
  location: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const knows = (list: WireRegion[]) => list.some((r) => r.name === location);
  return knows(
    await regions.get((shared) => listWireRegions(api, shared), signal, knows),
  );
}
