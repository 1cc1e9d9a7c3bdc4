/**
 * The emulator's request log, for its console: the last N requests with
 * time (on the emulator's clock), method, path, status, Lambda error code,
 * latency, and whether a fault or the rate limiter produced the answer,
 * with the first 16 KiB of each body.
 *
 * Nothing secret is kept: `Authorization` keeps only its scheme, the admin
 * token and cookies are replaced, and bodies are redacted when they end
 * (private keys, Jupyter tokens, the API key; `user_data` elided).
 *
 * Admin reads (the console's own polling) are not kept. It wraps the whole
 * HTTP entry ({@linkcode RequestLog.around}); bodies are
 * seen as the handler and the client read them (a pull-through tap, so
 * nothing is read earlier or more than the handler asks for). With size 0
 * nothing is kept, but answers still lose the internal cause header.
 *
 * @module
 */
import { type AnswerCause, takeCause } from "./routes/cause.ts";
import { isAdminPath } from "./routes/admin.ts";
import { ADMIN_TOKEN_HEADER } from "./routes/guards.ts";
import { REDACTED, redactText, scrubString } from "./redact.ts";

/** Bytes of each body kept. @example `BODY_CAPTURE_BYTES // 16384` */
export const BODY_CAPTURE_BYTES = 16 * 1024;
const HEADER_VALUE_CHARS = 512;
const PATH_CHARS = 2048;

/**
 * One request in the list (no bodies).
 *
 * @example
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import type { RequestSummary } from "./request_log.ts";
 * const mock = createMockLambda({ requestLog: 10, faults: { rateLimitRate: 1 } });
 * await (await mock.fetch("/api/v1/instances", { headers: { authorization: "Bearer test-key" } })).text();
 * const feed = (await (await mock.fetch("/_mock/console/feed?after=0")).json()).data;
 * const [first]: RequestSummary[] = feed.requests.entries;
 * console.log(first.status, first.code, first.cause); // 429 global/too-many-requests fault
 * ```
 */
export interface RequestSummary {
  /** Increasing number, from 1. */
  seq: number;
  /** Arrival on the emulator's clock (ISO 8601). */
  at: string;
  /** HTTP method. */
  method: string;
  /** Path and query. */
  path: string;
  /** Status; 0 when no answer was given (dropped connection, abort). */
  status: number;
  /** Lambda's error code, for an error in its envelope. */
  code?: string;
  /** Wall milliseconds until the answer's headers. */
  latencyMs: number;
  /** What produced the answer instead of the model, if anything. */
  cause?: AnswerCause;
  /** Why there was no answer (`status` 0). */
  note?: string;
  /** Whether both bodies have ended (a summary may come again until then). */
  complete: boolean;
}

/**
 * One side of an exchange, as kept.
 *
 * @example
 * ```ts
 * import { RequestLog, type CapturedMessage } from "./request_log.ts";
 * const log = new RequestLog({ size: 10, now: () => Date.now(), secrets: () => ["the-api-key"] });
 * const request = new Request("http://x/api/v1/regions", { headers: { authorization: "Bearer the-api-key" } });
 * await (await log.around(request, () => Promise.resolve(Response.json({ data: [] })))).text();
 * const sent: CapturedMessage = log.entry(1)!.request;
 * console.log(sent.headers.authorization); // "Bearer ‹redacted›"
 * ```
 */
export interface CapturedMessage {
  /** Headers, secrets replaced. */
  headers: Record<string, string>;
  /** The first {@linkcode BODY_CAPTURE_BYTES} bytes, redacted. */
  body: string;
  /** Bytes that went through. */
  bytes: number;
  /** Whether more went through than was kept. */
  truncated: boolean;
  /** Whether the body has ended (or was cancelled). */
  complete: boolean;
}

/**
 * One request with its bodies.
 *
 * @example
 * ```ts
 * import { RequestLog, type RequestLogEntry } from "./request_log.ts";
 * const log = new RequestLog({ size: 10, now: () => Date.now(), secrets: () => [] });
 * await (await log.around(new Request("http://x/api/v1/regions"), () => Promise.resolve(Response.json({ data: [] })))).text();
 * const entry: RequestLogEntry | undefined = log.entry(1);
 * console.log(entry?.status, JSON.parse(entry?.response.body ?? "null")); // 200 { data: [] }
 * ```
 */
export interface RequestLogEntry extends RequestSummary {
  /** The request. */
  request: CapturedMessage;
  /** The answer. */
  response: CapturedMessage;
}

