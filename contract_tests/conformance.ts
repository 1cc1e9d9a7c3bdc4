/**
 * Strict conformance of responses to the project's `openapi.json`: the
 * status code must be declared for the operation, and the body must match
 * its schema with no extra properties (object schemas are treated as
 * `additionalProperties: false` unless they say otherwise) and every
 * required field. The emulator's declared deviations
 * (`mock/deviations.ts`: nullable and extra fields, 429s, `provider/…`
 * errors) are accepted, and nothing else.
 *
 * ```ts
 * import { createConformanceRecorder } from "./conformance.ts";
 * const recorder = createConformanceRecorder(fetch);
 * // … use recorder.fetch wherever a fetch is taken …
 * recorder.assertClean();
 * ```
 *
 * @module
 */
// A test-only package stays out of the import map and out of deno.lock
// (which `deno task` installs whole, even for the demo): it is pinned here
// and locked in deno.dev.lock.
// deno-lint-ignore no-import-prefix
import AjvModule from "npm:ajv@8.20.0/dist/2020.js";
// deno-lint-ignore no-import-prefix
import type { ValidateFunction } from "npm:ajv@8.20.0/dist/2020.js";
import spec from "../openapi.json" with { type: "json" };
import { DECLARED_DEVIATIONS } from "../mock/deviations.ts";
import { Router } from "../mock/routes/router.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };

const SPEC_ID = "https://gpufleet.invalid/openapi.json";
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Adds `additionalProperties: false` to object schemas that leave it open, and rewrites refs. */
function tighten(node: Json): Json {
  if (Array.isArray(node)) return node.map(tighten);
  if (node === null || typeof node !== "object") return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/")) {
      out[k] = `${SPEC_ID}${v}`;
    } else if (
      k === "properties" && v && typeof v === "object" && !Array.isArray(v)
    ) {
      const props: Schema = {};
      for (const [name, s] of Object.entries(v)) props[name] = tighten(s);
      out[k] = props;
    } else {
      out[k] = tighten(v);
    }
  }
  const isObject = out.type === "object" || "properties" in out;
  if (isObject && !("additionalProperties" in out) && !("$ref" in out)) {
    out.additionalProperties = false;
  }
  return out;
}

// ajv is CommonJS: its default export is the class at run time, while the
// types describe the module object.
const Ajv2020 = AjvModule as unknown as typeof AjvModule.default;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat(
  "date-time",
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
);
ajv.addFormat(
  "ipv4network",
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/,
);
ajv.addFormat("password", true);
/**
 * The components, tightened, with the declared deviations let in: the
 * nullable fields may also be `null`, the extra fields may be present with
 * their type. Nothing else beyond `openapi.json` is accepted.
 */
function withDeclaredDeviations(components: Schema): Schema {
  const schemas = components.schemas as Record<string, Schema>;
  const propertiesOf = (name: string) =>
    schemas[name].properties as Record<string, Json>;
  for (
    const [name, fields] of Object.entries(DECLARED_DEVIATIONS.nullableFields)
  ) {
    const properties = propertiesOf(name);
    for (const field of fields) {
      properties[field] = { anyOf: [properties[field], { type: "null" }] };
    }
  }
  for (
    const [name, fields] of Object.entries(DECLARED_DEVIATIONS.extraFields)
  ) {
    const properties = propertiesOf(name);
    for (const [field, type] of Object.entries(fields)) {
      properties[field] = { type };
    }
  }
  return components;
}

ajv.addSchema({
  $id: SPEC_ID,
  components: withDeclaredDeviations(
    tighten((spec as unknown as Schema).components) as Schema,
  ),
} as Schema);

/** Lambda's error envelope, strictly: `code`, `message`, `suggestion?`. */
const validateEnvelope = ajv.compile({
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        suggestion: { type: "string" },
      },
      required: ["code", "message"],
      additionalProperties: false,
    },
  },
  required: ["error"],
  additionalProperties: false,
});

/**
 * Whether an error answer is one of the declared deviations any operation
 * may give: a status no operation declares with one of its codes (429), or
 * an upstream `provider/…` error with a 4xx or 5xx status.
 */
