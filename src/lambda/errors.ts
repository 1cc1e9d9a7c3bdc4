/**
 * Maps Lambda Cloud error answers to the provider-neutral error classes.
 *
 * | Lambda answer | error |
 * |---|---|
 * | `global/object-does-not-exist` on an instance operation | `InstanceNotFoundError` |
 * | `global/object-does-not-exist` on anything else | `ResourceNotFoundError` |
 * | `instance-operations/launch/insufficient-capacity` | `InsufficientResourcesError` |
 * | `global/quota-exceeded` | `OutOfQuotaError` |
 * | any 5xx (after retries), 429 after retries, whatever the code (`provider/*` too) | `ServiceUnavailableError` |
 * | 4xx `global/invalid-parameters` | {@link InvalidParametersError}, an `InvalidArgumentError` |
 * | anything else (401 `global/invalid-api-key`, 403, 409, a 4xx `provider/*` …) | `ApiError` |
 *
 * Only a 5xx or a 429 is retryable: a `provider/*` code with a 4xx status
 * is the provider refusing the request, and sending it again would not help.
 *
 * **Which argument was invalid.** Lambda's `global/invalid-parameters`
 * answer names the problem only in its message. The message is searched
 * (outside quoted values, which are the caller's own text) for the subjects
 * of the operation's request, and the earliest one names the field: for a
 * launch, `Region …` is `attrs.location`, `Instance type …`
 * `attrs.instanceType`, `name …` `attrs.name`, `tags[0].key …` `attrs.tags`,
 * and so on (see `invalid_parameters.ts`). A message that names no subject
 * gives the field of what the request was about (`attrs` for a launch, `key`
 * for an SSH key, `instanceId` for an instance operation, otherwise the
 * operation id); a caller can say it in {@link ErrorContext.field}. A
 * message about a region that "does not exist" says so as
 * {@link unknownLocationError} does.
 *
 * The error that was mapped (an `ApiError` with the provider's status, code,
 * message and suggestion) is kept as `cause` of the mapped error. The
 * provider's code, message and suggestion are server text: each is cut to
 * 2 KiB, with a marker, before an error keeps it.
 *
 * The transport's outcomes that carry no Lambda answer are mapped here too
 * ({@link errorFromOutcome}): a timeout or a network failure is a
 * `ServiceUnavailableError`, an unreadable 2xx body an `ApiError`
 * (`malformed-body`), and an ambiguous outcome of an operation that is not
 * idempotent an {@link AmbiguousOutcomeError} ({@link AmbiguousLaunchError}
 * for a launch), which tells the caller to look before sending again.
 *
 * @example
 * ```ts
 * import { InstanceNotFoundError } from "@gpufleet/lambda";
 * import { errorFromResponse } from "./errors.ts";
 * const err = errorFromResponse(404, { error: { code: "global/object-does-not-exist", message: "gone" } }, {
 *   operationId: "terminateInstance",
 *   instanceId: "i-1",
 * });
 * console.log(err instanceof InstanceNotFoundError); // true
 * ```
 *
 * @module
 */

