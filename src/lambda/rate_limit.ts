/**
 * A client-side limiter for launches. Lambda Cloud accepts about one launch
 * per 12 seconds (5 per minute) per account and answers faster ones with 429;
 * spacing launches evenly keeps `createInstance` under the limit instead of
 * burning retries.
 *
 * @module
 */

/**
 * Spaces calls at least `60 000 / perMinute` ms apart on an injectable clock.
 * Waiters are served in order; an aborted waiter gives its turn back.
 *
 * @example
 * ```ts
 * import { LaunchRateLimiter } from "./rate_limit.ts";
 * let t = 0;
 * const limiter = new LaunchRateLimiter(5, { now: () => t, sleep: (ms) => { t += ms; return Promise.resolve(); } });
 * await limiter.acquire();
 * await limiter.acquire(); // waited 12 s on the fake clock
 * console.log(t); // 12000
 * ```
 */
export class LaunchRateLimiter {
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** When the next call may start. */
  #nextSlot = -Infinity;
  /** Waiters in order; the first is the one the limiter sleeps for. */
  readonly #waiters: Waiter[] = [];
  #serving = false;

  /**
   * Creates the limiter.
   *
   * @param perMinute calls allowed per minute; `Infinity` disables limiting
   * @param clock the clock and sleep to use
   */
  constructor(
    perMinute: number,
    clock: {
      now: () => number;
      sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
    },
  ) {
    if (!(perMinute > 0)) {
      throw new RangeError("maxCreateRequestsPerMinute must be > 0");
    }
    this.#intervalMs = Number.isFinite(perMinute) ? 60_000 / perMinute : 0;
    this.#now = clock.now;
    this.#sleep = clock.sleep;
  }

  /** The minimum spacing between calls, in ms. */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /**
   * Resolves when a call may start; rejects with the signal's reason as soon
   * as it aborts (the waiter leaves the queue, its turn unused).
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#intervalMs === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, signal, leave: () => {} };
      if (signal) {
        const onAbort = () => {
          const at = this.#waiters.indexOf(waiter);
          if (at >= 0) this.#waiters.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.leave = () => signal.removeEventListener("abort", onAbort);
      }
      this.#waiters.push(waiter);
      void this.#serve();
    });
  }

  /** Hands out slots to the waiters in order, one interval apart. */
  async #serve(): Promise<void> {
    if (this.#serving) return;
    this.#serving = true;
    try {
      // Callers attach their handlers before the first slot is handed out.
      await Promise.resolve();
      while (this.#waiters.length > 0) {
        const head = this.#waiters[0];
        const wait = this.#nextSlot - this.#now();
        if (wait > 0) {
          // The head's abort ends the sleep; the next head then waits.
          await this.#sleep(wait, head.signal).catch(() => {});
          continue;
        }
        this.#waiters.shift();
        head.leave();
        this.#nextSlot = this.#now() + this.#intervalMs;
        head.resolve();
        // Let the caller start before the clock runs for the next one.
        await Promise.resolve();
      }
    } finally {
      this.#serving = false;
    }
  }
}

/** A caller waiting for a slot. */
interface Waiter {
  resolve: () => void;
  signal?: AbortSignal;
  /** Stops listening to the signal. */
  leave: () => void;
}
