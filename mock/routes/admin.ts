/**
 * Admin routes under `/_mock/`, for clients in other processes and for the
 * browser console. They need no API key and faults never apply to them.
 * Writes (`POST`, `DELETE`) with a foreign `Origin` or a non-JSON
 * `Content-Type` are refused, and when an admin token is set every route
 * but the console's static files needs it (see `guards.ts`).
 *
 * - `POST /_mock/reset` → `{ data: {} }`
 * - `POST /_mock/clock/advance` `{ "ms": n }` → `{ data: { now } }` (manual
 *   clock only; 400 on the real clock)
 * - `GET /_mock/state` → `{ data: MockStateSnapshot }`
 * - `GET /_mock/faults` → `{ data: FaultOptions }`
 * - `POST /_mock/faults` `FaultOptions` (`{}` clears) → `{ data: FaultOptions }`
 * - `DELETE /_mock/faults` → `{ data: {} }`
 * - `GET /_mock/rate-limits` → `{ data: { mode: "lambda" | "off" } }`
 * - `POST /_mock/rate-limits` `{ "mode": "lambda" | "off" }` → the same
 *   (switched on, every key starts with full buckets)
 * - `POST /_mock/instances/{id}/status` `{ "status": "unhealthy" }` →
 *   `{ data: Instance }`
 * - `POST /_mock/instances/{id}/terminate` → `{ data: Instance }` (the
 *   model's terminate, as `POST /api/v1/instance-operations/terminate`)
 * - `GET /_mock/` → the console page (`console.js`, `console.css` beside it)
 * - `GET /_mock/console/feed?after=N` → `{ data: ConsoleFeed }`
 * - `GET /_mock/console/requests/{seq}` → `{ data: RequestLogEntry }`
 *
 * @module
 */
import { ConsoleFeeds } from "../console/feed.ts";
import type { FaultInjector } from "../faults.ts";
import type { RequestLog } from "../request_log.ts";
import { invalidParameters, MockApiError, truncate } from "../state/errors.ts";
import type { InstanceStatus } from "../state/types.ts";
import type { MockWorld } from "../state/world.ts";
import { isRateLimitMode, type RateLimiter } from "./rate_limit.ts";
import { checkAdminToken, checkAdminWrite } from "./guards.ts";
import { errorResponse, fromApiError, json, readJson } from "./http.ts";

/**
 * What the admin handler needs.
 *
 * @example
 * ```ts
 * import { type AdminContext, createAdminHandler } from "./admin.ts";
 * import { FaultInjector } from "../faults.ts";
 * import { RequestLog } from "../request_log.ts";
 * import { MockWorld } from "../state/world.ts";
 * import { RateLimiter } from "./rate_limit.ts";
 * let world = new MockWorld();
 * const ctx: AdminContext = {
 *   world: () => world,
 *   reset: () => { world = new MockWorld(); },
 *   faults: new FaultInjector(),
 *   limiter: new RateLimiter(() => world.clock.now()),
 *   log: new RequestLog({ size: 0, now: () => world.clock.now(), secrets: () => [] }),
 *   apiKey: "k",
 *   adminToken: "t0k",
 * };
 * const admin = createAdminHandler(ctx);
 * console.log((await admin(new Request("http://127.0.0.1/_mock/state"))).status); // 401 (no admin token)
 * ```
 */
export interface AdminContext {
  /** The current model. */
  world(): MockWorld;
  /** Resets the emulator. */
  reset(): void;
  /** Fault injection. */
  faults: FaultInjector;
  /** Lambda's rate limits, switched by `/_mock/rate-limits`. */
  limiter: RateLimiter;
  /** The request log the console shows. */
  log: RequestLog;
  /** The API key (never shown by the console). */
  apiKey: string;
  /** The admin token, if one is required (never shown either). */
  adminToken?: string;
}

const INSTANCE_ACTION = new URLPattern({
  pathname: "/_mock/instances/:id/:action(status|terminate)",
});
const REQUEST_ENTRY = new URLPattern({
  pathname: "/_mock/console/requests/:seq(\\d{1,15})",
});
const CONSOLE_FILES = new Set([
  "/_mock/",
  "/_mock/console.js",
  "/_mock/console.css",
]);
const STATUSES = new Set<InstanceStatus>([
  "booting",
  "active",
  "unhealthy",
  "terminated",
  "terminating",
  "preempted",
]);

const NO_STORE = { "cache-control": "no-store" };

/**
 * Whether a path belongs to the admin routes.
 *
 * @example
 * ```ts
 * import { isAdminPath } from "./admin.ts";
 * console.log(isAdminPath("/_mock/state")); // true
 * ```
 */
export function isAdminPath(pathname: string): boolean {
  return pathname.startsWith("/_mock/");
}

/**
 * Makes the admin handler.
 *
 * @example
 * ```ts
 * import { createAdminHandler } from "./admin.ts";
 * import { FaultInjector } from "../faults.ts";
 * import { MockWorld } from "../state/world.ts";
 * import { RequestLog } from "../request_log.ts";
 * import { RateLimiter } from "./rate_limit.ts";
 * let world = new MockWorld();
 * const handle = createAdminHandler({
 *   world: () => world,
 *   reset: () => { world = new MockWorld(); },
 *   faults: new FaultInjector(),
 *   limiter: new RateLimiter(() => world.clock.now()),
 *   log: new RequestLog({ size: 0, now: () => world.clock.now(), secrets: () => [] }),
 *   apiKey: "k",
 * });
 * const res = await handle(new Request("http://x/_mock/rate-limits", {
 *   method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ mode: "off" }),
 * }));
 * console.log((await res.json()).data); // { mode: "off" }
 * ```
 */
