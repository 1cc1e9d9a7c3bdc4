/**
 * The Lambda Cloud provider: {@link LambdaLabsClient} and
 * {@link LambdaLabsCredential}, with their options and the transport's
 * event, retry and error types.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: Deno.env.get("LAMBDA_API_KEY") ?? "missing" });
 * for (const inst of await client.listInstances({ locations: ["us-west-1"] })) {
 *   console.log(inst.cloudId, inst.status.lifecycleStatus);
 * }
 * ```
 *
 * @module
 */

export {
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type Sleep,
  type TransportOptions,
} from "./api.ts";
export { AmbiguousLaunchError, AmbiguousOutcomeError } from "./errors.ts";
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  ResponseTooLargeError,
} from "./transport/body_limit.ts";
export type { RequestEvent } from "./transport/events.ts";
export { RedirectRefusedError } from "./transport/redirect.ts";
export {
  DEFAULT_RETRY,
  type RetryOptions,
} from "./transport/retry_schedule.ts";
export { LambdaAccount, type LambdaAccountOptions } from "./account.ts";
export { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";
export {
  LambdaLabsCredential,
  type LambdaLabsCredentialOptions,
} from "./credential.ts";
export { InvalidParametersError } from "./errors.ts";
export {
  LaunchCleanupError,
  LaunchUnconfirmedError,
  TerminateUnconfirmedError,
} from "./outcome_errors.ts";
export { BOOKKEEPING_TAGS, statusFromWire } from "./instance.ts";
export { ruleId } from "./firewall.ts";
export type { NewSshKey, SshKey } from "./ssh_key.ts";
