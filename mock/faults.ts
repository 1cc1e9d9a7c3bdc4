/**
 * Fault injection for the emulator's API routes (never for `/_mock/*`):
 * injected 500/502/503 answers in Lambda's envelope, 429 with
 * `Retry-After`, dropped connections, added latency, launches committed in
 * state but answered with a 5xx or a dropped connection, truncated or
 * non-JSON bodies, the 403s the description declares, and upstream
 * `provider/…` errors with 4xx and 5xx statuses. Every draw comes from a generator seeded with
 * `faults.seed`, so a seed and a sequence of requests give the same faults.
 *
 * Latency uses real timers (`setTimeout`), whatever the model's clock, and
 * only when `latencyMs > 0`; with the default 0 no request waits. A timer
 * holds at most 2^31 − 1 ms (about 24.8 days; a longer one fires at once),
 * so a larger `latencyMs` waits that long.
 *
 * @module
 */
import { clampTimerMs } from "../src/v1/abort.ts";
import { SeededRandom } from "./state/random.ts";

/**
 * Fault settings. Rates are probabilities from 0 to 1 per request.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type FaultOptions } from "@gpufleet/lambda/mock";
 * const faults: FaultOptions = { errorRate: 0.1, rateLimitRate: 0.05, seed: 42 };
 * const mock = createMockLambda({ faults });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * // The client retries the injected 5xx and 429 answers (on the emulator's clock: no real waiting).
 * console.log((await client.listInstances()).length); // 0
 * ```
 */
export interface FaultOptions {
  /** Share of requests answered 500, 502 or 503 in Lambda's envelope. */
  errorRate?: number;
  /** Share of requests answered 429 with `Retry-After`. */
  rateLimitRate?: number;
  /** Share of requests whose connection is dropped (no answer). */
  resetRate?: number;
  /** Milliseconds added to every request (real time; at most 2^31 − 1 are waited). */
  latencyMs?: number;
  /**
   * Share of successful launches that are committed in state but answered
   * with a 5xx or a dropped connection (half each).
   */
  commitThenFailLaunchRate?: number;
  /** Share of successful answers whose body is truncated or not JSON. */
  malformedBodyRate?: number;
  /** Seed of the fault draws (default 0). */
  seed?: number;
  /** Value of `Retry-After` on injected 429s, in seconds (default 1). */
  retryAfterSeconds?: number;
  /**
   * Whether the rate limiter's 429s (`rateLimits: "lambda"`) carry
   * `Retry-After`, the seconds until the bucket holds a token again. Off
   * by default: nothing promises one.
   */
  rateLimitRetryAfter?: boolean;
  /**
   * Share of authenticated requests answered 403 with a code the
   * operation declares: `global/account-inactive` anywhere,
   * `global/forbidden` on reading instances, `global/invalid-address` on
   * launching and creating filesystems.
   */
  forbiddenRate?: number;
  /** The 403 codes to draw from (default all three). */
  forbiddenCodes?: ForbiddenCode[];
  /**
   * Share of requests answered with an upstream provider's error: a
   * `provider/…` code with a 4xx or 5xx status.
   */
  providerErrorRate?: number;
  /** The statuses of provider errors to draw from (default all). */
  providerErrorStatuses?: number[];
  /**
   * Share of optional fields without a stable value left out of answers
   * (see the emulator's `answers` option).
   */
  omitOptionalRate?: number;
  /** Share of absent nullable fields of instances sent as `null`. */
  nullRate?: number;
  /** Share of instances and SSH keys answered with `workspace_id`. */
  extraFieldRate?: number;
}

/**
 * A 403 code of the API.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type ForbiddenCode } from "@gpufleet/lambda/mock";
 * const code: ForbiddenCode = "global/account-inactive";
 * const mock = createMockLambda({ faults: { forbiddenRate: 1, forbiddenCodes: [code] } });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const error = await client.listInstances().catch((e) => e);
 * console.log(error.providerCode); // "global/account-inactive"
 * ```
 */
