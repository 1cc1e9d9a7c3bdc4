/**
 * Handlers of SSH keys.
 *
 * @module
 */
import type { HandlerMap } from "./handler.ts";

/**
 * `GET|POST /ssh-keys`, `DELETE /ssh-keys/{id}`.
 *
 * @example
 * ```ts
 * import { sshKeyHandlers } from "./ssh_keys.ts";
 * console.log(Object.keys(sshKeyHandlers).length); // 3
 * ```
 */
export const sshKeyHandlers: HandlerMap<
  "listSSHKeys" | "addSSHKey" | "deleteSSHKey"
> = {
  listSSHKeys: (world) => ({ data: world.listSshKeys() }),
  addSSHKey: async (world, { body }) => ({
    data: await world.addSshKey(body),
  }),
  deleteSSHKey: (world, { path }) => ({ data: world.deleteSshKey(path.id) }),
};
