/**
 * A stateful, in-process emulator of the Lambda Cloud API, usable through an
 * in-process `fetch` or as a real HTTP server.
 *
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda({ apiKey: "test-key", seed: 1, clock: "manual" });
 * const res = await mock.fetch("https://cloud.lambda.ai/api/v1/instance-types", {
 *   headers: { authorization: "Bearer test-key" },
 * });
 * console.log(Object.keys((await res.json()).data));
 * mock.clock.advance(60_000); // booting → active, terminating → terminated, …
 * ```
 *
 * The model (`state/`) is separate from the HTTP layer (`routes/`): the
 * routes are built from the operation table, validate requests with its
 * schemas and turn model errors into Lambda's envelope `{ "error": {
 * "code", "message", "suggestion"? } }`. `mock.clientOptions()` binds a
 * client to the emulator and its clock; `rateLimits: "lambda"` and
 * `answers` make it as unkind as the real API (rate limits, sparse,
 * null-bearing and growing answers; see {@linkcode DECLARED_DEVIATIONS}).
 *
 * @module
 */
import { abortableSleep, clampTimerMs, raceAbort } from "../src/v1/abort.ts";
import {
  DroppedConnection,
  FaultInjector,
  type FaultOptions,
  normaliseFaults,
} from "./faults.ts";
import { RequestLog } from "./request_log.ts";
import { createAdminHandler, isAdminPath } from "./routes/admin.ts";
import { createApiHandler } from "./routes/api.ts";
import { forbiddenHost, hostGuard } from "./routes/guards.ts";
import { AnswerShaper } from "./routes/answers.ts";
import { RateLimiter, type RateLimitMode } from "./routes/rate_limit.ts";
import type {
  CapacityMap,
  MockImage,
  MockInstanceType,
} from "./state/catalogue.ts";
import type { Region } from "./state/types.ts";
import {
  type MockStateSnapshot,
  MockWorld,
  type QuotaOptions,
} from "./state/world.ts";

export { DECLARED_DEVIATIONS } from "./deviations.ts";
export type { FaultOptions, ForbiddenCode } from "./faults.ts";
export { MockApiError } from "./state/errors.ts";
export type {
  CapacityMap,
  MockImage,
  MockInstanceType,
} from "./state/catalogue.ts";
export type { MockStateSnapshot, QuotaOptions } from "./state/world.ts";
export type * from "./state/types.ts";

/**
 * Options of {@linkcode createMockLambda}.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type MockLambdaOptions } from "@gpufleet/lambda/mock";
 * const options: MockLambdaOptions = {
 *   apiKey: "k",
 *   seed: 7,
 *   clock: "manual",
 *   bootSeconds: 30,
 *   capacity: { "us-west-1": { gpu_1x_a10: 1 } }, // one free A10, nothing else anywhere
 *   quota: { instances: 10 },
 * };
 * const mock = createMockLambda(options);
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const types = await client.getInstanceTypes({ locations: ["all"] });
 * console.log(types.filter((t) => t.isAvailable).map((t) => `${t.type}@${t.location}`)); // ["gpu_1x_a10@us-west-1"]
 * ```
 */
