/**
 * The catalogue reads: images, regions and instance types as the API lists
 * them. The client and the create path read them from here; the mapping to
 * v1 types lives in `image.ts`, `location.ts` and `instance_type.ts`.
 *
 * @example
 * ```ts
 * import { listWireRegions } from "./catalogue.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * console.log((await listWireRegions(api)).map((r) => r.name));
 * ```
 *
 * @module
 */
import type { LambdaApi } from "./api.ts";
import type { WireImage, WireInstanceTypesItem, WireRegion } from "./wire.ts";

/**
 * Every machine image, in every region (`GET /images`).
 *
 * @example
 * ```ts
 * import { listWireImages } from "./catalogue.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const families = new Set((await listWireImages(api)).map((i) => i.family));
 * console.log(families.has("lambda-stack-22-04"));
 * ```
 */
export function listWireImages(
  api: LambdaApi,
  signal?: AbortSignal,
): Promise<WireImage[]> {
  return api.send("listImages", { signal });
}

/**
 * Every region (`GET /regions`).
 *
 * @example
 * ```ts
 * import { listWireRegions } from "./catalogue.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const known = (await listWireRegions(api)).some((r) => r.name === "us-west-1");
 * console.log(known);
 * ```
 */
export function listWireRegions(
  api: LambdaApi,
  signal?: AbortSignal,
): Promise<WireRegion[]> {
  return api.send("listRegions", { signal });
}

/**
 * The instance-type catalogue, by type name, with the regions that have
 * capacity (`GET /instance-types`).
 *
 * @example
 * ```ts
 * import { listWireInstanceTypes } from "./catalogue.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * for (const [name, item] of Object.entries(await listWireInstanceTypes(api))) {
 *   console.log(name, item.regions_with_capacity_available.length);
 * }
 * ```
 */
export function listWireInstanceTypes(
  api: LambdaApi,
  signal?: AbortSignal,
): Promise<Record<string, WireInstanceTypesItem>> {
  return api.send("listInstanceTypes", { signal });
}
