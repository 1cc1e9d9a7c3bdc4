/**
 * Creating what a create that is not idempotent may already have made.
 *
 * The transport never re-sends a create after an ambiguous outcome (see
 * `transport/retry_decide.ts`): the ruleset or the SSH key may exist
 * although no answer said so. {@link createOrFind} looks for it first and
 * sends the create again only when it is not there, within the transport's
 * retry bounds. A create refused as a duplicate (the sign of an earlier
 * attempt that did land, committed late) is looked for the same way.
 *
 * @example
 * ```ts
 * import { createOrFind } from "./create_or_find.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const name = "gpufleet-0123456789abcdef";
 * const key = await createOrFind(api, {
 *   create: async () => (await api.send("addSSHKey", { body: { name, public_key: "ssh-ed25519 AAAA me" } })).name,
 *   find: async () => (await api.send("listSSHKeys")).find((k) => k.name === name)?.name,
 * });
 * console.log(key);
 * ```
 *
 * @module
 */
import type { LambdaApi } from "./api.ts";
import { AmbiguousOutcomeError } from "./errors.ts";
import { retrying } from "./transport/retry_schedule.ts";

/**
 * The two halves of a create that can be looked for.
 *
 * @example
 * ```ts
 * import type { CreateOrFindSteps } from "./create_or_find.ts";
 * const steps: CreateOrFindSteps<string> = {
 *   create: () => Promise.resolve("made"),
 *   find: () => Promise.resolve(undefined),
 * };
 * console.log(await steps.create()); // "made"
 * ```
 */
export interface CreateOrFindSteps<T> {
  /** Sends the create. */
  create(): Promise<T>;
  /** What an earlier create made, if it is there. */
  find(): Promise<T | undefined>;
  /**
   * Whether a refusal means an earlier create landed (e.g. a duplicate
   * name), so that it is looked for too (default: never).
   */
  isDuplicate?(err: unknown): boolean;
}

/**
 * Sends `steps.create`; after an ambiguous outcome (or a duplicate refusal)
 * returns what `steps.find` finds, or sends the create again within the
 * transport's retry bounds. Throws the last error when nothing was made.
 *
 * @example
 * ```ts
 * import { createOrFind } from "./create_or_find.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const region = "us-west-1";
 * const ruleset = await createOrFind(api, {
 *   create: () => api.send("createFirewallRuleset", { body: { name: "web", region, rules: [] } }),
 *   find: async () => (await api.send("firewallRulesetsList")).find((r) => r.name === "web" && r.region.name === region),
 * });
 * console.log(ruleset.id);
 * ```
 */
export function createOrFind<T>(
  api: LambdaApi,
  steps: CreateOrFindSteps<T>,
  signal?: AbortSignal,
): Promise<T> {
  return retrying({
    attempt: async () => {
      try {
        return await steps.create();
      } catch (err) {
        if (
          err instanceof AmbiguousOutcomeError || steps.isDuplicate?.(err)
        ) {
          const found = await steps.find();
          if (found !== undefined) return found;
        }
        throw err;
      }
    },
    decide: (outcome) => ({
      retry: !outcome.ok && outcome.error instanceof AmbiguousOutcomeError,
    }),
    maxAttempts: api.retry.maxAttempts,
    maxElapsedMs: api.retry.maxElapsedMs,
    delayMs: api.backoffMs,
    clock: api.clock,
    signal,
  });
}
