/**
 * The typed request of each operation: path parameters, query parameters
 * and the JSON body parsed with the operation table's request schema, then
 * put through the few checks the API makes that the schema cannot say
 * (a public key that is really an OpenSSH key, a name that is not blank, a
 * firewall source that is a public address).
 * Handlers, and the model behind them, only ever see these typed values.
 *
 * @module
 */
import { z } from "zod";
import { type OperationId, OPERATIONS } from "../../src/lambda/operations.ts";
import type { operations } from "../../src/lambda/schema.gen.ts";
import { invalidParameters, truncate } from "../state/errors.ts";
import { validatePublicKey } from "../state/ssh_keys.ts";
import { readJson } from "./http.ts";
import { isPublicSource } from "../../src/lambda/public_ipv4.ts";

/** The names of the `{…}` parameters of a path template. */
type ParamNames<P extends string> = P extends
  `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/**
 * The path parameters of operation `Id`, percent-decoded.
 *
 * @example
 * ```ts
 * import { parseRequest, type PathParams } from "./request.ts";
 * const url = new URL("http://x/api/v1/instances/0123");
 * const params: PathParams<"getInstance"> = (await parseRequest("getInstance", { id: "0123" }, url, new Request(url))).path;
 * console.log(params.id); // "0123"
 * ```
 */
export type PathParams<Id extends OperationId> = {
  readonly [Name in ParamNames<(typeof OPERATIONS)[Id]["path"]>]: string;
};

/** The generated query type of operation `Id` (`never` when it has none). */
type QueryOf<Id extends OperationId> = NonNullable<
  operations[Id]["parameters"]["query"]
>;

/**
 * The query parameters of operation `Id` that `openapi.json` declares (all
 * strings; absent when not sent).
 *
 * @example
 * ```ts
 * import { parseRequest, type QueryParams } from "./request.ts";
 * const url = new URL("http://x/api/v1/instances?cluster_id=c1&unknown=1");
 * const query: QueryParams<"listInstances"> = (await parseRequest("listInstances", {}, url, new Request(url))).query;
 * console.log(query); // { cluster_id: "c1" }
 * ```
 */
export type QueryParams<Id extends OperationId> = [QueryOf<Id>] extends [never]
  ? Record<never, never>
  : { readonly [Name in keyof QueryOf<Id>]?: string };

/** The operations whose table entry has a request body schema. */
type BodyOperationId = {
  [Id in OperationId]: (typeof OPERATIONS)[Id] extends { request: z.ZodType }
    ? Id
    : never;
}[OperationId];

/**
 * The body schemas the emulator reads with where they differ from the
 * table's: a launch may carry `quantity`, which the description of API
 * 1.10.0 no longer lists but its own curl example still sends (`1`) and
 * older versions documented; the model refuses more than one.
 */
const READ_AS = {
  launchInstance: OPERATIONS.launchInstance.request.extend({
    quantity: z.number().int().min(1).optional(),
  }),
} as const;

/** The schema operation `Id`'s body is read with. */
type BodySchema<Id extends OperationId> = Id extends keyof typeof READ_AS
  ? (typeof READ_AS)[Id]
  : Id extends BodyOperationId ? (typeof OPERATIONS)[Id]["request"]
  : undefined;

/**
 * The parsed JSON body of operation `Id`: the output of the table's request
 * schema (with `quantity` on a launch), or `undefined` for an operation
 * without a body.
 *
 * @example
 * ```ts
 * import { parseRequest, type RequestBody } from "./request.ts";
 * const url = new URL("http://x/api/v1/instance-operations/terminate");
 * const request = new Request(url, { method: "POST", body: JSON.stringify({ instance_ids: ["0123"] }), headers: { "content-type": "application/json" } });
 * const body: RequestBody<"terminateInstance"> = (await parseRequest("terminateInstance", {}, url, request)).body;
 * console.log(body.instance_ids); // ["0123"]
 * ```
 */
export type RequestBody<Id extends OperationId> = BodySchema<Id> extends
  z.ZodType ? z.output<BodySchema<Id>>
  : undefined;

/**
 * Everything a handler gets from the HTTP request of operation `Id`.
 *
 * @example
 * ```ts
 * import type { ApiRequest } from "./request.ts";
 * import { HANDLERS } from "./handlers.ts";
 * import { MockWorld } from "../state/world.ts";
 * const world = new MockWorld({ seed: 1 });
 * await world.addSshKey({ name: "me", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me" });
 * const { instance_ids: [id] } = world.launch({ region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] });
 * const req: ApiRequest<"postInstance"> = { path: { id }, query: {}, body: { name: "new" } };
 * const answer = await HANDLERS.postInstance(world, req);
 * console.log("data" in answer && answer.data.name); // "new"
 * ```
 */
export interface ApiRequest<Id extends OperationId> {
  /** Path parameters. */
  readonly path: PathParams<Id>;
  /** Declared query parameters. */
  readonly query: QueryParams<Id>;
  /** The parsed body. */
  readonly body: RequestBody<Id>;
}

/** Two types that each extend the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The operations that declare query parameters. */
type QueryOperationId = {
  [Id in OperationId]: [QueryOf<Id>] extends [never] ? never : Id;
}[OperationId];

/**
 * The declared query parameters' names, per operation that has any. The
 * type below fails `deno check` if a name is missing, extra, or an
 * operation with a query is left out.
 */
const QUERY_NAMES = {
  getAuditEvents: ["start", "end", "page_token", "resource_type"],
  listInstances: ["cluster_id"],
} as const;
const _queryNamesComplete: Same<
  keyof typeof QUERY_NAMES,
  QueryOperationId
> extends true ? {
    [Id in keyof typeof QUERY_NAMES]: Same<
      (typeof QUERY_NAMES)[Id][number],
      keyof QueryOf<Id>
    >;
  }
  : never = { getAuditEvents: true, listInstances: true };

/**
 * Checks the API makes on a parsed body beyond what the table's schema
 * says; each throws a `MockApiError` naming the field.
 */
const BODY_CHECKS: {
  readonly [Id in BodyOperationId]?: (body: RequestBody<Id>) => void;
} = {
  addSSHKey: (body) => {
    requireNotBlank("name", body.name);
    if (body.public_key !== undefined) validatePublicKey(body.public_key);
  },
  firewallRulesSet: (body) => requirePublicSources("data", body.data),
  createFirewallRuleset: (body) => {
    requireNotBlank("name", body.name);
    requirePublicSources("rules", body.rules);
  },
  updateFirewallRuleset: (body) => {
    if (body.name !== undefined) requireNotBlank("name", body.name);
    requirePublicSources("rules", body.rules ?? []);
  },
  updateGlobalFirewallRuleset: (body) =>
    requirePublicSources("rules", body.rules ?? []),
};

function requirePublicSources(
  field: string,
  rules: readonly { source_network: string }[],
): void {
  rules.forEach((rule, i) => {
    if (!isPublicSource(rule.source_network)) {
      throw invalidParameters(
        `${field}.${i}.source_network must be a public IPv4 address or network, or 0.0.0.0/0; got '${
          truncate(rule.source_network)
        }'.`,
      );
    }
  });
}

