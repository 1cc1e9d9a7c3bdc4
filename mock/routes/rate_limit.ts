/**
 * Lambda's documented rate limits, per API key, on the emulator's clock.
 *
 * The description states the rates: "Requests to the API are generally
 * limited to one request per second. Requests to the
 * `/instance-operations/launch` endpoint are limited to one request per 12
 * seconds, or five requests per minute." Each is a token bucket; the
 * description states no burst, so the bursts are this emulator's choice
 * (see {@linkcode LAMBDA_RATE_LIMITS}). A launch takes a token from both
 * buckets; a refused request takes none.
 *
 * @module
 */

/**
 * One token bucket: `perSecond` tokens added each second, up to `burst`.
 *
 * @example
 * ```ts
 * import { type BucketSpec, LAMBDA_RATE_LIMITS, RateLimiter } from "./rate_limit.ts";
 * const strict: BucketSpec = { perSecond: 1, burst: 1 };
 * const limiter = new RateLimiter(() => 0, { ...LAMBDA_RATE_LIMITS, general: strict });
 * console.log(limiter.admit("k", false), limiter.admit("k", false)); // undefined { limit: "general", retryAfterMs: 1000 }
 * ```
 */
export interface BucketSpec {
  /** Tokens added per second: the sustained rate. */
  readonly perSecond: number;
  /** The most tokens held: how many requests may come at once. */
  readonly burst: number;
}

/**
 * The limits the emulator applies with `rateLimits: "lambda"`.
 *
 * - general: 1 request per second (documented), burst 5 (chosen: enough for
 *   a client's short sequence of reads, far below ten at once);
 * - launch: 1 per 12 s (documented), burst 5 (chosen to match the
 *   description's "five requests per minute": five launches can come
 *   together, the sixth within a minute is refused).
 *
 * @example
 * ```ts
 * import { LAMBDA_RATE_LIMITS } from "./rate_limit.ts";
 * console.log(LAMBDA_RATE_LIMITS.launch.perSecond * 60); // 5
 * ```
 */
export const LAMBDA_RATE_LIMITS: {
  readonly general: BucketSpec;
  readonly launch: BucketSpec;
} = {
  general: { perSecond: 1, burst: 5 },
  launch: { perSecond: 1 / 12, burst: 5 },
};

/**
 * Why a request was refused: which limit, and in how many milliseconds the
 * bucket holds a token again.
 *
 * @example
 * ```ts
 * import { RateLimiter, type RateLimitRefusal } from "./rate_limit.ts";
 * const limiter = new RateLimiter(() => 0); // a clock that stands still: no token comes back
 * let refusal: RateLimitRefusal | undefined;
 * for (let launches = 0; launches < 6 && !refusal; launches++) refusal = limiter.admit("one-key", true);
 * console.log(refusal); // { limit: "launch", retryAfterMs: 12000 }
 * ```
 */
export interface RateLimitRefusal {
  /** The bucket that was empty. */
  limit: "general" | "launch";
  /** Milliseconds until it holds a token. */
  retryAfterMs: number;
}

class TokenBucket {
  readonly #spec: BucketSpec;
  #tokens: number;
  #at: number;

  constructor(spec: BucketSpec, now: number) {
    this.#spec = spec;
    this.#tokens = spec.burst;
    this.#at = now;
  }