export interface MockLambdaOptions {
  /** The API key clients must send (default `"test-key"`). */
  apiKey?: string;
  /** Seed of ids, IPs, tokens and generated keys (default 0). */
  seed?: number;
  /** `"manual"` (default): time moves with `clock.advance`; `"real"`: wall time. */
  clock?: "manual" | "real";
  /** Seconds from launch to active (default 60). */
  bootSeconds?: number;
  /** Seconds from restart to active (default: bootSeconds). */
  restartSeconds?: number;
  /** Seconds from terminating to terminated (default 5). */
  terminateSeconds?: number;
  /** Seconds a terminated instance stays listed (default 300). */
  terminatedRetentionSeconds?: number;
  /** Regions (default: 12 regions like Lambda's public cloud). */
  regions?: readonly Region[];
  /** Instance types (default: 11 GPU and CPU types). */
  instanceTypes?: readonly MockInstanceType[];
  /** Capacity per region and type; missing pairs are 0. */
  capacity?: Readonly<CapacityMap>;
  /** Images (default: Lambda Stack and Ubuntu families in every region). */
  images?: readonly MockImage[];
  /** Quotas; a number is the most instances at once (default 500). */
  quota?: number | QuotaOptions;
  /** Faults injected from the start (default none). */
  faults?: FaultOptions;
  /** Requests kept for the console's log (default 0: none; `deno task mock` keeps 500). */
  requestLog?: number;
  /** A token every admin route but the console page then needs (`X-Mock-Admin-Token`). */
  adminToken?: string;
  /**
   * `"lambda"`: Lambda's documented rate limits per API key on the
   * emulator's clock (about one request per second, one launch per 12 s;
   * see the README for the bursts), refused with 429 in Lambda's envelope.
   * `"off"` (the default in-process; `deno task mock` and the contract
   * suite turn them on): no limits.
   */
  rateLimits?: "lambda" | "off";
  /**
   * Answers as unkind as the real API's, each `true` (always) or a rate
   * from 0 to 1 (the faults `omitOptionalRate`, `nullRate` and
   * `extraFieldRate` do the same at run time): `omitOptional` leaves out
   * optional fields the description allows to be missing (`private_ip`,
   * the Jupyter fields, empty `tags` and `firewall_rulesets`, `bytes_used`);
   * `nulls` sends `null` for absent fields older versions marked nullable;
   * `extraFields` adds `workspace_id` to instances and SSH keys. See
   * {@linkcode DECLARED_DEVIATIONS}. Default: complete answers.
   */
  answers?: MockAnswerOptions;
}

/**
 * Sparse and growing answers: each `true` (always), or a rate from 0 to 1.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type MockAnswerOptions } from "@gpufleet/lambda/mock";
 * const answers: MockAnswerOptions = { omitOptional: true, nulls: 0.5, extraFields: true };
 * const mock = createMockLambda({ answers });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const res = await mock.fetch("/api/v1/instances", { headers: { authorization: "Bearer test-key" } });
 * const [wire] = (await res.json()).data;
 * console.log("workspace_id" in wire); // true (a field the description does not name)
 * console.log((await client.listInstances()).length); // 1 (the client reads such answers all the same)
 * ```
 */
export interface MockAnswerOptions {
  /** Leave out optional fields without a stable value. */
  omitOptional?: boolean | number;
  /** Send `null` in absent fields that older versions marked nullable. */
  nulls?: boolean | number;
  /** Add fields the real API sends beyond its description. */
  extraFields?: boolean | number;
}

function answerRate(name: string, value: boolean | number | undefined): number {
  if (value === undefined || value === false) return 0;
  if (value === true) return 1;
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new TypeError(
      `answers.${name} must be a boolean or a rate from 0 to 1`,
    );
  }
  return value;
}

/**
 * The emulator's clock.
 *
 * @example
 * ```ts
 * import { createMockLambda, type MockClock } from "@gpufleet/lambda/mock";
 * const clock: MockClock = createMockLambda().clock;
 * clock.advance(1000);
 * console.log(clock.kind, new Date(clock.now()).toISOString()); // manual 2026-01-01T00:00:01.000Z
 * ```
 */
export interface MockClock {
  /** `"manual"` or `"real"`. */
  readonly kind: "manual" | "real";
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Moves a manual clock forward (a `TypeError` on the real clock). */
  advance(ms: number): void;
}

/**
 * A running server of the emulator.
 *
 * @example
 * ```ts
 * import { createMockLambda, type MockServer } from "@gpufleet/lambda/mock";
 * const server: MockServer = await createMockLambda().listen({ port: 0 });
 * const res = await fetch(`${server.url}/api/v1/regions`, { headers: { authorization: "Bearer test-key" } });
 * console.log(res.status, server.url === `http://127.0.0.1:${server.port}`); // 200 true
 * await server.close();
 * ```
 */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** The port actually bound. */
  readonly port: number;
  /** Stops serving and closes every connection. */
  close(): Promise<void>;
}

