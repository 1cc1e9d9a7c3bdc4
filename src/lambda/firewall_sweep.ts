/**
 * Sweeping the per-instance firewall rulesets that terminated instances
 * leave behind.
 *
 * Lambda refuses to delete a ruleset while an instance is attached to it, so
 * the ruleset `createInstance` makes for an instance launched with firewall
 * rules outlives the instance. The sweep deletes, best effort, every ruleset
 * that
 *
 * - is named like the rulesets this provider makes (`gpufleet-` followed by
 *   16 lowercase hex digits, exactly: a hand-made `gpufleet-prod` is never
 *   touched),
 * - has no `instance_ids` (no live instance uses it),
 * - was `created` longer than the grace period ago (default 10 minutes) by
 *   the transport's clock, so that the brand-new ruleset of a create still
 *   on its way to the launch (in another process, on another machine) is
 *   not taken from under it, and
 * - is not the ruleset of a create of this account's clients still waiting
 *   to launch (a queue of launches behind the pacer can take longer
 *   than the grace period), see {@link RulesetHolds}.
 *
 * The grace period assumes the local clock is within a few minutes of
 * Lambda's; a clock far ahead would shorten it.
 *
 * @module
 */

import type { LambdaApi } from "./api.ts";
import type { FirewallCache } from "./firewall_cache.ts";
import {
  deleteRuleset,
  listRulesets,
  RULESET_NAME_PREFIX,
} from "./firewall.ts";
import type { WireFirewallRuleset } from "./wire.ts";

/**
 * How a sweep decides and stops.
 *
 * @example
 * ```ts
 * import { RulesetHolds, type SweepOptions } from "./firewall_sweep.ts";
 * import { FirewallCache } from "./firewall_cache.ts";
 * const options: SweepOptions = {
 *   graceMs: 600_000,
 *   holds: new RulesetHolds(),
 *   firewall: new FirewallCache(60_000, Date.now),
 *   signal: AbortSignal.timeout(60_000),
 * };
 * console.log(options.graceMs / 60_000); // 10
 * ```
 */
export interface SweepOptions {
  /** How old an unattached ruleset must be, in ms. */
  graceMs: number;
  /** The rulesets of creates that have not launched yet. */
  holds: RulesetHolds;
  /** The account's firewall cache, told of every delete. */
  firewall: FirewallCache;
  /** Stops the sweep between deletes. */
  signal?: AbortSignal;
}

/**
 * The default grace period in ms (10 minutes).
 *
 * @example
 * ```ts
 * import { DEFAULT_FIREWALL_SWEEP_GRACE_MS, isSweepable, RulesetHolds } from "./firewall_sweep.ts";
 * declare const ruleset: Parameters<typeof isSweepable>[0];
 * console.log(isSweepable(ruleset, Date.now(), DEFAULT_FIREWALL_SWEEP_GRACE_MS, new RulesetHolds()));
 * ```
 */
export const DEFAULT_FIREWALL_SWEEP_GRACE_MS = 10 * 60_000;

const PER_INSTANCE_NAME = new RegExp(`^${RULESET_NAME_PREFIX}[0-9a-f]{16}$`);

/**
 * The rulesets made (or reused) by creates that have not launched yet: the
 * sweep leaves them alone. The clients of one credential share one (it is
 * part of their account, see `account.ts`), since they sweep each other's
 * rulesets.
 *
 * @example
 * ```ts
 * import { RulesetHolds } from "./firewall_sweep.ts";
 * const holds = new RulesetHolds();
 * const release = holds.hold("rs-1");
 * try {
 *   console.log(holds.has("rs-1")); // true: launch with rs-1 attached
 * } finally {
 *   release();
 * }
 * ```
 */
export class RulesetHolds {
  /** How many creates hold each ruleset id. */
  readonly #holders = new Map<string, number>();

  /**
   * Marks `id` as the ruleset of a create that has not launched yet, until
   * the returned release function is called (once; later calls do nothing).
   */
  hold(id: string): () => void {
    this.#holders.set(id, (this.#holders.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#holders.get(id) ?? 1) - 1;
      if (left > 0) this.#holders.set(id, left);
      else this.#holders.delete(id);
    };
  }

  /** Whether a create that has not launched yet holds `id`. */
  has(id: string): boolean {
    return this.#holders.has(id);
  }
}

