/**
 * The pacing stage: where every attempt waits for its turn before it is
 * sent. Lambda's description says: requests to the API are generally
 * limited to one per second, and launches to one per 12 seconds (five a
 * minute). The limits are per account, so the clients of one credential
 * share one {@link AccountPacer} (it lives in their `LambdaAccount`), and it
 * keeps to those rates on the injected clock:
 *
 * - **A second apart.** An attempt is let through when at least the
 *   general interval (1 s) has passed since the previous one was.
 * - **Not on top of one still on its way.** Lambda counts a request where
 *   it arrives. On a clock that jumps (a manual clock whose sleep moves
 *   time at once, as in tests), the next attempt's slot can come before
 *   the previous request has even reached the server, and both would
 *   arrive in the same instant; so an attempt not answered yet is given up
 *   to {@link ARRIVAL_GRACE_MS} of real time before the next is let
 *   through. On a real clock the slot is always later than that, and this
 *   never waits.
 * - **Launches 12 s apart**, in a lane of their own: a launch waiting for
 *   its slot does not hold up the reads queued behind it.
 * - **First come, first served**, each waiter with its caller's signal: a
 *   request queued behind the pacer rejects with the signal's reason as soon
 *   as its caller aborts, and is never sent.
 * - **A 429 slows the whole account down**: {@link Pacer.rateLimited} holds
 *   the lane of the refused operation for at least Lambda's documented
 *   interval (or the `Retry-After`, when longer), and tells the retry to
 *   wait as long.
 *
 * @example
 * ```ts
 * import { AccountPacer } from "./pacing.ts";
 * let t = 0;
 * const pacer = new AccountPacer({}, { now: () => t, sleep: (ms) => { t += ms; return Promise.resolve(); } });
 * (await pacer.admit("listInstances"))(); // sent and answered at t = 0
 * (await pacer.admit("getInstance"))(); // waited for its slot
 * console.log(t); // 1000
 * ```
 *
 * @module
 */
import { abortableSleep, raceAbort } from "../../v1/abort.ts";

/**
 * Called once the admitted attempt is over (answered, failed or aborted):
 * it frees the pacer for the next one.
 *
 * @example
 * ```ts
 * import { UNPACED } from "./pacing.ts";
 * const done = await UNPACED.admit("listInstances");
 * try {
 *   // send the request and read its answer
 * } finally {
 *   done();
 * }
 * ```
 */
export type AttemptDone = () => void;

/**
 * Decides when an attempt of an operation may be sent.
 *
 * @example
 * ```ts
 * import type { Pacer } from "./pacing.ts";
 * const log: string[] = [];
 * const logging: Pacer = {
 *   admit: (operationId) => { log.push(operationId); return Promise.resolve(() => {}); },
 *   rateLimited: (_operationId, retryAfterMs) => retryAfterMs ?? 0,
 * };
 * (await logging.admit("getInstance"))();
 * console.log(log); // ["getInstance"]
 * ```
 */
export interface Pacer {
  /**
   * Resolves when an attempt of `operationId` may be sent, with the
   * function to call once it is over; rejects with the signal's reason as
   * soon as `signal` aborts (the attempt is then not sent).
   */
  admit(operationId: string, signal?: AbortSignal): Promise<AttemptDone>;
  /**
   * Records a 429 for `operationId` (with the `Retry-After` it carried, in
   * ms, if any) and returns the least the next attempt must wait, in ms.
   */
  rateLimited(operationId: string, retryAfterMs?: number): number;
}

/**
 * Lambda's documented rates.
 *
 * @example
 * ```ts
 * import { LAMBDA_RATES } from "./pacing.ts";
 * console.log(LAMBDA_RATES.requestsPerSecond, LAMBDA_RATES.launchesPerMinute); // 1 5
 * ```
 */
export const LAMBDA_RATES: Readonly<{
  requestsPerSecond: number;
  launchesPerMinute: number;
}> = Object.freeze({ requestsPerSecond: 1, launchesPerMinute: 5 });

/** The operation Lambda limits on its own. */
const LAUNCH = "launchInstance";
/** Lambda's documented interval between two requests, in ms. */
const REQUEST_INTERVAL_MS = 1_000 / LAMBDA_RATES.requestsPerSecond;
/** Lambda's documented interval between two launches, in ms. */
const LAUNCH_INTERVAL_MS = 60_000 / LAMBDA_RATES.launchesPerMinute;

/**
 * The least wait after a 429 for an operation: Lambda's documented
 * interval between two of them (12 s for a launch, 1 s otherwise), or the
 * `Retry-After` when it asks for longer.
 *
 * @example
 * ```ts
 * import { waitAfterRateLimit } from "./pacing.ts";
 * console.log(waitAfterRateLimit("launchInstance"), waitAfterRateLimit("listInstances", 3_000)); // 12000 3000
 * ```
 */
