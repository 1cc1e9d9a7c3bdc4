/**
 * Waiting for instances with a progress line on terminals.
 *
 * @module
 */

import {
  abortableSleep,
  type CloudInstanceReader,
  type Instance,
  type LifecycleStatus,
  waitForInstanceLifecycleStatus,
} from "../src/v1/mod.ts";
import type { CommandContext } from "./command.ts";
import { type CliIo, formatDuration, startProgress } from "./output.ts";

/** How long `--wait` waits for a boot or a termination. */
const WAIT_TIMEOUT_MS = 30 * 60_000;

/**
 * Options of {@link waitWithProgress}.
 *
 * @example
 * ```ts
 * import type { WaitWithProgressOptions } from "./wait.ts";
 * const options: WaitWithProgressOptions = { timeoutMs: 30 * 60_000, pollMs: 1_000 };
 * ```
 */
export interface WaitWithProgressOptions {
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Milliseconds between reads. */
  pollMs: number;
  /** Aborts the wait. */
  signal?: AbortSignal;
  /** Replaces the timer (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Replaces `Date.now` (tests). */
  now?: () => number;
}

/**
 * Waits until the instance reaches `status`, showing `label`, the last
 * status seen and the elapsed time on stderr while stderr is a terminal.
 * Resolves with the instance (or `undefined` when waiting for `terminated`
 * and it is gone).
 *
 * @example
 * ```ts
 * import { waitWithProgress } from "./wait.ts";
 * import { processIo } from "./output.ts";
 * import type { CloudClient } from "../src/v1/mod.ts";
 * declare const client: CloudClient;
 * const running = await waitWithProgress(client, "i-1", "running", processIo(), "booting i-1", { timeoutMs: 1_800_000, pollMs: 5_000 });
 * ```
 */
export async function waitWithProgress(
  client: Pick<CloudInstanceReader, "getInstance" | "getInstancePollTime">,
  instanceId: string,
  status: LifecycleStatus,
  io: CliIo,
  label: string,
  options: WaitWithProgressOptions,
): Promise<Instance | undefined> {
  const now = options.now ?? Date.now;
  const started = now();
  const progress = startProgress(io, `${label}…`);
  let last = "";
  const show = () =>
    progress.update(
      `${label}${last ? ` (${last})` : ""} ${formatDuration(now() - started)}`,
    );
  const ticker = io.isTerminal() ? setInterval(show, 250) : undefined;
  const watched = {
    getInstancePollTime: () => client.getInstancePollTime(),
    getInstance: async (id: string, opts?: { signal?: AbortSignal }) => {
      const instance = await client.getInstance(id, opts);
      last = instance.status.lifecycleStatus;
      show();
      return instance;
    },
  };
  try {
    return await waitForInstanceLifecycleStatus(
      watched,
      instanceId,
      status,
      options,
    );
  } finally {
    clearInterval(ticker);
    progress.stop();
  }
}

/**
 * After a reboot request the API may report `running` for a moment more;
 * waiting for `running` at once would then return before the reboot. This
 * waits until the instance reports anything else, for at most five polls:
 * a reboot faster than that is simply not seen.
 *
 * @example
 * ```ts
 * import { waitUntilNotRunning } from "./wait.ts";
 * import type { CloudClient } from "../src/v1/mod.ts";
 * declare const client: CloudClient;
 * await client.rebootInstance("i-1");
 * await waitUntilNotRunning(client, "i-1", { pollMs: 1_000 });
 * ```
 */
export async function waitUntilNotRunning(
  client: Pick<CloudInstanceReader, "getInstance">,
  instanceId: string,
  options: Pick<WaitWithProgressOptions, "pollMs" | "signal" | "sleep">,
): Promise<void> {
  const sleep = options.sleep ?? abortableSleep;
  for (let poll = 0; poll < 5; poll++) {
    const instance = await client.getInstance(instanceId, {
      signal: options.signal,
    });
    if (instance.status.lifecycleStatus !== "running") return;
    await sleep(options.pollMs, options.signal);
  }
}

/**
 * The wait options of a command: the tool's timeout, the target's poll
 * interval, the command's signal and the injected clock.
 *
 * @example
 * ```ts
 * import { waitOptions } from "./wait.ts";
 * import type { CommandContext } from "./command.ts";
 * declare const ctx: CommandContext;
 * const options = await waitOptions(ctx);
 * console.log(options.pollMs);
 * ```
 */
export async function waitOptions(
  ctx: CommandContext,
  signal: AbortSignal = ctx.signal,
): Promise<WaitWithProgressOptions> {
  return {
    timeoutMs: WAIT_TIMEOUT_MS,
    pollMs: await ctx.pollMs(),
    signal,
    sleep: ctx.deps.sleep,
    now: ctx.deps.now,
  };
}
