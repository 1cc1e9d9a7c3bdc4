/**
 * The `ssh-keys` command.
 *
 * @module
 */

import type { Command } from "../command.ts";
import { writeJson } from "../output.ts";
import { formatTable } from "../table.ts";

function shorten(publicKey: string): string {
  const [type, body = "", comment = ""] = publicKey.split(/\s+/);
  const middle = body.length > 24
    ? `${body.slice(0, 12)}…${body.slice(-8)}`
    : body;
  return [type, middle, comment].filter(Boolean).join(" ");
}

/**
 * `ssh-keys`: the SSH keys registered at the account.
 *
 * @example
 * ```ts
 * import { sshKeysCommand } from "./ssh_keys.ts";
 * console.log(sshKeysCommand.summary);
 * ```
 */
export const sshKeysCommand: Command = {
  name: "ssh-keys",
  summary: "List registered SSH keys",
  usage: "ssh-keys",
  details: "--json prints an array of { id, name, publicKey }.",
  flags: [],
  async run(ctx) {
    const keys = await ctx.client().listSshKeys({ signal: ctx.signal });
    if (ctx.json) writeJson(ctx.io, keys);
    else {
      ctx.io.stdout(formatTable(
        [{ header: "ID" }, { header: "NAME" }, { header: "PUBLIC KEY" }],
        keys.map((k) => [k.id, k.name, shorten(k.publicKey)]),
      ));
    }
  },
};