export type ForbiddenCode =
  | "global/account-inactive"
  | "global/forbidden"
  | "global/invalid-address";

/** Every 403 code. @example `FORBIDDEN_CODES.length // 3` */
export const FORBIDDEN_CODES: readonly ForbiddenCode[] = [
  "global/account-inactive",
  "global/forbidden",
  "global/invalid-address",
];

/**
 * An upstream provider's error, as the API passes it on.
 *
 * @example
 * ```ts
 * import { FaultInjector, type ProviderError } from "./faults.ts";
 * const faults = new FaultInjector({ providerErrorRate: 1, providerErrorStatuses: [409], seed: 1 });
 * const drawn: ProviderError | undefined = faults.providerError();
 * console.log(drawn?.status, drawn?.code); // 409 provider/resource-exhausted
 * ```
 */
export interface ProviderError {
  /** HTTP status. */
  status: number;
  /** A `provider/…` code. */
  code: string;
  /** Message. */
  message: string;
  /** Suggestion. */
  suggestion: string;
}

/**
 * The provider errors the emulator injects. The first is the description's
 * own example; the others are guesses at the kinds it lists (outages,
 * unavailability, quota or resource exhaustion), one per status.
 *
 * @example
 * ```ts
 * import { PROVIDER_ERRORS } from "./faults.ts";
 * console.log(PROVIDER_ERRORS.map((e) => e.status)); // [503, 502, 500, 400, 409]
 * ```
 */
export const PROVIDER_ERRORS: readonly ProviderError[] = [
  {
    status: 503,
    code: "provider/internal-unavailable",
    message: "Provider unavailable",
    suggestion: "Try again shortly",
  },
  {
    status: 502,
    code: "provider/network-unreachable",
    message: "The upstream provider could not be reached.",
    suggestion: "Try again shortly.",
  },
  {
    status: 500,
    code: "provider/internal-error",
    message: "The upstream provider failed to handle the request.",
    suggestion: "Try again later.",
  },
  {
    status: 400,
    code: "provider/quota-exceeded",
    message: "The upstream provider's quota for this request is exhausted.",
    suggestion: "Try another region or instance type, or try again later.",
  },
  {
    status: 409,
    code: "provider/resource-exhausted",
    message: "The upstream provider has no resources left for this request.",
    suggestion: "Try again later.",
  },
];

/**
 * What to do with a request before it reaches the routes.
 *
 * @example
 * ```ts
 * import { FaultInjector, type PreFault } from "./faults.ts";
 * const fault: PreFault = new FaultInjector({ rateLimitRate: 1, retryAfterSeconds: 3 }).before();
 * console.log(fault); // { kind: "rate-limit", retryAfterSeconds: 3 }
 * ```
 */
export type PreFault =
  | { kind: "none" }
  | { kind: "reset" }
  | { kind: "rate-limit"; retryAfterSeconds: number }
  | { kind: "error"; status: 500 | 502 | 503 };

const RATES = [
  "errorRate",
  "rateLimitRate",
  "resetRate",
  "commitThenFailLaunchRate",
  "malformedBodyRate",
  "forbiddenRate",
  "providerErrorRate",
  "omitOptionalRate",
  "nullRate",
  "extraFieldRate",
] as const;

/** A list option whose entries must be among `allowed` (a copy), or undefined. */
function listOf<T>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): T[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) || !value.every((v) => allowed.includes(v as T))
  ) {
    throw new TypeError(
      `faults.${name} must list some of ${allowed.join(", ")}`,
    );
  }
  return [...value] as T[];
}

/**
 * Checks fault options and returns a normalised copy; throws a `TypeError`
 * on a rate outside 0–1 or a negative latency.
 *
 * @example
 * ```ts
 * import { normaliseFaults } from "./faults.ts";
 * console.log(normaliseFaults({ errorRate: 0.5 })); // { errorRate: 0.5 }
 * try {
 *   normaliseFaults({ errorRate: 2 });
 * } catch (e) {
 *   console.log((e as TypeError).message); // "faults.errorRate must be a number from 0 to 1"
 * }
 * ```
 */
