/**
 * Waiting that an `AbortSignal` can cut short: the one sleep and the one
 * race against an abort that the whole project uses, and the clamp that
 * keeps every computed delay within what a timer can hold.
 *
 * @example
 * ```ts
 * import { abortableSleep, raceAbort } from "@gpufleet/lambda";
 * const signal = AbortSignal.timeout(1_000);
 * await abortableSleep(5, signal);
 * console.log(await raceAbort(Promise.resolve("done"), signal)); // "done"
 * ```
 *
 * @module
 */

/**
 * The longest delay a timer holds: `setTimeout` fires at once for anything
 * longer than 2³¹ − 1 ms (about 24.8 days).
 *
 * @example
 * ```ts
 * import { MAX_TIMER_MS } from "@gpufleet/lambda";
 * console.log(MAX_TIMER_MS / 86_400_000 > 24); // true
 * ```
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A delay a timer can hold: `NaN` and negatives become 0, anything longer
 * than {@link MAX_TIMER_MS} becomes that.
 *
 * @example
 * ```ts
 * import { clampTimerMs } from "@gpufleet/lambda";
 * console.log(clampTimerMs(30 * 86_400_000)); // 2147483647
 * console.log(clampTimerMs(-5)); // 0
 * ```
 */
export function clampTimerMs(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, MAX_TIMER_MS);
}

/**
 * Resolves after `ms` milliseconds (clamped by {@link clampTimerMs}), or
 * rejects with the signal's reason as soon as `signal` aborts, clearing the
 * timer.
 *
 * @example
 * ```ts
 * import { abortableSleep } from "@gpufleet/lambda";
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(new Error("stop")), 5);
 * console.log(await abortableSleep(60_000, controller.signal).catch((e) => e.message)); // "stop"
 * ```
 */
export function abortableSleep(
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, clampTimerMs(ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as
 * `signal` aborts, so that work which ignores signals (an injected sleep, a
 * `fetch` that does not listen) cannot delay a caller's abort. A rejection
 * of `promise` after the abort is absorbed, never left unhandled.
 *
 * @example
 * ```ts
 * import { raceAbort } from "@gpufleet/lambda";
 * const slow = new Promise((resolve) => setTimeout(resolve, 50));
 * console.log(await raceAbort(slow, AbortSignal.abort(new Error("gone"))).catch((e) => e.message)); // "gone"
 * ```
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
