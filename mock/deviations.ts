/**
 * The declared deviations: what the emulator may send, when asked to be as
 * unkind as the real API, that the project's `openapi.json` (like Lambda's
 * published description) does not describe. Listed here once: the
 * emulator's sparse and growing answers produce them, and the contract
 * suite's conformance check accepts exactly these and nothing else. The
 * README's "How faithful is the emulator" gives the evidence of each.
 *
 * @example
 * ```ts
 * import { DECLARED_DEVIATIONS } from "@gpufleet/lambda/mock";
 * console.log(DECLARED_DEVIATIONS.nullableFields.Instance.includes("name")); // true
 * ```
 *
 * @module
 */

/**
 * The deviations, by component schema of `openapi.json`.
 *
 * - `nullableFields`: optional fields that may be `null` (API 1.5.3 marked
 *   them nullable).
 * - `extraFields`: fields beyond the description, with their JSON type
 *   (the real API sends `workspace_id` on SSH keys).
 * - `undeclaredStatuses`: statuses any operation may answer, in Lambda's
 *   envelope with one of the codes listed, though no operation declares
 *   them (the description states the rate limits in prose only).
 * - `upstreamCodePrefix`: error codes any operation may answer with any
 *   4xx or 5xx status (the description's "provider errors").
 *
 * @example
 * ```ts
 * import { DECLARED_DEVIATIONS } from "@gpufleet/lambda/mock";
 * console.log(Object.keys(DECLARED_DEVIATIONS.extraFields)); // ["Instance", "SSHKey", "GeneratedSSHKey"]
 * ```
 */
export const DECLARED_DEVIATIONS: {
  readonly nullableFields: { readonly Instance: readonly string[] };
  readonly extraFields: Readonly<
    Record<
      "Instance" | "SSHKey" | "GeneratedSSHKey",
      Readonly<Record<string, "string">>
    >
  >;
  readonly undeclaredStatuses: Readonly<Record<number, readonly string[]>>;
  readonly upstreamCodePrefix: string;
} = {
  nullableFields: {
    Instance: [
      "name",
      "ip",
      "private_ip",
      "hostname",
      "jupyter_token",
      "jupyter_url",
    ],
  },
  extraFields: {
    Instance: { workspace_id: "string" },
    SSHKey: { workspace_id: "string" },
    GeneratedSSHKey: { workspace_id: "string" },
  },
  undeclaredStatuses: { 429: ["global/too-many-requests"] },
  upstreamCodePrefix: "provider/",
};
