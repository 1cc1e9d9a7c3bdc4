/**
 * Retry, part one of three: what an attempt's outcome means. Is it worth
 * sending again, and is it ambiguous (the request may have been carried
 * out although no readable answer says so)?
 *
 * | outcome | retryable | ambiguous |
 * |---|---|---|
 * | 429 | yes: it was not processed | no |
 * | 5xx | when the operation is idempotent | yes |
 * | timeout, network failure | when the operation is idempotent | yes |
 * | 2xx whose body is not JSON | when the operation is idempotent | yes |
 * | other 4xx, a refused redirect, an answer over the size limit | no | no |
 *
 * "Never re-send blindly" comes from the operation table's `idempotent`
 * flag: an ambiguous outcome of a launch, a restart or a create is never
 * retried by the transport; the caller gets an `AmbiguousOutcomeError` and
 * looks before sending again.
 *
 * @example
 * ```ts
 * import { decide } from "./retry_decide.ts";
 * const lost = decide({ kind: "failure", reason: "network-error", cause: new TypeError("reset") }, false, 0);
 * console.log(lost.retryable, lost.ambiguous); // false "network-error"
 * ```
 *
 * @module
 */
import type { CloudError } from "../../v1/errors.ts";
import { wireErrorOf } from "../errors.ts";
import { parseRetryAfter } from "./retry_delay.ts";

/**
 * A body parsed as JSON, or why it could not be.
 *
 * @example
 * ```ts
 * import { parseJsonBody } from "./retry_decide.ts";
 * console.log(parseJsonBody('{"data": [').ok); // false
 * ```
 */
export type JsonBody = { ok: true; value: unknown } | {
  ok: false;
  error: unknown;
};

/**
 * Parses `text` as JSON without throwing.
 *
 * @example
 * ```ts
 * import { parseJsonBody } from "./retry_decide.ts";
 * const body = parseJsonBody('{"data": []}');
 * if (body.ok) console.log(body.value); // { data: [] }
 * ```
 */
export function parseJsonBody(text: string): JsonBody {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * What one attempt came to.
 *
 * - `answer`: an HTTP answer, its body read within the limit and parsed.
 * - `failure`: no answer (the timeout fired, or the network failed).
 * - `refused`: an answer the client will not use (a redirect, a body over
 *   the size limit), already as its typed error.
 *
 * @example
 * ```ts
 * import type { Outcome } from "./retry_decide.ts";
 * const timedOut: Outcome = { kind: "failure", reason: "timeout", cause: undefined };
 * console.log(timedOut.kind); // "failure"
 * ```
 */
export type Outcome =
  | { kind: "answer"; status: number; headers: Headers; body: JsonBody }
  | { kind: "failure"; reason: "timeout" | "network-error"; cause: unknown }
  | { kind: "refused"; error: CloudError & { providerCode: string } };

/**
 * What {@link decide} concluded.
 *
 * @example
 * ```ts
 * import type { Verdict } from "./retry_decide.ts";
 * const verdict: Verdict = { retryable: true, retryAfterMs: 1_000, errorCode: "global/too-many-requests" };
 * console.log(verdict.retryable); // true
 * ```
 */
export interface Verdict {
  /** Another attempt may succeed and is safe to send. */
  retryable: boolean;
  /** Why the request may have been carried out unseen, when it may. */
  ambiguous?: string;
  /** What the answer asked to wait, in ms. */
  retryAfterMs?: number;
  /** The event's error code; absent for a success. */
  errorCode?: string;
}

/**
 * Judges an attempt's outcome for an operation that is (or is not)
 * idempotent; see the module documentation.
 *
 * @param outcome what the attempt came to
 * @param idempotent the operation table's flag
 * @param nowMs the clock, to read an HTTP-date `Retry-After`
 *
 * @example
 * ```ts
 * import { decide } from "./retry_decide.ts";
 * const answer = { kind: "answer", status: 503, headers: new Headers({ "retry-after": "2" }), body: { ok: true, value: {} } } as const;
 * console.log(decide(answer, true, 0)); // { retryable: true, ambiguous: "503", retryAfterMs: 2000, errorCode: "server-error" }
 * ```
 */
export function decide(
  outcome: Outcome,
  idempotent: boolean,
  nowMs: number,
): Verdict {
  if (outcome.kind === "failure") {
    return {
      retryable: idempotent,
      ambiguous: outcome.reason,
      errorCode: outcome.reason,
    };
  }
  if (outcome.kind === "refused") {
    return { retryable: false, errorCode: outcome.error.providerCode };
  }
  const { status, headers, body } = outcome;
  // A success carries no error code: its body is read by validation only.
  const code = status >= 300 && body.ok
    ? wireErrorOf(body.value)?.code
    : undefined;
  if (status === 429) {
    return {
      retryable: true,
      retryAfterMs: parseRetryAfter(headers.get("Retry-After"), nowMs),
      errorCode: code ?? "rate-limited",
    };
  }
  if (status >= 500) {
    return {
      retryable: idempotent,
      ambiguous: String(status),
      retryAfterMs: parseRetryAfter(headers.get("Retry-After"), nowMs),
      errorCode: code ?? "server-error",
    };
  }
  if (status >= 300) {
    return { retryable: false, errorCode: code ?? "client-error" };
  }
  if (!body.ok) {
    return {
      retryable: idempotent,
      ambiguous: "malformed-body",
      errorCode: "malformed-body",
    };
  }
  return { retryable: false };
}