/**
 * Fault injection controls.
 *
 * @example
 * ```ts
 * import { createMockLambda, type MockFaults } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const faults: MockFaults = mock.faults;
 * faults.set({ rateLimitRate: 1 });
 * const res = await mock.fetch("/api/v1/instances", { headers: { authorization: "Bearer test-key" } });
 * console.log(res.status); // 429
 * faults.clear();
 * console.log(faults.get()); // {}
 * ```
 */
export interface MockFaults {
  /** Replaces the fault settings (and restarts their draws from the seed). */
  set(faults: FaultOptions): void;
  /** Removes every fault. */
  clear(): void;
  /** The current settings. */
  get(): FaultOptions;
}

/**
 * Options that bind a client to the emulator and to its clock: spread them
 * into `new LambdaLabsClient({ refId, ...mock.clientOptions() })`, and give
 * `sleep` and `now` to `waitForInstanceLifecycleStatus`. On the manual
 * clock `sleep(ms)` moves the clock forward by `ms` instead of waiting, so
 * retries, pacing and waits take no wall time (two sleeps at once move it
 * twice); on the real clock it really waits.
 *
 * @example
 * ```ts
 * import { createMockLambda, type MockClientOptions } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const options: MockClientOptions = mock.clientOptions();
 * await options.sleep(60_000);
 * console.log(new Date(options.now()).toISOString()); // "2026-01-01T00:01:00.000Z"
 * ```
 */
