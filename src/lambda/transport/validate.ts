/**
 * Validation: a success answer's envelope (`{ data }`, or `{ data,
 * page_token }` for paged operations) is checked, and its `data` read with
 * the operation table's response schema, before any code reads it. The
 * schemas are tolerant where the API grows (unknown fields are ignored,
 * open enums accept new values) and strict where the provider depends on a
 * field; a body that fails is an `ApiError` with `providerCode`
 * `"invalid-response"` naming the first offending path.
 *
 * Each schema is first applied as a check in place (`in_place.ts`, derived
 * from the schema): an answer that matches is kept as parsed, without the
 * copy zod's `parse` makes. Any other answer is read by the zod schema
 * itself, with all its tolerance (nulls read as absent, unreadable entries
 * kept or left out and noted).
 *
 * @example
 * ```ts
 * import { validateAnswer } from "./validate.ts";
 * const checked = validateAnswer("listRegions", 200, { data: [{ name: "us-west-1", description: "California" }] });
 * if (checked.ok) console.log(checked.value); // [{ name: "us-west-1", description: "California" }]
 * ```
 *
 * @module
 */
import { ApiError } from "../../v1/errors.ts";
import { compileInPlace, type InPlaceCheck } from "../in_place.ts";
import {
  type OperationId,
  OPERATIONS,
  type ResponseData,
} from "../operations.ts";

/**
 * What `api.send` resolves to: the validated `data`, and for paged
 * operations the token of the next page too.
 *
 * @example
 * ```ts
 * import type { SendResult } from "./validate.ts";
 * const page: SendResult<"getAuditEvents"> = { data: [], pageToken: null };
 * console.log(page.pageToken); // null
 * ```
 */
export type SendResult<Id extends OperationId> =
  (typeof OPERATIONS)[Id]["envelope"] extends "page"
    ? { data: ResponseData<Id>; pageToken: string | null }
    : ResponseData<Id>;

/** Each operation's check in place, compiled once from its response schema. */
const IN_PLACE: Readonly<Record<OperationId, InPlaceCheck | undefined>> = Object
  .freeze(
    Object.fromEntries(
      Object.entries(OPERATIONS).map((
        [id, spec],
      ) => [id, compileInPlace(spec.response)]),
    ) as Record<OperationId, InPlaceCheck | undefined>,
  );

/**
 * Whether operation `id`'s answers are checked in place before zod reads
 * them (every operation of the table is).
 *
 * @example
 * ```ts
 * import { checksInPlace } from "./validate.ts";
 * console.log(checksInPlace("listInstances")); // true
 * ```
 */
export function checksInPlace(id: OperationId): boolean {
  return IN_PLACE[id] !== undefined;
}

/**
 * Checks a 2xx answer's parsed body for operation `id`. A `data` that
 * matches the schema is returned as it is (not copied).
 *
 * @example
 * ```ts
 * import { validateAnswer } from "./validate.ts";
 * const checked = validateAnswer("listRegions", 200, { data: [{ name: 42 }] });
 * if (!checked.ok) console.log(checked.error.providerCode); // "invalid-response"
 * ```
 */
export function validateAnswer<Id extends OperationId>(
  id: Id,
  status: number,
  body: unknown,
): { ok: true; value: SendResult<Id> } | { ok: false; error: ApiError } {
  const spec = OPERATIONS[id];
  const envelope = body !== null && typeof body === "object"
    ? body as { data?: unknown; page_token?: unknown }
    : undefined;
  const data = envelope?.data;
  const parsed = IN_PLACE[id]?.(data)
    ? { success: true as const, data }
    : spec.response.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: invalid(
        id,
        status,
        `at data.${issue?.path.join(".") ?? ""}: ${
          issue?.message ?? "invalid"
        }`,
        parsed.error,
      ),
    };
  }
  if (spec.envelope === "data") {
    return { ok: true, value: parsed.data as SendResult<Id> };
  }
  const token = envelope?.page_token ?? null;
  if (token !== null && typeof token !== "string") {
    return {
      ok: false,
      error: invalid(id, status, "at page_token: expected a string or null"),
    };
  }
  return {
    ok: true,
    value: { data: parsed.data, pageToken: token } as SendResult<Id>,
  };
}

function invalid(
  id: string,
  status: number,
  where: string,
  cause?: unknown,
): ApiError {
  return new ApiError({
    status,
    providerCode: "invalid-response",
    providerMessage: `the response does not match the expected schema ${where}`,
    operation: id,
  }, cause === undefined ? undefined : { cause });
}
