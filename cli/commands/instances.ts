/**
 * The instance commands: `instances`, `instances show`, `reboot`,
 * `terminate`. (`launch` has a module of its own.)
 *
 * @module
 */

import type { Instance } from "../../src/v1/mod.ts";
import { listFlag, parseTags } from "../args.ts";
import { say } from "../clean.ts";
import type { Command, CommandContext } from "../command.ts";
import { actOnEach, outcomesResult, YES_FLAG } from "../destructive.ts";
import { instanceDetails, instancesTable } from "../format.ts";
import { waitOptions, waitUntilNotRunning, waitWithProgress } from "../wait.ts";

/**
 * `instances [--tag k=v]…`: the account's instances.
 *
 * @example
 * ```ts
 * import { instancesCommand } from "./instances.ts";
 * console.log(instancesCommand.usage); // "instances [--tag KEY=VALUE]…"
 * ```
 */
export const instancesCommand: Command = {
  name: "instances",
  aliases: ["instances list"],
  summary: "List instances",
  usage: "instances [--tag KEY=VALUE]…",
  details:
    "Several --tag flags must all match. -o ids prints the ids. --json prints { target, instances: [{ cloudId, name, instanceType, location, status, publicIp, tags, … }] }.",
  flags: [{
    name: "tag",
    kind: "string",
    multiple: true,
    valueName: "KEY=VALUE",
    description: "Only instances with this tag",
  }],
  async run(ctx) {
    const tags = parseTags(listFlag(ctx.flags, "tag"), ctx.command);
    const tagFilters = Object.fromEntries(
      Object.entries(tags).map(([k, v]) => [k, [v]]),
    );
    const client = await ctx.client();
    const instances = await client.listInstances(
      Object.keys(tagFilters).length > 0 ? { tagFilters } : {},
      { signal: ctx.signal },
    );
    return {
      json: { instances },
      text: instancesTable(instances),
      ids: instances.map((i) => i.cloudId),
    };
  },
};

/** The one id a command takes (the table says it takes exactly one). */
function onlyId(ctx: CommandContext): string {
  return ctx.positionals[0];
}

/**
 * `instances show ID` (or `instance ID`): one instance in detail.
 *
 * @example
 * ```ts
 * import { instancesShowCommand } from "./instances.ts";
 * console.log(instancesShowCommand.usage); // "instances show ID"
 * ```
 */
export const instancesShowCommand: Command = {
  name: "instances show",
  aliases: ["instance"],
  summary: "Show one instance",
  usage: "instances show ID",
  details: "--json prints { target, instance }.",
  arguments: { name: "ID", min: 1, max: 1 },
  flags: [],
  async run(ctx) {
    const client = await ctx.client();
    const instance = await client.getInstance(onlyId(ctx), {
      signal: ctx.signal,
    });
    return {
      json: { instance },
      text: instanceDetails(instance),
      ids: [instance.cloudId],
    };
  },
};

/**
 * `reboot ID [--wait]`: restarts an instance.
 *
 * @example
 * ```ts
 * import { rebootCommand } from "./instances.ts";
 * console.log(rebootCommand.usage); // "reboot ID [--wait]"
 * ```
 */
export const rebootCommand: Command = {
  name: "reboot",
  summary: "Reboot an instance",
  usage: "reboot ID [--wait]",
  details:
    "--wait waits until it is running again. --json prints { target, rebooted: [ID] } (with --wait, { target, rebooted, instance }).",
  arguments: { name: "ID", min: 1, max: 1 },
  flags: [{
    name: "wait",
    kind: "boolean",
    description: "Wait until it is running again",
  }],
  async run(ctx) {
    const id = onlyId(ctx);
    const client = await ctx.client();
    await client.rebootInstance(id, { signal: ctx.signal });
    let instance: Instance | undefined;
    if (ctx.flags.wait) {
      const options = await waitOptions(ctx);
      await waitUntilNotRunning(client, id, options);
      instance = await waitWithProgress(
        client,
        id,
        "running",
        ctx.io,
        say`waiting for ${id} to be running again`,
        options,
      );
    }
    return {
      json: { rebooted: [id], ...(instance ? { instance } : {}) },
      text: say`rebooting ${id}${instance ? ": running" : ""}\n`,
      ids: [id],
    };
  },
};

/**
 * `terminate ID… [--yes] [--wait]`: terminates instances, after asking.
 *
 * @example
 * ```ts
 * import { terminateCommand } from "./instances.ts";
 * console.log(terminateCommand.usage); // "terminate ID… [--yes] [--wait]"
 * ```
 */
export const terminateCommand: Command = {
  name: "terminate",
  summary: "Terminate instances (asks first)",
  usage: "terminate ID… [--yes] [--wait]",
  details: [
    "Asks for confirmation on a terminal; --yes skips the question, and is",
    "needed when stdin is not a terminal. Every id is tried, and each one's",
    "outcome reported; the exit code is 1 if any failed.",
    "--wait waits until the terminated ones are gone. --json prints",
    "{ target, terminated: [ID…], failed: [{ id, error: { code, message } }] }.",
  ].join("\n"),
  arguments: { name: "ID", min: 1 },
  flags: [YES_FLAG, {
    name: "wait",
    kind: "boolean",
    description: "Wait until they are terminated",
  }],
  async run(ctx) {
    const ids = [...new Set(ctx.positionals)];
    const what = ids.length === 1
      ? say`instance ${ids[0]}`
      : say`${ids.length} instances (${ids.join(", ")})`;
    if (
      !await ctx.confirm(`Terminate ${what}? This cannot be undone. [y/N] `)
    ) {
      ctx.io.stderr("nothing terminated\n");
      return { json: { terminated: [], failed: [] }, text: "", ids: [] };
    }
    const client = await ctx.client();
    const outcomes = await actOnEach(
      ids,
      (id) => client.terminateInstance(id, { signal: ctx.signal }),
      ctx.signal,
    );
    const ok = outcomes.filter((o) => o.error === undefined).map((o) => o.id);
    if (ctx.flags.wait && ok.length > 0) {
      const options = await waitOptions(ctx);
      await Promise.all(ok.map((id) =>
        waitWithProgress(
          client,
          id,
          "terminated",
          // One progress line at a time: only the first wait draws it.
          id === ok[0] ? ctx.io : { ...ctx.io, isTerminal: () => false },
          ok.length === 1
            ? say`waiting for ${id} to terminate`
            : `waiting for ${ok.length} instances to terminate`,
          options,
        )
      ));
    }
    return outcomesResult(ctx, outcomes, {
      key: "terminated",
      word: ctx.flags.wait ? "terminated" : "terminating",
    }, (await ctx.target()).label);
  },
};
