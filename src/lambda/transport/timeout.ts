/**
 * The per-attempt timeout: one timer per attempt, covering the request and
 * the reading of its body, combined with the caller's signal.
 *
 * @example
 * ```ts
 * import { guardAttempt } from "./timeout.ts";
 * const guard = guardAttempt(5_000, undefined);
 * try {
 *   await fetch("https://cloud.lambda.ai/api/v1/regions", { signal: guard.signal });
 * } finally {
 *   guard.done();
 * }
 * ```
 *
 * @module
 */
import { clampTimerMs } from "../../v1/abort.ts";

/**
 * The signal of one attempt.
 *
 * @example
 * ```ts
 * import { type AttemptGuard, guardAttempt } from "./timeout.ts";
 * const guard: AttemptGuard = guardAttempt(1_000, AbortSignal.timeout(60_000));
 * guard.done();
 * console.log(guard.timedOut.aborted); // false
 * ```
 */
export interface AttemptGuard {
  /** Aborts on the timeout or with the caller's signal. */
  readonly signal: AbortSignal;
  /** Aborted only by the timeout. */
  readonly timedOut: AbortSignal;
  /** Clears the timer (call it when the attempt ends). */
  done(): void;
}

/** The reason a guard's signal aborts with when its time is up. */
class AttemptTimedOut extends Error {
  override readonly name = "AttemptTimedOut";
}

/**
 * A guard whose signal aborts after `timeoutMs` (clamped to what a timer
 * holds) or when `signal` aborts.
 *
 * @example
 * ```ts
 * import { guardAttempt } from "./timeout.ts";
 * const guard = guardAttempt(10, undefined);
 * await new Promise((resolve) => guard.signal.addEventListener("abort", resolve));
 * console.log(guard.timedOut.aborted); // true
 * ```
 */
export function guardAttempt(
  timeoutMs: number,
  signal: AbortSignal | undefined,
): AttemptGuard {
  const timeout = new AbortController();
  const timer = setTimeout(
    () =>
      timeout.abort(new AttemptTimedOut(`no answer within ${timeoutMs} ms`)),
    clampTimerMs(timeoutMs),
  );
  return {
    signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
    timedOut: timeout.signal,
    done: () => clearTimeout(timer),
  };
}
