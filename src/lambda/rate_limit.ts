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
  /** Serialises waiters so that slots are handed out in order. */
  #queue: Promise<void> = Promise.resolve();

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

  /** Resolves when a call may start; rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.#intervalMs === 0) {
      signal?.throwIfAborted();
      return Promise.resolve();
    }
    const turn = this.#queue.then(async () => {
      signal?.throwIfAborted();
      const wait = this.#nextSlot - this.#now();
      if (wait > 0) await this.#sleep(wait, signal);
      this.#nextSlot = this.#now() + this.#intervalMs;
    });
    // The next waiter queues behind this one whether it succeeds or not.
    this.#queue = turn.catch(() => {});
    return turn;
  }
}
