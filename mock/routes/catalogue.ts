/**
 * Routes of the catalogue: instance types, regions, images.
 *
 * @module
 */
import { defineRoute, RawJson, type Route } from "./router.ts";

/**
 * `GET /instance-types`, `GET /regions`, `GET /images`.
 *
 * @example
 * ```ts
 * import { catalogueRoutes } from "./catalogue.ts";
 * catalogueRoutes.length; // 3
 * ```
 */
export const catalogueRoutes: readonly Route[] = [
  defineRoute(
    "GET",
    "/api/v1/instance-types",
    "listInstanceTypes",
    ({ world }) => new RawJson(`{"data":${world.instanceTypesJson()}}`),
  ),
  defineRoute(
    "GET",
    "/api/v1/regions",
    "listRegions",
    ({ world }) => ({ data: world.regions() }),
  ),
  defineRoute(
    "GET",
    "/api/v1/images",
    "listImages",
    ({ world }) => ({ data: world.images() }),
  ),
];
