/**
 * SSH keys: the account's registered keys (list, add, delete: Lambda extras
 * of `LambdaLabsClient`) and the key registration behind launches.
 *
 * A public key given to `createInstance` is registered under a name derived
 * from the key itself (`gpufleet-<sha256 prefix>`), so the same key always
 * maps to the same registered key and is reused. If the account already has
 * the same key under another name, that name is used. If a key with the
 * derived name but different content exists (only possible if someone
 * registered it by hand), the create fails with `InvalidArgumentError`
 * rather than installing a key the caller did not give.
 *
 * The account's keys are cached (see `account.ts`): a create with a key the
 * account has registered, or seen within the cache's time, sends no
 * request for it. The provider's own writes (an add, a delete, a listing)
 * keep the cache in step. A key registered elsewhere since is found the
 * hard way: the add is refused as a duplicate, and the keys are listed
 * again.
 *
 * @module
 */

import {
  ApiError,
  InvalidArgumentError,
  ResourceNotFoundError,
} from "../v1/errors.ts";
import type { LambdaApi } from "./api.ts";
import type { Cached } from "./cache.ts";
import { createOrFind } from "./create_or_find.ts";
import { AmbiguousOutcomeError, apiErrorOf } from "./errors.ts";
import type { WireGeneratedSshKey, WireSshKey } from "./wire.ts";

/**
 * An SSH key registered at the account. `privateKey` is present only in the
 * answer of an add that let the API generate the pair: Lambda returns it
 * that once and never again. The client neither logs nor keeps it (no event,
 * error or inspection carries it); store it yourself.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type SshKey } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const key: SshKey = await client.addSshKey({ name: "ci-runner" });
 * if (key.privateKey) await Deno.writeTextFile("ci-runner.pem", key.privateKey, { mode: 0o600 });
 * ```
 */
export interface SshKey {
  /** The API's id of the key. */
  id: string;
  /** Its name, unique in the account. */
  name: string;
  /** The OpenSSH public key line. */
  publicKey: string;
  /** The generated private key (OpenSSH/PEM), only right after a generating add. */
  privateKey?: string;
}

/**
 * What to register: a name and, optionally, a public key. Without
 * `publicKey` the API generates a key pair and returns its private key once.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type NewSshKey } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const generated: NewSshKey = { name: "ci-runner" };
 * const mine: NewSshKey = { name: "laptop", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx me@host" };
 * for (const key of [generated, mine]) console.log((await client.addSshKey(key)).id);
 * ```
 */
export interface NewSshKey {
  /** 1 to 64 characters, unique in the account. */
  name: string;
  /** An OpenSSH public key line; omit it to have a pair generated. */
  publicKey?: string;
}

/**
 * The account's SSH keys (never with private keys).
 *
 * @example
 * ```ts
 * import { listSshKeys } from "./ssh_key.ts";
 * import { Cached } from "./cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { WireSshKey } from "./wire.ts";
 * declare const api: LambdaApi;
 * const cache = new Cached<WireSshKey[]>(60_000, Date.now);
 * for (const key of await listSshKeys(api, cache)) console.log(key.name);
 * ```
 */
export async function listSshKeys(
  api: LambdaApi,
  cache: Cached<WireSshKey[]>,
  signal?: AbortSignal,
): Promise<SshKey[]> {
  const keys = await listWireSshKeys(api, signal);
  cache.set(keys);
  return keys.map((k) => ({ id: k.id, name: k.name, publicKey: k.public_key }));
}

/**
 * The account's SSH keys in their wire form.
 *
 * @example
 * ```ts
 * import { listWireSshKeys } from "./ssh_key.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * console.log((await listWireSshKeys(api)).map((k) => k.public_key));
 * ```
 */
export function listWireSshKeys(
  api: LambdaApi,
  signal?: AbortSignal,
): Promise<WireSshKey[]> {
  return api.send("listSSHKeys", { signal });
}

/**
 * Registers a key; see {@link NewSshKey}. The input is checked before
 * anything is sent. An add is not idempotent: after a lost answer a given
 * public key is looked for (and returned when it landed) before the add is
 * sent again; a generated pair is never sent twice.
 *
 * @throws {InvalidArgumentError} on `key.name` (length, or a name already
 *   registered) or `key.publicKey` (not an OpenSSH public key)
 * @throws {AmbiguousOutcomeError} when the answer to a generating add was
 *   lost: the pair may have been registered, and its private key is gone
 *
 * @example
 * ```ts
 * import { addSshKey } from "./ssh_key.ts";
 * import type { Cached } from "./cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { WireSshKey } from "./wire.ts";
 * declare const api: LambdaApi, cache: Cached<WireSshKey[]>;
 * const key = await addSshKey(api, cache, { name: "ci-runner" });
 * await Deno.writeTextFile("ci-runner.pem", key.privateKey!, { mode: 0o600 });
 * ```
 */