export function waitAfterRateLimit(
  operationId: string,
  retryAfterMs?: number,
): number {
  const documented = operationId === LAUNCH
    ? LAUNCH_INTERVAL_MS
    : REQUEST_INTERVAL_MS;
  return Math.max(documented, retryAfterMs ?? 0);
}

/**
 * The pass-through pacer: every attempt is sent at once; a 429 still waits
 * the documented interval.
 *
 * @example
 * ```ts
 * import { UNPACED } from "./pacing.ts";
 * (await UNPACED.admit("launchInstance"))();
 * console.log(UNPACED.rateLimited("listInstances")); // 1000
 * ```
 */
export const UNPACED: Pacer = Object.freeze({
  admit(_operationId: string, signal?: AbortSignal): Promise<AttemptDone> {
    return signal?.aborted
      ? Promise.reject(signal.reason)
      : Promise.resolve(() => {});
  },
  rateLimited: waitAfterRateLimit,
});

/**
 * The rates an {@link AccountPacer} keeps to; `Infinity` turns a limit off.
 *
 * @example
 * ```ts
 * import type { PacingRates } from "./pacing.ts";
 * const gentle: PacingRates = { requestsPerSecond: 0.5, launchesPerMinute: 2 };
 * console.log(gentle.requestsPerSecond); // 0.5
 * ```
 */
export interface PacingRates {
  /** Requests per second (default 1, Lambda's general limit). */
  requestsPerSecond?: number;
  /** Launches per minute (default 5, Lambda's launch limit). */
  launchesPerMinute?: number;
}

/**
 * How long, in real time, an attempt that has not been answered yet holds
 * the next one back (see the module documentation): long enough for a
 * request to reach a server on this machine, short enough that a slow
 * answer never holds the account.
 *
 * @example
 * ```ts
 * import { ARRIVAL_GRACE_MS } from "./pacing.ts";
 * console.log(ARRIVAL_GRACE_MS); // 100
 * ```
 */
export const ARRIVAL_GRACE_MS = 100;

/** The clock a pacer measures and sleeps on. */
interface PacerClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A caller waiting for its turn. */
interface Waiter {
  launch: boolean;
  resolve(done: AttemptDone): void;
  /** Stops listening to the caller's signal. */
  leave(): void;
}

function intervalOf(perUnit: number, unitMs: number, name: string): number {
  if (!(perUnit > 0)) throw new RangeError(`${name} must be > 0`);
  return Number.isFinite(perUnit) ? unitMs / perUnit : 0;
}

/**
 * The scheduler of one account; see the module documentation.
 *
 * @example
 * ```ts
 * import { AccountPacer } from "./pacing.ts";
 * let t = 0;
 * const pacer = new AccountPacer({ launchesPerMinute: 5 }, { now: () => t, sleep: (ms) => { t += ms; return Promise.resolve(); } });
 * (await pacer.admit("launchInstance"))();
 * (await pacer.admit("launchInstance"))();
 * console.log(t); // 12000: the second launch waited for its slot
 * ```
 */
export class AccountPacer implements Pacer {
  /** The least time between two requests, in ms (0: not paced). */
  readonly requestIntervalMs: number;
  /** The least time between two launches, in ms (0: not paced). */
  readonly launchIntervalMs: number;
  readonly #clock: PacerClock;
  readonly #queue: Waiter[] = [];
  #nextRequestAt = -Infinity;
  #nextLaunchAt = -Infinity;
  /** When (real time, `performance.now()`) each unanswered attempt went. */
  readonly #unanswered = new Set<{ at: number }>();
  #serving = false;
  /**
   * Where the pacer's last full sleep took it: an injected sleep is trusted
   * to have waited even when the clock did not move (a sleep that returns
   * at once must not make the pacer spin).
   */
  #sleptUntil = -Infinity;
  /** Ends the serving loop's current wait (a waiter came, left, or finished). */
  #wake: AbortController = new AbortController();

  /**
   * Creates the pacer.
   *
   * @param rates the rates to keep to (default: Lambda's)
   * @param clock the clock to measure and sleep on
   * @throws {RangeError} when a rate is not > 0
   */
  constructor(rates: PacingRates, clock: PacerClock) {
    this.requestIntervalMs = intervalOf(
      rates.requestsPerSecond ?? LAMBDA_RATES.requestsPerSecond,
      1_000,
      "maxRequestsPerSecond",
    );
    this.launchIntervalMs = intervalOf(
      rates.launchesPerMinute ?? LAMBDA_RATES.launchesPerMinute,
      60_000,
      "maxCreateRequestsPerMinute",
    );
    this.#clock = clock;
  }

