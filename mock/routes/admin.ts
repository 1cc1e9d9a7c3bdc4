/**
 * Admin routes under `/_mock/`, for clients in other processes. They need
 * no API key and faults never apply to them.
 *
 * - `POST /_mock/reset` → `{ data: {} }`
 * - `POST /_mock/clock/advance` `{ "ms": n }` → `{ data: { now } }` (manual
 *   clock only; 400 on the real clock)
 * - `GET /_mock/state` → `{ data: MockStateSnapshot }`
 * - `GET /_mock/faults` → `{ data: FaultOptions }`
 * - `POST /_mock/faults` `FaultOptions` (`{}` clears) → `{ data: FaultOptions }`
 * - `DELETE /_mock/faults` → `{ data: {} }`
 * - `POST /_mock/instances/{id}/status` `{ "status": "unhealthy" }` →
 *   `{ data: Instance }`
 *
 * @module
 */
import type { FaultInjector } from "../faults.ts";
import { invalidParameters, MockApiError, truncate } from "../state/errors.ts";
import type { InstanceStatus } from "../state/types.ts";
import type { MockWorld } from "../state/world.ts";
import { errorResponse, fromApiError, json, readJson } from "./http.ts";

/**
 * What the admin handler needs.
 *
 * @example
 * ```ts
 * import type { AdminContext } from "./admin.ts";
 * let ctx: AdminContext;
 * ```
 */
export interface AdminContext {
  /** The current model. */
  world(): MockWorld;
  /** Resets the emulator. */
  reset(): void;
  /** Fault injection. */
  faults: FaultInjector;
}

const STATUS_PATTERN = new URLPattern({
  pathname: "/_mock/instances/:id/status",
});
const STATUSES = new Set<InstanceStatus>([
  "booting",
  "active",
  "unhealthy",
  "terminated",
  "terminating",
  "preempted",
]);

/**
 * Whether a path belongs to the admin routes.
 *
 * @example
 * ```ts
 * import { isAdminPath } from "./admin.ts";
 * isAdminPath("/_mock/state"); // true
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
 * let world = new MockWorld();
 * const handle = createAdminHandler({ world: () => world, reset: () => { world = new MockWorld(); }, faults: new FaultInjector() });
 * const res = await handle(new Request("http://x/_mock/state"));
 * ```
 */
export function createAdminHandler(
  ctx: AdminContext,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    const key = `${request.method} ${pathname}`;
    try {
      switch (key) {
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
      }
      const m = request.method === "POST"
        ? STATUS_PATTERN.exec({ pathname })
        : null;
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
