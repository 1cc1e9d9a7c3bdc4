/**
 * Waiting for an instance to reach a lifecycle status.
 *
 * @module
 */

import { abortableSleep, raceAbort } from "./abort.ts";
import type { CloudInstanceReader } from "./client.ts";
import {
  InstanceDisappearedError,
  InstanceNotFoundError,
  InstanceWaitTimeoutError,
  InvalidArgumentError,
} from "./errors.ts";
import type { Instance, LifecycleStatus } from "./instance.ts";

/**
 * Options of {@link waitForInstanceLifecycleStatus}.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, waitForInstanceLifecycleStatus, type WaitForInstanceOptions } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions(); // the emulator's manual clock: no real waiting
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const options: WaitForInstanceOptions = { timeoutMs: 20 * 60_000, pollMs: 5_000, sleep, now };
 * console.log((await waitForInstanceLifecycleStatus(client, inst.cloudId, "running", options)).status); // { lifecycleStatus: "running" }
 * ```
 */
export interface WaitForInstanceOptions {
  /** Give up after this many milliseconds (a finite number ≥ 0). */
  timeoutMs: number;
  /** Milliseconds between reads; defaults to `client.getInstancePollTime()`. */
  pollMs?: number;
  /** Aborts the wait; it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Replaces the timer, e.g. with a manual clock in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Replaces `Date.now`, e.g. with a manual clock in tests. */
  now?: () => number;
}

/** Statuses an instance never leaves. */
const FINAL_STATUSES: ReadonlySet<LifecycleStatus> = new Set([
  "terminated",
  "failed",
]);

/**
 * Polls `client.getInstance(instanceId)` until the instance's lifecycle status
 * is `status`, and resolves with the instance as last read.
 *
 * - Reads once at once, then every `pollMs`, and one last time when
 *   `timeoutMs` runs out; if the status still differs, rejects with
 *   {@link InstanceWaitTimeoutError} (carrying the last status seen).
 * - If the provider reports the instance not found
 *   ({@link InstanceNotFoundError}): when waiting for `terminated` that counts
 *   as success — providers drop terminated instances from their lists after a
 *   while, so "gone" is the end state — and the promise resolves with
 *   `undefined`; when waiting for anything else it rejects with
 *   {@link InstanceDisappearedError} whose `cause` is the provider's error.
 * - Any other error from `getInstance` rejects the wait unchanged (providers
 *   retry transient failures themselves).
 * - When `signal` aborts — before the start, during a read or during a
 *   sleep — rejects promptly with the signal's reason.
 * - A status the instance can never leave (`terminated` or `failed`) while
 *   waiting for another one rejects at once with
 *   {@link InstanceDisappearedError} naming that `lastStatus`, rather than
 *   polling until the timeout.
 *
 * @throws {InvalidArgumentError} (as a rejection) when `timeoutMs` or `pollMs` is not a valid duration
 * @example
 * ```ts
 * import { LambdaLabsClient, waitForInstanceLifecycleStatus } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * await client.terminateInstance(inst.cloudId);
 * const gone = await waitForInstanceLifecycleStatus(client, inst.cloudId, "terminated", { timeoutMs: 600_000, sleep, now });
 * console.log(gone?.status.lifecycleStatus ?? "no longer listed"); // "terminated"
 * ```
 */
export function waitForInstanceLifecycleStatus(
  client: Pick<CloudInstanceReader, "getInstance" | "getInstancePollTime">,
  instanceId: string,
  status: "terminated",
  options: WaitForInstanceOptions,
): Promise<Instance | undefined>;
/**
 * Waits for a status other than `terminated`; resolves with the instance.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, waitForInstanceLifecycleStatus } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const running = await waitForInstanceLifecycleStatus(client, inst.cloudId, "running", { timeoutMs: 600_000, sleep, now });
 * console.log(running.publicIp !== undefined); // true
 * ```
 */
export function waitForInstanceLifecycleStatus(
  client: Pick<CloudInstanceReader, "getInstance" | "getInstancePollTime">,
  instanceId: string,
  status: Exclude<LifecycleStatus, "terminated">,
  options: WaitForInstanceOptions,
): Promise<Instance>;
/**
 * Waits for any status; resolves with `undefined` only when waiting for
 * `terminated` and the instance is gone.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type LifecycleStatus, waitForInstanceLifecycleStatus } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const wanted = (Deno.args[0] ?? "running") as LifecycleStatus;
 * const reached = await waitForInstanceLifecycleStatus(client, inst.cloudId, wanted, { timeoutMs: 600_000, sleep, now });
 * console.log(reached?.status.lifecycleStatus); // "running"
 * ```
 */
export function waitForInstanceLifecycleStatus(
  client: Pick<CloudInstanceReader, "getInstance" | "getInstancePollTime">,
  instanceId: string,
  status: LifecycleStatus,
  options: WaitForInstanceOptions,
): Promise<Instance | undefined>;
export async function waitForInstanceLifecycleStatus(
  client: Pick<CloudInstanceReader, "getInstance" | "getInstancePollTime">,
  instanceId: string,
  status: LifecycleStatus,
  options: WaitForInstanceOptions,
): Promise<Instance | undefined> {
  const { timeoutMs, signal } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new InvalidArgumentError(
      "options.timeoutMs",
      "must be a finite number >= 0",
    );
  }
  const pollMs = options.pollMs ?? client.getInstancePollTime();
  if (!Number.isFinite(pollMs) || pollMs <= 0) {
    throw new InvalidArgumentError(
      "options.pollMs",
      "must be a finite number > 0",
    );
  }
  signal?.throwIfAborted();

  const deadline = now() + timeoutMs;
  for (;;) {
    let instance: Instance;
    try {
      instance = await raceAbort(
        client.getInstance(instanceId, { signal }),
        signal,
      );
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (err instanceof InstanceNotFoundError) {
        if (status === "terminated") return undefined;
        throw new InstanceDisappearedError(
          { instanceId, desiredStatus: status },
          { cause: err },
        );
      }
      throw err;
    }
    const lastStatus = instance.status.lifecycleStatus;
    if (lastStatus === status) return instance;
    if (FINAL_STATUSES.has(lastStatus)) {
      throw new InstanceDisappearedError({
        instanceId,
        desiredStatus: status,
        lastStatus,
      });
    }
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new InstanceWaitTimeoutError({
        instanceId,
        desiredStatus: status,
        lastStatus,
        timeoutMs,
      });
    }
    await raceAbort(sleep(Math.min(pollMs, remaining), signal), signal);
  }
}