export async function addSshKey(
  api: LambdaApi,
  cache: Cached<WireSshKey[]>,
  key: NewSshKey,
  signal?: AbortSignal,
): Promise<SshKey> {
  if (key === null || typeof key !== "object") {
    throw new InvalidArgumentError("key", "must be an object");
  }
  const { name, publicKey } = key;
  if (typeof name !== "string" || name.length < 1 || name.length > 64) {
    throw new InvalidArgumentError(
      "key.name",
      "must be a string of 1 to 64 characters",
    );
  }
  if (name.trim() === "") {
    throw new InvalidArgumentError("key.name", "must not be blank");
  }
  if (publicKey !== undefined) validatePublicKey(publicKey, "key.publicKey");
  const body = publicKey === undefined
    ? { name }
    : { name, public_key: publicKey.trim() };
  let ambiguous = false;
  const add = () =>
    api.send("addSSHKey", {
      body,
      signal,
      context: { resourceType: "ssh-key", resourceId: name },
    }).catch((err) => {
      ambiguous ||= err instanceof AmbiguousOutcomeError;
      throw err;
    }).finally(() => cache.invalidate());
  try {
    // A generated pair cannot be recovered after a lost answer (its private
    // key is gone), so only a given key is looked for.
    const added = publicKey === undefined ? await add() : await createOrFind<
      WireSshKey | WireGeneratedSshKey
    >(
      api,
      {
        create: add,
        find: async () =>
          (await listWireSshKeys(api, signal)).find((k) =>
            k.name === name &&
            keyIdentity(k.public_key) === keyIdentity(publicKey)
          ),
        // After a lost answer, "name taken" means the first add landed.
        isDuplicate: (err) => ambiguous && apiErrorOf(err)?.status === 400,
      },
      signal,
    );
    return {
      id: added.id,
      name: added.name,
      publicKey: added.public_key,
      ...("private_key" in added && typeof added.private_key === "string"
        ? { privateKey: added.private_key }
        : {}),
    };
  } catch (err) {
    // Lambda refuses a taken name with a generic 400; say which rule broke.
    if (apiErrorOf(err)?.status === 400) {
      const taken = await listSshKeys(api, cache, signal).then(
        (keys) => keys.some((k) => k.name === name),
        () => false,
      );
      if (taken) {
        throw new InvalidArgumentError(
          "key.name",
          `an SSH key named ${name} is already registered`,
          { cause: apiErrorOf(err) },
        );
      }
    }
    throw err;
  }
}

/**
 * Deletes a registered key by id.
 *
 * @throws {ResourceNotFoundError} (`ssh-key`) when the account has no key
 *   with that id
 *
 * @example
 * ```ts
 * import { deleteSshKey } from "./ssh_key.ts";
 * import type { Cached } from "./cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { WireSshKey } from "./wire.ts";
 * declare const api: LambdaApi, cache: Cached<WireSshKey[]>;
 * await deleteSshKey(api, cache, "0920582c7ff041399e34823a0be62549");
 * ```
 */
export async function deleteSshKey(
  api: LambdaApi,
  cache: Cached<WireSshKey[]>,
  id: string,
  signal?: AbortSignal,
): Promise<void> {
  if (typeof id !== "string" || id === "") {
    throw new InvalidArgumentError("id", "must be a non-empty string");
  }
  try {
    await api.send("deleteSSHKey", {
      path: { id },
      signal,
      context: { resourceType: "ssh-key", resourceId: id },
    });
    cache.update((keys) => (keys ?? []).filter((k) => k.id !== id));
  } catch (err) {
    cache.invalidate();
    // Lambda names a missing key with more than one code; 404 is the fact.
    if (err instanceof ApiError && err.status === 404) {
      throw new ResourceNotFoundError("ssh-key", id, { cause: err });
    }
    throw err;
  }
}

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
 * needed. The account's cached keys are looked at first; a cached list that
 * does not know the key is read again only when the add is refused as a
 * duplicate.
 *
 * @example
 * ```ts
 * import { ensureSshKey } from "./ssh_key.ts";
 * import type { Cached } from "./cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { WireSshKey } from "./wire.ts";
 * declare const api: LambdaApi, cache: Cached<WireSshKey[]>;
 * const name = await ensureSshKey(api, cache, "ssh-ed25519 AAAAC3Nza me@host");
 * ```
 */
export async function ensureSshKey(
  api: LambdaApi,
  cache: Cached<WireSshKey[]>,
  publicKey: string,
  signal?: AbortSignal,
): Promise<string> {
  const name = await sshKeyNameFor(publicKey);
  const fresh = async () => {
    const keys = await listWireSshKeys(api, signal);
    cache.set(keys);
    return keys;
  };
  const known = pick(
    await cache.get((shared) => listWireSshKeys(api, shared), signal),
    name,
    publicKey,
  );
  if (known !== undefined) return known;
  return await createOrFind(api, {
    create: async () => {
      try {
        const added = await api.send("addSSHKey", {
          body: { name, public_key: publicKey.trim() },
          signal,
          context: { resourceType: "ssh-key", resourceId: name },
        });
        // Only the public part is kept (an answer never carries more here,
        // since a public key was sent, but the cache keeps no secret).
        const { id, public_key } = added;
        cache.update((keys) => [...(keys ?? []), { id, name, public_key }]);
      } catch (err) {
        cache.invalidate(); // it may have landed
        throw err;
      }
      return name;
    },
    // An add whose answer was lost, or refused as a duplicate (registered
    // since the keys were cached, or after one that landed late): the key
    // is there, which is all that was wanted.
    find: async () => pick(await fresh(), name, publicKey),
    isDuplicate: (err) => apiErrorOf(err)?.status === 400,
  }, signal);
}
