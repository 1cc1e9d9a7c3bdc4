/**
 * Handlers of filesystems.
 *
 * @module
 */
import type { HandlerMap } from "./handler.ts";

/**
 * `GET /file-systems`, `POST /filesystems`, `DELETE /filesystems/{id}`.
 *
 * @example
 * ```ts
 * import { fileSystemHandlers } from "./filesystems.ts";
 * console.log(Object.keys(fileSystemHandlers).length); // 3
 * ```
 */
export const fileSystemHandlers: HandlerMap<
  "listFilesystems" | "createFilesystem" | "filesystemDelete"
> = {
  listFilesystems: (world) => ({ data: world.listFileSystems() }),
  createFilesystem: (world, { body }) => ({
    data: world.createFileSystem(body),
  }),
  filesystemDelete: (world, { path }) => ({
    data: world.deleteFileSystem(path.id),
  }),
};
