/**
 * The SSH-key endpoints the v1 interface has no method for (list, add,
 * delete), called directly with the tool's base URL and key.
 *
 * @module
 */

import { ApiError, ServiceUnavailableError } from "../src/v1/mod.ts";
import { ErrorEnvelopeSchema, RESPONSE_DATA } from "../src/lambda/wire.ts";
import type { Target } from "./target.ts";

/**
 * An SSH key registered at the account.
 *
 * @example
 * ```ts
 * import type { SshKey } from "./ssh_keys_api.ts";
 * const key: SshKey = { id: "k-1", name: "laptop", publicKey: "ssh-ed25519 AAAA… me" };
 * ```
 */
export interface SshKey {
  /** The API's id of the key. */
  id: string;
  /** Its unique name. */
  name: string;
  /** The OpenSSH public key line. */
  publicKey: string;
}

async function call(
  target: Target,
  operation: "listSSHKeys" | "addSSHKey" | "deleteSSHKey",
  method: string,
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  let response: Response;
  try {
    response = await target.fetch(`${target.baseUrl}/api/v1/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ServiceUnavailableError({}, {
      cause: err,
      message: `${operation}: could not reach ${target.baseUrl}`,
    });
  }
  const json = await response.json().catch(() => undefined);
  if (!response.ok) {
    const envelope = ErrorEnvelopeSchema.safeParse(json);
    throw new ApiError({
      status: response.status,
      providerCode: envelope.success ? envelope.data.error.code : "unknown",
      providerMessage: envelope.success
        ? envelope.data.error.message
        : response.statusText || "request failed",
      suggestion: envelope.success
        ? envelope.data.error.suggestion ?? undefined
        : undefined,
      operation,
    });
  }
  return (json as { data?: unknown } | undefined)?.data;
}

/**
 * Lists the account's SSH keys.
 *
 * @throws {ApiError} when the API answers with an error
 * @example
 * ```ts
 * import { listSshKeys } from "./ssh_keys_api.ts";
 * import type { Target } from "./target.ts";
 * declare const target: Target;
 * for (const key of await listSshKeys(target)) console.log(key.name);
 * ```
 */
export async function listSshKeys(
  target: Target,
  signal?: AbortSignal,
): Promise<SshKey[]> {
  const data = RESPONSE_DATA.listSSHKeys.parse(
    await call(target, "listSSHKeys", "GET", "ssh-keys", undefined, signal),
  );
  return data.map((k) => ({ id: k.id, name: k.name, publicKey: k.public_key }));
}

/**
 * Registers a public key under `name`.
 *
 * @throws {ApiError} when the API refuses (e.g. the name is taken)
 * @example
 * ```ts
 * import { addSshKey } from "./ssh_keys_api.ts";
 * import type { Target } from "./target.ts";
 * declare const target: Target;
 * const key = await addSshKey(target, "laptop", "ssh-ed25519 AAAA… me");
 * ```
 */
export async function addSshKey(
  target: Target,
  name: string,
  publicKey: string,
  signal?: AbortSignal,
): Promise<SshKey> {
  const k = RESPONSE_DATA.addSSHKey.parse(
    await call(
      target,
      "addSSHKey",
      "POST",
      "ssh-keys",
      { name, public_key: publicKey },
      signal,
    ),
  );
  return { id: k.id, name: k.name, publicKey: k.public_key };
}

/**
 * Deletes a registered key by id.
 *
 * @throws {ApiError} when the API refuses (e.g. no such key)
 * @example
 * ```ts
 * import { deleteSshKey } from "./ssh_keys_api.ts";
 * import type { Target } from "./target.ts";
 * declare const target: Target;
 * await deleteSshKey(target, "k-1");
 * ```
 */
export async function deleteSshKey(
  target: Target,
  id: string,
  signal?: AbortSignal,
): Promise<void> {
  await call(
    target,
    "deleteSSHKey",
    "DELETE",
    `ssh-keys/${encodeURIComponent(id)}`,
    undefined,
    signal,
  );
}