/**
 * Whether a ruleset is one the sweep deletes (see the module documentation).
 *
 * @param ruleset the ruleset as listed
 * @param nowMs the current time, ms since the epoch
 * @param graceMs the grace period in ms
 * @param holds the rulesets of creates that have not launched yet
 *
 * @example
 * ```ts
 * import { isSweepable, RulesetHolds } from "./firewall_sweep.ts";
 * const ruleset = {
 *   id: "rs-1",
 *   name: "gpufleet-0123456789abcdef",
 *   region: { name: "us-west-1", description: "California, USA" },
 *   rules: [],
 *   created: "2026-01-01T00:00:00Z",
 *   instance_ids: [],
 * };
 * const holds = new RulesetHolds();
 * console.log(isSweepable(ruleset, Date.parse("2026-01-01T00:11:00Z"), 600_000, holds)); // true
 * holds.hold("rs-1");
 * console.log(isSweepable(ruleset, Date.parse("2026-01-01T00:11:00Z"), 600_000, holds)); // false
 * ```
 */
export function isSweepable(
  ruleset: WireFirewallRuleset,
  nowMs: number,
  graceMs: number,
  holds: RulesetHolds,
): boolean {
  if (!PER_INSTANCE_NAME.test(ruleset.name)) return false;
  if (ruleset.instance_ids.length > 0) return false;
  if (holds.has(ruleset.id)) return false;
  const created = Date.parse(ruleset.created);
  // An undated ruleset cannot be shown to be old enough.
  if (Number.isNaN(created)) return false;
  return nowMs - created > graceMs;
}

/**
 * Deletes the sweepable rulesets among `rulesets` (see the module
 * documentation) and returns the ids it deleted. Never throws: a failed
 * delete (a concurrent sweep, an instance attached meanwhile, an outage)
 * leaves that ruleset for a later sweep.
 *
 * @param api the transport
 * @param rulesets the account's rulesets, as just listed
 * @param options the grace period, names to leave alone, the rulesets held
 *   by creates that have not launched yet, the caller's signal
 *
 * @example
 * ```ts
 * import { RulesetHolds, sweepRulesets } from "./firewall_sweep.ts";
 * import { FirewallCache } from "./firewall_cache.ts";
 * import { listRulesets } from "./firewall.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const rulesets = await listRulesets(api);
 * const firewall = new FirewallCache(60_000, Date.now);
 * const deleted = await sweepRulesets(api, rulesets, { graceMs: 600_000, holds: new RulesetHolds(), firewall });
 * console.log(deleted);
 * ```
 */
export async function sweepRulesets(
  api: LambdaApi,
  rulesets: readonly WireFirewallRuleset[],
  options: SweepOptions & { keepName?: string },
): Promise<string[]> {
  const now = api.now();
  const doomed = rulesets.filter((r) =>
    r.name !== options.keepName &&
    isSweepable(r, now, options.graceMs, options.holds)
  );
  const deleted: string[] = [];
  for (const ruleset of doomed) {
    if (options.signal?.aborted) break;
    try {
      await deleteRuleset(api, options.firewall, ruleset.id, options.signal);
      deleted.push(ruleset.id);
    } catch {
      // Best effort: what could not be deleted now is swept another time.
    }
  }
  return deleted;
}

/**
 * Lists the account's rulesets and sweeps them; returns the ids deleted.
 *
 * @throws when the rulesets cannot be listed (typed `CloudError`s)
 *
 * @example
 * ```ts
 * import { RulesetHolds, sweepFirewallRulesets } from "./firewall_sweep.ts";
 * import { FirewallCache } from "./firewall_cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const firewall = new FirewallCache(60_000, Date.now);
 * console.log(await sweepFirewallRulesets(api, { graceMs: 600_000, holds: new RulesetHolds(), firewall }));
 * ```
 */
export async function sweepFirewallRulesets(
  api: LambdaApi,
  options: SweepOptions,
): Promise<string[]> {
  const rulesets = await listRulesets(api, options.signal);
  options.firewall.rememberAll(rulesets);
  return await sweepRulesets(api, rulesets, options);
}
