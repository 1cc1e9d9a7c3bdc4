/**
 * SSH keys for launches: a fresh Ed25519 key pair made with WebCrypto and
 * written in OpenSSH formats, and reading a public key from a file.
 *
 * @module
 */

/**
 * An SSH key pair in OpenSSH formats.
 *
 * @example
 * ```ts
 * import { generateSshKeyPair, type SshKeyPair } from "./ssh_key.ts";
 * const pair: SshKeyPair = await generateSshKeyPair("demo@gpufleet");
 * console.log(pair.publicKey.startsWith("ssh-ed25519 ")); // true
 * ```
 */
export interface SshKeyPair {
  /** One line: `ssh-ed25519 <base64> <comment>`. */
  publicKey: string;
  /** The `-----BEGIN OPENSSH PRIVATE KEY-----` block (unencrypted). */
  privateKey: string;
  /** `SHA256:<base64>` as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

const KEY_TYPE = "ssh-ed25519";

function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The SSH wire encodings: uint32 big-endian and length-prefixed strings. */
class SshWriter {
  #parts: Uint8Array[] = [];

  uint32(value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value);
    this.#parts.push(bytes);
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.#parts.push(bytes);
    return this;
  }

  string(value: Uint8Array | string): this {
    const bytes = typeof value === "string"
      ? new TextEncoder().encode(value)
      : value;
    return this.uint32(bytes.length).raw(bytes);
  }

  get length(): number {
    return this.#parts.reduce((n, p) => n + p.length, 0);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.#parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

function publicKeyBlob(publicKey: Uint8Array): Uint8Array {
  return new SshWriter().string(KEY_TYPE).string(publicKey).bytes();
}

async function fingerprintOfBlob(blob: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", blob as Uint8Array<ArrayBuffer>),
  );
  return `SHA256:${encodeBase64(digest).replace(/=+$/, "")}`;
}

function openSshPrivateKey(
  publicKey: Uint8Array,
  seed: Uint8Array,
  comment: string,
): string {
  const check = crypto.getRandomValues(new Uint32Array(1))[0];
  const secret = new Uint8Array(64);
  secret.set(seed, 0);
  secret.set(publicKey, 32);
  const section = new SshWriter()
    .uint32(check).uint32(check)
    .string(KEY_TYPE).string(publicKey).string(secret).string(comment);
  // Unencrypted keys are padded 1, 2, 3, … to a multiple of 8 bytes.
  for (let pad = 1; section.length % 8 !== 0; pad++) {
    section.raw(Uint8Array.of(pad));
  }
  const body = new SshWriter()
    .raw(new TextEncoder().encode("openssh-key-v1\0"))
    .string("none").string("none").string("")
    .uint32(1)
    .string(publicKeyBlob(publicKey))
    .string(section.bytes())
    .bytes();
  const lines = encodeBase64(body).match(/.{1,70}/g) ?? [];
  return [
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    ...lines,
    "-----END OPENSSH PRIVATE KEY-----",
    "",
  ].join("\n");
}

/**
 * Makes a fresh Ed25519 key pair with WebCrypto and returns it in OpenSSH
 * formats; `ssh` and `ssh-keygen` accept both halves.
 *
 * @param comment the comment at the end of the public key line
 * @example
 * ```ts
 * import { generateSshKeyPair } from "./ssh_key.ts";
 * const { publicKey, privateKey } = await generateSshKeyPair("me@laptop");
 * await Deno.writeTextFile("id_demo", privateKey, { mode: 0o600 });
 * ```
 */
export async function generateSshKeyPair(
  comment = "gpufleet",
): Promise<SshKeyPair> {
  const pair = await crypto.subtle.generateKey(
    { name: "Ed25519" },
    true,
    ["sign", "verify"],
  ) as CryptoKeyPair;
  const publicKey = new Uint8Array(
    await crypto.subtle.exportKey("raw", pair.publicKey),
  );
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  const seed = decodeBase64(
    jwk.d!.replaceAll("-", "+").replaceAll("_", "/").padEnd(44, "="),
  );
  const blob = publicKeyBlob(publicKey);
  return {
    publicKey: `${KEY_TYPE} ${encodeBase64(blob)} ${comment}`.trimEnd(),
    privateKey: openSshPrivateKey(publicKey, seed, comment),
    fingerprint: await fingerprintOfBlob(blob),
  };
}

/**
 * Checks that `text` is one OpenSSH public key line (`<type> <base64>
 * [comment]`) and returns it trimmed. Throws a `TypeError` naming the
 * problem otherwise — most often a private key given by mistake.
 *
 * @example
 * ```ts
 * import { parseOpenSshPublicKey } from "./ssh_key.ts";
 * console.log(parseOpenSshPublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3g me\n")); // "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3g me"
 * try {
 *   parseOpenSshPublicKey("-----BEGIN OPENSSH PRIVATE KEY-----\n…");
 * } catch (e) {
 *   console.log(e instanceof TypeError); // true (a private key, given by mistake)
 * }
 * ```
 */
export function parseOpenSshPublicKey(text: string): string {
  const line = text.trim();
  if (line.includes("PRIVATE KEY")) {
    throw new TypeError(
      "this is a private key; give the public key (the .pub file)",
    );
  }
  if (
    !/^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-\S+)\s+[A-Za-z0-9+/]+={0,2}(\s.*)?$/
      .test(line) || line.includes("\n")
  ) {
    throw new TypeError(
      "not an OpenSSH public key (expected one line like 'ssh-ed25519 AAAA… comment')",
    );
  }
  return line;
}

/**
 * The `SHA256:` fingerprint of an OpenSSH public key line.
 *
 * @example
 * ```ts
 * import { fingerprintOf, generateSshKeyPair } from "./ssh_key.ts";
 * const pair = await generateSshKeyPair();
 * console.log(await fingerprintOf(pair.publicKey) === pair.fingerprint); // true
 * ```
 */
export function fingerprintOf(publicKey: string): Promise<string> {
  return fingerprintOfBlob(decodeBase64(publicKey.trim().split(/\s+/)[1]));
}
