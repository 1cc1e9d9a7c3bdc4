/**
 * What a command gets when it runs: the {@link CommandContext} of one run,
 * with the target resolved on first use (and announced on stderr), the
 * client made from it, the tool's own view of its requests, and the
 * confirmation of destructive commands.
 *
 * @module
 */

import { stringFlag, UsageError } from "./args.ts";
import type { Command, CommandContext } from "./command.ts";
import { type ObservedFetch, observeFetch } from "./observe.ts";
import { type ResolvedTarget, resolveTarget } from "./target.ts";

/** Emulators answer at once; polling them faster keeps waits short. */
const EMULATOR_POLL_MS = 500;

/**
 * What {@link createContext} needs: the parsed command line and the run's
 * world.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { regionsCommand } from "./commands/catalog.ts";
 * import { type ContextOptions, createContext } from "./context.ts";
 * import { Interrupts } from "./interrupt.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * const options: ContextOptions = {
 *   command: regionsCommand, program: "lambda", positionals: [], flags: { mock: true }, output: "json",
 *   io: { stdout: () => {}, stderr: () => {}, isTerminal: () => false }, env: {}, deps: defaultCliDeps(),
 *   interrupts: new Interrupts({ subscribe: () => () => {} }), commands: COMMANDS, globalFlags: GLOBAL_FLAGS,
 * };
 * const { ctx } = createContext(options);
 * console.log(ctx.command, ctx.output); // regions json
 * ```
 */
export type ContextOptions =
  & Pick<
    CommandContext,
    | "program"
    | "positionals"
    | "flags"
    | "output"
    | "io"
    | "env"
    | "deps"
    | "interrupts"
    | "commands"
    | "globalFlags"
  >
  & { command: Command };

/**
 * A run's context and what the tool needs to know of it afterwards.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { regionsCommand } from "./commands/catalog.ts";
 * import { createContext, type RunContext } from "./context.ts";
 * import { Interrupts } from "./interrupt.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * const run: RunContext = createContext({
 *   command: regionsCommand, program: "lambda", positionals: [], flags: { mock: true }, output: "table",
 *   io: { stdout: () => {}, stderr: () => {}, isTerminal: () => false }, env: {}, deps: defaultCliDeps(),
 *   interrupts: new Interrupts({ subscribe: () => () => {} }), commands: COMMANDS, globalFlags: GLOBAL_FLAGS,
 * });
 * await regionsCommand.run(run.ctx);
 * if (run.requests() > 0) console.log(`talked to ${run.target()?.label}`); // "talked to the embedded emulator"
 * ```
 */
export interface RunContext {
  /** What the command gets. */
  ctx: CommandContext;
  /** The target, once resolved. */
  target(): ResolvedTarget | undefined;
  /** How many requests were sent. */
  requests(): number;
}

/**
 * Makes the context of one run of `options.command`.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { regionsCommand } from "./commands/catalog.ts";
 * import { type ContextOptions, createContext } from "./context.ts";
 * import { Interrupts } from "./interrupt.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * const options: ContextOptions = {
 *   command: regionsCommand, program: "lambda", positionals: [], flags: { mock: true }, output: "table",
 *   io: { stdout: () => {}, stderr: () => {}, isTerminal: () => false }, env: {}, deps: defaultCliDeps(),
 *   interrupts: new Interrupts({ subscribe: () => () => {} }), commands: COMMANDS, globalFlags: GLOBAL_FLAGS,
 * };
 * const run = createContext(options);
 * const result = await options.command.run(run.ctx);
 * console.log(result.exitCode ?? 0, run.requests()); // 0 2
 * ```
 */
export function createContext(options: ContextOptions): RunContext {
  const { command, flags, io, env, deps } = options;
  const verbose = flags.verbose === true;
  const launchListeners: ((ids: string[]) => void)[] = [];
  let resolved: ResolvedTarget | undefined;
  let observed: ObservedFetch | undefined;
  let targetPromise: Promise<ResolvedTarget> | undefined;
  let clientPromise: ReturnType<CommandContext["client"]> | undefined;

  const ctx: CommandContext = {
    command: command.name,
    program: options.program,
    positionals: options.positionals,
    flags,
    output: options.output,
    io,
    env,
    deps,
    commands: options.commands,
    globalFlags: options.globalFlags,
    signal: options.interrupts.first,
    interrupts: options.interrupts,
    target() {
      targetPromise ??= resolveTarget(
        {
          mock: flags.mock === true,
          baseUrl: stringFlag(flags, "base-url"),
          sendKeyTo: stringFlag(flags, "send-key-to"),
        },
        env,
        deps,
      ).then((target) => {
        for (const note of target.notes) io.stderr(`${note}\n`);
        if (verbose) {
          for (const note of target.verboseNotes) io.stderr(`${note}\n`);
        }
        observed = observeFetch(target.fetch, {
          onLaunched: (ids) => launchListeners.forEach((l) => l(ids)),
          ...(verbose
            ? { log: (text: string) => io.stderr(`request: ${text}\n`) }
            : {}),
        });
        resolved = { ...target, fetch: observed.fetch };
        return resolved;
      });
      return targetPromise;
    },
    client() {
      clientPromise ??= ctx.target().then((t) =>
        deps.createClient({
          apiKey: t.apiKey,
          baseUrl: t.baseUrl,
          fetch: t.fetch,
          allowInsecureHttp: t.kind === "emulator-server",
        })
      );
      return clientPromise;
    },
    async pollMs() {
      return (await ctx.target()).kind === "lambda"
        ? (await ctx.client()).getInstancePollTime()
        : EMULATOR_POLL_MS;
    },
    onLaunched(listener) {
      launchListeners.push(listener);
    },
    async confirm(question) {
      if (flags.yes) return true;
      if (io.prompt === undefined) {
        throw new UsageError(
          `${command.name} needs --yes when stdin is not a terminal (nothing was changed)`,
          command.name,
        );
      }
      const answer = await io.prompt(question);
      return /^\s*y(es)?\s*$/i.test(answer ?? "");
    },
  };
  return {
    ctx,
    target: () => resolved,
    requests: () => observed?.requests ?? 0,
  };
}