function requireNotBlank(field: string, value: string): void {
  if (value.trim() === "") {
    throw invalidParameters(`${field} must not be blank.`);
  }
}

/**
 * Validates a body against a zod schema; a failure is a 400
 * `global/invalid-parameters` naming the first problems.
 *
 * @example
 * ```ts
 * import { validateBody } from "./request.ts";
 * import { z } from "zod";
 * console.log(validateBody(z.object({ a: z.string() }), { a: "x" })); // { a: "x" }
 * ```
 */
export function validateBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw invalidParameters(`Invalid request data: ${problems.join("; ")}.`);
}

/**
 * Parses the request of operation `id`: the declared query parameters, and
 * the body (read with the byte limit, parsed as JSON whatever the
 * `Content-Type`, validated with the table's schema and the API's extra
 * checks). Throws a 400 `MockApiError` on any problem.
 *
 * @example
 * ```ts
 * import { parseRequest } from "./request.ts";
 * const url = new URL("http://x/api/v1/instances?cluster_id=c1");
 * const req = await parseRequest("listInstances", {}, url, new Request(url));
 * console.log(req.query.cluster_id); // "c1"
 * ```
 */
export async function parseRequest<Id extends OperationId>(
  id: Id,
  params: Record<string, string>,
  url: URL,
  request: Request,
): Promise<ApiRequest<Id>> {
  const names: readonly string[] | undefined =
    (QUERY_NAMES as Partial<Record<OperationId, readonly string[]>>)[id];
  const query: Record<string, string> = {};
  if (names && url.search !== "") {
    for (const name of names) {
      const value = url.searchParams.get(name);
      if (value !== null) query[name] = value;
    }
  }
  const schema = (READ_AS as Partial<Record<OperationId, z.ZodType>>)[id] ??
    (OPERATIONS[id] as { request?: z.ZodType }).request;
  let body: unknown = undefined;
  if (schema) {
    body = validateBody(schema, await readJson(request));
    (BODY_CHECKS as Partial<Record<OperationId, (b: unknown) => void>>)[id]?.(
      body,
    );
  }
  return {
    path: params as PathParams<Id>,
    query: query as QueryParams<Id>,
    body: body as RequestBody<Id>,
  };
}
