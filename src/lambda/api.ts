/**
 * The HTTP transport to Lambda Cloud: one `openapi-fetch` client typed by
 * `schema.gen.ts`, with authentication, per-request timeouts, retries with
 * exponential backoff and full jitter, per-attempt events, response
 * validation with the zod wire schemas and error mapping.
 *
 * Authentication is `openapi-fetch` middleware (`onRequest`). Timeouts,
 * retries and events are a wrapping `fetch` passed per request, because a
 * retry must re-issue the request and read the answer's body before deciding,
 * which middleware cannot do (`onResponse` cannot send again). The wrapping
 * fetch knows the operation being called, so the launch can be treated apart:
 * it is never re-sent blindly (see {@link AmbiguousLaunchError}).
 *
 * @module
 */

import createClient, { type Client } from "openapi-fetch";
import type { z } from "zod";
import { abortableSleep, raceAbort } from "../v1/abort.ts";
import { ApiError, ServiceUnavailableError } from "../v1/errors.ts";
import { type ErrorContext, errorFromResponse, wireErrorOf } from "./errors.ts";
import type { paths } from "./schema.gen.ts";
import { type DataOperationId, RESPONSE_DATA } from "./wire.ts";

/**
 * Bounds of the retry loop.
 *
 * @example
 * ```ts
 * import type { RetryOptions } from "./api.ts";
 * const patient: RetryOptions = { maxAttempts: 8, maxElapsedMs: 120_000 };
 * ```
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4; 1 disables retries). */
  maxAttempts?: number;
  /** The backoff ceiling of the first retry, in ms (default 500). */
  initialDelayMs?: number;
  /** The largest backoff ceiling, in ms (default 20 000). */
  maxDelayMs?: number;
  /** No retry starts that would end after this many ms since the first attempt (default 60 000). */
  maxElapsedMs?: number;
}

/**
 * One request attempt, as reported to `onEvent`. It never carries the API
 * key, request bodies (`user_data`), or response bodies (private keys).
 *
 * @example
 * ```ts
 * import type { RequestEvent } from "./api.ts";
 * const log = (e: RequestEvent) => console.log(`${e.method} ${e.path} ${e.status ?? e.errorCode} ${e.durationMs}ms`);
 * ```
 */
export interface RequestEvent {
  /** The operation id from `openapi.json`, e.g. `"listInstances"`. */
  operationId: string;
  /** The HTTP method. */
  method: string;
  /** The URL path, without query string. */
  path: string;
  /** The HTTP status, absent when no answer arrived. */
  status?: number;
  /** Time from sending to the end of the body, in ms. */
  durationMs: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** Present when another attempt follows after this many ms. */
  retryDelayMs?: number;
  /** Lambda's error code, or `network-error`, `timeout`, `malformed-body`. */
  errorCode?: string;
}

/**
 * Sleeps `ms` milliseconds; may reject early when `signal` aborts.
 *
 * @example
 * ```ts
 * import type { Sleep } from "./api.ts";
 * const instant: Sleep = () => Promise.resolve();
 * ```
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Options of the transport, shared by the client and the credential.
 *
 * @example
 * ```ts
 * import type { TransportOptions } from "./api.ts";
 * const opts: TransportOptions = { apiKey: "secret", timeoutMs: 10_000, retry: { maxAttempts: 2 } };
 * ```
 */
export interface TransportOptions {
  /** The Lambda Cloud API key. */
  apiKey: string;
  /** The API's origin (default `https://cloud.lambda.ai`). */
  baseUrl?: string;
  /** The fetch to use (default `globalThis.fetch`), e.g. an emulator's. */
  fetch?: typeof fetch;
  /** Timeout of one attempt, including reading the body (default 30 000 ms). */
  timeoutMs?: number;
  /** Retry bounds. */
  retry?: RetryOptions;
  /** Receives one event per attempt; nothing is logged by default. */
  onEvent?: (event: RequestEvent) => void;
  /** Sleep used between retries and by the launch limiter (injectable for tests). */
  sleep?: Sleep;
  /** Clock in ms since the epoch (default `Date.now`). */
  now?: () => number;
  /** Uniform random number in [0, 1) for jitter (default `Math.random`). */
  random?: () => number;
}

