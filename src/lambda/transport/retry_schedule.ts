/**
 * Retry, part three of three: the schedule. {@link retrying} is the one
 * retry loop of the provider: the transport runs every request through it,
 * and the create path runs its own loops through it too (the clean-up
 * terminate, the search after a lost launch answer, the launch itself). It
 * bounds the attempts and the elapsed time, asks the caller's `decide`
 * whether an outcome is worth another attempt, and sleeps between attempts
 * on the caller's clock, cut short by the caller's signal.
 *
 * @example
 * ```ts
 * import { retrying } from "./retry_schedule.ts";
 * let calls = 0;
 * const value = await retrying({
 *   attempt: () => ++calls < 3 ? Promise.reject(new Error("flaky")) : Promise.resolve("done"),
 *   decide: (outcome) => ({ retry: !outcome.ok }),
 *   maxAttempts: 5,
 *   delayMs: () => 1,
 *   clock: { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
 * });
 * console.log(value, calls); // "done" 3
 * ```
 *
 * @module
 */
import { clampTimerMs, raceAbort } from "../../v1/abort.ts";
import type { DelayMs } from "./retry_delay.ts";

/**
 * Bounds of the transport's retries.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type RetryOptions } from "@gpufleet/lambda";
 * const patient: RetryOptions = { maxAttempts: 8, maxElapsedMs: 120_000 };
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret", retry: patient });
 * console.log(client.toJSON().retry);
 * ```
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4; 1 disables retries). */
  maxAttempts?: number;
  /** The backoff ceiling of the first retry, in ms (default 500). */
  initialDelayMs?: number;
  /** The largest backoff ceiling, in ms (default 20 000). */
  maxDelayMs?: number;
  /** No retry starts that would end after this many ms since the first attempt (default 60 000). */
  maxElapsedMs?: number;
}

/**
 * The default retry bounds.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({
 *   refId: "cred-1",
 *   apiKey: "secret",
 *   retry: { ...DEFAULT_RETRY, maxAttempts: DEFAULT_RETRY.maxAttempts * 2 },
 * });
 * console.log(client.toJSON().retry);
 * ```
 */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({
  maxAttempts: 4,
  initialDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 60_000,
});

/**
 * What one attempt came to: a value, or what it threw.
 *
 * @example
 * ```ts
 * import type { Settled } from "./retry_schedule.ts";
 * const failed: Settled<string> = { ok: false, error: new Error("reset") };
 * console.log(failed.ok); // false
 * ```
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Whether to try again, and what the outcome asked to wait (ms).
 *
 * @example
 * ```ts
 * import type { Decision } from "./retry_schedule.ts";
 * const rateLimited: Decision = { retry: true, retryAfterMs: 1_000 };
 * console.log(rateLimited.retry); // true
 * ```
 */
export interface Decision {
  /** Another attempt may succeed and is safe to make. */
  retry: boolean;
  /** The least the next attempt must wait, in ms. */
  retryAfterMs?: number;
}

/**
 * The clock a loop measures and sleeps on (injectable, so tests take no
 * wall time).
 *
 * @example
 * ```ts
 * import type { RetryClock } from "./retry_schedule.ts";
 * let t = 0;
 * const manual: RetryClock = { now: () => t, sleep: (ms) => { t += ms; return Promise.resolve(); } };
 * await manual.sleep(5);
 * console.log(manual.now()); // 5
 * ```
 */
export interface RetryClock {
  /** Milliseconds since some origin. */
  now(): number;
  /** Resolves after `ms`; may reject early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * One retry loop: what to attempt, how to judge an outcome, how long to
 * wait and for how long in all.
 *
 * @example
 * ```ts
 * import type { RetryLoop } from "./retry_schedule.ts";
 * const loop: RetryLoop<number> = {
 *   attempt: () => Promise.resolve(42),
 *   decide: () => ({ retry: false }),
 *   maxAttempts: 1,
 *   delayMs: () => 0,
 *   clock: { now: Date.now, sleep: () => Promise.resolve() },
 * };
 * console.log(loop.maxAttempts); // 1
 * ```
 */
export interface RetryLoop<T> {
  /** Makes attempt number `n` (1-based). */
  attempt(n: number): Promise<T>;
  /** Whether the outcome of attempt `n` is worth another attempt. */
  decide(outcome: Settled<T>, n: number): Decision;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /**
   * No retry starts whose delay would end later than this many ms after
   * the first attempt began (default: no bound).
   */
  maxElapsedMs?: number;
  /** The delay before retry number `retry` (clamped by `clampTimerMs`). */
  delayMs: DelayMs;
  /** The clock to measure and sleep on. */
  clock: RetryClock;
  /** Ends the loop with the signal's reason, in an attempt or a sleep. */
  signal?: AbortSignal;
  /**
   * Sees every outcome with the delay before the next attempt (`undefined`
   * for the last one); not called for an attempt the signal cut short.
   */
  observe?(outcome: Settled<T>, n: number, delayMs: number | undefined): void;
}

/**
 * Runs `loop.attempt` until `decide` says stop, the attempts or the elapsed
 * budget run out, or the signal aborts. Returns the last value, or throws
 * the last error (the signal's reason on an abort).
 *
 * @example
 * ```ts
 * import { retrying } from "./retry_schedule.ts";
 * let t = 0;
 * const found = await retrying<string | undefined>({
 *   attempt: (n) => Promise.resolve(n === 3 ? "i-1" : undefined),
 *   decide: (outcome) => ({ retry: !outcome.ok || outcome.value === undefined }),
 *   maxAttempts: 4,
 *   delayMs: () => 10_000,
 *   clock: { now: () => t, sleep: (ms) => { t += ms; return Promise.resolve(); } },
 * });
 * console.log(found, t); // "i-1" 20000
 * ```
 */
export async function retrying<T>(loop: RetryLoop<T>): Promise<T> {
  const { clock, signal } = loop;
  const maxElapsedMs = loop.maxElapsedMs ?? Infinity;
  const start = clock.now();
  for (let n = 1;; n++) {
    signal?.throwIfAborted();
    let outcome: Settled<T>;
    try {
      outcome = { ok: true, value: await loop.attempt(n) };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      outcome = { ok: false, error };
    }
    const decision = loop.decide(outcome, n);
    let delay: number | undefined;
    if (decision.retry && n < loop.maxAttempts) {
      delay = clampTimerMs(loop.delayMs(n, decision.retryAfterMs));
      if (clock.now() - start + delay > maxElapsedMs) delay = undefined;
    }
    loop.observe?.(outcome, n, delay);
    if (delay === undefined) {
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    }
    // An injected sleep that ignores signals must not delay an abort.
    await raceAbort(clock.sleep(delay, signal), signal);
  }
}
