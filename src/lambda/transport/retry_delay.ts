/**
 * Retry, part two of three: how long to wait before the next attempt.
 * Exponential backoff with full jitter (a uniform draw between 0 and a
 * ceiling that doubles with every retry, up to `maxDelayMs`), never shorter
 * than what the server asked for in `Retry-After`, and clamped to what a
 * timer can hold: a `Retry-After` of 30 days waits about 24.8 days rather
 * than overflowing to 1 ms.
 *
 * @example
 * ```ts
 * import { fullJitterBackoff } from "./retry_delay.ts";
 * const delayMs = fullJitterBackoff({ initialDelayMs: 500, maxDelayMs: 20_000 }, () => 0.5);
 * console.log(delayMs(1), delayMs(3), delayMs(1, 7_000)); // 250 1000 7000
 * ```
 *
 * @module
 */
import { clampTimerMs } from "../../v1/abort.ts";

/**
 * `Retry-After` in ms (delta seconds or HTTP date), or `undefined` when it
 * is absent or unreadable.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from "./retry_delay.ts";
 * console.log(parseRetryAfter("3", 0), parseRetryAfter("soon", 0)); // 3000 undefined
 * ```
 */
export function parseRetryAfter(
  value: string | null,
  nowMs: number,
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The delay before retry number `retry` (1-based), given what the failed
 * attempt's answer asked for, in ms.
 *
 * @example
 * ```ts
 * import type { DelayMs } from "./retry_delay.ts";
 * const fixed: DelayMs = () => 1_000;
 * console.log(fixed(3, undefined)); // 1000
 * ```
 */
export type DelayMs = (retry: number, retryAfterMs?: number) => number;

/**
 * Full-jitter exponential backoff: `random() × min(maxDelayMs,
 * initialDelayMs × 2^(retry − 1))`, at least `retryAfterMs`, clamped by
 * `clampTimerMs`.
 *
 * @param bounds the first ceiling and the largest one, in ms
 * @param random a uniform draw in [0, 1)
 *
 * @example
 * ```ts
 * import { fullJitterBackoff } from "./retry_delay.ts";
 * const delayMs = fullJitterBackoff({ initialDelayMs: 100, maxDelayMs: 1_000 }, Math.random);
 * console.log(delayMs(10) < 1_000); // true
 * ```
 */
export function fullJitterBackoff(
  bounds: { initialDelayMs: number; maxDelayMs: number },
  random: () => number,
): DelayMs {
  return (retry, retryAfterMs) => {
    const ceiling = Math.min(
      bounds.maxDelayMs,
      bounds.initialDelayMs * 2 ** (retry - 1),
    );
    const jittered = Math.floor(random() * ceiling);
    return clampTimerMs(Math.max(jittered, retryAfterMs ?? 0));
  };
}