function isDeclaredErrorDeviation(status: number, body: unknown): boolean {
  if (status < 400 || !validateEnvelope(body)) return false;
  const code = (body as { error: { code: string } }).error.code;
  if (code.startsWith(DECLARED_DEVIATIONS.upstreamCodePrefix)) return true;
  return DECLARED_DEVIATIONS.undeclaredStatuses[status]?.includes(code) ??
    false;
}

/** An operation of `openapi.json`, with its compiled response validators. */
interface Operation {
  operationId: string;
  method: string;
  template: string;
  responses: Map<string, ValidateFunction>;
}

/** The operations of `openapi.json`, by operation id. */
const operations = new Map<string, Operation>();
const paths =
  (spec as unknown as { paths: Record<string, Record<string, Schema>> }).paths;
for (const [template, item] of Object.entries(paths)) {
  for (const method of METHODS) {
    const op = item[method] as Schema | undefined;
    if (!op) continue;
    const responses = new Map<string, ValidateFunction>();
    for (const [status, response] of Object.entries(op.responses as Schema)) {
      const schema = (response as Schema)?.content &&
        ((response as Schema).content as Schema)["application/json"] &&
        (((response as Schema).content as Schema)["application/json"] as Schema)
          .schema;
      responses.set(
        status,
        ajv.compile(tighten((schema ?? {}) as Json) as Schema),
      );
    }
    operations.set(String(op.operationId), {
      operationId: String(op.operationId),
      method: method.toUpperCase(),
      template,
      responses,
    });
  }
}

/** Requests are matched to operations by the operation table's router. */
const router = new Router();

function operationOf(method: string, path: string): Operation | undefined {
  const match = router.match(method.toUpperCase(), pathOf(path));
  return match.operationId === undefined
    ? undefined
    : operations.get(match.operationId);
}

const unknownRoute = new Map<string, ValidateFunction>([
  [
    "401",
    ajv.compile(tighten({
      type: "object",
      properties: {
        error: { $ref: "#/components/schemas/ApiErrorUnauthorized" },
      },
      required: ["error"],
    }) as Schema),
  ],
  [
    "404",
    ajv.compile(tighten({
      type: "object",
      properties: { error: { $ref: "#/components/schemas/ApiErrorNotFound" } },
      required: ["error"],
    }) as Schema),
  ],
]);

/**
 * The verdict on one response.
 *
 * @example
 * ```ts
 * import { checkResponse, type ConformanceResult } from "./conformance.ts";
 * const result: ConformanceResult = checkResponse("GET", "/api/v1/regions", 200, { data: [{ name: "us-west-1" }] });
 * console.log(result.ok, result.operationId, result.errors.length > 0); // false listRegions true (no description)
 * ```
 */
export interface ConformanceResult {
  /** Whether the response conforms. */
  ok: boolean;
  /** The operation matched (undefined for an unknown route). */
  operationId?: string;
  /** What is wrong. */
  errors: string[];
}

function pathOf(path: string): string {
  try {
    return new URL(path, "http://x").pathname;
  } catch {
    return path.split("?")[0];
  }
}

/**
 * Finds the operation of a method and path (a URL or a path with a query
 * is fine), routed as the emulator routes: by the operation table, static
 * paths first.
 *
 * @example
 * ```ts
 * import { findOperation } from "./conformance.ts";
 * console.log(findOperation("GET", "/api/v1/firewall-rulesets/global")); // "getGlobalFirewallRuleset"
 * ```
 */
export function findOperation(
  method: string,
  path: string,
): string | undefined {
  return operationOf(method, path)?.operationId;
}

/**
 * Checks one response against `openapi.json`. For a method and path the
 * spec does not know, only 404 `global/not-found` (or 401) in Lambda's
 * envelope conforms.
 *
 * @example
 * ```ts
 * import { checkResponse } from "./conformance.ts";
 * console.log(checkResponse("GET", "/api/v1/regions", 200, { data: [{ name: "us-west-1", description: "California, USA" }] }).ok); // true
 * console.log(checkResponse("GET", "/api/v1/regions", 200, { data: [], extra: 1 }).ok); // false
 * ```
 */
