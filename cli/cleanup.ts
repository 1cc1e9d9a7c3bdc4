/**
 * After an interrupted launch: find what was launched, terminate it, and
 * say so while doing it. A second interrupt stops the waiting and prints
 * what may still be running, with the command that terminates it.
 *
 * The library already terminates an instance whose `createInstance` was
 * aborted after the launch was sent, but in the background: a process that
 * exits right away would cut that short. The tool therefore does its own
 * clean-up and waits for it (the two are harmless together: terminating a
 * terminating instance changes nothing).
 *
 * @module
 */

import {
  abortableSleep,
  InstanceNotFoundError,
  type LifecycleStatus,
} from "../src/v1/mod.ts";
import type { LambdaLabsClient } from "../src/lambda/client.ts";
import { say } from "./clean.ts";
import type { CommandContext } from "./command.ts";
import { InterruptedError } from "./interrupt.ts";

/**
 * When to look for an interrupted launch's instance, in ms after the
 * interrupt: the API may still be processing a launch whose answer never
 * arrived, so the search goes on for about half a minute (a second
 * Ctrl-C ends it).
 */
const SEARCH_AT_MS = [0, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/** Attempts at terminating one instance before giving up on it. */
const TERMINATE_ATTEMPTS = 3;

const GONE: readonly LifecycleStatus[] = ["terminating", "terminated"];

/**
 * What the clean-up knows of the launch it cleans up after.
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, type InterruptSource, runCli } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import type { InterruptedLaunch } from "./cleanup.ts";
 * // What the clean-up below is given when a Ctrl-C cuts `launch --wait` short:
 * const known: InterruptedLaunch["ids"] = new Set();
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions();
 * let notes = "";
 * const io: CliIo = { stdout: () => {}, stderr: (t) => { notes += t; }, isTerminal: () => false };
 * const ctrlC: InterruptSource = { subscribe: (onInterrupt) => { setTimeout(onInterrupt, 0); return () => {}; } };
 * const args = ["launch", "--mock", "--type", "gpu_1x_a10", "--region", "us-west-1", "--wait"];
 * await runCli(args, {}, io, { ...defaultCliDeps(), emulator: mock, sleep, now, interrupts: ctrlC });
 * console.log(notes.includes("cleaning up the launch"), known.size); // true 0
 * ```
 */
export interface InterruptedLaunch {
  /** The ref id the launch was tagged with. */
  refId: string;
  /** The instance's name (for the user to look for). */
  name: string;
  /** Ids known so far (from the launch answer); the search adds to it. */
  ids: Set<string>;
  /** Prints an id the first time it is known. */
  announce(id: string): void;
}

/**
 * The instances of this launch, by its ref id, and whether each is already
 * on its way out (the library's own clean-up may have been first).
 */
async function findLaunched(
  client: LambdaLabsClient,
  refId: string,
  signal: AbortSignal,
): Promise<{ id: string; gone: boolean }[]> {
  const instances = await client.listInstances({}, { signal });
  return instances.filter((i) => i.refId === refId).map((i) => ({
    id: i.cloudId,
    gone: GONE.includes(i.status.lifecycleStatus),
  }));
}

/** Terminates `id`, a few times over; resolves whether Lambda accepted it. */
async function terminate(
  ctx: CommandContext,
  client: LambdaLabsClient,
  id: string,
  signal: AbortSignal,
): Promise<boolean> {
  const sleep = ctx.deps.sleep ?? abortableSleep;
  for (let attempt = 1; attempt <= TERMINATE_ATTEMPTS; attempt++) {
    try {
      await client.terminateInstance(id, { signal });
      return true;
    } catch (err) {
      if (signal.aborted) return false;
      if (err instanceof InstanceNotFoundError) return true;
      // Terminated meanwhile (the library's own clean-up, or a double click)?
      const status = await client.getInstance(id, { signal }).then(
        (i) => i.status.lifecycleStatus,
        () => undefined,
      );
      if (status !== undefined && GONE.includes(status)) return true;
      if (attempt < TERMINATE_ATTEMPTS) {
        await sleep(1_000 * attempt, signal).catch(() => {});
      }
    }
  }
  return false;
}

/**
 * Cleans up after an interrupted launch (see the module documentation) and
 * throws {@link InterruptedError} with the outcome; the tool exits with 130.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { cleanUpInterruptedLaunch } from "./cleanup.ts";
 * import { launchCommand } from "./commands/launch.ts";
 * import { createContext } from "./context.ts";
 * import { Interrupts } from "./interrupt.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions();
 * let notes = "";
 * const { ctx } = createContext({
 *   command: launchCommand, program: "lambda", positionals: [], flags: { mock: true }, output: "table",
 *   io: { stdout: () => {}, stderr: (t) => { notes += t; }, isTerminal: () => false }, env: {},
 *   deps: { ...defaultCliDeps(), emulator: mock, sleep, now },
 *   interrupts: new Interrupts({ subscribe: () => () => {} }), commands: COMMANDS, globalFlags: GLOBAL_FLAGS,
 * });
 * const error = await cleanUpInterruptedLaunch(ctx, await ctx.client(), { refId: "cli-1", name: "trainer", ids: new Set(), announce: () => {} })
 *   .catch((e) => e);
 * console.log(error.code, notes.includes("nothing to terminate")); // interrupted true
 * ```
 */
export async function cleanUpInterruptedLaunch(
  ctx: CommandContext,
  client: LambdaLabsClient,
  launch: InterruptedLaunch,
): Promise<never> {
  const stop = ctx.interrupts.second;
  const sleep = ctx.deps.sleep ?? abortableSleep;
  ctx.io.stderr(
    "\ninterrupted: cleaning up the launch (press Ctrl-C again to stop waiting)\n",
  );
  const terminated: string[] = [];
  try {
    let waited = 0;
    for (const at of SEARCH_AT_MS) {
      if (launch.ids.size > 0 || stop.aborted) break;
      await sleep(at - waited, stop);
      waited = at;
      const found = await findLaunched(client, launch.refId, stop).catch(
        (err) => {
          if (stop.aborted) throw err;
          return [];
        },
      );
      for (const { id, gone } of found) {
        launch.ids.add(id);
        launch.announce(id);
        if (gone) terminated.push(id);
      }
    }
    if (launch.ids.size === 0) {
      ctx.io.stderr(
        "no instance of this launch was found: nothing to terminate\n",
      );
      throw new InterruptedError();
    }
    for (const id of launch.ids) {
      if (terminated.includes(id)) {
        ctx.io.stderr(say`terminating ${id}: already under way\n`);
        continue;
      }
      ctx.io.stderr(say`terminating ${id}…\n`);
      if (await terminate(ctx, client, id, stop)) {
        terminated.push(id);
        ctx.io.stderr(say`terminating ${id}: accepted\n`);
      } else if (!stop.aborted) {
        ctx.io.stderr(say`could not terminate ${id}\n`);
      }
    }
  } catch (err) {
    if (!stop.aborted) throw err;
  }
  const leftRunning = [...launch.ids].filter((id) => !terminated.includes(id));
  if (leftRunning.length > 0) {
    ctx.io.stderr(
      (stop.aborted ? "not waiting for the clean-up. " : "") +
        "These instances may still be running, and billing:\n" +
        leftRunning.map((id) =>
          say`  ${id}: terminate it with: ${ctx.program} terminate ${id} --yes\n`
        ).join(""),
    );
  } else if (launch.ids.size === 0) {
    ctx.io.stderr(
      say`not waiting for the clean-up. The launch may have been accepted: look for an instance named ${launch.name} with '${ctx.program} instances'\n`,
    );
  }
  throw new InterruptedError({ terminated, leftRunning });
}
