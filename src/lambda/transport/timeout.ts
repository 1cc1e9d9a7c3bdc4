/**
 * The per-attempt timeout, covering the request and the reading of its
 * body, combined with the caller's signal.
 *
 * Attempts share coarse timers rather than arming one each: the attempts a
 * transport starts within one window (an eighth of the timeout, at most a
 * second) share one signal, aborted once the last of them has had its full
 * timeout. An attempt therefore times out no sooner than `timeoutMs` after
 * it started and at most one window later. Arming and clearing a timer per
 * attempt costs more than the rest of the timeout's work together; one timer
 * per window is paid once for hundreds of calls. A window's timer keeps the
 * process alive only while one of its attempts is in flight.
 *
 * @example
 * ```ts
 * import { AttemptTimer } from "./timeout.ts";
 * const timer = new AttemptTimer(5_000);
 * const guard = timer.guard(undefined);
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
 * import { type AttemptGuard, AttemptTimer } from "./timeout.ts";
 * const guard: AttemptGuard = new AttemptTimer(1_000).guard(AbortSignal.timeout(60_000));
 * guard.done();
 * console.log(guard.timedOut.aborted); // false
 * ```
 */
export interface AttemptGuard {
  /** Aborts on the timeout or with the caller's signal. */
  readonly signal: AbortSignal;
  /** Aborted only by the timeout. */
  readonly timedOut: AbortSignal;
  /** Ends the attempt (call it once, when the attempt ends). */
  done(): void;
}

/** The reason a guard's signal aborts with when its time is up. */
class AttemptTimedOut extends Error {
  override readonly name = "AttemptTimedOut";
}

/** The longest window of attempts that share a timer, in ms. */
const MAX_WINDOW_MS = 1_000;

/** A timer as `setTimeout` returns it: an object that may be (un)referenced. */
type TimerHandle = ReturnType<typeof setTimeout> & {
  ref?: () => unknown;
  unref?: () => unknown;
};

/**
 * The clock and timers an {@link AttemptTimer} runs on (injectable for
 * tests): a monotonic clock in ms, `setTimeout` and `clearTimeout`.
 *
 * @example
 * ```ts
 * import type { Timers } from "./timeout.ts";
 * const real: Timers = { now: () => performance.now(), setTimeout, clearTimeout };
 * console.log(real.now() >= 0); // true
 * ```
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimeout(timer: ReturnType<typeof setTimeout>): void;
}

const REAL_TIMERS: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer),
};

/** The attempts that started within one window, and their shared timer. */
class Window {
  readonly controller = new AbortController();
  readonly timer: TimerHandle;
  /** Attempts of this window still in flight. */
  pending = 0;

  constructor(
    readonly timers: Timers,
    readonly openUntil: number,
    delayMs: number,
    timeoutMs: number,
  ) {
    this.timer = timers.setTimeout(
      () =>
        this.controller.abort(
          new AttemptTimedOut(`no answer within ${timeoutMs} ms`),
        ),
      clampTimerMs(delayMs),
    ) as TimerHandle;
  }

  /** No attempt joins any more (a newer window took over). */
  #closed = false;

  join(): void {
    // The timer holds the process only while an attempt waits on it.
    if (this.pending++ === 0) this.timer.ref?.();
  }

  leave(): void {
    if (--this.pending > 0) return;
    if (this.#closed) this.timers.clearTimeout(this.timer);
    else this.timer.unref?.();
  }

  close(): void {
    this.#closed = true;
    if (this.pending === 0) this.timers.clearTimeout(this.timer);
  }
}

/**
 * The timeouts of one transport's attempts (see the module documentation).
 *
 * @example
 * ```ts
 * import { AttemptTimer } from "./timeout.ts";
 * const timer = new AttemptTimer(10);
 * const guard = timer.guard(undefined);
 * await new Promise((resolve) => guard.signal.addEventListener("abort", resolve));
 * console.log(guard.timedOut.aborted); // true
 * guard.done();
 * ```
 */
export class AttemptTimer {
  readonly #timeoutMs: number;
  readonly #windowMs: number;
  readonly #timers: Timers;
  #current?: Window;

  /**
   * @param timeoutMs the timeout of one attempt
   * @param timers the clock and timers (default: the real ones)
   */
  constructor(timeoutMs: number, timers: Timers = REAL_TIMERS) {
    this.#timeoutMs = timeoutMs;
    this.#windowMs = Math.min(clampTimerMs(timeoutMs) / 8, MAX_WINDOW_MS);
    this.#timers = timers;
  }

  /**
   * A guard whose signal aborts no sooner than `timeoutMs` from now (and at
   * most a window later), or when `signal` aborts.
   */
  guard(signal: AbortSignal | undefined): AttemptGuard {
    const now = this.#timers.now();
    let window = this.#current;
    if (window === undefined || now >= window.openUntil) {
      window?.close();
      window = new Window(
        this.#timers,
        now + this.#windowMs,
        clampTimerMs(this.#timeoutMs) + this.#windowMs,
        this.#timeoutMs,
      );
      this.#current = window;
    }
    window.join();
    const timedOut = window.controller.signal;
    let left = false;
    return {
      signal: signal ? AbortSignal.any([signal, timedOut]) : timedOut,
      timedOut,
      done: () => {
        if (left) return;
        left = true;
        window.leave();
      },
    };
  }
}
