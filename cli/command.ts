/**
 * What a command of the tool is, and what it gets when it runs. The table
 * of commands (`main.ts`) is the one description of the tool's commands,
 * arguments and flags: the parser, help, completion and "did you mean" are
 * all made from it.
 *
 * @module
 */

import type { LambdaLabsClient } from "../src/lambda/client.ts";
import type { FlagSpec, FlagValues } from "./args.ts";
import type { Interrupts } from "./interrupt.ts";
import type { CliIo } from "./output.ts";
import type { CliDeps, ResolvedTarget } from "./target.ts";

/**
 * How results are printed: `table` (the default), `json` (one document) or
 * `ids` (one id per line).
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, runCli } from "@gpufleet/lambda/cli";
 * import type { OutputMode } from "./command.ts";
 * const mode: OutputMode = "ids";
 * let out = "";
 * const io: CliIo = { stdout: (t) => { out += t; }, stderr: () => {}, isTerminal: () => false };
 * await runCli(["launch", "--mock", "--type", "gpu_1x_a10", "--region", "us-west-1", "-o", mode], {}, io, defaultCliDeps());
 * console.log(/^[0-9a-f]{32}\n$/.test(out)); // true (the id alone)
 * ```
 */
export type OutputMode = "table" | "json" | "ids";

/**
 * Everything a command needs while it runs.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import type { CommandContext } from "./command.ts";
 * import { regionsCommand } from "./commands/catalog.ts";
 * import { createContext } from "./context.ts";
 * import { Interrupts } from "./interrupt.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * async function regions(ctx: CommandContext) {
 *   const client = await ctx.client();
 *   const locations = await client.getLocations({ includeUnavailable: true }, { signal: ctx.signal });
 *   return { json: { regions: locations }, text: `${locations.length} regions\n` };
 * }
 * const { ctx } = createContext({
 *   command: regionsCommand, program: "lambda", positionals: [], flags: { mock: true }, output: "table",
 *   io: { stdout: () => {}, stderr: () => {}, isTerminal: () => false }, env: {}, deps: defaultCliDeps(),
 *   interrupts: new Interrupts({ subscribe: () => () => {} }), commands: COMMANDS, globalFlags: GLOBAL_FLAGS,
 * });
 * console.log((await regions(ctx)).text); // "12 regions\n"
 * ```
 */
export interface CommandContext {
  /** The command's name, e.g. `"firewall add"`. */
  command: string;
  /** How the tool was invoked, for messages: `"lambda"`, `"deno task cli"`. */
  program: string;
  /** Positional arguments after the command's name. */
  positionals: string[];
  /** Flag values (global and the command's own). */
  flags: FlagValues;
  /** How results are printed. */
  output: OutputMode;
  /** The streams; text written to them has control characters neutralised. */
  io: CliIo;
  /** The environment the tool was started with. */
  env: Readonly<Record<string, string | undefined>>;
  /** The outside world. */
  deps: CliDeps;
  /** The command table (for help and completion). */
  commands: readonly Command[];
  /** The flags every command accepts. */
  globalFlags: readonly FlagSpec[];
  /** The API to talk to (resolved on first use; announced on stderr). */
  target(): Promise<ResolvedTarget>;
  /** A client for {@link CommandContext.target}. */
  client(): Promise<LambdaLabsClient>;
  /** How often waits poll, in milliseconds. */
  pollMs(): Promise<number>;
  /** Aborts on the first interrupt (Ctrl-C, SIGTERM). */
  signal: AbortSignal;
  /** The run's interrupts: {@link Interrupts.second} ends a clean-up's waiting. */
  interrupts: Interrupts;
  /** Calls `listener` with the ids of each launch the API accepts, as soon as its answer arrives. */
  onLaunched(listener: (ids: string[]) => void): void;
  /**
   * Asks before a destructive action: `true` with `--yes`, else the answer
   * to `question` on a terminal; without a terminal (and without `--yes`)
   * a usage error, so that scripts must say `--yes`.
   */
  confirm(question: string): Promise<boolean>;
}