export function createAdminHandler(
  ctx: AdminContext,
): (request: Request) => Promise<Response> {
  const token = ctx.adminToken;
  if (token !== undefined && (typeof token !== "string" || token === "")) {
    throw new TypeError("adminToken must be a non-empty string");
  }
  const feeds = new ConsoleFeeds({
    ...ctx,
    rateLimits: () => ctx.limiter.mode,
    secrets: () => token === undefined ? [ctx.apiKey] : [ctx.apiKey, token],
  });
  return async (request) => {
    const url = new URL(request.url);
    const { pathname } = url;
    const key = `${request.method} ${pathname}`;
    const refused = checkAdminWrite(request) ??
      (request.method === "GET" && CONSOLE_FILES.has(pathname)
        ? undefined
        : checkAdminToken(request, token));
    if (refused) {
      await request.body?.cancel().catch(() => {});
      return refused;
    }
    try {
      switch (key) {
        case "GET /_mock/":
        case "GET /_mock/console.js":
        case "GET /_mock/console.css": {
          const { consoleFile } = await import("../console/assets.ts");
          return consoleFile(pathname);
        }
        case "GET /_mock/console/feed": {
          const after = Number(url.searchParams.get("after") ?? "0");
          if (!Number.isSafeInteger(after) || after < 0) {
            throw invalidParameters("after must be an integer >= 0.");
          }
          return json(200, { data: feeds.feed(after) }, NO_STORE);
        }
        case "POST /_mock/reset":
          ctx.reset();
          return json(200, { data: {} });
        case "POST /_mock/clock/advance": {
          const body = await readJson(request);
          const ms = (body as { ms?: unknown } | null)?.ms;
          if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
            throw invalidParameters("ms must be a finite number >= 0.");
          }
          const world = ctx.world();
          if (world.clock.kind !== "manual") {
            throw invalidParameters(
              "The clock is real; only a manual clock can be advanced.",
            );
          }
          try {
            world.clock.advance(ms);
          } catch (err) {
            if (err instanceof RangeError) throw invalidParameters(err.message);
            throw err;
          }
          world.sync();
          return json(200, {
            data: { now: new Date(world.clock.now()).toISOString() },
          });
        }
        case "GET /_mock/state":
          return json(200, { data: ctx.world().snapshot() });
        case "GET /_mock/faults":
          return json(200, { data: ctx.faults.get() });
        case "POST /_mock/faults": {
          const body = await readJson(request);
          try {
            ctx.faults.set(body as Record<string, unknown>);
          } catch (err) {
            throw invalidParameters((err as Error).message);
          }
          return json(200, { data: ctx.faults.get() });
        }
        case "DELETE /_mock/faults":
          ctx.faults.clear();
          return json(200, { data: {} });
        case "GET /_mock/rate-limits":
          return json(200, { data: { mode: ctx.limiter.mode } });
        case "POST /_mock/rate-limits": {
          const body = await readJson(request);
          const mode = (body as { mode?: unknown } | null)?.mode;
          if (!isRateLimitMode(mode)) {
            throw invalidParameters(`mode must be "lambda" or "off".`);
          }
          ctx.limiter.mode = mode;
          return json(200, { data: { mode: ctx.limiter.mode } });
        }
      }
      const entry = request.method === "GET"
        ? REQUEST_ENTRY.exec({ pathname })
        : null;
      if (entry) {
        const found = ctx.log.entry(Number(entry.pathname.groups.seq));
        if (!found) {
          return errorResponse(
            404,
            "global/object-does-not-exist",
            "That request is no longer in the log.",
          );
        }
        return json(200, { data: found }, NO_STORE);
      }
      const m = request.method === "POST"
        ? INSTANCE_ACTION.exec({ pathname })
        : null;
      if (m?.pathname.groups.action === "terminate") {
        const id = decodeURIComponent(m.pathname.groups.id ?? "");
        const { terminated_instances } = ctx.world().terminate({
          instance_ids: [id],
        });
        return json(200, { data: terminated_instances[0] });
      }
      if (m) {
        const body = await readJson(request);
        const status = (body as { status?: unknown } | null)?.status;
        if (
          typeof status !== "string" || !STATUSES.has(status as InstanceStatus)
        ) {
          throw invalidParameters("status must be an instance status.");
        }
        const instance = ctx.world().setInstanceStatus(
          decodeURIComponent(m.pathname.groups.id ?? ""),
          status as InstanceStatus,
        );
        return json(200, { data: instance });
      }
      return errorResponse(
        404,
        "global/not-found",
        `No admin route ${truncate(key)}.`,
      );
    } catch (err) {
      if (err instanceof MockApiError) return fromApiError(err);
      if (err instanceof URIError) {
        return errorResponse(400, "global/invalid-parameters", "Bad path.");
      }
      throw err;
    }
  };
}
