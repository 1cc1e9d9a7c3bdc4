/**
 * Why the emulator gave an answer other than the model's: an injected
 * fault, or the rate limiter. The routes label such an answer with an
 * internal header; the request log at the HTTP entry reads it and strips
 * it, so it never reaches a client.
 *
 * ```ts ignore
 * return withCause(errorResponse(429, "global/too-many-requests", "Too many requests."), "rate-limit");
 * ```
 *
 * @module
 */

/**
 * What produced an answer instead of the model.
 *
 * @example
 * ```ts
 * import { type AnswerCause, takeCause, withCause } from "./cause.ts";
 * const labelled = withCause(new Response(null, { status: 429 }), "rate-limit");
 * const cause: AnswerCause | undefined = takeCause(labelled).cause;
 * console.log(cause); // "rate-limit"
 * ```
 */
export type AnswerCause = "fault" | "rate-limit";

/** The internal header; never sent to a client. @example `CAUSE_HEADER // "x-mock-cause"` */
export const CAUSE_HEADER = "x-mock-cause";

/** Marks an answer that {@linkcode withCause} labelled. */
const LABELLED = Symbol("mock.labelled");

/**
 * Labels an answer with its cause (and returns it).
 *
 * @example
 * ```ts
 * import { withCause } from "./cause.ts";
 * const res = withCause(new Response(null, { status: 503 }), "fault");
 * console.log(res.headers.get("x-mock-cause")); // "fault"
 * ```
 */
export function withCause(response: Response, cause: AnswerCause): Response {
  response.headers.set(CAUSE_HEADER, cause);
  Object.defineProperty(response, LABELLED, { value: true });
  return response;
}

/**
 * Reads and removes the label: the cause, and the answer without the
 * header (the same object when its headers can be changed).
 *
 * @example
 * ```ts
 * import { takeCause, withCause } from "./cause.ts";
 * const { cause, response } = takeCause(withCause(new Response("x"), "fault"));
 * console.log(cause); // "fault"
 * console.log(response.headers.has("x-mock-cause")); // false
 * ```
 */
export function takeCause(
  response: Response,
): { cause: AnswerCause | undefined; response: Response } {
  // Most answers are the model's and unlabelled: leave their headers alone
  // (reading them makes the runtime build a Headers object per answer).
  if (!(LABELLED in response)) return { cause: undefined, response };
  const value = response.headers.get(CAUSE_HEADER);
  if (value === null) return { cause: undefined, response };
  const cause = value === "fault" || value === "rate-limit" ? value : undefined;
  try {
    response.headers.delete(CAUSE_HEADER);
    return { cause, response };
  } catch {
    // Immutable headers (a Response from fetch): copy them without it.
    const headers = new Headers(response.headers);
    headers.delete(CAUSE_HEADER);
    return {
      cause,
      response: new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      }),
    };
  }
}
