/**
 * The SSH key commands: `ssh-keys`, `ssh-keys add`, `ssh-keys delete`.
 *
 * @module
 */

import { stringFlag, UsageError } from "../args.ts";
import { say } from "../clean.ts";
import type { Command } from "../command.ts";
import { formatDetails, formatTable } from "../table.ts";
import { actOnEach, outcomesResult, YES_FLAG } from "../destructive.ts";

function shorten(publicKey: string): string {
  const [type, body = "", comment = ""] = publicKey.split(/\s+/);
  const middle = body.length > 24
    ? `${body.slice(0, 12)}…${body.slice(-8)}`
    : body;
  return [type, middle, comment].filter(Boolean).join(" ");
}

/**
 * `ssh-keys` (or `ssh-keys list`): the SSH keys registered at the account.
 *
 * @example
 * ```ts
 * import { sshKeysCommand } from "./ssh_keys.ts";
 * console.log(sshKeysCommand.summary); // "List registered SSH keys"
 * ```
 */
export const sshKeysCommand: Command = {
  name: "ssh-keys",
  aliases: ["ssh-keys list"],
  summary: "List registered SSH keys",
  usage: "ssh-keys",
  details:
    "-o ids prints the key ids. --json prints { target, sshKeys: [{ id, name, publicKey }] }.",
  flags: [],
  async run(ctx) {
    const client = await ctx.client();
    const keys = await client.listSshKeys({ signal: ctx.signal });
    return {
      json: { sshKeys: keys },
      text: formatTable(
        [{ header: "ID" }, { header: "NAME" }, { header: "PUBLIC KEY" }],
        keys.map((k) => [k.id, k.name, shorten(k.publicKey)]),
      ),
      ids: keys.map((k) => k.id),
    };
  },
};

/**
 * `ssh-keys add NAME [--public-key-file FILE]`: registers a key, or has
 * Lambda generate a pair and prints its private key (once).
 *
 * @example
 * ```ts
 * import { sshKeysAddCommand } from "./ssh_keys.ts";
 * console.log(sshKeysAddCommand.usage); // "ssh-keys add NAME [--public-key-file FILE]"
 * ```
 */
export const sshKeysAddCommand: Command = {
  name: "ssh-keys add",
  summary: "Register an SSH key (or have one generated)",
  usage: "ssh-keys add NAME [--public-key-file FILE]",
  details: [
    "With --public-key-file, registers that OpenSSH public key. Without it,",
    "Lambda generates a key pair and the private key is printed on stdout,",
    "this once only: `ssh-keys add ci > ci.pem && chmod 600 ci.pem`.",
    "--json prints { target, sshKey: { id, name, publicKey, privateKey? } }.",
  ].join("\n"),
  arguments: { name: "NAME", min: 1, max: 1 },
  fields: { "key.name": "NAME", "key.publicKey": "--public-key-file" },
  flags: [{
    name: "public-key-file",
    kind: "string",
    valueName: "FILE",
    description:
      "The OpenSSH public key to register (e.g. ~/.ssh/id_ed25519.pub)",
  }],
  async run(ctx) {
    const name = ctx.positionals[0];
    const file = stringFlag(ctx.flags, "public-key-file");
    let publicKey: string | undefined;
    if (file !== undefined) {
      try {
        publicKey = (await (ctx.deps.readTextFile ?? Deno.readTextFile)(file))
          .trim();
      } catch (err) {
        throw new UsageError(
          `cannot read --public-key-file ${file}: ${(err as Error).message}`,
          ctx.command,
        );
      }
    }
    const client = await ctx.client();
    const key = await client.addSshKey(
      { name, ...(publicKey === undefined ? {} : { publicKey }) },
      { signal: ctx.signal },
    );
    if (key.privateKey !== undefined && ctx.output === "table") {
      ctx.io.stderr(
        say`registered ${key.name} (${key.id}); its private key follows on stdout, shown only once: save it now\n`,
      );
    }
    return {
      json: { sshKey: key },
      text: key.privateKey !== undefined
        ? key.privateKey.replace(/\n?$/, "\n")
        : formatDetails([["id", key.id], ["name", key.name], [
          "public key",
          shorten(key.publicKey),
        ]]),
      ids: [key.id],
    };
  },
};

/**
 * `ssh-keys delete ID|NAME… [--yes]`: deletes keys, after asking.
 *
 * @example
 * ```ts
 * import { sshKeysDeleteCommand } from "./ssh_keys.ts";
 * console.log(sshKeysDeleteCommand.usage); // "ssh-keys delete ID|NAME… [--yes]"
 * ```
 */
export const sshKeysDeleteCommand: Command = {
  name: "ssh-keys delete",
  summary: "Delete SSH keys (asks first)",
  usage: "ssh-keys delete ID|NAME… [--yes]",
  details: [
    "Keys are named by id or by name. Asks for confirmation on a terminal;",
    "--yes skips it, and is needed when stdin is not a terminal. Each key's",
    "outcome is reported; the exit code is 1 if any failed. --json prints",
    "{ target, deleted: [ID…], failed: [{ id, error }] }.",
  ].join("\n"),
  arguments: { name: "ID|NAME", min: 1 },
  flags: [YES_FLAG],
  async run(ctx) {
    const wanted = [...new Set(ctx.positionals)];
    if (
      !await ctx.confirm(
        say`Delete SSH key${wanted.length > 1 ? "s" : ""} ${
          wanted.join(", ")
        }? [y/N] `,
      )
    ) {
      ctx.io.stderr("nothing deleted\n");
      return { json: { deleted: [], failed: [] }, text: "", ids: [] };
    }
    const client = await ctx.client();
    const keys = await client.listSshKeys({ signal: ctx.signal });
    const ids = wanted.map((item) =>
      keys.find((k) => k.id === item || k.name === item)?.id ?? item
    );
    const outcomes = await actOnEach(
      ids,
      (id) => client.deleteSshKey(id, { signal: ctx.signal }),
      ctx.signal,
    );
    return outcomesResult(
      ctx,
      outcomes,
      { key: "deleted", word: "deleted" },
      (await ctx.target()).label,
    );
  },
};
