/**
 * What the destructive commands (`terminate`, `ssh-keys delete`) share:
 * `--yes`, acting on every id they can, and a report of each id's outcome.
 *
 * @module
 */

import type { FlagSpec } from "./args.ts";
import { clean } from "./clean.ts";
import type { CommandContext, CommandResult } from "./command.ts";
import { describeError, EXIT_API_ERROR } from "./errors.ts";
import { formatTable } from "./table.ts";

/**
 * `--yes` (`-y`): do not ask.
 *
 * @example
 * ```ts
 * import { YES_FLAG } from "./destructive.ts";
 * console.log(`-${YES_FLAG.short}, --${YES_FLAG.name}`);
 * ```
 */
export const YES_FLAG: FlagSpec = {
  name: "yes",
  kind: "boolean",
  short: "y",
  description:
    "Do not ask for confirmation (needed when stdin is not a terminal)",
};

/**
 * What became of one id of a command acting on several.
 *
 * @example
 * ```ts
 * import { actOnEach, type Outcome } from "./destructive.ts";
 * const outcomes: Outcome[] = await actOnEach(["i-1"], () => Promise.reject(new Error("not found")), new AbortController().signal);
 * console.log(outcomes[0].id, (outcomes[0].error as Error).message); // i-1 not found
 * ```
 */
export interface Outcome {
  /** The id acted on. */
  id: string;
  /** Why it failed; absent when it worked. */
  error?: unknown;
}

/**
 * Runs `action` on every id in turn, collecting each outcome: one failure
 * does not stop the others. An interrupt does: it rethrows.
 *
 * @example
 * ```ts
 * import { actOnEach } from "./destructive.ts";
 * const outcomes = await actOnEach(["a", "b"], (id) => id === "b" ? Promise.reject(new Error("no")) : Promise.resolve(), new AbortController().signal);
 * console.log(outcomes.map((o) => o.error === undefined)); // [true, false]
 * ```
 */
export async function actOnEach(
  ids: readonly string[],
  action: (id: string) => Promise<unknown>,
  signal: AbortSignal,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const id of ids) {
    try {
      await action(id);
      outcomes.push({ id });
    } catch (error) {
      if (signal.aborted) throw error;
      outcomes.push({ id, error });
    }
  }
  return outcomes;
}

/**
 * The result of a command acting on several ids: a table with one row per
 * id, and `{ <done.key>: [ids], failed: [{ id, error }] }` for `--json`;
 * failures are also written to stderr; exit 1 if any failed.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { terminateCommand } from "./commands/instances.ts";
 * import { createContext } from "./context.ts";
 * import { outcomesResult } from "./destructive.ts";
 * import { Interrupts } from "./interrupt.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * const { ctx } = createContext({
 *   command: terminateCommand, program: "lambda", positionals: ["i-1", "i-2"], flags: { mock: true }, output: "table",
 *   io: { stdout: () => {}, stderr: () => {}, isTerminal: () => false }, env: {}, deps: defaultCliDeps(),
 *   interrupts: new Interrupts({ subscribe: () => () => {} }), commands: COMMANDS, globalFlags: GLOBAL_FLAGS,
 * });
 * const outcomes = [{ id: "i-1" }, { id: "i-2", error: new Error("not found") }];
 * const result = outcomesResult(ctx, outcomes, { key: "terminated", word: "terminating" }, "https://cloud.lambda.ai");
 * console.log(JSON.stringify(result.text), result.exitCode); // "ID   RESULT\ni-1  terminating\ni-2  failed: not found\n" 1
 * ```
 */
export function outcomesResult(
  ctx: CommandContext,
  outcomes: readonly Outcome[],
  done: { key: string; word: string },
  url: string,
): CommandResult {
  const described = outcomes.map((o) =>
    o.error === undefined ? undefined : describeError(o.error, {
      program: ctx.program,
      command: ctx.command,
      url,
      debug: false,
    })
  );
  outcomes.forEach((o, i) => {
    if (described[i]) {
      ctx.io.stderr(`error: ${clean(o.id)}: ${described[i]!.message}\n`);
    }
  });
  const ok = outcomes.filter((o) => o.error === undefined).map((o) => o.id);
  const failed = outcomes.flatMap((o, i) =>
    described[i]
      ? [{
        id: o.id,
        error: { code: described[i]!.code, message: described[i]!.message },
      }]
      : []
  );
  return {
    json: { [done.key]: ok, failed },
    text: formatTable(
      [{ header: "ID" }, { header: "RESULT" }],
      outcomes.map((o, i) => [
        o.id,
        described[i] ? `failed: ${described[i]!.message}` : done.word,
      ]),
    ),
    ids: ok,
    exitCode: failed.length > 0 ? EXIT_API_ERROR : 0,
  };
}
