/**
 * Routes of filesystems.
 *
 * @module
 */
import { CreateFilesystemRequestSchema } from "../../src/lambda/wire.ts";
import { defineRoute, type Route } from "./router.ts";

/**
 * `GET /file-systems`, `POST /filesystems`, `DELETE /filesystems/{id}`.
 *
 * @example
 * ```ts
 * import { fileSystemRoutes } from "./filesystems.ts";
 * fileSystemRoutes.length; // 3
 * ```
 */
export const fileSystemRoutes: readonly Route[] = [
  defineRoute(
    "GET",
    "/api/v1/file-systems",
    "listFilesystems",
    ({ world }) => ({ data: world.listFileSystems() }),
  ),
  defineRoute(
    "POST",
    "/api/v1/filesystems",
    "createFilesystem",
    ({ world, body }) => ({ data: world.createFileSystem(body) }),
    CreateFilesystemRequestSchema,
  ),
  defineRoute(
    "DELETE",
    "/api/v1/filesystems/:id",
    "filesystemDelete",
    ({ world, params }) => ({ data: world.deleteFileSystem(params.id) }),
  ),
];