/**
 * Options of {@linkcode RequestLog}.
 *
 * @example
 * ```ts
 * import { RequestLog, type RequestLogOptions } from "./request_log.ts";
 * const options: RequestLogOptions = { size: 500, now: () => Date.now(), secrets: () => ["the-api-key"] };
 * const log = new RequestLog(options);
 * console.log(log.enabled, log.size); // true 500
 * ```
 */
export interface RequestLogOptions {
  /** Requests kept (0: none). */
  size: number;
  /** The emulator's clock, epoch ms. */
  now(): number;
  /** Strings that must never be kept (the API key, the admin token). */
  secrets(): readonly string[];
}

class Capture {
  readonly #chunks: Uint8Array[] = [];
  #kept = 0;
  bytes = 0;

  add(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    if (this.#kept >= BODY_CAPTURE_BYTES) return;
    const part = chunk.slice(0, BODY_CAPTURE_BYTES - this.#kept);
    this.#chunks.push(part);
    this.#kept += part.byteLength;
  }

  get truncated(): boolean {
    return this.bytes > this.#kept;
  }

  text(): string {
    const all = new Uint8Array(this.#kept);
    let offset = 0;
    for (const c of this.#chunks) {
      all.set(c, offset);
      offset += c.byteLength;
    }
    return new TextDecoder().decode(all);
  }
}

/** A stream that passes `source` through, chunk by chunk as it is pulled. */
function tap(
  source: ReadableStream<Uint8Array>,
  capture: Capture,
  onEnd: () => void,
): ReadableStream<Uint8Array> {
  // The reader is taken on the first pull: until the handler reads, the
  // source stays as unlocked as it was.
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let ended = false;
  const end = () => {
    if (!ended) {
      ended = true;
      onEnd();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        reader ??= source.getReader();
        const { done, value } = await reader.read();
        if (done) {
          end();
          controller.close();
          return;
        }
        capture.add(value);
        controller.enqueue(value);
      } catch (err) {
        end();
        controller.error(err);
      }
    },
    cancel(reason) {
      end();
      return reader ? reader.cancel(reason) : source.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

function keptHeaders(
  headers: Headers,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name === "authorization" || name === "proxy-authorization") {
      const scheme = /^\s*(\S+)/.exec(value)?.[1] ?? "";
      out[name] = `${scheme.slice(0, 16)} ${REDACTED}`.trim();
    } else if (
      name === ADMIN_TOKEN_HEADER || name === "cookie" || name === "set-cookie"
    ) {
      out[name] = REDACTED;
    } else {
      out[name] = scrubString(value.slice(0, HEADER_VALUE_CHARS), secrets);
    }
  }
  return out;
}

/** The console's own polling (admin reads) would drown everything else. */
function isConsoleRead(request: Request): boolean {
  return (request.method === "GET" || request.method === "HEAD") &&
    isAdminPath(new URL(request.url).pathname);
}

function errorCode(text: string): string | undefined {
  try {
    const code = JSON.parse(text)?.error?.code;
    return typeof code === "string" ? code.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/** Wall milliseconds since `started`, to 0.01 ms. */
function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

/** An entry as kept: `complete` is derived from its two sides. */
type StoredEntry = Omit<RequestLogEntry, "complete">;

function isComplete(e: StoredEntry): boolean {
  return e.request.complete && e.response.complete;
}

function summaryOf(e: StoredEntry): RequestSummary {
  const { request: _request, response: _response, ...summary } = e;
  return { ...summary, complete: isComplete(e) };
}

/**
 * The last `size` requests.
 *
 * @example
 * ```ts
 * import { RequestLog } from "./request_log.ts";
 * const log = new RequestLog({ size: 100, now: () => Date.now(), secrets: () => [] });
 * const res = await log.around(
 *   new Request("http://x/api/v1/regions"),
 *   () => Promise.resolve(Response.json({ data: [] })),
 * );
 * await res.text();
 * console.log(log.summaries(0)[0].status); // 200
 * ```
 */
export class RequestLog {
  readonly #options: RequestLogOptions;
  readonly #entries: StoredEntry[] = [];
  readonly #writeListeners: Array<() => void> = [];
  #seq = 0;

  /** @param options size, clock, secrets */
  constructor(options: RequestLogOptions) {
    if (!Number.isInteger(options.size) || options.size < 0) {
      throw new TypeError("requestLog must be an integer >= 0");
    }
    this.#options = options;
  }

  /** Whether requests are kept. */
  get enabled(): boolean {
    return this.#options.size > 0;
  }

  /** Most requests kept. */
  get size(): number {
    return this.#options.size;
  }

  /** Number of the latest request (0: none yet). */
  get lastSeq(): number {
    return this.#seq;
  }

  /**
   * Calls `listener` after each answered write (any method but GET and
   * HEAD), whether or not requests are kept.
   *
   * @param listener called with no arguments
   */
  onWrite(listener: () => void): void {
    this.#writeListeners.push(listener);
  }

  /**
   * Summaries of the requests after `afterSeq`, and of earlier ones whose
   * bodies have not ended yet; oldest first, at most `limit` (the newest).
   */
  summaries(afterSeq: number, limit = this.size): RequestSummary[] {
    const out = this.#entries.filter((e) => e.seq > afterSeq || !isComplete(e))
      .map(summaryOf);
    return out.slice(Math.max(0, out.length - limit));
  }

  /** One request with its bodies, if still kept. */
  entry(seq: number): RequestLogEntry | undefined {
    const e = this.#entries.find((x) => x.seq === seq);
    return e === undefined
      ? undefined
      : { ...structuredClone(e), complete: isComplete(e) };
  }

  /**
   * Runs `next` for `request`, keeping a record of both sides, and strips
   * the internal cause header from the answer.
   *
   * @param request the request
   * @param next the handler
   */
  async around(
    request: Request,
    next: (request: Request) => Promise<Response>,
  ): Promise<Response> {
    if (!this.enabled || isConsoleRead(request)) {
      try {
        return takeCause(await next(request)).response;
      } finally {
        this.#wrote(request.method);
      }
    }
    const secrets = this.#options.secrets();
    const started = performance.now();
    const url = new URL(request.url);
    const entry: StoredEntry = {
      seq: ++this.#seq,
      at: new Date(this.#options.now()).toISOString(),
      method: request.method.slice(0, 16),
      path: scrubString(
        (url.pathname + url.search).slice(0, PATH_CHARS),
        secrets,
      ),
      status: 0,
      latencyMs: 0,
      request: this.#message(request.headers, secrets),
      response: this.#message(new Headers(), secrets),
    };
    this.#keep(entry);
    const sent = this.#tapRequest(request, entry, secrets);
    let answer: Response;
    try {
      answer = await next(sent);
    } catch (err) {
      entry.latencyMs = elapsed(started);
      entry.note = (err as Error)?.name === "DroppedConnection"
        ? "connection dropped (fault)"
        : "no answer (aborted or failed)";
      if ((err as Error)?.name === "DroppedConnection") entry.cause = "fault";
      entry.response.complete = true;
      this.#wrote(request.method);
      throw err;
    }
    entry.latencyMs = elapsed(started);
    const { cause, response } = takeCause(answer);
    entry.status = response.status;
    if (cause) entry.cause = cause;
    entry.response = this.#message(response.headers, secrets);
    this.#wrote(request.method);
    if (response.body === null) {
      entry.response.complete = true;
      return response;
    }
    const capture = new Capture();
    const body = tap(response.body, capture, () => {
      const text = capture.text();
      entry.response.body = redactText(text, secrets);
      entry.response.bytes = capture.bytes;
      entry.response.truncated = capture.truncated;
      entry.response.complete = true;
      if (response.status >= 400) entry.code = errorCode(text);
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  #message(headers: Headers, secrets: readonly string[]): CapturedMessage {
    return {
      headers: keptHeaders(headers, secrets),
      body: "",
      bytes: 0,
      truncated: false,
      complete: false,
    };
  }

  #tapRequest(
    request: Request,
    entry: StoredEntry,
    secrets: readonly string[],
  ): Request {
    if (
      request.body === null || request.method === "GET" ||
      request.method === "HEAD"
    ) {
      entry.request.complete = true;
      return request;
    }
    const capture = new Capture();
    const body = tap(request.body, capture, () => {
      entry.request.body = redactText(capture.text(), secrets);
      entry.request.bytes = capture.bytes;
      entry.request.truncated = capture.truncated;
      entry.request.complete = true;
    });
    return new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body,
      signal: request.signal,
      duplex: "half",
    } as RequestInit);
  }

  #keep(entry: StoredEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.size) this.#entries.shift();
  }

  #wrote(method: string): void {
    if (method === "GET" || method === "HEAD") return;
    for (const listener of this.#writeListeners) listener();
  }
}
