/**
 * The audit log: one event per successful mutating call, newest first,
 * paged with an opaque token.
 *
 * @module
 */
import { type Clock, isoMicros } from "./clock.ts";
import { invalidParameters } from "./errors.ts";
import type { SeededRandom } from "./random.ts";
import type { AuditEvent } from "./types.ts";

/** The event catalogue version the emulator writes. @example `AUDIT_CATALOG_VERSION // "2025-09-06"` */
export const AUDIT_CATALOG_VERSION = "2025-09-06";

/**
 * What to record.
 *
 * @example
 * ```ts
 * import { AuditLog, type AuditRecord } from "./audit.ts";
 * import { ManualClock } from "./clock.ts";
 * import { SeededRandom } from "./random.ts";
 * const log = new AuditLog(new ManualClock(), new SeededRandom(1));
 * const record: AuditRecord = { resource: "instance", action: "launched", ids: ["abc"] };
 * console.log(log.record(record).resource_name); // "instance"
 * ```
 */
export interface AuditRecord {
  /** Resource type, e.g. `instance`, `ssh_key`. */
  resource: string;
  /** Action, e.g. `launched`, `created`, `deleted`. */
  action: string;
  /** Ids of the affected resources. */
  ids: string[];
  /** Extra details. */
  details?: Record<string, unknown>;
}

/**
 * Query of the audit log.
 *
 * @example
 * ```ts
 * import { type AuditQuery, AuditLog } from "./audit.ts";
 * import { ManualClock } from "./clock.ts";
 * import { SeededRandom } from "./random.ts";
 * const log = new AuditLog(new ManualClock(), new SeededRandom(1));
 * log.record({ resource: "instance", action: "launched", ids: ["abc"] });
 * log.record({ resource: "ssh_key", action: "created", ids: ["k1"] });
 * const query: AuditQuery = { resourceType: "cloud.instance" };
 * console.log(log.query(query).data.map((e) => e.action)); // ["launched"]
 * ```
 */
export interface AuditQuery {
  /** ISO 8601 lower bound (inclusive). */
  start?: string;
  /** ISO 8601 upper bound (inclusive). */
  end?: string;
  /** Token from a previous page. */
  pageToken?: string;
  /** `service.resource` (e.g. `cloud.instance`) or just the resource. */
  resourceType?: string;
  /** Page size (default 100). */
  pageSize?: number;
}

function parseTime(
  field: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const iso =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
  if (!iso.test(value)) {
    throw invalidParameters(`${field} must be an ISO 8601 date-time.`);
  }
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, "$1"));
  if (!Number.isFinite(ms)) {
    throw invalidParameters(`${field} must be an ISO 8601 date-time.`);
  }
  return ms;
}

/**
 * The account's audit log.
 *
 * @example
 * ```ts
 * import { AuditLog } from "./audit.ts";
 * import { ManualClock } from "./clock.ts";
 * import { SeededRandom } from "./random.ts";
 * const log = new AuditLog(new ManualClock(), new SeededRandom(1));
 * log.record({ resource: "ssh_key", action: "created", ids: ["k1"] });
 * console.log(log.query({}).data.length); // 1
 * ```
 */
export class AuditLog {
  readonly #clock: Clock;
  readonly #rng: SeededRandom;
  readonly #events: Array<{ at: number; event: AuditEvent }> = [];
  readonly #actor: string;
  readonly #owner: string;
  readonly #apiKey: string;

  /**
   * @param clock time source
   * @param rng generator for event ids and LRNs
   */
  constructor(clock: Clock, rng: SeededRandom) {
    this.#clock = clock;
    this.#rng = rng;
    this.#actor = `lrn:cloud:identity:${rng.hex(32)}`;
    this.#owner = `lrn:cloud:account:${rng.hex(32)}`;
    this.#apiKey = `lrn:cloud:api_key:${rng.hex(32)}`;
  }

  /**
   * Appends an event.
   *
   * @param rec what happened
   */
  record(rec: AuditRecord): AuditEvent {
    const at = this.#clock.now();
    const event: AuditEvent = {
      service_name: "cloud",
      resource_name: rec.resource,
      action: rec.action,
      catalog_version: AUDIT_CATALOG_VERSION,
      event_id: this.#rng.hex(32),
      event_time: isoMicros(at),
      actor_lrn: this.#actor,
      resource_lrns: rec.ids.map((id) => `lrn:cloud:${rec.resource}:${id}`),
      resource_owner_lrn: this.#owner,
      request_api_key_lrn: this.#apiKey,
      additional_details: structuredClone(rec.details ?? {}),
    };
    this.#events.push({ at, event });
    return structuredClone(event);
  }

  /** Every event, oldest first. */
  all(): AuditEvent[] {
    return this.#events.map((e) => structuredClone(e.event));
  }

  /**
   * One page of events, newest first.
   *
   * @param q filters and page token
   * @throws {MockApiError} 400 on a bad time, token or page size
   */
  query(q: AuditQuery): { data: AuditEvent[]; page_token: string | null } {
    const start = parseTime("start", q.start);
    const end = parseTime("end", q.end);
    if (start !== undefined && end !== undefined && start > end) {
      throw invalidParameters("start must not be after end.");
    }
    let offset = 0;
    if (q.pageToken !== undefined) {
      const m = /^p([0-9]{1,9})$/.exec(safeAtob(q.pageToken) ?? "");
      if (!m) throw invalidParameters("page_token is not valid.");
      offset = Number(m[1]);
    }
    const size = q.pageSize ?? 100;
    const type = q.resourceType;
    const matching = this.#events.filter(({ at, event }) =>
      (start === undefined || at >= start) &&
      (end === undefined || at <= end) &&
      (type === undefined || type === event.resource_name ||
        type === `${event.service_name}.${event.resource_name}`)
    ).reverse();
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length
      ? btoa(`p${offset + size}`)
      : null;
    return {
      data: page.map((e) => structuredClone(e.event)),
      page_token: next,
    };
  }
}

function safeAtob(text: string): string | undefined {
  try {
    return atob(text);
  } catch {
    return undefined;
  }
}
