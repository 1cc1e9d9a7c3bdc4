/**
 * The HTTP transport to Lambda Cloud: `api.send(operationId, …)` sends one
 * operation of the table in `operations.ts` through one `openapi-fetch`
 * client typed by `schema.gen.ts`, and returns its validated `data`.
 *
 * Each call is a short pipeline; every stage is a module of
 * `transport/`:
 *
 * 1. **auth** (`auth.ts`): the key's header is added to each attempt as
 *    it goes on the wire (after `openapi-fetch` built the rest, so that it
 *    never sits in a `Headers` of openapi-fetch's); the base URL was checked
 *    at construction.
 * 2. **retry schedule** (`retry_schedule.ts`): the attempts below run in the
 *    one retry loop of the provider, bounded in attempts and elapsed time.
 * 3. **pacing** (`pacing.ts`): each attempt waits for its turn at the
 *    account's pacer (Lambda's rates: about a request per second, a launch
 *    per 12 s); a 429 holds the account back for at least the documented
 *    interval. Time queued there is not counted in `maxElapsedMs`.
 * 4. **timeout** (`timeout.ts`): a timeout per attempt, body included, on
 *    timers shared by the attempts of a short window.
 * 5. **the exchange**: `openapi-fetch` builds each attempt's URL, headers
 *    and body from the typed parameters (`redirect: "manual"`) and reads
 *    the answer as text (`parseAs: "text"`); its fetch refuses a redirect
 *    (`redirect.ts`) and makes sure the body is read within the size limit
 *    (`body_limit.ts`): a body whose declared length is within it is left
 *    to the runtime's native read, any other is read bounded first.
 * 6. **decide and delay** (`retry_decide.ts`, `retry_delay.ts`): is the
 *    outcome retryable, is it ambiguous (never re-sent for an operation the
 *    table marks non-idempotent), and how long to wait.
 * 7. **events** (`events.ts`): one event per attempt to `onEvent`.
 * 8. **validation** (`validate.ts`) of a success, or **error mapping**
 *    (`errors.ts`) of anything else to the v1 error classes.
 *
 * @example
 * ```ts
 * import { LambdaApi } from "./api.ts";
 * const gone = { error: { code: "global/object-does-not-exist", message: "Instance not found" } };
 * const api = new LambdaApi({ apiKey: "secret", fetch: () => Promise.resolve(Response.json(gone, { status: 404 })) });
 * const missing = await api.send("getInstance", { path: { id: "i-1" }, context: { instanceId: "i-1" } }).catch((e) => e);
 * console.log(missing.code); // "instance-not-found": mapped, not retried
 * ```
 *
 * @module
 */

import createClient, { createQuerySerializer } from "openapi-fetch";
import { abortableSleep, raceAbort } from "../v1/abort.ts";
import { type ErrorContext, errorFromOutcome } from "./errors.ts";
import { type OperationId, OPERATIONS } from "./operations.ts";
import type { operations, paths } from "./schema.gen.ts";
import { authorizationHeaders, checkKeyDestination } from "./transport/auth.ts";
import {
  declaredWithin,
  DEFAULT_MAX_RESPONSE_BYTES,
  readTextWithin,
  ResponseTooLargeError,
} from "./transport/body_limit.ts";
import { emitEvent, type RequestEvent } from "./transport/events.ts";
export type { RequestEvent } from "./transport/events.ts";
import { type Pacer, UNPACED } from "./transport/pacing.ts";
import { RedirectRefusedError, refuseRedirect } from "./transport/redirect.ts";
import {
  decide,
  type Outcome,
  parseJsonBody,
  type Verdict,
} from "./transport/retry_decide.ts";
import { type DelayMs, fullJitterBackoff } from "./transport/retry_delay.ts";
import {
  DEFAULT_RETRY,
  type RetryClock,
  retrying,
  type RetryOptions,
} from "./transport/retry_schedule.ts";
import { AttemptTimer } from "./transport/timeout.ts";
import { type SendResult, validateAnswer } from "./transport/validate.ts";