/** The default API origin. @example `DEFAULT_BASE_URL === "https://cloud.lambda.ai"` */
export const DEFAULT_BASE_URL = "https://cloud.lambda.ai";
/** The default per-attempt timeout in ms. @example `DEFAULT_TIMEOUT_MS === 30_000` */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The default retry bounds. @example `DEFAULT_RETRY.maxAttempts === 4` */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({
  maxAttempts: 4,
  initialDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 60_000,
});

/**
 * A launch whose outcome is unknown: the request may have been accepted
 * (a 5xx, a dropped connection, a timeout or an unreadable answer after
 * sending). The caller must look for the instance before sending again.
 * It is a `ServiceUnavailableError`, so if it ever reaches a user it is
 * still typed and retryable.
 *
 * @example
 * ```ts
 * import { AmbiguousLaunchError } from "./api.ts";
 * const err = new AmbiguousLaunchError("timeout", 0, undefined);
 * console.log(err.code); // "service-unavailable"
 * ```
 */
export class AmbiguousLaunchError extends ServiceUnavailableError {
  /** Always `"AmbiguousLaunchError"`. */
  override readonly name: string = "AmbiguousLaunchError";
  /** Why the outcome is unknown: `timeout`, `network-error`, `malformed-body` or the HTTP status. */
  readonly reason: string;
  /** When the first attempt of the launch started (transport clock, ms). */
  readonly startedAt: number;

  /**
   * Creates the error.
   *
   * @param reason why the outcome is unknown
   * @param startedAt transport clock when the launch started
   * @param status the HTTP status, if an answer arrived
   * @param cause the underlying error
   */
  constructor(
    reason: string,
    startedAt: number,
    status: number | undefined,
    cause?: unknown,
  ) {
    super({ status }, {
      cause,
      message:
        `the launch request failed ambiguously (${reason}); it may or may not have been accepted`,
    });
    this.reason = reason;
    this.startedAt = startedAt;
  }
}

/**
 * Per-call settings of {@link LambdaApi.call}.
 *
 * @example
 * ```ts
 * import type { CallOptions } from "./api.ts";
 * const opts: CallOptions = { signal: AbortSignal.timeout(5_000), context: { instanceId: "i-1" } };
 * ```
 */
export interface CallOptions {
  /** Cancels the call (in flight and during retry sleeps). */
  signal?: AbortSignal;
  /** What the request is about, for error messages and mapping. */
  context?: Omit<ErrorContext, "operationId">;
}

type OpenApiClient = Client<paths, `${string}/${string}`>;

/**
 * What the transport passes to `openapi-fetch` for each call.
 *
 * @example
 * ```ts
 * import type { PerRequestInit } from "./api.ts";
 * const keys: (keyof PerRequestInit)[] = ["fetch", "parseAs", "signal"];
 * ```
 */
export type PerRequestInit = {
  /** The wrapping fetch of this call. */
  fetch: (input: Request) => Promise<Response>;
  /** Body parsing is done by the transport. */
  parseAs: "text";
  /** The caller's signal. */
  signal?: AbortSignal;
};

/** One attempt's outcome. */
interface AttemptResult {
  status: number;
  headers: Headers;
  /** The body parsed once, here: every later step reads this result. */
  body: JsonResult;
}

/** The signal of one attempt: its timeout, and the caller's abort. */
interface AttemptGuard {
  /** Aborts on the timeout or with the caller's signal. */
  signal: AbortSignal;
  /** Aborted only by the timeout. */
  timedOut: AbortSignal;
  /** Clears the timer. */
  done(): void;
}