  /** Refills for the time since the last look; a clock gone back adds nothing. */
  #refill(now: number): void {
    const elapsed = now - this.#at;
    if (elapsed > 0) {
      this.#tokens = Math.min(
        this.#spec.burst,
        this.#tokens + (elapsed / 1000) * this.#spec.perSecond,
      );
    }
    this.#at = now;
  }

  /** Milliseconds until a token is there (0: now). */
  waitMs(now: number): number {
    this.#refill(now);
    if (this.#tokens >= 1) return 0;
    return Math.ceil(((1 - this.#tokens) / this.#spec.perSecond) * 1000);
  }

  take(): void {
    this.#tokens -= 1;
  }
}

/**
 * What `rateLimits` may be: `"lambda"` (Lambda's limits) or `"off"`.
 *
 * @example
 * ```ts
 * import { isRateLimitMode } from "./rate_limit.ts";
 * console.log(isRateLimitMode("lambda"), isRateLimitMode("on")); // true false
 * ```
 */
export type RateLimitMode = "lambda" | "off";

/**
 * Whether `value` is a {@linkcode RateLimitMode}.
 *
 * @example
 * ```ts
 * import { isRateLimitMode } from "./rate_limit.ts";
 * const mode: unknown = JSON.parse('"off"');
 * if (isRateLimitMode(mode)) console.log(mode); // off
 * ```
 */
export function isRateLimitMode(value: unknown): value is RateLimitMode {
  return value === "lambda" || value === "off";
}

/**
 * The buckets of every API key, on one clock, and whether they apply:
 * `on` is the one field the API handler reads per request.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "./rate_limit.ts";
 * let now = 0;
 * const limiter = new RateLimiter(() => now);
 * for (let i = 0; i < 5; i++) limiter.admit("key", false);
 * console.log(limiter.admit("key", false)); // { limit: "general", retryAfterMs: 1000 }
 * now += 1000;
 * console.log(limiter.admit("key", false)); // undefined: admitted
 * limiter.mode = "off"; // the API handler then skips the limiter
 * console.log(limiter.on); // false
 * ```
 */
export class RateLimiter {
  readonly #now: () => number;
  readonly #limits: typeof LAMBDA_RATE_LIMITS;
  readonly #byKey = new Map<
    string,
    { general: TokenBucket; launch: TokenBucket }
  >();
  #on = true;

  /**
   * @param now the clock (the emulator's)
   * @param limits the buckets' rates and bursts
   */
  constructor(
    now: () => number,
    limits: typeof LAMBDA_RATE_LIMITS = LAMBDA_RATE_LIMITS,
  ) {
    this.#now = now;
    this.#limits = limits;
  }

  /** Whether the limits apply: read on every request, so a plain field. */
  get on(): boolean {
    return this.#on;
  }

  /** `"lambda"` while the limits apply (a new limiter's do), else `"off"`. */
  get mode(): RateLimitMode {
    return this.#on ? "lambda" : "off";
  }

  /**
   * Switches the limits. Switched on from off, every key starts with full
   * buckets: what was spent before, or while off, is forgotten.
   *
   * @throws {TypeError} for anything but `"lambda"` or `"off"`
   */
  set mode(mode: RateLimitMode) {
    if (!isRateLimitMode(mode)) {
      throw new TypeError(`rateLimits must be "lambda" or "off"`);
    }
    const on = mode === "lambda";
    if (on && !this.#on) this.#byKey.clear();
    this.#on = on;
  }

  /**
   * Admits one request of `apiKey` (taking its tokens) or refuses it
   * (taking none).
   *
   * @param apiKey the key the request authenticated with
   * @param isLaunch whether it is a launch
   * @returns `undefined` when admitted, else why not
   */
  admit(apiKey: string, isLaunch: boolean): RateLimitRefusal | undefined {
    const now = this.#now();
    let buckets = this.#byKey.get(apiKey);
    if (!buckets) {
      buckets = {
        general: new TokenBucket(this.#limits.general, now),
        launch: new TokenBucket(this.#limits.launch, now),
      };
      this.#byKey.set(apiKey, buckets);
    }
    const general = buckets.general.waitMs(now);
    const launch = isLaunch ? buckets.launch.waitMs(now) : 0;
    if (launch > 0) return { limit: "launch", retryAfterMs: launch };
    if (general > 0) return { limit: "general", retryAfterMs: general };
    buckets.general.take();
    if (isLaunch) buckets.launch.take();
    return undefined;
  }

  /** Full buckets for every key, as after a reset of the emulator. */
  reset(): void {
    this.#byKey.clear();
  }
}