/**
 * Sleeps `ms` milliseconds; may reject early when `signal` aborts.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type Sleep } from "@gpufleet/lambda";
 * const slept: number[] = [];
 * const instant: Sleep = (ms) => { slept.push(ms); return Promise.resolve(); };
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret", sleep: instant });
 * await client.listInstances().catch(() => console.log(slept)); // the backoff it would have waited
 * ```
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Options of the transport, shared by the client and the credential.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type TransportOptions } from "@gpufleet/lambda";
 * const transport: TransportOptions = { apiKey: "secret", timeoutMs: 10_000, retry: { maxAttempts: 2 } };
 * const client = new LambdaLabsClient({ refId: "cred-1", ...transport });
 * console.log(client.toJSON().timeoutMs); // 10000
 * ```
 */
export interface TransportOptions {
  /** The Lambda Cloud API key. */
  apiKey: string;
  /**
   * The API's origin (default `https://cloud.lambda.ai`). Plain `http` is
   * refused unless it names a loopback address (an emulator on this
   * machine) or {@link allowInsecureHttp} is set.
   */
  baseUrl?: string;
  /**
   * Allows a plain `http` base URL that is not loopback: the key then
   * travels in clear text (default `false`).
   */
  allowInsecureHttp?: boolean;
  /**
   * The fetch to use (default `globalThis.fetch`), e.g. an emulator's;
   * called as `fetch(url, init)`.
   */
  fetch?: typeof fetch;
  /** Timeout of one attempt, including reading the body (default 30 000 ms). */
  timeoutMs?: number;
  /**
   * The largest response body read, in bytes (default 64 MiB, enough for
   * 20,000 instances); a larger answer is a `ResponseTooLargeError`.
   */
  maxResponseBytes?: number;
  /** Retry bounds. */
  retry?: RetryOptions;
  /** Receives one event per attempt; nothing is logged by default. */
  onEvent?: (event: RequestEvent) => void;
  /** Sleep used between retries and by the account's pacer (injectable for tests). */
  sleep?: Sleep;
  /** Clock in ms since the epoch (default `Date.now`). */
  now?: () => number;
  /** Uniform random number in [0, 1) for jitter (default `Math.random`). */
  random?: () => number;
}

/**
 * The default API origin.
 *
 * @example
 * ```ts
 * import { DEFAULT_BASE_URL, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * console.log(client.toJSON().baseUrl === DEFAULT_BASE_URL); // true
 * ```
 */
export const DEFAULT_BASE_URL = "https://cloud.lambda.ai";
/**
 * The default per-attempt timeout in ms.
 *
 * @example
 * ```ts
 * import { DEFAULT_TIMEOUT_MS, LambdaLabsClient } from "@gpufleet/lambda";
 * const patient = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret", timeoutMs: DEFAULT_TIMEOUT_MS * 4 });
 * console.log(patient.toJSON().timeoutMs); // 120000
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

type Params<Id extends OperationId> = operations[Id]["parameters"];
type Body<Id extends OperationId> = operations[Id]["requestBody"] extends
  { content: { "application/json": infer B } } ? B : never;

/**
 * What {@link LambdaApi.send} takes for operation `Id`: its path and query
 * parameters and its JSON body, typed from the generated `operations`
 * (required exactly when the operation has them), the caller's signal, and
 * what the request is about (for error messages and mapping).
 *
 * @example
 * ```ts
 * import type { SendOptions } from "./api.ts";
 * const get: SendOptions<"getInstance"> = { path: { id: "i-1" }, context: { instanceId: "i-1" } };
 * const terminate: SendOptions<"terminateInstance"> = { body: { instance_ids: ["i-1"] } };
 * console.log(get.path.id, terminate.body.instance_ids); // "i-1" ["i-1"]
 * ```
 */
