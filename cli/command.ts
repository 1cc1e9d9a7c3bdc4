/**
 * What a command of the tool is, and what it gets when it runs.
 *
 * @module
 */

import type { LambdaLabsClient } from "../src/lambda/client.ts";
import type { FlagSpec, FlagValues } from "./args.ts";
import type { CliIo } from "./output.ts";
import type { CliDeps, Target } from "./target.ts";

/**
 * Everything a command needs while it runs.
 *
 * @example
 * ```ts
 * import type { CommandContext } from "./command.ts";
 * async function regions(ctx: CommandContext) {
 *   const locations = await ctx.client().getLocations({ includeUnavailable: true });
 *   ctx.io.stdout(`${locations.length} regions\n`);
 * }
 * ```
 */
export interface CommandContext {
  /** The command's name, e.g. `"firewall add"`. */
  command: string;
  /** Positional arguments after the command's name. */
  positionals: string[];
  /** Flag values (global and the command's own). */
  flags: FlagValues;
  /** Whether to print one JSON document instead of tables. */
  json: boolean;
  /** The streams. */
  io: CliIo;
  /** The environment the tool was started with. */
  env: Readonly<Record<string, string | undefined>>;
  /** The outside world. */
  deps: CliDeps;
  /** The API to talk to (chosen on first use; announces an emulator on stderr). */
  target(): Target;
  /** A client for {@link CommandContext.target}. */
  client(): LambdaLabsClient;
  /** How often waits poll, in milliseconds. */
  pollMs(): number;
  /** Aborts when the user interrupts the tool. */
  signal?: AbortSignal;
}

/**
 * A command of the tool.
 *
 * @example
 * ```ts
 * import type { Command } from "./command.ts";
 * const hello: Command = {
 *   name: "hello",
 *   summary: "Say hello",
 *   usage: "hello",
 *   flags: [],
 *   run: (ctx) => { ctx.io.stdout("hello\n"); },
 * };
 * ```
 */
export interface Command {
  /** One or two words, e.g. `"types"`, `"firewall add"`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The synopsis after the tool's name. */
  usage: string;
  /** More help: what it prints, notes, examples. */
  details?: string;
  /** Whether it takes positional arguments (ids); others refuse them. */
  takesArguments?: boolean;
  /** The command's own flags (the global ones come on top). */
  flags: FlagSpec[];
  /** Runs the command; returns an exit code (default 0). */
  run(ctx: CommandContext): Promise<number | void> | number | void;
}
