/**
 * SSH keys for launches.
 *
 * A public key given to `createInstance` is registered under a name derived
 * from the key itself (`gpufleet-<sha256 prefix>`), so the same key always
 * maps to the same registered key and is reused. If the account already has
 * the same key under another name, that name is used. If a key with the
 * derived name but different content exists (only possible if someone
 * registered it by hand), the create fails with `InvalidArgumentError`
 * rather than installing a key the caller did not give.
 *
 * @module
 */

import { ApiError, InvalidArgumentError } from "../v1/errors.ts";
import type { LambdaApi } from "./api.ts";
import type { WireSshKey } from "./wire.ts";

const PUBLIC_KEY =
  /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+) [A-Za-z0-9+/]+={0,3}( .*)?$/;

/**
 * Checks the OpenSSH public key format and size.
 *
 * @throws {InvalidArgumentError} on `field`
 *
 * @example
 * ```ts
 * import { validatePublicKey } from "./ssh_key.ts";
 * validatePublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx me@host", "attrs.publicKey");
 * ```
 */
export function validatePublicKey(publicKey: string, field: string): void {
  if (typeof publicKey !== "string" || !PUBLIC_KEY.test(publicKey.trim())) {
    throw new InvalidArgumentError(
      field,
      "must be an OpenSSH public key such as 'ssh-ed25519 AAAA… comment'",
    );
  }
  if (publicKey.length > 4096) {
    throw new InvalidArgumentError(field, "must be at most 4096 characters");
  }
}

/** Type and key material, without the comment: what identifies a key. */
function keyIdentity(publicKey: string): string {
  return publicKey.trim().split(/\s+/).slice(0, 2).join(" ");
}

/**
 * The registered name used for a public key.
 *
 * @example
 * ```ts
 * import { sshKeyNameFor } from "./ssh_key.ts";
 * (await sshKeyNameFor("ssh-ed25519 AAAAC3Nza me@host")).startsWith("gpufleet-"); // true
 * ```
 */
export async function sshKeyNameFor(publicKey: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(keyIdentity(publicKey)),
  );
  const hex = Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  return `gpufleet-${hex.slice(0, 16)}`;
}

function pick(
  keys: WireSshKey[],
  name: string,
  publicKey: string,
): string | undefined {
  const identity = keyIdentity(publicKey);
  const byName = keys.find((k) => k.name === name);
  if (byName) {
    if (keyIdentity(byName.public_key) === identity) return name;
    throw new InvalidArgumentError(
      "attrs.publicKey",
      `an SSH key named ${name} with a different public key is registered; delete it or pass keyPairName`,
    );
  }
  return keys.find((k) => keyIdentity(k.public_key) === identity)?.name;
}

/**
 * The name of a registered SSH key holding `publicKey`, registering it if
 * needed.
 *
 * @example
 * ```ts
 * import { ensureSshKey } from "./ssh_key.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const name = await ensureSshKey(api, "ssh-ed25519 AAAAC3Nza me@host");
 * ```
 */
export async function ensureSshKey(
  api: LambdaApi,
  publicKey: string,
  signal?: AbortSignal,
): Promise<string> {
  const name = await sshKeyNameFor(publicKey);
  const list = () =>
    api.call("listSSHKeys", (c, init) => c.GET("/api/v1/ssh-keys", init), {
      signal,
    });
  const known = pick(await list(), name, publicKey);
  if (known !== undefined) return known;
  try {
    await api.call(
      "addSSHKey",
      (c, init) =>
        c.POST("/api/v1/ssh-keys", {
          ...init,
          body: { name, public_key: publicKey.trim() },
        }),
      { signal, context: { resourceType: "ssh-key", resourceId: name } },
    );
    return name;
  } catch (err) {
    // A retried add whose first answer was lost is refused as a duplicate:
    // the key is there, which is all that was wanted.
    if (err instanceof ApiError && err.status === 400) {
      const again = pick(await list(), name, publicKey);
      if (again !== undefined) return again;
    }
    throw err;
  }
}