export type SendOptions<Id extends OperationId> =
  & {
    /** Cancels the call (in flight and during retry sleeps). */
    signal?: AbortSignal;
    /** What the request is about, for error messages and mapping. */
    context?: Omit<ErrorContext, "operationId">;
    /**
     * Adds the time this call's attempts waited at the account's pacer, in
     * ms: for a caller with a time budget of its own that, like the
     * transport's, should not count time spent queued behind other calls.
     */
    queued?: { ms: number };
  }
  & ([Params<Id>["path"]] extends [undefined] ? { path?: undefined }
    : { path: NonNullable<Params<Id>["path"]> })
  & ([Params<Id>["query"]] extends [undefined] ? { query?: undefined }
    : { query?: Params<Id>["query"] })
  & ([Body<Id>] extends [never] ? { body?: undefined } : { body: Body<Id> });

/** The options argument of `send`: optional when nothing in it is required. */
type SendArgs<Id extends OperationId> =
  // deno-lint-ignore ban-types
  {} extends SendOptions<Id> ? [options?: SendOptions<Id>]
    : [options: SendOptions<Id>];

/** What one attempt came to, once decided. */
interface Attempted {
  verdict: Verdict;
  event: RequestEvent;
  /** Present on success. */
  result?: { value: unknown };
  /** Present otherwise: what the call throws if this attempt is the last. */
  error?: unknown;
}

/** What `openapi-fetch` is given per attempt. */
interface AttemptInit {
  params: { path?: Record<string, string>; query?: Record<string, unknown> };
  body?: unknown;
  parseAs: "text";
  signal: AbortSignal;
  fetch: (request: PlannedRequest) => Promise<Response>;
}

/**
 * What `openapi-fetch` builds for each attempt in place of a `Request`
 * (its `Request` option): the URL, method, headers and body it worked out.
 * The fetch is then called with them as `(url, init)`, and builds the one
 * `Request` of the attempt itself; a `Request` built here first would be
 * built twice (with a dependent signal each time).
 */
class PlannedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: HeadersInit | undefined;
  readonly body: BodyInit | null | undefined;
  readonly signal: AbortSignal | null | undefined;
  readonly redirect: RequestRedirect | undefined;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers;
    this.body = init.body;
    this.signal = init.signal;
    this.redirect = init.redirect;
  }

  /**
   * The `init` of the fetch call, with the `auth` headers. openapi-fetch
   * merges the headers it sets (the content type of a body) into a
   * `Headers`; they are handed on as a plain record, which the runtime's
   * fetch reads several times faster than a `Headers` it must iterate.
   */
  init(auth: Readonly<Record<string, string>>): RequestInit {
    const headers: Record<string, string> = { ...auth };
    if (this.headers instanceof Headers) {
      this.headers.forEach((value, name) => {
        headers[name] = value;
      });
    } else if (this.headers !== undefined) {
      Object.assign(headers, Object.fromEntries(new Headers(this.headers)));
    }
    const init: RequestInit = {
      method: this.method,
      redirect: this.redirect,
      signal: this.signal,
      headers,
    };
    if (this.body !== undefined && this.body !== null) init.body = this.body;
    return init;
  }
}

