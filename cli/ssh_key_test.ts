import assert from "node:assert/strict";
import {
  fingerprintOf,
  generateSshKeyPair,
  parseOpenSshPublicKey,
} from "./ssh_key.ts";

function blobOf(publicKey: string): Uint8Array {
  return Uint8Array.from(atob(publicKey.split(" ")[1]), (c) => c.charCodeAt(0));
}

Deno.test("generateSshKeyPair: an ssh-ed25519 line whose blob holds the type and 32 key bytes", async () => {
  const pair = await generateSshKeyPair("demo@test");
  const [type, , comment] = pair.publicKey.split(" ");
  assert.equal(type, "ssh-ed25519");
  assert.equal(comment, "demo@test");
  const blob = blobOf(pair.publicKey);
  const view = new DataView(blob.buffer);
  assert.equal(view.getUint32(0), 11);
  assert.equal(new TextDecoder().decode(blob.slice(4, 15)), "ssh-ed25519");
  assert.equal(view.getUint32(15), 32);
  assert.equal(blob.length, 4 + 11 + 4 + 32);
  assert.equal(await fingerprintOf(pair.publicKey), pair.fingerprint);
  assert.match(pair.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
});

Deno.test("generateSshKeyPair: the private key is an openssh-key-v1 block carrying the same public key", async () => {
  const pair = await generateSshKeyPair("c");
  const lines = pair.privateKey.trim().split("\n");
  assert.equal(lines[0], "-----BEGIN OPENSSH PRIVATE KEY-----");
  assert.equal(lines.at(-1), "-----END OPENSSH PRIVATE KEY-----");
  const body = Uint8Array.from(
    atob(lines.slice(1, -1).join("")),
    (c) => c.charCodeAt(0),
  );
  assert.equal(new TextDecoder().decode(body.slice(0, 15)), "openssh-key-v1\0");
  const publicBlob = blobOf(pair.publicKey);
  const text = Array.from(body).join(",");
  assert.ok(text.includes(Array.from(publicBlob).join(",")));
  // The private section is padded to a multiple of 8 bytes.
  const view = new DataView(body.buffer);
  let offset = 15;
  for (let i = 0; i < 3; i++) offset += 4 + view.getUint32(offset); // cipher, kdf, kdfoptions
  offset += 4; // key count
  offset += 4 + view.getUint32(offset); // public blob
  assert.equal(view.getUint32(offset) % 8, 0);
});

Deno.test("generateSshKeyPair: two calls give two different keys", async () => {
  const [a, b] = await Promise.all([
    generateSshKeyPair(),
    generateSshKeyPair(),
  ]);
  assert.notEqual(a.publicKey, b.publicKey);
});

// ssh-keygen is optional on CI machines; where it exists it is the judge.
const HAS_SSH_KEYGEN = await new Deno.Command("ssh-keygen", {
  args: ["-?"],
  stderr: "null",
  stdout: "null",
}).output().then(() => true, () => false);

Deno.test({
  name:
    "ssh-keygen accepts the generated private key and derives the same public key",
  ignore: !HAS_SSH_KEYGEN,
}, async () => {
  const pair = await generateSshKeyPair("x");
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/id`, pair.privateKey, { mode: 0o600 });
    const out = await new Deno.Command("ssh-keygen", {
      args: ["-y", "-f", `${dir}/id`],
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const derived = new TextDecoder().decode(out.stdout).trim().split(" ")
      .slice(0, 2).join(" ");
    assert.equal(derived, pair.publicKey.split(" ").slice(0, 2).join(" "));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseOpenSshPublicKey accepts a .pub line and refuses private keys and junk", () => {
  assert.equal(
    parseOpenSshPublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3g me@host\n"),
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3g me@host",
  );
  assert.throws(
    () => parseOpenSshPublicKey("-----BEGIN OPENSSH PRIVATE KEY-----\nabc"),
    /private key/,
  );
  assert.throws(
    () => parseOpenSshPublicKey("hello world"),
    /not an OpenSSH public key/,
  );
  assert.throws(
    () => parseOpenSshPublicKey("ssh-ed25519 AAAA\nssh-rsa BBBB"),
    TypeError,
  );
});
