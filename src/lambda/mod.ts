/**
 * The Lambda Cloud provider: {@link LambdaLabsClient} and
 * {@link LambdaLabsCredential}, with their options and the transport's
 * event, retry and error types.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "./mod.ts";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: Deno.env.get("LAMBDA_API_KEY") ?? "missing" });
 * for (const inst of await client.listInstances({ locations: ["us-west-1"] })) {
 *   console.log(inst.cloudId, inst.status.lifecycleStatus);
 * }
 * ```
 *
 * @module
 */

export {
  AmbiguousLaunchError,
  DEFAULT_BASE_URL,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type RequestEvent,
  type RetryOptions,
  type Sleep,
  type TransportOptions,
} from "./api.ts";
export { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";
export {
  LambdaLabsCredential,
  type LambdaLabsCredentialOptions,
} from "./credential.ts";
export { InvalidParametersError } from "./errors.ts";
export { BOOKKEEPING_TAGS, statusFromWire } from "./instance.ts";
export { ruleId } from "./firewall.ts";
export type { NewSshKey, SshKey } from "./ssh_key.ts";
