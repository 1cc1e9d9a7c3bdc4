/**
 * The answers of injected faults, each in Lambda's error envelope: 5xx
 * outages, 429s, the 403s the description declares per operation, and
 * upstream `provider/…` errors.
 *
 * @module
 */
import type { OperationId } from "../../src/lambda/operations.ts";
import type { ForbiddenCode, ProviderError } from "../faults.ts";
import { errorResponse } from "./http.ts";
import type { RateLimitRefusal } from "./rate_limit.ts";

/**
 * The 429 of a request over Lambda's rate limits, with `Retry-After` only
 * when asked for (nothing promises one).
 *
 * @example
 * ```ts
 * import { rateLimitedAnswer } from "./injected.ts";
 * const res = rateLimitedAnswer({ limit: "launch", retryAfterMs: 11_500 }, true);
 * console.log(res.status, res.headers.get("retry-after")); // 429 "12"
 * ```
 */
export function rateLimitedAnswer(
  refusal: RateLimitRefusal,
  withRetryAfter: boolean,
): Response {
  const headers = withRetryAfter
    ? { "retry-after": String(Math.ceil(refusal.retryAfterMs / 1000)) }
    : undefined;
  return refusal.limit === "launch"
    ? errorResponse(
      429,
      "global/too-many-requests",
      "Too many launch requests: at most one every 12 seconds.",
      "Space launches out and try again.",
      headers,
    )
    : errorResponse(
      429,
      "global/too-many-requests",
      "Too many requests: at most about one per second.",
      "Slow down and try again.",
      headers,
    );
}

/**
 * An injected 500, 502 or 503.
 *
 * @example
 * ```ts
 * import { injectedError } from "./injected.ts";
 * console.log(injectedError(503).status); // 503
 * ```
 */
export function injectedError(status: 500 | 502 | 503): Response {
  switch (status) {
    case 500:
      return errorResponse(
        500,
        "global/internal-error",
        "An internal server error occurred.",
        "Try again later. Contact Support if the problem persists.",
      );
    case 502:
      return errorResponse(
        502,
        "global/internal-error",
        "Bad gateway.",
        "Try again shortly.",
      );
    case 503:
      return errorResponse(
        503,
        "provider/internal-unavailable",
        "Provider unavailable",
        "Try again shortly",
      );
  }
}

/**
 * The 403 codes each operation declares beyond `global/account-inactive`,
 * which every operation declares.
 */
const MORE_FORBIDDEN: Partial<Record<OperationId, readonly ForbiddenCode[]>> = {
  listInstances: ["global/forbidden"],
  getInstance: ["global/forbidden"],
  launchInstance: ["global/invalid-address"],
  createFilesystem: ["global/invalid-address"],
};

/**
 * The 403 codes operation `id` declares.
 *
 * @example
 * ```ts
 * import { forbiddenCodesOf } from "./injected.ts";
 * console.log(forbiddenCodesOf("launchInstance")); // ["global/account-inactive", "global/invalid-address"]
 * ```
 */
export function forbiddenCodesOf(id: OperationId): readonly ForbiddenCode[] {
  return ["global/account-inactive", ...(MORE_FORBIDDEN[id] ?? [])];
}

/**
 * A 403 with `code`.
 *
 * @example
 * ```ts
 * import { forbiddenAnswer } from "./injected.ts";
 * console.log(forbiddenAnswer("global/account-inactive").status); // 403
 * ```
 */
export function forbiddenAnswer(code: ForbiddenCode): Response {
  switch (code) {
    case "global/account-inactive":
      return errorResponse(
        403,
        code,
        "The account is inactive.",
        "Verify the account's email address and payment method, or contact Support.",
      );
    case "global/forbidden":
      return errorResponse(
        403,
        code,
        "The account may not access this resource.",
      );
    case "global/invalid-address":
      return errorResponse(
        403,
        code,
        "The account's billing address is invalid.",
        "Correct the billing address, or contact Support.",
      );
  }
}

/**
 * An upstream provider's error.
 *
 * @example
 * ```ts
 * import { providerAnswer } from "./injected.ts";
 * import { PROVIDER_ERRORS } from "../faults.ts";
 * console.log(providerAnswer(PROVIDER_ERRORS[0]).status); // 503
 * ```
 */
export function providerAnswer(error: ProviderError): Response {
  return errorResponse(
    error.status,
    error.code,
    error.message,
    error.suggestion,
  );
}