import {
  ApiError,
  type CloudError,
  InstanceNotFoundError,
  InsufficientResourcesError,
  InvalidArgumentError,
  OutOfQuotaError,
  ResourceNotFoundError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import type { OperationId } from "./operations.ts";
import type { Outcome, Verdict } from "./transport/retry_decide.ts";
import { boundedText } from "./transport/text.ts";
import {
  InvalidParametersError,
  invalidParametersError,
  unknownLocationRule,
} from "./invalid_parameters.ts";
import { readLeniently } from "./tolerant.ts";
import { ErrorEnvelopeSchema, type WireError } from "./wire.ts";

export { InvalidParametersError } from "./invalid_parameters.ts";

/**
 * What the caller knew about a request, used to name what went wrong.
 *
 * @example
 * ```ts
 * import { type ErrorContext, errorFromResponse } from "./errors.ts";
 * const ctx: ErrorContext = { operationId: "getInstance", instanceId: "i-1" };
 * const err = errorFromResponse(404, { error: { code: "global/object-does-not-exist", message: "gone" } }, ctx);
 * console.log(err.code); // "instance-not-found"
 * ```
 */
export interface ErrorContext {
  /** The operation id from `openapi.json`, e.g. `"launchInstance"`. */
  operationId: string;
  /** The instance the request was about, if any. */
  instanceId?: string;
  /** The region the request was about, if any. */
  location?: string;
  /** The instance type the request was about, if any. */
  instanceType?: string;
  /** The kind of object the request was about, e.g. `"ssh-key"`. */
  resourceType?: string;
  /** Its id or name. */
  resourceId?: string;
  /**
   * The argument a refused request came from, as the caller named it (e.g.
   * `"args.firewallRules"`), for a `global/invalid-parameters` answer whose
   * message names no field. Defaults to what the operation is about.
   */
  field?: string;
}

/** Operations whose missing object is an instance. */
const INSTANCE_OPERATIONS = new Set([
  "getInstance",
  "postInstance",
  "restartInstance",
  "terminateInstance",
]);

/**
 * Extracts Lambda's `{ error: { code, message, suggestion } }` from a parsed
 * body, or `undefined` when the body is not such an envelope.
 *
 * @example
 * ```ts
 * import { wireErrorOf } from "./errors.ts";
 * wireErrorOf({ error: { code: "global/conflict", message: "busy" } })?.code; // "global/conflict"
 * ```
 */
export function wireErrorOf(body: unknown): WireError | undefined {
  // A null suggestion reads as none, as every optional field of an answer.
  const parsed = readLeniently(ErrorEnvelopeSchema, body);
  return parsed.success ? parsed.data.error : undefined;
}

/**
 * The typed error for a non-2xx answer (after any retries).
 *
 * @param status the HTTP status
 * @param body the parsed JSON body, or `undefined` when it was not JSON
 * @param ctx what the request was about
 * @param retryAfterMs the answer's `Retry-After`, if any
 *
 * @example
 * ```ts
 * import { errorFromResponse } from "./errors.ts";
 * const err = errorFromResponse(404, { error: { code: "global/object-does-not-exist", message: "gone" } }, {
 *   operationId: "getInstance",
 *   instanceId: "i-1",
 * });
 * console.log(err.code); // "instance-not-found"
 * ```
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  ctx: ErrorContext,
  retryAfterMs?: number,
): CloudError {
  const wire = wireErrorOf(body);
  const api = new ApiError({
    status,
    providerCode: wire?.code !== undefined
      ? boundedText(wire.code, 256)
      : (status === 401 ? "global/invalid-api-key" : "unknown"),
    providerMessage: wire?.message !== undefined
      ? boundedText(wire.message)
      : `HTTP ${status} without Lambda's error envelope`,
    suggestion: wire?.suggestion !== undefined
      ? boundedText(wire.suggestion)
      : undefined,
    operation: ctx.operationId,
  });
  const code = api.providerCode;
  const options = { cause: api };

  if (code === "global/object-does-not-exist") {
    if (
      ctx.instanceId !== undefined && INSTANCE_OPERATIONS.has(ctx.operationId)
    ) {
      return new InstanceNotFoundError(ctx.instanceId, options);
    }
    return new ResourceNotFoundError(
      ctx.resourceType ?? "object",
      ctx.resourceId ?? "(unnamed)",
      { ...options, message: `${ctx.operationId}: ${api.providerMessage}` },
    );
  }
  if (code === "instance-operations/launch/insufficient-capacity") {
    return new InsufficientResourcesError(
      { location: ctx.location, instanceType: ctx.instanceType },
      options,
    );
  }
  if (code === "global/quota-exceeded") {
    return new OutOfQuotaError(
      { location: ctx.location, instanceType: ctx.instanceType },
      options,
    );
  }
  if (status >= 500 || status === 429) {
    return new ServiceUnavailableError({ status, retryAfterMs }, {
      ...options,
      message:
        `the Lambda API is temporarily unavailable (HTTP ${status} ${code}): ${api.providerMessage}`,
    });
  }
  if (code === "global/invalid-parameters" && status >= 400) {
    return invalidParametersError(api, ctx);
  }
  return api;
}

/**
 * The API's answer behind an error: an `ApiError` itself, or the `cause` of
 * the {@link InvalidParametersError} a `global/invalid-parameters` answer
 * becomes; `undefined` for anything else. For code that reacts to how the
 * API refused a request (a duplicate name is a 400, for instance).
 *
 * @example
 * ```ts
 * import { apiErrorOf } from "./errors.ts";
 * declare const err: unknown;
 * if (apiErrorOf(err)?.status === 400) console.log("refused as a bad request");
 * ```
 */
export function apiErrorOf(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  return err instanceof InvalidParametersError && err.cause instanceof ApiError
    ? err.cause
    : undefined;
}

/**
 * The error for a launch into a region that does not exist. It is an
 * argument error, never a capacity error: a scheduler retries capacity
 * errors, and would retry an impossible launch forever.
 *
 * @example
 * ```ts
 * import { unknownLocationError } from "./errors.ts";
 * console.log(unknownLocationError("mars-1").field); // "attrs.location"
 * ```
 */
export function unknownLocationError(
  location: string,
  cause?: unknown,
): InvalidArgumentError {
  return new InvalidArgumentError(
    "attrs.location",
    unknownLocationRule(location),
    { cause },
  );
}

/**
 * An operation that is not idempotent (a launch, a restart, a create) failed
 * ambiguously: the request may or may not have been carried out (a 5xx, a
 * dropped connection, a timeout or an unreadable 2xx answer after sending).
 * The transport never re-sends it; the caller must look for the effect
 * before sending again. It is a `ServiceUnavailableError`, so if it ever
 * reaches a user it is still typed and retryable.
 *
 * @example
 * ```ts
 * import { AmbiguousOutcomeError, ServiceUnavailableError } from "@gpufleet/lambda";
 * const err = new AmbiguousOutcomeError("addSSHKey", "network-error", 0, undefined);
 * console.log(err instanceof ServiceUnavailableError, err.operation); // true "addSSHKey"
 * ```
 */
export class AmbiguousOutcomeError extends ServiceUnavailableError {
  /** Always `"AmbiguousOutcomeError"`. */
  override readonly name: string = "AmbiguousOutcomeError";
  /** The operation id. */
  declare readonly operation: string;
  /** Why the outcome is unknown: `timeout`, `network-error`, `malformed-body` or the HTTP status. */
  declare readonly reason: string;
  /** When the first attempt of the call started (transport clock, ms). */
  declare readonly startedAt: number;

  /**
   * Creates the error.
   *
   * @param operation the operation id
   * @param reason why the outcome is unknown
   * @param startedAt transport clock when the call started
   * @param status the HTTP status, if an answer arrived
   * @param cause the underlying error
   * @param message replaces the generated message
   */
  constructor(
    operation: string,
    reason: string,
    startedAt: number,
    status: number | undefined,
    cause?: unknown,
    message?: string,
  ) {
    super({ status }, {
      cause,
      message: message ??
        `${operation}: the request failed ambiguously (${reason}); it may or may not have been carried out`,
    });
    this.addFields({ operation, reason, startedAt });
  }
}

/**
 * A launch whose outcome is unknown; see {@link AmbiguousOutcomeError}. The
 * create path looks for the instance by its ref id before sending again.
 *
 * @example
 * ```ts
 * import { AmbiguousLaunchError } from "@gpufleet/lambda";
 * const err = new AmbiguousLaunchError("timeout", 0, undefined);
 * console.log(err.code, err.reason); // "service-unavailable" "timeout"
 * ```
 */
export class AmbiguousLaunchError extends AmbiguousOutcomeError {
  /** Always `"AmbiguousLaunchError"`. */
  override readonly name: string = "AmbiguousLaunchError";

  /**
   * Creates the error.
   *
   * @param reason why the outcome is unknown
   * @param startedAt transport clock when the launch started
   * @param status the HTTP status, if an answer arrived
   * @param cause the underlying error
   */
  constructor(
    reason: string,
    startedAt: number,
    status: number | undefined,
    cause?: unknown,
  ) {
    super(
      "launchInstance",
      reason,
      startedAt,
      status,
      cause,
      `the launch request failed ambiguously (${reason}); it may or may not have been accepted`,
    );
  }
}

/**
 * The error for a 2xx answer whose body is not JSON.
 *
 * @example
 * ```ts
 * import { malformedBodyError } from "./errors.ts";
 * console.log(malformedBodyError("listRegions", 200, undefined).providerCode); // "malformed-body"
 * ```
 */
export function malformedBodyError(
  operationId: string,
  status: number,
  cause: unknown,
): ApiError {
  return new ApiError({
    status,
    providerCode: "malformed-body",
    providerMessage: "the response body is not valid JSON (truncated?)",
    operation: operationId,
  }, { cause });
}

/**
 * What a call that ended on `outcome` (without a usable answer) throws.
 *
 * @param outcome the last attempt's outcome
 * @param verdict what `decide` said of it
 * @param call the operation, its idempotency, the error context, the
 *   attempt number, when the call started and the timeout in force
 *
 * @example
 * ```ts
 * import { AmbiguousLaunchError } from "@gpufleet/lambda";
 * import { errorFromOutcome } from "./errors.ts";
 * const err = errorFromOutcome(
 *   { kind: "failure", reason: "timeout", cause: undefined },
 *   { retryable: false, ambiguous: "timeout" },
 *   { idempotent: false, ctx: { operationId: "launchInstance" }, attempt: 1, startedAt: 0, timeoutMs: 30_000 },
 * );
 * console.log(err instanceof AmbiguousLaunchError); // true
 * ```
 */
export function errorFromOutcome(
  outcome: Outcome,
  verdict: Verdict,
  call: {
    idempotent: boolean;
    ctx: ErrorContext;
    attempt: number;
    startedAt: number;
    timeoutMs: number;
  },
): CloudError {
  if (outcome.kind === "refused") return outcome.error;
  const id = call.ctx.operationId;
  let error: CloudError;
  if (outcome.kind === "failure") {
    error = new ServiceUnavailableError({}, {
      cause: outcome.cause,
      message: outcome.reason === "timeout"
        ? `${id}: the Lambda API did not answer within ${call.timeoutMs} ms (attempt ${call.attempt})`
        : `${id}: the Lambda API could not be reached (attempt ${call.attempt})`,
    });
  } else if (outcome.status >= 300) {
    error = errorFromResponse(
      outcome.status,
      outcome.body.ok ? outcome.body.value : undefined,
      call.ctx,
      verdict.retryAfterMs,
    );
  } else {
    error = malformedBodyError(
      id,
      outcome.status,
      outcome.body.ok ? undefined : outcome.body.error,
    );
  }
  if (verdict.ambiguous === undefined || call.idempotent) return error;
  const status = outcome.kind === "answer" ? outcome.status : undefined;
  const cause = outcome.kind === "failure" ? outcome.cause : error;
  // The launch keeps an error class of its own: the create path and users
  // recognise it by name.
  return id === ("launchInstance" satisfies OperationId)
    ? new AmbiguousLaunchError(verdict.ambiguous, call.startedAt, status, cause)
    : new AmbiguousOutcomeError(
      id,
      verdict.ambiguous,
      call.startedAt,
      status,
      cause,
    );
}