export function checkResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): ConformanceResult {
  const p = pathOf(path);
  const op = operationOf(method, p);
  const table = op?.responses ?? unknownRoute;
  const where = op
    ? `${op.operationId} (${op.method} ${op.template})`
    : `unknown route ${method} ${p}`;
  if (isDeclaredErrorDeviation(status, body)) {
    return { ok: true, operationId: op?.operationId, errors: [] };
  }
  const validate = table.get(String(status));
  if (!validate) {
    return {
      ok: false,
      operationId: op?.operationId,
      errors: [`${where}: status ${status} is not declared`],
    };
  }
  if (validate(body)) {
    return { ok: true, operationId: op?.operationId, errors: [] };
  }
  return {
    ok: false,
    operationId: op?.operationId,
    errors: (validate.errors ?? []).map((e) =>
      `${where} ${status}: ${e.instancePath || "/"} ${e.message}${
        e.params && "additionalProperty" in e.params
          ? ` (${e.params.additionalProperty})`
          : ""
      }`
    ),
  };
}

/**
 * Throws an `Error` listing the problems when a response does not conform.
 *
 * @example
 * ```ts
 * import { assertConforms } from "./conformance.ts";
 * assertConforms("GET", "/api/v1/ssh-keys", 200, { data: [] }); // conforms: returns
 * try {
 *   assertConforms("GET", "/api/v1/ssh-keys", 200, { data: [{ id: 1 }] });
 * } catch (e) {
 *   console.log((e as Error).message.startsWith("Not conformant")); // true
 * }
 * ```
 */
export function assertConforms(
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  const result = checkResponse(method, path, status, body);
  if (!result.ok) {
    throw new Error(`Not conformant:\n  ${result.errors.join("\n  ")}`);
  }
}

/**
 * A fetch wrapper that checks every answer it sees (paths under `/_mock/`
 * are skipped) and keeps the violations.
 *
 * @example
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { type ConformanceRecorder, createConformanceRecorder } from "./conformance.ts";
 * const recorder: ConformanceRecorder = createConformanceRecorder(createMockLambda().fetch);
 * await (await recorder.fetch("http://x/api/v1/regions", { headers: { authorization: "Bearer test-key" } })).text();
 * console.log(recorder.checked, recorder.violations.length, [...recorder.seen]); // 1 0 ["listRegions 200"]
 * ```
 */
export interface ConformanceRecorder {
  /** The wrapping fetch. */
  fetch(input: Request | URL | string, init?: RequestInit): Promise<Response>;
  /** How many answers were checked. */
  readonly checked: number;
  /** The violations found. */
  readonly violations: readonly string[];
  /** Operation ids seen, with their statuses (`op status`). */
  readonly seen: ReadonlySet<string>;
  /** Throws when any violation was found. */
  assertClean(): void;
}

/**
 * Wraps a fetch so that every answer is validated against `openapi.json`.
 *
 * @example
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { createConformanceRecorder } from "./conformance.ts";
 * const server = await createMockLambda({ apiKey: "k" }).listen();
 * const recorder = createConformanceRecorder(fetch);
 * await (await recorder.fetch(`${server.url}/api/v1/regions`, { headers: { authorization: "Bearer k" } })).text();
 * recorder.assertClean(); // throws if any answer broke the description
 * console.log(recorder.checked); // 1
 * await server.close();
 * ```
 */
export function createConformanceRecorder(
  inner: (
    input: Request | URL | string,
    init?: RequestInit,
  ) => Promise<Response>,
): ConformanceRecorder {
  const violations: string[] = [];
  const seen = new Set<string>();
  let checked = 0;
  return {
    async fetch(input, init) {
      const request = input instanceof Request ? input : undefined;
      const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
      const url = request ? request.url : String(input);
      const res = await inner(input, init);
      const path = pathOf(url);
      if (path.startsWith("/_mock/")) return res;
      const text = await res.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        violations.push(
          `${method} ${path} ${res.status}: body is not JSON: ${
            text.slice(0, 80)
          }`,
        );
        return res;
      }
      checked++;
      const result = checkResponse(method, path, res.status, body);
      seen.add(`${result.operationId ?? "unknown-route"} ${res.status}`);
      if (!result.ok) violations.push(...result.errors);
      return res;
    },
    get checked() {
      return checked;
    },
    get violations() {
      return violations;
    },
    get seen() {
      return seen;
    },
    assertClean() {
      if (violations.length > 0) {
        throw new Error(
          `${violations.length} non-conformant answers:\n  ${
            violations.join("\n  ")
          }`,
        );
      }
    },
  };
}