export function normaliseFaults(input: unknown): FaultOptions {
  if (input === undefined || input === null) return {};
  if (typeof input !== "object" || Array.isArray(input)) {
    throw new TypeError("faults must be an object");
  }
  const f = input as Record<string, unknown>;
  const out: FaultOptions = {};
  for (const key of RATES) {
    const v = f[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new TypeError(`faults.${key} must be a number from 0 to 1`);
    }
    out[key] = v;
  }
  for (const key of ["latencyMs", "retryAfterSeconds", "seed"] as const) {
    const v = f[key];
    if (v === undefined) continue;
    if (
      typeof v !== "number" || !Number.isFinite(v) || (key !== "seed" && v < 0)
    ) {
      throw new TypeError(`faults.${key} must be a finite number >= 0`);
    }
    out[key] = v;
  }
  const forbiddenCodes = listOf("forbiddenCodes", f.forbiddenCodes, [
    ...FORBIDDEN_CODES,
  ]);
  if (forbiddenCodes) out.forbiddenCodes = forbiddenCodes;
  const statuses = listOf(
    "providerErrorStatuses",
    f.providerErrorStatuses,
    PROVIDER_ERRORS.map((e) => e.status),
  );
  if (statuses) out.providerErrorStatuses = statuses;
  if (f.rateLimitRetryAfter !== undefined) {
    if (typeof f.rateLimitRetryAfter !== "boolean") {
      throw new TypeError("faults.rateLimitRetryAfter must be a boolean");
    }
    out.rateLimitRetryAfter = f.rateLimitRetryAfter;
  }
  const known = new Set<string>([
    ...RATES,
    "rateLimitRetryAfter",
    "latencyMs",
    "retryAfterSeconds",
    "seed",
    "forbiddenCodes",
    "providerErrorStatuses",
  ]);
  for (const key of Object.keys(f)) {
    if (!known.has(key)) throw new TypeError(`unknown fault option: ${key}`);
  }
  return out;
}

/**
 * Spreads one overall rate over the fault kinds, as `--fault-rate` does:
 * errors 35 %, rate limits 25 %, resets 15 %, malformed bodies 10 % of
 * requests; and half the rate for commit-then-fail launches.
 *
 * @example
 * ```ts
 * import { spreadFaultRate } from "./faults.ts";
 * console.log(spreadFaultRate(0.2).errorRate); // 0.07
 * ```
 */
export function spreadFaultRate(rate: number, seed = 0): FaultOptions {
  if (!(rate >= 0 && rate <= 1)) throw new TypeError("fault rate must be 0–1");
  const r = (share: number) => Math.round(rate * share * 1e6) / 1e6;
  return {
    errorRate: r(0.35),
    rateLimitRate: r(0.25),
    resetRate: r(0.15),
    commitThenFailLaunchRate: r(0.5),
    malformedBodyRate: r(0.10),
    seed,
  };
}

/**
 * Draws faults for requests.
 *
 * @example
 * ```ts
 * import { FaultInjector } from "./faults.ts";
 * const faults = new FaultInjector({ errorRate: 1, seed: 1 });
 * console.log(faults.before().kind); // "error"
 * ```
 */
export class FaultInjector {
  #options: FaultOptions = {};
  #rng = new SeededRandom(0);

  /** @param options initial faults (none by default) */
  constructor(options?: FaultOptions) {
    this.set(options);
  }

  /**
   * Replaces the fault settings and restarts the draws from their seed.
   *
   * @param options new settings (`undefined`: none)
   */
  set(options?: FaultOptions): void {
    this.#options = normaliseFaults(options);
    this.#rng = new SeededRandom(this.#options.seed ?? 0);
  }

  /** Removes every fault. */
  clear(): void {
    this.set({});
  }