/**
 * What a command produced; the tool prints it in the chosen output mode.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import type { CommandResult } from "./command.ts";
 * import { regionsCommand } from "./commands/catalog.ts";
 * import { createContext } from "./context.ts";
 * import { Interrupts } from "./interrupt.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * const { ctx } = createContext({
 *   command: regionsCommand, program: "lambda", positionals: [], flags: { mock: true }, output: "table",
 *   io: { stdout: () => {}, stderr: () => {}, isTerminal: () => false }, env: {}, deps: defaultCliDeps(),
 *   interrupts: new Interrupts({ subscribe: () => () => {} }), commands: COMMANDS, globalFlags: GLOBAL_FLAGS,
 * });
 * const result: CommandResult = await regionsCommand.run(ctx);
 * console.log(result.text?.split("\n")[0], result.exitCode ?? 0); // REGION            DESCRIPTION         AVAILABLE 0
 * ```
 */
export interface CommandResult {
  /** The fields of the `--json` document (the tool adds `target`); absent when the command printed its own output. */
  json?: Record<string, unknown>;
  /** The human output (a table, details, lines). */
  text?: string;
  /** What `-o ids` prints, one per line. */
  ids?: string[];
  /** The exit code (default 0). */
  exitCode?: number;
}

/**
 * The positional arguments a command takes.
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, EXIT_USAGE, runCli } from "@gpufleet/lambda/cli";
 * import type { ArgumentSpec } from "./command.ts";
 * import { terminateCommand } from "./commands/instances.ts";
 * const ids: ArgumentSpec | undefined = terminateCommand.arguments;
 * let errors = "";
 * const io: CliIo = { stdout: () => {}, stderr: (t) => { errors += t; }, isTerminal: () => false };
 * const code = await runCli(["terminate", "--mock"], {}, io, defaultCliDeps()); // no ID given
 * console.log(ids?.min, code === EXIT_USAGE); // 1 true
 * ```
 */
export interface ArgumentSpec {
  /** How help names them, e.g. `"ID"`. */
  name: string;
  /** How many at least (0: optional). */
  min: number;
  /** How many at most (default: no limit). */
  max?: number;
  /** The values they take, when fixed (completion offers them). */
  choices?: readonly string[];
}

/**
 * A command of the tool.
 *
 * @example
 * ```ts
 * import type { Command } from "./command.ts";
 * import { commandHelp } from "./help.ts";
 * const hello: Command = {
 *   name: "hello",
 *   summary: "Say hello",
 *   usage: "hello",
 *   flags: [],
 *   run: () => ({ json: { greeting: "hello" }, text: "hello\n" }),
 * };
 * // The help (like the parser and completion) is made from the command's description.
 * console.log(commandHelp("lambda", hello, []).split("\n")[0]); // "Usage: lambda hello"
 * ```
 */
export interface Command {
  /** One or two words, e.g. `"types"`, `"firewall add"`. */
  name: string;
  /** Other names, e.g. `["instance"]` for `instances show`. */
  aliases?: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** The synopsis after the tool's name. */
  usage: string;
  /** More help: what it prints, notes, examples; `{program}` stands for the tool's name. */
  details?: string;
  /** The positional arguments it takes (none when absent). */
  arguments?: ArgumentSpec;
  /** The command's own flags (the global ones come on top). */
  flags: FlagSpec[];
  /** Whether `-o ids` makes sense (it prints ids). Default true. */
  printsIds?: boolean;
  /** Library argument paths and the flag or argument each comes from, for errors: `{ "attrs.name": "--name" }`. */
  fields?: Readonly<Record<string, string>>;
  /** Extra lines for an error of this command (e.g. where to look up valid values). */
  hints?(err: unknown, program: string): string[];
  /** Runs the command. */
  run(ctx: CommandContext): Promise<CommandResult> | CommandResult;
}
