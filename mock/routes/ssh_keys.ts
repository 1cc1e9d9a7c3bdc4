/**
 * Routes of SSH keys.
 *
 * @module
 */
import { AddSshKeyRequestSchema } from "../../src/lambda/wire.ts";
import { defineRoute, type Route } from "./router.ts";

/**
 * `GET|POST /ssh-keys`, `DELETE /ssh-keys/{id}`.
 *
 * @example
 * ```ts
 * import { sshKeyRoutes } from "./ssh_keys.ts";
 * sshKeyRoutes.length; // 3
 * ```
 */
export const sshKeyRoutes: readonly Route[] = [
  defineRoute(
    "GET",
    "/api/v1/ssh-keys",
    "listSSHKeys",
    ({ world }) => ({ data: world.listSshKeys() }),
  ),
  defineRoute(
    "POST",
    "/api/v1/ssh-keys",
    "addSSHKey",
    async ({ world, body }) => ({ data: await world.addSshKey(body) }),
    AddSshKeyRequestSchema,
  ),
  defineRoute(
    "DELETE",
    "/api/v1/ssh-keys/:id",
    "deleteSSHKey",
    ({ world, params }) => ({ data: world.deleteSshKey(params.id) }),
  ),
];
