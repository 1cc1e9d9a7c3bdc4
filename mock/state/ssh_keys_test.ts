import assert from "node:assert/strict";
import { generateEd25519KeyPair, validatePublicKey } from "./ssh_keys.ts";

Deno.test("generated Ed25519 pair is a real key pair in OpenSSH formats", async () => {
  const seed = new Uint8Array(32).map((_, i) => i);
  const pair = await generateEd25519KeyPair(seed, "me");
  assert.equal(validatePublicKey(pair.publicKey), pair.publicKey);
  // The public key in the OpenSSH line verifies what the seed's key signs.
  const blob = Uint8Array.from(
    atob(pair.publicKey.split(" ")[1]),
    (c) => c.charCodeAt(0),
  );
  const raw = blob.subarray(blob.length - 32);
  const priv = await crypto.subtle.importKey(
    "pkcs8",
    new Uint8Array([
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
    ]),
    { name: "Ed25519" },
    false,
    ["sign"],
  );
  const pub = await crypto.subtle.importKey(
    "raw",
    raw,
    { name: "Ed25519" },
    false,
    ["verify"],
  );
  const msg = new TextEncoder().encode("hello");
  const sig = await crypto.subtle.sign("Ed25519", priv, msg);
  assert.ok(await crypto.subtle.verify("Ed25519", pub, sig, msg));
  // The private key file holds the magic, the public key and the seed.
  const body = pair.privateKey.split("\n").filter((l) => !l.startsWith("-----"))
    .join("");
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  assert.equal(
    new TextDecoder().decode(bytes.subarray(0, 15)),
    "openssh-key-v1\0",
  );
  const hex = (b: Uint8Array) =>
    [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  assert.ok(hex(bytes).includes(hex(seed) + hex(raw)));
  // Same seed, same pair.
  assert.deepEqual(await generateEd25519KeyPair(seed, "me"), pair);
});

Deno.test("public key validation", () => {
  for (
    const bad of [
      "",
      "ssh-ed25519",
      "ssh-dss AAAA",
      "ssh-ed25519 !!!",
      "ssh-ed25519 " + btoa("\0\0\0\x07ssh-rsa"),
    ]
  ) {
    assert.throws(() => validatePublicKey(bad));
  }
});
