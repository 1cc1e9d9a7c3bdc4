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
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { waitWithProgress, type WaitWithProgressOptions } from "./wait.ts";
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const options: WaitWithProgressOptions = { timeoutMs: 30 * 60_000, pollMs: 1_000, sleep, now };
 * const io = { stdout: () => {}, stderr: () => {}, isTerminal: () => false };
 * console.log((await waitWithProgress(client, inst.cloudId, "running", io, "booting", options))?.status); // { lifecycleStatus: "running" }
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
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { waitWithProgress } from "./wait.ts";
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * let drawn = "";
 * const terminal = { stdout: () => {}, stderr: (t: string) => { drawn += t; }, isTerminal: () => true };
 * const running = await waitWithProgress(client, inst.cloudId, "running", terminal, "booting", { timeoutMs: 1_800_000, pollMs: 5_000, sleep, now });
 * console.log(running?.publicIp !== undefined, drawn.includes("booting")); // true true
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
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { waitUntilNotRunning } from "./wait.ts";
 * const mock = createMockLambda();
 * const { sleep } = mock.clientOptions();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * mock.clock.advance(60_000); // running
 * await client.rebootInstance(inst.cloudId);
 * await waitUntilNotRunning(client, inst.cloudId, { pollMs: 1_000, sleep });
 * console.log((await client.getInstance(inst.cloudId)).status.lifecycleStatus); // "pending" (restarting)
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
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { rebootCommand } from "./commands/instances.ts";
 * import { createContext } from "./context.ts";
 * import { Interrupts } from "./interrupt.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * import { waitOptions } from "./wait.ts";
 * const { ctx } = createContext({
 *   command: rebootCommand, program: "lambda", positionals: ["i-1"], flags: { mock: true, wait: true }, output: "table",
 *   io: { stdout: () => {}, stderr: () => {}, isTerminal: () => false }, env: {}, deps: defaultCliDeps(),
 *   interrupts: new Interrupts({ subscribe: () => () => {} }), commands: COMMANDS, globalFlags: GLOBAL_FLAGS,
 * });
 * const options = await waitOptions(ctx);
 * console.log(options.timeoutMs, options.pollMs); // 1800000 500 (an emulator is polled faster)
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
