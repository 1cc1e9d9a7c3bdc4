/**
 * Locations (regions) of a provider.
 *
 * @module
 */

/**
 * A location (region) where instances can run.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type Location } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const locations: Location[] = await client.getLocations();
 * console.log(locations.find((l) => l.name === "us-west-1")); // { name: "us-west-1", description: "California, USA", available: true, country: "USA" }
 * ```
 */
export interface Location {
  /** The provider's name of the location; it is also its id. */
  name: string;
  /** A human-readable description. */
  description: string;
  /** Whether instances can be launched there now. */
  available: boolean;
  /** A location-specific API endpoint, if the provider has one. */
  endpoint?: string;
  /** A sort priority; lower comes first. */
  priority?: number;
  /** ISO 3166-1 alpha-3 country code, e.g. `"USA"`. */
  country?: string;
}

/**
 * Arguments of `getLocations`.
 *
 * @example
 * ```ts
 * import { type GetLocationsArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const args: GetLocationsArgs = { includeUnavailable: true };
 * console.log((await client.getLocations(args)).filter((l) => !l.available).map((l) => l.name)); // ["asia-south-1", "me-west-1"]
 * ```
 */
export interface GetLocationsArgs {
  /** Also list locations where nothing can be launched now. */
  includeUnavailable?: boolean;
}