  /** See {@link Pacer.admit}. */
  admit(operationId: string, signal?: AbortSignal): Promise<AttemptDone> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const launch = operationId === LAUNCH;
    if (
      this.requestIntervalMs === 0 && (!launch || this.launchIntervalMs === 0)
    ) {
      return Promise.resolve(() => {});
    }
    return new Promise<AttemptDone>((resolve, reject) => {
      const waiter: Waiter = { launch, resolve, leave: () => {} };
      if (signal) {
        const onAbort = () => {
          const at = this.#queue.indexOf(waiter);
          if (at >= 0) this.#queue.splice(at, 1);
          this.#wakeUp();
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.leave = () => signal.removeEventListener("abort", onAbort);
      }
      this.#queue.push(waiter);
      this.#wakeUp();
      void this.#serve();
    });
  }

  /** See {@link Pacer.rateLimited}. */
  rateLimited(operationId: string, retryAfterMs?: number): number {
    const now = this.#now();
    const wait = waitAfterRateLimit(operationId, retryAfterMs);
    if (operationId === LAUNCH) {
      this.#nextLaunchAt = Math.max(this.#nextLaunchAt, now + wait);
      // The general limit may have refused it too; hold it for its interval.
      this.#nextRequestAt = Math.max(
        this.#nextRequestAt,
        now + REQUEST_INTERVAL_MS,
      );
    } else {
      this.#nextRequestAt = Math.max(this.#nextRequestAt, now + wait);
    }
    return wait;
  }

  /** When `waiter` may go, on the pacer's clock. */
  #readyAt(waiter: Waiter): number {
    return waiter.launch
      ? Math.max(this.#nextRequestAt, this.#nextLaunchAt)
      : this.#nextRequestAt;
  }

  #wakeUp(): void {
    this.#wake.abort();
  }

  /** The pacer's time: the clock's, or where its last sleep took it. */
  #now(): number {
    return Math.max(this.#clock.now(), this.#sleptUntil);
  }

  /** Waits until woken up, or for `ms` on the pacer's clock. */
  async #wait(ms: number): Promise<void> {
    if (this.#wake.signal.aborted) this.#wake = new AbortController();
    const woken = this.#wake.signal;
    const until = this.#now() + ms;
    try {
      await raceAbort(this.#clock.sleep(ms, woken), woken);
      this.#sleptUntil = until;
    } catch {
      // Woken up (or the sleep failed): look at the queue again.
    }
  }

  /** Waits until woken up, or for `ms` of real time. */
  async #waitReal(ms: number): Promise<void> {
    if (this.#wake.signal.aborted) this.#wake = new AbortController();
    await abortableSleep(ms, this.#wake.signal).catch(() => {});
  }

  /** Real-time ms the oldest unanswered attempt still holds the next back. */
  #arrivalGraceLeft(): number {
    const now = performance.now();
    let left = 0;
    for (const attempt of this.#unanswered) {
      left = Math.max(left, attempt.at + ARRIVAL_GRACE_MS - now);
    }
    return left;
  }

  /** Lets the waiters through in order, one at a time, at their slots. */
  async #serve(): Promise<void> {
    if (this.#serving) return;
    this.#serving = true;
    try {
      // Callers attach their handlers before the first turn is handed out.
      await Promise.resolve();
      while (this.#queue.length > 0) {
        // The earliest to be ready, first come first served among equals:
        // a launch waiting for its slot lets the reads behind it pass.
        let next = this.#queue[0];
        for (const waiter of this.#queue) {
          if (this.#readyAt(waiter) < this.#readyAt(next)) next = waiter;
        }
        const wait = this.#readyAt(next) - this.#now();
        if (wait > 0) {
          await this.#wait(wait);
          continue;
        }
        const grace = this.#arrivalGraceLeft();
        if (grace > 0) {
          await this.#waitReal(grace);
          continue;
        }
        this.#queue.splice(this.#queue.indexOf(next), 1);
        next.leave();
        const now = this.#now();
        this.#nextRequestAt = now + this.requestIntervalMs;
        if (next.launch) this.#nextLaunchAt = now + this.launchIntervalMs;
        const attempt = { at: performance.now() };
        this.#unanswered.add(attempt);
        next.resolve(() => {
          if (this.#unanswered.delete(attempt)) this.#wakeUp();
        });
        // Let the caller start before the clock runs for the next one.
        await Promise.resolve();
      }
    } finally {
      this.#serving = false;
    }
  }
}