export interface MockClientOptions {
  /** The emulator's fetch (in-process), or the global fetch for a server. */
  fetch: (
    input: Request | URL | string,
    init?: RequestInit,
  ) => Promise<Response>;
  /** The key the emulator accepts. */
  apiKey: string;
  /** Where to send requests (the in-process fetch ignores the host). */
  baseUrl: string;
  /** The emulator's clock, epoch milliseconds. */
  now: () => number;
  /** Waits `ms` on the emulator's clock; rejects when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The emulator.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type MockLambda } from "@gpufleet/lambda/mock";
 * const mock: MockLambda = createMockLambda({ seed: 1 });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * console.log(mock.state.instances.length, mock.state.capacity["us-west-1"].gpu_1x_a10); // 1 9
 * mock.reset();
 * console.log(mock.state.instances.length); // 0
 * ```
 */
export interface MockLambda {
  /**
   * A `fetch` served in-process (no socket): accepts `Request | URL |
   * string` (a path alone is fine), ignores the host, honours
   * `init.signal`. A dropped connection (fault) rejects with a `TypeError`
   * like a network failure.
   */
  fetch(input: Request | URL | string, init?: RequestInit): Promise<Response>;
  /** `Request` → `Response`, e.g. for your own `Deno.serve`. */
  handler(request: Request): Promise<Response>;
  /**
   * Serves the emulator over HTTP (default `127.0.0.1`, port 0 = any free
   * port). Only `Host` values naming that address are served (loopback
   * names too; any IP on `0.0.0.0`), plus `allowedHosts`.
   */
  listen(
    options?: { hostname?: string; port?: number; allowedHosts?: string[] },
  ): Promise<MockServer>;
  /** The clock (manual: `advance(ms)` moves the lifecycle forward). */
  readonly clock: MockClock;
  /** A read-only snapshot of the whole state, taken on each access. */
  readonly state: Readonly<MockStateSnapshot>;
  /** Fault injection. */
  readonly faults: MockFaults;
  /**
   * The rate limits in force: `"lambda"` or `"off"`. Assign to switch them
   * at run time (as `POST /_mock/rate-limits` does); switched on, every key
   * starts with full buckets. Anything else is a `TypeError`.
   *
   * @example
   * ```ts
   * import { createMockLambda } from "@gpufleet/lambda/mock";
   * const mock = createMockLambda(); // rate limits off
   * mock.rateLimits = "lambda";
   * const burst = await Promise.all(Array.from({ length: 10 }, () =>
   *   mock.fetch("/api/v1/regions", { headers: { authorization: "Bearer test-key" } })
   * ));
   * console.log(burst.filter((r) => r.status === 429).length); // 5
   * mock.reset();
   * console.log(mock.rateLimits); // "off": the mode the emulator was created with
   * ```
   */
  rateLimits: "lambda" | "off";
  /**
   * Back to the initial world: state, clock, faults and rate limits as
   * first given.
   */
  reset(): void;
  /**
   * Client options bound to this emulator and its clock; with `server`,
   * for a client that talks to that server over HTTP.
   *
   * @param server a server of this emulator (from `listen()`)
   */
  clientOptions(server?: MockServer): MockClientOptions;
  /** The options in force (with defaults filled in). */
  readonly options: Readonly<MockLambdaOptions & { apiKey: string }>;
}

const BASE = "http://mock.lambda.invalid";
/** The API's own origin: what a client bound to the in-process fetch names. */
const DEFAULT_ORIGIN = "https://cloud.lambda.ai";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function networkError(url: string): TypeError {
  return new TypeError(
    `error sending request for url (${url}): connection closed before message completed`,
  );
}

function droppedOverSocket(): Response {
  // Deno.serve cannot close a connection before the status line; the
  // closest a client can see is an answer whose body breaks off, which
  // `fetch` reports as a TypeError when the body is read.
  const reason = new Error("mock: connection dropped by fault injection");
  reason.stack = reason.message;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"da'));
      controller.error(reason);
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}

/**
 * Creates an emulator of the Lambda Cloud API.
 *
 * @example
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda({ apiKey: "k", seed: 1, bootSeconds: 60 });
 * const auth = { authorization: "Bearer k", "content-type": "application/json" };
 * await mock.fetch("/api/v1/ssh-keys", { method: "POST", headers: auth, body: JSON.stringify({ name: "me" }) });
 * const res = await mock.fetch("/api/v1/instance-operations/launch", {
 *   method: "POST",
 *   headers: auth,
 *   body: JSON.stringify({ region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] }),
 * });
 * const { data } = await res.json();
 * mock.clock.advance(60_000);
 * console.log(mock.state.instances.find((i) => i.id === data.instance_ids[0])?.status); // "active"
 * ```
 */
export function createMockLambda(options: MockLambdaOptions = {}): MockLambda {
  const apiKey = options.apiKey ?? "test-key";
  if (typeof apiKey !== "string" || apiKey === "") {
    throw new TypeError("apiKey must be a non-empty string");
  }
  if (
    options.clock !== undefined && options.clock !== "manual" &&
    options.clock !== "real"
  ) {
    throw new TypeError(`clock must be "manual" or "real"`);
  }
  if (
    options.rateLimits !== undefined && options.rateLimits !== "lambda" &&
    options.rateLimits !== "off"
  ) {
    throw new TypeError(`rateLimits must be "lambda" or "off"`);
  }
  const initialFaults = normaliseFaults(options.faults);
  const fixedRates = {
    omitOptional: answerRate("omitOptional", options.answers?.omitOptional),
    nulls: answerRate("nulls", options.answers?.nulls),
    extraFields: answerRate("extraFields", options.answers?.extraFields),
  };
  // A private copy: later changes to the caller's object do not leak into
  // reset().
  const copy: MockLambdaOptions = structuredClone(options);
  const resolved = deepFreeze({ ...structuredClone(copy), apiKey });
  const makeWorld = () =>
    new MockWorld({ ...copy, clock: copy.clock ?? "manual" });
  let world = makeWorld();
  const faults = new FaultInjector(initialFaults);
  const initialRateLimits: RateLimitMode = options.rateLimits ?? "off";
  const limiter = new RateLimiter(() => world.clock.now());
  limiter.mode = initialRateLimits;
  const shaper = new AnswerShaper(
    () => {
      const now = faults.answerRates;
      return {
        omitOptional: Math.max(fixedRates.omitOptional, now.omitOptional),
        nulls: Math.max(fixedRates.nulls, now.nulls),
        extraFields: Math.max(fixedRates.extraFields, now.extraFields),
      };
    },
    () => world.workspaceId,
    options.seed ?? 0,
  );
  const reset = () => {
    world = makeWorld();
    faults.set(initialFaults);
    limiter.mode = initialRateLimits;
    limiter.reset();
    shaper.reset();
  };
  const log = new RequestLog({
    size: copy.requestLog ?? 0,
    now: () => world.clock.now(),
    secrets: () => [apiKey, copy.adminToken ?? ""],
  });
  const api = createApiHandler({
    world: () => world,
    apiKey,
    faults,
    limiter,
    shaper,
  });
  const admin = createAdminHandler({
    world: () => world,
    reset,
    faults,
    limiter,
    log,
    apiKey,
    adminToken: copy.adminToken,
  });
  const route = (request: Request): Promise<Response> =>
    log.around(request, (req) => {
      const { pathname } = new URL(req.url);
      return isAdminPath(pathname) ? admin(req) : api(req);
    });

  const handler = async (request: Request): Promise<Response> => {
    try {
      return await route(request);
    } catch (err) {
      if (err instanceof DroppedConnection) throw networkError(request.url);
      throw err;
    }
  };

  const fetch = async (
    input: Request | URL | string,
    init?: RequestInit,
  ): Promise<Response> => {
    const request = input instanceof Request
      ? (init ? new Request(input, init) : input)
      : new Request(new URL(String(input), BASE), init);
    request.signal.throwIfAborted();
    return await raceAbort(handler(request), request.signal);
  };

  const listen = (
    opts: { hostname?: string; port?: number; allowedHosts?: string[] } = {},
  ): Promise<MockServer> => {
    const hostname = opts.hostname ?? "127.0.0.1";
    let hostAllowed = (_host: string | null) => false;
    return new Promise((resolve, reject) => {
      try {
        const server = Deno.serve({
          hostname,
          port: opts.port ?? 0,
          onListen: (addr) => {
            hostAllowed = hostGuard({
              hostname,
              port: addr.port,
              allowedHosts: opts.allowedHosts,
            });
            const host = hostname.includes(":") ? `[${hostname}]` : hostname;
            resolve({
              url: `http://${host}:${addr.port}`,
              port: addr.port,
              close: () => server.shutdown(),
            });
          },
          onError: () =>
            new Response(
              JSON.stringify({
                error: {
                  code: "global/internal-error",
                  message: "An internal server error occurred.",
                  suggestion: "Try again later.",
                },
              }),
              { status: 500, headers: { "content-type": "application/json" } },
            ),
        }, async (request) => {
          if (!hostAllowed(request.headers.get("host"))) return forbiddenHost();
          try {
            return await route(request);
          } catch (err) {
            if (err instanceof DroppedConnection) return droppedOverSocket();
            throw err;
          }
        });
      } catch (err) {
        reject(err);
      }
    });
  };

  const advance = (ms: number) => {
    world.clock.advance(ms);
    world.sync();
  };
  const clientOptions = (server?: MockServer): MockClientOptions => ({
    fetch: server ? (input, init) => globalThis.fetch(input, init) : fetch,
    apiKey,
    baseUrl: server ? server.url : DEFAULT_ORIGIN,
    now: () => world.clock.now(),
    sleep: (ms, signal) => {
      if (world.clock.kind !== "manual") return abortableSleep(ms, signal);
      if (signal?.aborted) return Promise.reject(signal.reason);
      advance(clampTimerMs(ms));
      return Promise.resolve();
    },
  });

  return {
    fetch,
    handler,
    listen,
    clientOptions,
    clock: {
      get kind() {
        return world.clock.kind;
      },
      now: () => world.clock.now(),
      advance,
    },
    get state() {
      return deepFreeze(world.snapshot());
    },
    faults: {
      set: (f: FaultOptions) => faults.set(f),
      clear: () => faults.clear(),
      get: () => faults.get(),
    },
    get rateLimits() {
      return limiter.mode;
    },
    set rateLimits(mode: RateLimitMode) {
      limiter.mode = mode;
    },
    reset,
    options: resolved,
  };
}
