/**
 * The typed error that every model method throws when a request breaks a rule
 * of the Lambda Cloud API. The routes layer turns it into Lambda's envelope
 * `{ "error": { "code", "message", "suggestion"? } }` with `status`.
 *
 * @module
 */

/**
 * An error of the emulated API: an HTTP status, a Lambda error code, a
 * message and an optional suggestion.
 *
 * @example
 * ```ts
 * import { MockApiError } from "@gpufleet/lambda/mock";
 * const err = new MockApiError(404, "global/object-does-not-exist", "Specified instance does not exist.");
 * console.log(err.status, err.code); // 404 global/object-does-not-exist
 * ```
 */
export class MockApiError extends Error {
  /** HTTP status code of the answer. */
  readonly status: number;
  /** Lambda error code, e.g. `global/invalid-parameters`. */
  readonly code: string;
  /** Optional hint shown to the user. */
  readonly suggestion?: string;

  /**
   * Makes an error of the emulated API.
   *
   * @param status HTTP status
   * @param code Lambda error code
   * @param message human-readable message
   * @param suggestion optional suggestion
   */
  constructor(
    status: number,
    code: string,
    message: string,
    suggestion?: string,
  ) {
    // These are answers, not bugs: skip the (costly) stack capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = "MockApiError";
    this.status = status;
    this.code = code;
    if (suggestion !== undefined) this.suggestion = suggestion;
  }

  /**
   * The body of the error envelope.
   *
   * @example
   * ```ts
   * import { MockApiError } from "@gpufleet/lambda/mock";
   * console.log(new MockApiError(400, "global/invalid-parameters", "bad").toEnvelope()); // { error: { code: "global/invalid-parameters", message: "bad" } }
   * ```
   */
  toEnvelope(): {
    error: { code: string; message: string; suggestion?: string };
  } {
    const error: { code: string; message: string; suggestion?: string } = {
      code: this.code,
      message: this.message,
    };
    if (this.suggestion !== undefined) error.suggestion = this.suggestion;
    return { error };
  }
}

/**
 * 400 `global/invalid-parameters`.
 *
 * @example
 * ```ts
 * import { invalidParameters } from "./errors.ts";
 * console.log(invalidParameters("name is too long").toEnvelope()); // { error: { code: "global/invalid-parameters", message: "name is too long" } }
 * ```
 */
export function invalidParameters(
  message: string,
  suggestion?: string,
): MockApiError {
  return new MockApiError(
    400,
    "global/invalid-parameters",
    message,
    suggestion,
  );
}

/**
 * 404 `global/object-does-not-exist` for an instance.
 *
 * @example
 * ```ts
 * import { instanceNotFound } from "./errors.ts";
 * const err = instanceNotFound("0123");
 * console.log(err.status, err.message); // 404 Specified instance does not exist: 0123.
 * ```
 */
export function instanceNotFound(id: string): MockApiError {
  return new MockApiError(
    404,
    "global/object-does-not-exist",
    `Specified instance does not exist: ${truncate(id)}.`,
  );
}

/**
 * 404 `global/object-does-not-exist` for a resource named in a launch
 * request (the API always gives a suggestion for these).
 *
 * @example
 * ```ts
 * import { launchResourceNotFound } from "./errors.ts";
 * const err = launchResourceNotFound("SSH key", "my-key");
 * console.log(err.message, err.suggestion); // SSH key 'my-key' does not exist. Check the SSH key and try again.
 * ```
 */
export function launchResourceNotFound(
  what: string,
  name: string,
): MockApiError {
  return new MockApiError(
    404,
    "global/object-does-not-exist",
    `${what} '${truncate(name)}' does not exist.`,
    `Check the ${what} and try again.`,
  );
}

/**
 * 404 `global/not-found`.
 *
 * @example
 * ```ts
 * import { notFound } from "./errors.ts";
 * const err = notFound("No route for GET /x");
 * console.log(err.status, err.code); // 404 global/not-found
 * ```
 */
export function notFound(message: string): MockApiError {
  return new MockApiError(404, "global/not-found", message);
}

/**
 * Shortens a user-given value for an error message.
 *
 * @example
 * ```ts
 * import { truncate } from "./errors.ts";
 * console.log(truncate("x".repeat(1000)).length); // 83
 * ```
 */
export function truncate(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}...` : value;
}
