/**
 * The operation table: every operation of the Lambda Cloud API that the
 * provider or the emulator uses, keyed by its `operationId` in
 * `openapi.json`, with its method, path template, request body schema,
 * response schema and whether sending it twice is harmless.
 *
 * The table is tied to the generated `paths` at compile time: an entry whose
 * path or method is not the one `openapi.json` gives its id fails
 * `deno check` (see `operations_test.ts`). The client sends by id
 * (`api.send("getInstance", …)`), and the emulator builds its router, its
 * handler map, its fuzzer and its conformance check from the same entries.
 *
 * @example
 * ```ts
 * import { OPERATIONS } from "./operations.ts";
 * const { method, path } = OPERATIONS.getInstance;
 * console.log(method, path); // "get" "/api/v1/instances/{id}"
 * ```
 *
 * @module
 */
import { z } from "zod";
import type { operations, paths } from "./schema.gen.ts";
import {
  AuditEventSchema,
  REQUEST_BODY,
  RESPONSE_DATA,
  type WireAuditEvent,
} from "./wire.ts";

/**
 * An HTTP method as `openapi-fetch` and the generated `paths` spell it.
 *
 * @example
 * ```ts
 * import type { HttpMethod } from "./operations.ts";
 * const method: HttpMethod = "get";
 * console.log(method.toUpperCase()); // "GET"
 * ```
 */
export type HttpMethod = "get" | "put" | "post" | "delete" | "patch";

/**
 * Every operation id of `openapi.json`.
 *
 * @example
 * ```ts
 * import { OPERATIONS, type OperationId } from "./operations.ts";
 * const ids = Object.keys(OPERATIONS) as OperationId[];
 * console.log(ids.includes("launchInstance")); // true
 * ```
 */
export type OperationId = keyof typeof OPERATIONS;

/** Two types that each extend the other: structurally the same. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The `{ path, method }` pairs of the generated `paths` whose operation is
 * `Id`. The generated file spells each one as `operations["Id"]`, so the
 * pair whose type is the same as `operations[Id]` is the one `openapi.json`
 * gives that id.
 *
 * @example
 * ```ts
 * import type { RouteOf } from "./operations.ts";
 * const route: RouteOf<"listRegions"> = { path: "/api/v1/regions", method: "get" };
 * console.log(route.path); // "/api/v1/regions"
 * ```
 */
export type RouteOf<Id extends keyof operations> = {
  [P in keyof paths]: {
    [M in HttpMethod]: Same<paths[P][M], operations[Id]> extends true
      ? { path: P; method: M }
      : never;
  }[HttpMethod];
}[keyof paths];

/**
 * What the table says of one operation.
 *
 * - `request`: the zod schema of the JSON body, when the operation takes one.
 * - `response`: the zod schema of the success answer's `data`.
 * - `envelope`: `"data"` for `{ data }`, `"page"` for `{ data, page_token }`.
 * - `idempotent`: sending it twice has the effect of sending it once, so a
 *   transport may re-send it after an answer was lost. A non-idempotent
 *   operation (a launch, a create) is never re-sent blindly.
 *
 * @example
 * ```ts
 * import { OPERATIONS, type OperationSpec } from "./operations.ts";
 * const launch: OperationSpec<"launchInstance"> = OPERATIONS.launchInstance;
 * console.log(launch.idempotent); // false
 * ```
 */
export type OperationSpec<Id extends keyof operations> = RouteOf<Id> & {
  readonly request?: z.ZodType;
  readonly response: z.ZodType;
  readonly envelope: "data" | "page";
  readonly idempotent: boolean;
};

/** The table's shape: one spec per operation id, each tied to its route. */
type OperationTable = {
  readonly [Id in keyof operations]: OperationSpec<Id>;
};

/** The audit-events page's `data`: the events. */
const AuditEventsSchema: z.ZodType<WireAuditEvent[]> = z.array(
  AuditEventSchema,
);

/**
 * The operation table. Reads are idempotent; so are terminations, `PUT`s
 * and `PATCH`es that replace a whole value, and deletions (a second one
 * answers 404, which the caller reads as "gone"). Launches, restarts and
 * creations are not.
 *
 * @example
 * ```ts
 * import { OPERATIONS } from "./operations.ts";
 * const unsafe = Object.entries(OPERATIONS)
 *   .filter(([, op]) => !op.idempotent)
 *   .map(([id]) => id);
 * console.log(unsafe.includes("launchInstance")); // true
 * ```
 */
