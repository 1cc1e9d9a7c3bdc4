/**
 * SSH keys: added with a public key, or generated as a real Ed25519 key
 * pair (OpenSSH public key, OpenSSH private key returned once). Names are
 * unique; a duplicate is refused with 400 `global/invalid-parameters`, as the
 * API does for keys. {@linkcode validatePublicKey} is the format check the
 * routes apply before a key reaches the store.
 *
 * @module
 */
import { invalidParameters, MockApiError, truncate } from "./errors.ts";
import type { SeededRandom } from "./random.ts";
import type { AddSshKeyRequest } from "./requests.ts";
import type { GeneratedSSHKey, SSHKey } from "./types.ts";

const KEY_TYPES = new Set([
  "ssh-ed25519",
  "ssh-rsa",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
]);

function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    return undefined;
  }
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function encodeBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function base64UrlDecode(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return decodeBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4))!;
}

/**
 * Checks an OpenSSH public key line (`<type> <base64> [comment]`): a known
 * key type whose blob is valid base64 and starts with the same type.
 * Returns the trimmed key.
 *
 * @example
 * ```ts
 * import { validatePublicKey } from "./ssh_keys.ts";
 * console.log(validatePublicKey("  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me\n")); // "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me"
 * ```
 */
export function validatePublicKey(input: string): string {
  const key = input.trim();
  const parts = key.split(/\s+/);
  const fail = () =>
    invalidParameters(
      "public_key is not a valid OpenSSH public key.",
      "Give the contents of a .pub file, e.g. 'ssh-ed25519 AAAA... me@host'.",
    );
  if (parts.length < 2 || !KEY_TYPES.has(parts[0])) throw fail();
  const blob = decodeBase64(parts[1]);
  if (!blob || blob.length < 4 + parts[0].length) throw fail();
  const len = new DataView(blob.buffer, blob.byteOffset).getUint32(0);
  const type = new TextDecoder().decode(blob.subarray(4, 4 + len));
  if (len !== parts[0].length || type !== parts[0]) throw fail();
  return key;
}

class Writer {
  #chunks: number[] = [];
  u32(n: number): this {
    this.#chunks.push(
      (n >>> 24) & 255,
      (n >>> 16) & 255,
      (n >>> 8) & 255,
      n & 255,
    );
    return this;
  }
  raw(bytes: Uint8Array): this {
    for (const b of bytes) this.#chunks.push(b);
    return this;
  }
  string(value: string | Uint8Array): this {
    const bytes = typeof value === "string"
      ? new TextEncoder().encode(value)
      : value;
    return this.u32(bytes.length).raw(bytes);
  }
  get length(): number {
    return this.#chunks.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.#chunks);
  }
}

/**
 * A generated key pair in OpenSSH formats.
 *
 * @example
 * ```ts
 * import { generateEd25519KeyPair, type KeyPair } from "./ssh_keys.ts";
 * const pair: KeyPair = await generateEd25519KeyPair(new Uint8Array(32).fill(7), "ci");
 * console.log(pair.publicKey.endsWith(" ci"), pair.privateKey.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----")); // true true
 * ```
 */
export interface KeyPair {
  /** `ssh-ed25519 AAAA… comment` */
  publicKey: string;
  /** `-----BEGIN OPENSSH PRIVATE KEY-----…` */
  privateKey: string;
}

/**
 * Makes a real Ed25519 key pair from a 32-byte seed with WebCrypto and
 * encodes it in OpenSSH formats (the same seed gives the same pair).
 *
 * @example
 * ```ts
 * import { generateEd25519KeyPair } from "./ssh_keys.ts";
 * const pair = await generateEd25519KeyPair(new Uint8Array(32).fill(1), "me");
 * console.log(pair.publicKey.startsWith("ssh-ed25519 ")); // true
 * ```
 */
