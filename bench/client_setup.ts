/**
 * The provider's client as every bench builds it.
 *
 * @module
 */
import { LambdaLabsClient } from "../mod.ts";
import { API_KEY, type FetchLike } from "./setup.ts";

/** The client every bench uses; `fetch` defaults to the global one. */
export function benchClient(
  fetch?: FetchLike,
  baseUrl = "https://cloud.lambda.ai",
): LambdaLabsClient {
  return new LambdaLabsClient({
    refId: "bench",
    apiKey: API_KEY,
    baseUrl,
    // The benches measure the client's own work: Lambda's pacing (a request
    // a second) would measure the pacer's sleep instead.
    maxRequestsPerSecond: Infinity,
    maxCreateRequestsPerMinute: Infinity,
    ...(fetch ? { fetch } : {}),
  });
}
