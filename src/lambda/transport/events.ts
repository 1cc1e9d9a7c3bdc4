/**
 * Events: one {@link RequestEvent} per attempt, handed to the caller's
 * `onEvent`. Nothing is logged by default, and an event never carries the
 * API key, a request body (`user_data`) or a response body (private keys).
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type RequestEvent } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({
 *   refId: "cred-1",
 *   apiKey: Deno.env.get("LAMBDA_API_KEY") ?? "missing",
 *   onEvent: (e: RequestEvent) => console.log(`${e.method} ${e.path} ${e.status ?? e.errorCode} ${e.durationMs}ms`),
 * });
 * await client.getLocations();
 * ```
 *
 * @module
 */

/**
 * One request attempt, as reported to `onEvent`.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type RequestEvent } from "@gpufleet/lambda";
 * const retried: RequestEvent[] = [];
 * const client = new LambdaLabsClient({
 *   refId: "cred-1",
 *   apiKey: Deno.env.get("LAMBDA_API_KEY") ?? "missing",
 *   onEvent: (e) => e.retryDelayMs !== undefined && retried.push(e),
 * });
 * await client.listInstances();
 * console.log(`${retried.length} attempts were retried`);
 * ```
 */
export interface RequestEvent {
  /** The operation id from `openapi.json`, e.g. `"listInstances"`. */
  operationId: string;
  /** The HTTP method. */
  method: string;
  /** The URL path, without query string. */
  path: string;
  /** The HTTP status, absent when no answer arrived. */
  status?: number;
  /** Time from sending to the end of the body, in ms. */
  durationMs: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** Present when another attempt follows after this many ms. */
  retryDelayMs?: number;
  /**
   * Lambda's error code, or `network-error`, `timeout`, `malformed-body`,
   * `redirect-refused`, `response-too-large`.
   */
  errorCode?: string;
}

/**
 * Hands `event` to `onEvent`; an observer that throws does not fail the
 * request.
 *
 * @example
 * ```ts
 * import { emitEvent } from "./events.ts";
 * emitEvent(() => { throw new Error("observer bug"); }, {
 *   operationId: "listRegions", method: "GET", path: "/api/v1/regions", durationMs: 3, attempt: 1,
 * }); // does not throw
 * ```
 */
export function emitEvent(
  onEvent: ((event: RequestEvent) => void) | undefined,
  event: RequestEvent,
): void {
  if (!onEvent) return;
  try {
    onEvent(event);
  } catch {
    // A failing observer must not fail the request.
  }
}
