/**
 * Route of the audit log.
 *
 * @module
 */
import { defineRoute, type Route } from "./router.ts";

function param(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

/**
 * `GET /audit-events?start&end&page_token&resource_type`.
 *
 * @example
 * ```ts
 * import { auditRoutes } from "./audit.ts";
 * auditRoutes[0].operationId; // "getAuditEvents"
 * ```
 */
export const auditRoutes: readonly Route[] = [
  defineRoute(
    "GET",
    "/api/v1/audit-events",
    "getAuditEvents",
    ({ world, query }) =>
      world.auditEvents({
        start: param(query, "start"),
        end: param(query, "end"),
        pageToken: param(query, "page_token"),
        resourceType: param(query, "resource_type"),
      }),
  ),
];