export async function generateEd25519KeyPair(
  seed: Uint8Array,
  comment: string,
  checkInt = 0x1234_5678,
): Promise<KeyPair> {
  if (seed.length !== 32) throw new TypeError("seed must be 32 bytes");
  const pkcs8 = new Uint8Array([
    0x30,
    0x2e,
    0x02,
    0x01,
    0x00,
    0x30,
    0x05,
    0x06,
    0x03,
    0x2b,
    0x65,
    0x70,
    0x04,
    0x22,
    0x04,
    0x20,
    ...seed,
  ]);
  const key = await crypto.subtle.importKey(
    "pkcs8",
    pkcs8,
    { name: "Ed25519" },
    true,
    ["sign"],
  );
  const jwk = await crypto.subtle.exportKey("jwk", key);
  const pub = base64UrlDecode(jwk.x!);
  const pubBlob = new Writer().string("ssh-ed25519").string(pub).bytes();
  const publicKey = `ssh-ed25519 ${encodeBase64(pubBlob)} ${comment}`;

  const priv = new Writer()
    .u32(checkInt >>> 0).u32(checkInt >>> 0)
    .string("ssh-ed25519")
    .string(pub)
    .string(new Uint8Array([...seed, ...pub]))
    .string(comment);
  for (let pad = 1; priv.length % 8 !== 0; pad++) {
    priv.raw(new Uint8Array([pad]));
  }
  const body = new Writer()
    .raw(new TextEncoder().encode("openssh-key-v1\0"))
    .string("none")
    .string("none")
    .string("")
    .u32(1)
    .string(pubBlob)
    .string(priv.bytes())
    .bytes();
  const b64 = encodeBase64(body).match(/.{1,70}/g)!.join("\n");
  const privateKey =
    `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}\n-----END OPENSSH PRIVATE KEY-----\n`;
  return { publicKey, privateKey };
}

/**
 * The account's SSH keys.
 *
 * @example
 * ```ts
 * import { SshKeyStore } from "./ssh_keys.ts";
 * import { SeededRandom } from "./random.ts";
 * const keys = new SshKeyStore(new SeededRandom(1));
 * const generated = await keys.add({ name: "laptop" });
 * console.log("private_key" in generated); // true: no public key was given
 * ```
 */
export class SshKeyStore {
  readonly #rng: SeededRandom;
  readonly #byId = new Map<string, SSHKey>();
  readonly #pendingNames = new Set<string>();

  /** @param rng generator for ids and key seeds */
  constructor(rng: SeededRandom) {
    this.#rng = rng;
  }

  /** Every key, in creation order. */
  list(): SSHKey[] {
    return [...this.#byId.values()].map((k) => ({ ...k }));
  }

  /**
   * A key by name, or `undefined`.
   *
   * @param name key name
   */
  byName(name: string): SSHKey | undefined {
    for (const k of this.#byId.values()) if (k.name === name) return { ...k };
    return undefined;
  }

  /**
   * Throws unless no key has the name (nor is being generated under it).
   *
   * @param name key name
   * @throws {MockApiError} 400 `global/invalid-parameters` on a duplicate
   */
  checkNameFree(name: string): void {
    if (this.byName(name) || this.#pendingNames.has(name)) {
      // The real API's words, as clients have quoted them.
      throw invalidParameters(
        "Key name must be unique",
        `An SSH key named '${
          truncate(name)
        }' exists: choose another name or delete that key.`,
      );
    }
  }

  /**
   * Adds a key: the given public key, or a generated pair whose private key
   * is returned (and not kept).
   *
   * @param req `{ name, public_key? }` (the public key already checked)
   * @throws {MockApiError} 400 `global/invalid-parameters` on a duplicate
   *   name
   */
  async add(req: AddSshKeyRequest): Promise<SSHKey | GeneratedSSHKey> {
    const name = req.name;
    this.checkNameFree(name);
    const publicKey = req.public_key?.trim();
    const id = this.#rng.hex(32);
    if (publicKey !== undefined) {
      const key: SSHKey = { id, name, public_key: publicKey };
      this.#byId.set(id, key);
      return { ...key };
    }
    const seed = this.#rng.bytes(32);
    const checkInt = this.#rng.uint32();
    this.#pendingNames.add(name);
    try {
      const pair = await generateEd25519KeyPair(
        seed,
        name.replace(/\s+/g, "_"),
        checkInt,
      );
      const key: SSHKey = { id, name, public_key: pair.publicKey };
      this.#byId.set(id, key);
      return { ...key, private_key: pair.privateKey };
    } finally {
      this.#pendingNames.delete(name);
    }
  }

  /**
   * Deletes a key by id.
   *
   * @param id key id
   * @throws {MockApiError} 404 `global/not-found` when no key has that id
   */
  delete(id: string): SSHKey {
    const key = this.#byId.get(id);
    if (!key) {
      throw new MockApiError(
        404,
        "global/not-found",
        `SSH key '${truncate(id)}' was not found.`,
      );
    }
    this.#byId.delete(id);
    return { ...key };
  }
}