/** `openapi-fetch`'s call by method and path, as the transport uses it. */
type RequestByRoute = (
  method: string,
  path: string,
  init: AttemptInit,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * The transport. Holds the API key in a private field; its inspection and
 * JSON forms show only the non-secret configuration.
 *
 * @example
 * ```ts
 * import { LambdaApi } from "./api.ts";
 * const api = new LambdaApi({
 *   apiKey: "secret",
 *   fetch: () => Promise.resolve(Response.json({ data: [{ name: "us-west-1", description: "California" }] })),
 * });
 * const regions = await api.send("listRegions");
 * console.log(regions[0].name); // "us-west-1"
 * ```
 */
export class LambdaApi {
  #apiKey: string;
  /** The key as the header every request carries (the auth stage). */
  readonly #auth: Readonly<Record<string, string>>;
  readonly #request: RequestByRoute;
  readonly #fetch: typeof fetch;
  /**
   * Whether `#fetch` is the runtime's, which ends a request and the reading
   * of its body when their signal aborts; a fetch passed in may ignore the
   * signal, so its promises are raced against it.
   */
  readonly #fetchHonoursSignal: boolean;
  readonly #baseUrl: string;
  /** The base URL's path, prefixed to event paths. */
  readonly #basePath: string;
  readonly #timeoutMs: number;
  readonly #timer: AttemptTimer;
  readonly #maxResponseBytes: number;
  readonly #retry: Required<RetryOptions>;
  readonly #onEvent?: (event: RequestEvent) => void;
  readonly #pacer: Pacer;
  readonly #sleep: Sleep;
  readonly #now: () => number;
  /** The full-jitter backoff before retry number `retry`, at least `retryAfterMs`. */
  readonly backoffMs: DelayMs;
  /** The transport's clock: its `now`, and its sleep cut short by a signal. */
  readonly clock: RetryClock;

  /**
   * Creates the transport.
   *
   * @param options key, origin, fetch, timeout, size limit, retry bounds, hooks
   * @param stages the account's pacer (default: none)
   * @throws {InvalidArgumentError} on `options.baseUrl` when the key may
   *   not be sent there (see {@link TransportOptions.baseUrl})
   */
  constructor(options: TransportOptions, stages: { pacer?: Pacer } = {}) {
    if (typeof options.apiKey !== "string" || options.apiKey === "") {
      throw new TypeError("LambdaApi: apiKey must be a non-empty string");
    }
    this.#apiKey = options.apiKey;
    this.#auth = Object.freeze(authorizationHeaders(options.apiKey));
    this.#baseUrl = checkKeyDestination(
      options.baseUrl ?? DEFAULT_BASE_URL,
      options.allowInsecureHttp === true,
    );
    this.#basePath = new URL(this.#baseUrl).pathname.replace(/\/$/, "");
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#fetchHonoursSignal = options.fetch === undefined;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#timer = new AttemptTimer(this.#timeoutMs);
    this.#maxResponseBytes = options.maxResponseBytes ??
      DEFAULT_MAX_RESPONSE_BYTES;
    this.#retry = { ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) };
    this.#onEvent = options.onEvent;
    this.#pacer = stages.pacer ?? UNPACED;
    this.#sleep = options.sleep ?? abortableSleep;
    this.#now = options.now ?? Date.now;
    this.backoffMs = fullJitterBackoff(
      this.#retry,
      options.random ?? Math.random,
    );
    this.clock = {
      now: this.#now,
      // An injected sleep that ignores signals must not delay an abort.
      sleep: (ms, signal) => raceAbort(this.#sleep(ms, signal), signal),
    };
    const client = createClient<paths>({
      baseUrl: this.#baseUrl,
      redirect: "manual",
      Request: PlannedRequest as unknown as typeof Request,
      // Built once, not once per call as openapi-fetch does without one.
      querySerializer: createQuerySerializer(),
      pathSerializer: fillPath,
    });
    this.#request = client.request as unknown as RequestByRoute;
  }

  /**
   * The transport's clock with the time `queued` counts (what calls waited
   * at the account's pacer, see {@link SendOptions.queued}) taken out of
   * `now`: for a retry budget that queueing behind other calls must not
   * spend, the transport's own and the create path's.
   *
   * @example
   * ```ts
   * import { LambdaApi } from "./api.ts";
   * declare const api: LambdaApi;
   * const queued = { ms: 0 };
   * const clock = api.clockWithout(queued);
   * await api.send("listInstances", { queued });
   * console.log(api.now() - clock.now() === queued.ms); // true
   * ```
   */
  clockWithout(queued: { ms: number }): RetryClock {
    return { now: () => this.#now() - queued.ms, sleep: this.clock.sleep };
  }

  /** The API origin. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** The clock of the transport (ms). */
  now(): number {
    return this.#now();
  }

  /** The retry bounds in force. */
  get retry(): Readonly<Required<RetryOptions>> {
    return this.#retry;
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
   * Sends operation `id` of the table and returns its validated `data`
   * (`{ data, pageToken }` for paged operations).
   *
   * Errors are typed (`CloudError` subclasses); a caller abort rejects with
   * the signal's reason. 429, 5xx, timeouts and network failures are
   * retried within the retry bounds, except that an operation the table
   * marks non-idempotent is never re-sent after an ambiguous outcome: that
   * rejects with an `AmbiguousOutcomeError` (`AmbiguousLaunchError` for a
   * launch) at once.
   *
   * @example
   * ```ts
   * import { LambdaApi } from "./api.ts";
   * declare const api: LambdaApi;
   * const instance = await api.send("getInstance", { path: { id: "i-1" }, context: { instanceId: "i-1" } });
   * await api.send("terminateInstance", { body: { instance_ids: [instance.id] } });
   * ```
   */
  async send<Id extends OperationId>(
    id: Id,
    ...[options]: SendArgs<Id>
  ): Promise<SendResult<Id>> {
    // What every operation's options have in common, for the pipeline.
    const opts = (options ?? {}) as {
      signal?: AbortSignal;
      context?: Omit<ErrorContext, "operationId">;
      path?: Record<string, string>;
      query?: Record<string, unknown>;
      body?: unknown;
      queued?: { ms: number };
    };
    const signal = opts.signal;
    const ctx: ErrorContext = { ...opts.context, operationId: id };
    const startedAt = this.#now();
    const params: AttemptInit["params"] = {};
    if (opts.path !== undefined) params.path = opts.path;
    if (opts.query !== undefined) params.query = opts.query;
    // Time spent queued behind the account's pacer is not retrying: it is
    // left out of the elapsed budget (a create behind twenty others would
    // otherwise have no retry left when its turn came).
    const queued = { ms: 0 };
    const queue = opts.queued ? [queued, opts.queued] : [queued];
    const last = await retrying<Attempted>({
      attempt: (n) =>
        this.#attempt(id, params, opts.body, ctx, n, startedAt, queue, signal),
      decide: (outcome) =>
        outcome.ok
          ? {
            retry: outcome.value.verdict.retryable,
            retryAfterMs: outcome.value.verdict.retryAfterMs,
          }
          : { retry: false },
      maxAttempts: this.#retry.maxAttempts,
      maxElapsedMs: this.#retry.maxElapsedMs,
      delayMs: this.backoffMs,
      clock: this.clockWithout(queued),
      signal,
      observe: (outcome, _n, delayMs) => {
        if (!outcome.ok || !this.#onEvent) return;
        const event = outcome.value.event;
        if (delayMs !== undefined) event.retryDelayMs = delayMs;
        emitEvent(this.#onEvent, event);
      },
    });
    if (last.result === undefined) throw last.error;
    return last.result.value as SendResult<Id>;
  }

  /** One attempt: pacing, the exchange, the verdict, the event, the result. */
  async #attempt(
    id: OperationId,
    params: AttemptInit["params"],
    body: unknown,
    ctx: ErrorContext,
    attempt: number,
    startedAt: number,
    queue: readonly { ms: number }[],
    signal: AbortSignal | undefined,
  ): Promise<Attempted> {
    const spec = OPERATIONS[id];
    const arrived = this.#now();
    const done = await this.#pacer.admit(id, signal);
    const t0 = this.#now();
    // Into this send's meter (its elapsed budget) and the caller's, if any.
    for (const meter of queue) meter.ms += t0 - arrived;
    let outcome: Outcome;
    try {
      outcome = await this.#exchange(id, params, body, signal);
    } finally {
      done();
    }
    let verdict = decide(outcome, spec.idempotent, this.#now());
    if (outcome.kind === "answer" && outcome.status === 429) {
      // Lambda's limits are per account: the pacer holds every client of
      // it back, and this retry waits at least the documented interval.
      verdict = {
        ...verdict,
        retryAfterMs: this.#pacer.rateLimited(id, verdict.retryAfterMs),
      };
    }
    const event: RequestEvent = {
      operationId: id,
      method: spec.method.toUpperCase(),
      // Worked out only for observers: it costs a string build per call.
      path: this.#onEvent ? this.#eventPath(spec.path, params.path) : "",
      durationMs: this.#now() - t0,
      attempt,
    };
    if (outcome.kind === "answer") event.status = outcome.status;
    if (verdict.errorCode !== undefined) event.errorCode = verdict.errorCode;
    if (
      outcome.kind === "answer" && outcome.status < 300 && outcome.body.ok
    ) {
      const checked = validateAnswer(id, outcome.status, outcome.body.value);
      return checked.ok
        ? { verdict, event, result: { value: checked.value } }
        : { verdict, event, error: checked.error };
    }
    return {
      verdict,
      event,
      error: errorFromOutcome(outcome, verdict, {
        idempotent: spec.idempotent,
        ctx,
        attempt,
        startedAt,
        timeoutMs: this.#timeoutMs,
      }),
    };
  }

  /**
   * Sends one request through `openapi-fetch` within one timeout and reads
   * its answer within the size limit. Rejects only with the caller's abort.
   */
  async #exchange(
    id: OperationId,
    params: AttemptInit["params"],
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const spec = OPERATIONS[id];
    const guard = this.#timer.guard(signal);
    try {
      const init: AttemptInit = {
        params,
        parseAs: "text",
        signal: guard.signal,
        fetch: (request) => this.#wire(request, id),
      };
      if (body !== undefined) init.body = body;
      const { data, error, response } = await this.#request(
        spec.method,
        spec.path,
        init,
      );
      // #wire bounded the body; openapi-fetch read it as text and, for an
      // error answer, parsed it.
      if (!response.ok) {
        return {
          kind: "answer",
          status: response.status,
          headers: response.headers,
          body: error === undefined || typeof error === "string"
            ? { ok: false, error }
            : { ok: true, value: error },
        };
      }
      return {
        kind: "answer",
        status: response.status,
        headers: response.headers,
        body: parseJsonBody(typeof data === "string" ? data : ""),
      };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (
        err instanceof RedirectRefusedError ||
        err instanceof ResponseTooLargeError
      ) {
        return { kind: "refused", error: err };
      }
      if (guard.timedOut.aborted) {
        return { kind: "failure", reason: "timeout", cause: undefined };
      }
      return { kind: "failure", reason: "network-error", cause: err };
    } finally {
      guard.done();
    }
  }

  /**
   * The fetch `openapi-fetch` calls: the caller's fetch with the planned
   * request as `(url, init)`, raced against the attempt's signal unless it
   * is the runtime's own; redirects refused. The answer goes back as it is
   * when the runtime's fetch will end its body within the size limit (its
   * declared length), so that `openapi-fetch` reads it natively; any other
   * body is read here within the limit (and the signal) and handed on as
   * text.
   */
  async #wire(request: PlannedRequest, id: OperationId): Promise<Response> {
    const signal = request.signal ?? undefined;
    const answer = this.#fetch(request.url, request.init(this.#auth));
    const response = refuseRedirect(
      await (this.#fetchHonoursSignal ? answer : raceAbort(answer, signal)),
      id,
    );
    if (
      this.#fetchHonoursSignal &&
      declaredWithin(response, this.#maxResponseBytes, id)
    ) return response;
    const text = await readTextWithin(
      response,
      this.#maxResponseBytes,
      id,
      signal,
    );
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  /** The URL path of a request, for events. */
  #eventPath(template: string, path?: Record<string, string>): string {
    let filled = template;
    for (const key in path) {
      filled = filled.replace(`{${key}}`, encodeURIComponent(path[key]));
    }
    return this.#basePath + filled;
  }

  /** Only the non-secret configuration. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.#baseUrl,
      timeoutMs: this.#timeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
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

/**
 * openapi-fetch's path serializer for the table's paths, whose parameters
 * are all plain strings: each `{name}` replaced by its value, URI-encoded
 * (what openapi-fetch's default does for a string), in one scan without a
 * regular expression.
 */
function fillPath(url: string, params: Record<string, unknown>): string {
  let filled = "";
  let from = 0;
  for (;;) {
    const open = url.indexOf("{", from);
    const close = open < 0 ? -1 : url.indexOf("}", open);
    if (close < 0) return filled + url.slice(from);
    const value = params[url.slice(open + 1, close)];
    filled += url.slice(from, open) +
      (value === undefined || value === null
        ? url.slice(open, close + 1)
        : encodeURIComponent(String(value)));
    from = close + 1;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