/** A failure of one attempt that produced no HTTP answer. */
class AttemptFailure extends Error {
  constructor(readonly kind: "timeout" | "network-error", cause: unknown) {
    super(kind, { cause });
  }
}

/**
 * `Retry-After` in ms (delta seconds or HTTP date), or `undefined`.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from "./api.ts";
 * parseRetryAfter("3", 0); // 3000
 * ```
 */
export function parseRetryAfter(
  value: string | null,
  nowMs: number,
): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The transport. Holds the API key in a private field; its inspection and
 * JSON forms show only the non-secret configuration.
 *
 * @example
 * ```ts
 * import { LambdaApi } from "./api.ts";
 * const api = new LambdaApi({ apiKey: "secret", fetch: () => Promise.resolve(Response.json({ data: [] })) });
 * const regions = await api.call("listRegions", (c, init) => c.GET("/api/v1/regions", init));
 * console.log(regions.length); // 0
 * ```
 */
export class LambdaApi {
  #apiKey: string;
  #client: OpenApiClient;
  #fetch: typeof fetch;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #retry: Required<RetryOptions>;
  readonly #onEvent?: (event: RequestEvent) => void;
  readonly #sleep: Sleep;
  readonly #now: () => number;
  readonly #random: () => number;

  /**
   * Creates the transport.
   *
   * @param options key, origin, fetch, timeout, retry bounds, hooks
   */
  constructor(options: TransportOptions) {
    if (typeof options.apiKey !== "string" || options.apiKey === "") {
      throw new TypeError("LambdaApi: apiKey must be a non-empty string");
    }
    this.#apiKey = options.apiKey;
    this.#baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retry = { ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) };
    this.#onEvent = options.onEvent;
    this.#sleep = options.sleep ?? abortableSleep;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    // The key as a default header rather than a middleware: with no
    // middleware openapi-fetch skips its per-request middleware round.
    this.#client = createClient<paths>({
      baseUrl: this.#baseUrl,
      headers: { Authorization: `Bearer ${this.#apiKey}` },
    });
  }

  /** The API origin. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** The clock of the transport (ms). */
  now(): number {
    return this.#now();
  }

  /** Sleeps on the transport's sleep, rejecting promptly when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return raceAbort(this.#sleep(ms, signal), signal);
  }

  /** The retry bounds in force. */
  get retry(): Readonly<Required<RetryOptions>> {
    return this.#retry;
  }

  /** The full-jitter backoff before retry number `retry` (1-based). */
  backoffMs(retry: number): number {
    const ceiling = Math.min(
      this.#retry.maxDelayMs,
      this.#retry.initialDelayMs * 2 ** (retry - 1),
    );
    return Math.floor(this.#random() * ceiling);
  }

  /** SHA-256 of the key, hex: a stable account id that reveals nothing. */
  async keyDigest(): Promise<string> {
    const digest = await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(this.#apiKey),
    );
    return Array.from(
      new Uint8Array(digest),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
  }

  /**
   * Calls one operation and returns its validated `data`.
   *
   * `invoke` makes the typed `openapi-fetch` call, passing `init` through.
   * Errors are typed (`CloudError` subclasses); a caller abort rejects with
   * the signal's reason. For `launchInstance` only 429 is retried; any
   * ambiguous failure rejects with {@link AmbiguousLaunchError}.
   */
  async call<Op extends DataOperationId>(
    operationId: Op,
    invoke: (
      client: OpenApiClient,
      init: PerRequestInit,
    ) => Promise<unknown>,
    options: CallOptions = {},
  ): Promise<z.output<(typeof RESPONSE_DATA)[Op]>> {
    const ctx: ErrorContext = { ...options.context, operationId };
    let result: AttemptResult | undefined;
    // The first attempt's guard (timeout + caller's signal) goes into the
    // request openapi-fetch builds, so that request is sent as it is: one
    // Request per call unless a retry needs another.
    const first = this.#guard(options.signal);
    const wrapped = async (request: Request): Promise<Response> => {
      result = await this.#attempts(
        operationId,
        request,
        first,
        options.signal,
      );
      // openapi-fetch only needs something to hand back; the transport
      // reads `result` itself, so the body is not parsed twice.
      return new Response(null, { status: 204 });
    };
    try {
      await invoke(this.#client, {
        fetch: wrapped,
        parseAs: "text",
        signal: first.signal,
      });
    } finally {
      first.done();
    }
    const answer = result;
    if (answer === undefined) {
      // Only possible if the call never reached the transport's fetch.
      throw new TypeError(`${operationId}: the request was never sent`);
    }
    const body = answer.body;
    if (answer.status < 200 || answer.status > 299) {
      throw errorFromResponse(
        answer.status,
        body.ok ? body.value : undefined,
        ctx,
        parseRetryAfter(answer.headers.get("Retry-After"), this.#now()),
      );
    }
    if (!body.ok) throw malformed(operationId, answer.status, body.error);
    const schema = RESPONSE_DATA[operationId];
    const envelope = body.value as { data?: unknown } | null;
    const parsed = schema.safeParse(
      envelope && typeof envelope === "object" ? envelope.data : undefined,
    );
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError({
        status: answer.status,
        providerCode: "invalid-response",
        providerMessage:
          `the response does not match the expected schema at data.${
            issue?.path.join(".") ?? ""
          }: ${issue?.message ?? "invalid"}`,
        operation: operationId,
      }, { cause: parsed.error });
    }
    return parsed.data as z.output<(typeof RESPONSE_DATA)[Op]>;
  }

  /**
   * The retry loop around one request; returns the final answer or throws.
   * `request` carries `first`'s signal and is sent by the first attempt.
   */
  async #attempts(
    operationId: string,
    request: Request,
    first: AttemptGuard,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    const isLaunch = operationId === "launchInstance";
    // Parsed only for observers: a URL parse per request is measurable.
    const path = this.#onEvent ? new URL(request.url).pathname : "";
    // A body can be read once: keep an unread copy in case of a retry. A
    // request without a body is never consumed and serves every attempt.
    const template = request.body === null ? request : request.clone();
    const start = this.#now();
    for (let attempt = 1;; attempt++) {
      signal?.throwIfAborted();
      const t0 = this.#now();
      let answer: AttemptResult | undefined;
      let failure: AttemptFailure | undefined;
      try {
        if (attempt === 1) {
          answer = await this.#once(request, first, signal);
        } else {
          const guard = this.#guard(signal);
          const copy = template.body === null ? template : template.clone();
          answer = await this.#once(
            new Request(copy, { signal: guard.signal }),
            guard,
            signal,
          );
        }
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        failure = err instanceof AttemptFailure
          ? err
          : new AttemptFailure("network-error", err);
      }
      const durationMs = this.#now() - t0;
      const event: RequestEvent = {
        operationId,
        method: request.method,
        path,
        durationMs,
        attempt,
      };
      if (answer) event.status = answer.status;

      // Decide whether this attempt is final and why.
      let retryable = false;
      let retryAfterMs: number | undefined;
      let ambiguous: string | undefined;
      if (failure) {
        event.errorCode = failure.kind;
        retryable = true;
        ambiguous = failure.kind;
      } else if (answer!.status === 429) {
        event.errorCode = errorCodeOf(answer!.body) ?? "rate-limited";
        retryable = true;
        retryAfterMs = parseRetryAfter(
          answer!.headers.get("Retry-After"),
          this.#now(),
        );
      } else if (answer!.status >= 500) {
        event.errorCode = errorCodeOf(answer!.body) ?? "server-error";
        retryable = true;
        ambiguous = String(answer!.status);
        retryAfterMs = parseRetryAfter(
          answer!.headers.get("Retry-After"),
          this.#now(),
        );
      } else if (answer!.status >= 400) {
        event.errorCode = errorCodeOf(answer!.body) ?? "client-error";
      } else if (!answer!.body.ok) {
        event.errorCode = "malformed-body";
        // Reads and terminations can safely be sent again; other writes may
        // have acted, and a second one would not be the same request.
        retryable = request.method === "GET" ||
          operationId === "terminateInstance";
        ambiguous = "malformed-body";
      }

      if (isLaunch && ambiguous !== undefined) {
        this.#emit(event);
        throw new AmbiguousLaunchError(
          ambiguous,
          start,
          answer?.status,
          failure?.cause ??
            (answer ? malformedOrStatus(operationId, answer) : undefined),
        );
      }
      let delay: number | undefined;
      if (retryable && attempt < this.#retry.maxAttempts) {
        delay = Math.max(this.backoffMs(attempt), retryAfterMs ?? 0);
        if (this.#now() - start + delay > this.#retry.maxElapsedMs) {
          delay = undefined;
        }
      }
      if (delay !== undefined) event.retryDelayMs = delay;
      this.#emit(event);
      if (delay === undefined) {
        if (failure) {
          throw new ServiceUnavailableError({}, {
            cause: failure.cause,
            message: failure.kind === "timeout"
              ? `${operationId}: the Lambda API did not answer within ${this.#timeoutMs} ms (attempt ${attempt})`
              : `${operationId}: the Lambda API could not be reached (attempt ${attempt})`,
          });
        }
        const body = answer!.body;
        if (answer!.status < 400 && !body.ok) {
          throw malformed(operationId, answer!.status, body.error);
        }
        return answer!;
      }
      await this.sleep(delay, signal);
    }
  }

  /** An attempt's timeout, combined with the caller's signal. */
  #guard(signal: AbortSignal | undefined): AttemptGuard {
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new AttemptFailure("timeout", undefined)),
      this.#timeoutMs,
    );
    return {
      signal: signal
        ? AbortSignal.any([signal, timeout.signal])
        : timeout.signal,
      timedOut: timeout.signal,
      done: () => clearTimeout(timer),
    };
  }

  /**
   * One attempt, body read included, within `guard` (whose signal
   * `request` carries); the guard's timer is cleared when it ends.
   */
  async #once(
    request: Request,
    guard: AttemptGuard,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    try {
      const response = await raceAbort(this.#fetch(request), guard.signal);
      const text = await raceAbort(response.text(), guard.signal);
      return {
        status: response.status,
        headers: response.headers,
        body: parseJson(text),
      };
    } catch (err) {
      if (guard.timedOut.aborted && !signal?.aborted) {
        throw new AttemptFailure("timeout", undefined);
      }
      throw err;
    } finally {
      guard.done();
    }
  }

  #emit(event: RequestEvent): void {
    if (!this.#onEvent) return;
    try {
      this.#onEvent(event);
    } catch {
      // A failing observer must not fail the request.
    }
  }

  /** Only the non-secret configuration. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.#baseUrl,
      timeoutMs: this.#timeoutMs,
      retry: this.#retry,
    };
  }

  /** Deno's inspection shows {@link toJSON}, never the key. */
  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options?: unknown) => string,
    options: unknown,
  ): string {
    return `LambdaApi ${inspect(this.toJSON(), options)}`;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

type JsonResult = { ok: true; value: unknown } | { ok: false; error: unknown };

function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

function errorCodeOf(body: JsonResult): string | undefined {
  return body.ok ? wireErrorOf(body.value)?.code : undefined;
}

function malformed(
  operationId: string,
  status: number,
  cause: unknown,
): ApiError {
  return new ApiError({
    status,
    providerCode: "malformed-body",
    providerMessage: "the response body is not valid JSON (truncated?)",
    operation: operationId,
  }, { cause });
}

function malformedOrStatus(operationId: string, answer: AttemptResult) {
  const body = answer.body;
  if (answer.status < 400 && !body.ok) {
    return malformed(operationId, answer.status, body.error);
  }
  return errorFromResponse(answer.status, body.ok ? body.value : undefined, {
    operationId,
  });
}
