/**
 * Clocks for the emulator's state model. The model never reads the system
 * time itself: every timestamp and every lifecycle step comes from a
 * {@linkcode Clock}.
 *
 * - {@linkcode ManualClock}: time stands still until `advance(ms)` is called.
 *   Tests drive the instance lifecycle with it and never wait in wall time.
 * - {@linkcode RealClock}: `Date.now()`; lifecycle steps happen as real time
 *   passes (the model catches up lazily whenever its state is read).
 *
 * @module
 */

/**
 * A source of time in epoch milliseconds.
 *
 * @example
 * ```ts
 * import { type Clock, ManualClock } from "./clock.ts";
 * const clock: Clock = new ManualClock();
 * clock.advance(1_500);
 * console.log(new Date(clock.now()).toISOString()); // "2026-01-01T00:00:01.500Z"
 * ```
 */
export interface Clock {
  /** `"manual"` or `"real"`. */
  readonly kind: "manual" | "real";
  /** Current time, epoch milliseconds. */
  now(): number;
  /**
   * Moves a manual clock forward by `ms` (≥ 0). A real clock throws a
   * `TypeError`.
   */
  advance(ms: number): void;
}

/** The last instant a JavaScript `Date` can represent. */
const MAX_DATE_MS = 8.64e15;

/** The epoch where a manual clock starts by default: 2026-01-01T00:00:00Z. @example `new ManualClock(DEFAULT_START_MS).now() === DEFAULT_START_MS` */
export const DEFAULT_START_MS: number = Date.UTC(2026, 0, 1);

/**
 * A clock that moves only when told to.
 *
 * @example
 * ```ts
 * import { ManualClock } from "./clock.ts";
 * const clock = new ManualClock();
 * clock.advance(60_000);
 * console.log(new Date(clock.now()).toISOString()); // "2026-01-01T00:01:00.000Z"
 * ```
 */
export class ManualClock implements Clock {
  /** Always `"manual"`. */
  readonly kind = "manual" as const;
  #now: number;
  #listeners: Array<(now: number) => void> = [];

  /** @param startMs the initial time (default 2026-01-01T00:00:00Z) */
  constructor(startMs: number = DEFAULT_START_MS) {
    if (!Number.isFinite(startMs)) {
      throw new TypeError("startMs must be a finite number");
    }
    this.#now = startMs;
  }

  /** Current time, epoch milliseconds. */
  now(): number {
    return this.#now;
  }

  /**
   * Moves the clock forward.
   *
   * @param ms milliseconds, a finite number ≥ 0
   */
  advance(ms: number): void {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      throw new TypeError("advance(ms) needs a finite number >= 0");
    }
    // Past this, dates have no ISO form and every answer would fail.
    if (this.#now + ms > MAX_DATE_MS) {
      throw new RangeError(
        `advance(ms) would move the clock past ${
          new Date(MAX_DATE_MS).toISOString()
        }`,
      );
    }
    this.#now += ms;
    for (const listener of this.#listeners) listener(this.#now);
  }

  /**
   * Registers a function called after each `advance`. Returns a function
   * that removes it.
   *
   * @param listener called with the new time
   */
  onAdvance(listener: (now: number) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }
}

/**
 * The system clock.
 *
 * @example
 * ```ts
 * import { RealClock } from "./clock.ts";
 * const clock = new RealClock();
 * console.log(clock.now() > 0); // true
 * ```
 */
export class RealClock implements Clock {
  /** Always `"real"`. */
  readonly kind = "real" as const;

  /** Current time, `Date.now()`. */
  now(): number {
    return Date.now();
  }

  /** Always throws: real time cannot be moved. */
  advance(_ms: number): void {
    throw new TypeError("advance() works on the manual clock only");
  }
}

/**
 * ISO 8601 time with microseconds, as the audit log writes it.
 *
 * @example
 * ```ts
 * import { isoMicros } from "./clock.ts";
 * console.log(isoMicros(0)); // "1970-01-01T00:00:00.000000Z"
 * ```
 */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