export const OPERATIONS = {
  getAuditEvents: {
    method: "get",
    path: "/api/v1/audit-events",
    response: AuditEventsSchema,
    envelope: "page",
    idempotent: true,
  },
  listFilesystems: {
    method: "get",
    path: "/api/v1/file-systems",
    response: RESPONSE_DATA.listFilesystems,
    envelope: "data",
    idempotent: true,
  },
  createFilesystem: {
    method: "post",
    path: "/api/v1/filesystems",
    request: REQUEST_BODY.createFilesystem,
    response: RESPONSE_DATA.createFilesystem,
    envelope: "data",
    idempotent: false,
  },
  filesystemDelete: {
    method: "delete",
    path: "/api/v1/filesystems/{id}",
    response: RESPONSE_DATA.filesystemDelete,
    envelope: "data",
    idempotent: true,
  },
  firewallRulesList: {
    method: "get",
    path: "/api/v1/firewall-rules",
    response: RESPONSE_DATA.firewallRulesList,
    envelope: "data",
    idempotent: true,
  },
  firewallRulesSet: {
    method: "put",
    path: "/api/v1/firewall-rules",
    request: REQUEST_BODY.firewallRulesSet,
    response: RESPONSE_DATA.firewallRulesSet,
    envelope: "data",
    idempotent: true,
  },
  firewallRulesetsList: {
    method: "get",
    path: "/api/v1/firewall-rulesets",
    response: RESPONSE_DATA.firewallRulesetsList,
    envelope: "data",
    idempotent: true,
  },
  createFirewallRuleset: {
    method: "post",
    path: "/api/v1/firewall-rulesets",
    request: REQUEST_BODY.createFirewallRuleset,
    response: RESPONSE_DATA.createFirewallRuleset,
    envelope: "data",
    idempotent: false,
  },
  getGlobalFirewallRuleset: {
    method: "get",
    path: "/api/v1/firewall-rulesets/global",
    response: RESPONSE_DATA.getGlobalFirewallRuleset,
    envelope: "data",
    idempotent: true,
  },
  updateGlobalFirewallRuleset: {
    method: "patch",
    path: "/api/v1/firewall-rulesets/global",
    request: REQUEST_BODY.updateGlobalFirewallRuleset,
    response: RESPONSE_DATA.updateGlobalFirewallRuleset,
    envelope: "data",
    idempotent: true,
  },
  getFirewallRuleset: {
    method: "get",
    path: "/api/v1/firewall-rulesets/{id}",
    response: RESPONSE_DATA.getFirewallRuleset,
    envelope: "data",
    idempotent: true,
  },
  updateFirewallRuleset: {
    method: "patch",
    path: "/api/v1/firewall-rulesets/{id}",
    request: REQUEST_BODY.updateFirewallRuleset,
    response: RESPONSE_DATA.updateFirewallRuleset,
    envelope: "data",
    idempotent: true,
  },
  deleteFirewallRuleset: {
    method: "delete",
    path: "/api/v1/firewall-rulesets/{id}",
    response: RESPONSE_DATA.deleteFirewallRuleset,
    envelope: "data",
    idempotent: true,
  },
  listImages: {
    method: "get",
    path: "/api/v1/images",
    response: RESPONSE_DATA.listImages,
    envelope: "data",
    idempotent: true,
  },
  launchInstance: {
    method: "post",
    path: "/api/v1/instance-operations/launch",
    request: REQUEST_BODY.launchInstance,
    response: RESPONSE_DATA.launchInstance,
    envelope: "data",
    idempotent: false,
  },
  restartInstance: {
    method: "post",
    path: "/api/v1/instance-operations/restart",
    request: REQUEST_BODY.restartInstance,
    response: RESPONSE_DATA.restartInstance,
    envelope: "data",
    idempotent: false,
  },
  terminateInstance: {
    method: "post",
    path: "/api/v1/instance-operations/terminate",
    request: REQUEST_BODY.terminateInstance,
    response: RESPONSE_DATA.terminateInstance,
    envelope: "data",
    idempotent: true,
  },
  listInstanceTypes: {
    method: "get",
    path: "/api/v1/instance-types",
    response: RESPONSE_DATA.listInstanceTypes,
    envelope: "data",
    idempotent: true,
  },
  listInstances: {
    method: "get",
    path: "/api/v1/instances",
    response: RESPONSE_DATA.listInstances,
    envelope: "data",
    idempotent: true,
  },
  getInstance: {
    method: "get",
    path: "/api/v1/instances/{id}",
    response: RESPONSE_DATA.getInstance,
    envelope: "data",
    idempotent: true,
  },
  postInstance: {
    method: "post",
    path: "/api/v1/instances/{id}",
    request: REQUEST_BODY.postInstance,
    response: RESPONSE_DATA.postInstance,
    envelope: "data",
    idempotent: true,
  },
  listRegions: {
    method: "get",
    path: "/api/v1/regions",
    response: RESPONSE_DATA.listRegions,
    envelope: "data",
    idempotent: true,
  },
  listSSHKeys: {
    method: "get",
    path: "/api/v1/ssh-keys",
    response: RESPONSE_DATA.listSSHKeys,
    envelope: "data",
    idempotent: true,
  },
  addSSHKey: {
    method: "post",
    path: "/api/v1/ssh-keys",
    request: REQUEST_BODY.addSSHKey,
    response: RESPONSE_DATA.addSSHKey,
    envelope: "data",
    idempotent: false,
  },
  deleteSSHKey: {
    method: "delete",
    path: "/api/v1/ssh-keys/{id}",
    response: RESPONSE_DATA.deleteSSHKey,
    envelope: "data",
    idempotent: true,
  },
} as const satisfies OperationTable;

/**
 * The `data` of operation `Id`'s success answer, as its schema parses it.
 *
 * @example
 * ```ts
 * import type { ResponseData } from "./operations.ts";
 * const regions: ResponseData<"listRegions"> = [{ name: "us-west-1", description: "California" }];
 * console.log(regions.length); // 1
 * ```
 */
export type ResponseData<Id extends OperationId> = z.output<
  (typeof OPERATIONS)[Id]["response"]
>;