  /** A copy of the current settings. */
  get(): FaultOptions {
    return { ...this.#options };
  }

  /** The rates of sparse and growing answers in force as faults. */
  get answerRates(): {
    omitOptional: number;
    nulls: number;
    extraFields: number;
  } {
    const o = this.#options;
    return {
      omitOptional: o.omitOptionalRate ?? 0,
      nulls: o.nullRate ?? 0,
      extraFields: o.extraFieldRate ?? 0,
    };
  }

  /** Whether the rate limiter's 429s carry `Retry-After`. */
  get rateLimitRetryAfter(): boolean {
    return this.#options.rateLimitRetryAfter ?? false;
  }

  /** Milliseconds to wait before answering, within what a timer holds. */
  get latencyMs(): number {
    return clampTimerMs(this.#options.latencyMs ?? 0);
  }

  /** Whether any fault can happen. */
  get active(): boolean {
    const o = this.#options;
    return RATES.some((k) => (o[k] ?? 0) > 0) || this.latencyMs > 0;
  }

  /** The fault, if any, that replaces the answer to the next request. */
  before(): PreFault {
    const o = this.#options;
    const reset = o.resetRate ?? 0;
    const limit = o.rateLimitRate ?? 0;
    const error = o.errorRate ?? 0;
    if (reset + limit + error === 0) return { kind: "none" };
    const u = this.#rng.next();
    if (u < reset) return { kind: "reset" };
    if (u < reset + limit) {
      return {
        kind: "rate-limit",
        retryAfterSeconds: o.retryAfterSeconds ?? 1,
      };
    }
    if (u < reset + limit + error) {
      const statuses = [500, 502, 503] as const;
      return { kind: "error", status: statuses[this.#rng.int(3)] };
    }
    return { kind: "none" };
  }

  /** For a launch that succeeded: answer normally, with a 5xx, or drop. */
  afterLaunch(): "none" | "error" | "reset" {
    const rate = this.#options.commitThenFailLaunchRate ?? 0;
    if (rate === 0 || this.#rng.next() >= rate) return "none";
    return this.#rng.next() < 0.5 ? "error" : "reset";
  }

  /**
   * For an authenticated request to an operation that declares the 403
   * codes `declared`: the code to refuse it with, or `undefined`.
   *
   * @param declared the operation's 403 codes
   */
  forbidden(declared: readonly ForbiddenCode[]): ForbiddenCode | undefined {
    const rate = this.#options.forbiddenRate ?? 0;
    if (rate === 0 || this.#rng.next() >= rate) return undefined;
    const wanted = this.#options.forbiddenCodes ?? FORBIDDEN_CODES;
    const codes = declared.filter((c) => wanted.includes(c));
    return codes.length === 0 ? undefined : codes[this.#rng.int(codes.length)];
  }

  /** For a request the model would act on: an upstream error, or `undefined`. */
  providerError(): ProviderError | undefined {
    const rate = this.#options.providerErrorRate ?? 0;
    if (rate === 0 || this.#rng.next() >= rate) return undefined;
    const statuses = this.#options.providerErrorStatuses;
    const errors = statuses
      ? PROVIDER_ERRORS.filter((e) => statuses.includes(e.status))
      : PROVIDER_ERRORS;
    return { ...errors[this.#rng.int(errors.length)] };
  }

  /** For a successful answer: keep it, truncate it, or replace it with HTML. */
  malformed(): "none" | "truncated" | "html" {
    const rate = this.#options.malformedBodyRate ?? 0;
    if (rate === 0 || this.#rng.next() >= rate) return "none";
    return this.#rng.next() < 0.5 ? "truncated" : "html";
  }
}

/**
 * Thrown by the handler when a fault drops the connection; the in-process
 * `fetch` turns it into a rejected `TypeError`, the socket server into an
 * aborted answer.
 *
 * @example
 * ```ts
 * import { DroppedConnection } from "./faults.ts";
 * console.log(new DroppedConnection() instanceof Error); // true
 * ```
 */
export class DroppedConnection extends Error {
  constructor() {
    super("connection dropped by fault injection");
    this.name = "DroppedConnection";
  }
}
