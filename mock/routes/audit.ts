/**
 * Handler of the audit log.
 *
 * @module
 */
import type { HandlerMap } from "./handler.ts";

/**
 * `GET /audit-events?start&end&page_token&resource_type`.
 *
 * @example
 * ```ts
 * import { auditHandlers } from "./audit.ts";
 * console.log(Object.keys(auditHandlers)); // ["getAuditEvents"]
 * ```
 */
export const auditHandlers: HandlerMap<"getAuditEvents"> = {
  getAuditEvents: (world, { query }) =>
    world.auditEvents({
      start: query.start,
      end: query.end,
      pageToken: query.page_token,
      resourceType: query.resource_type,
    }),
};
