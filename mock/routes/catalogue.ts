/**
 * Handlers of the catalogue: instance types, regions, images.
 *
 * @module
 */
import { type HandlerMap, RawJson } from "./handler.ts";

/**
 * `GET /instance-types`, `GET /regions`, `GET /images`.
 *
 * @example
 * ```ts
 * import { catalogueHandlers } from "./catalogue.ts";
 * console.log(Object.keys(catalogueHandlers).length); // 3
 * ```
 */
export const catalogueHandlers: HandlerMap<
  "listInstanceTypes" | "listRegions" | "listImages"
> = {
  listInstanceTypes: (world) =>
    new RawJson(`{"data":${world.instanceTypesJson()}}`),
  listRegions: (world) => ({ data: world.regions() }),
  listImages: (world) => ({ data: world.images() }),
};
