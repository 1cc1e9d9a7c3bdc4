/**
 * The account's firewall, as the instance reads need it: the global
 * ruleset and the regional rulesets, each cached for a bounded time and
 * shared by the clients of one credential (see `account.ts`).
 *
 * Mapping instances costs as few requests as the instances need: the
 * global ruleset once per TTL, and the list of rulesets only when an
 * instance attaches one the cache does not know. What the provider writes
 * itself (a ruleset it creates, changes or deletes) is put into the cache
 * or taken out of it, so that its own writes never read back stale.
 *
 * @example
 * ```ts
 * import { FirewallCache } from "./firewall_cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { WireInstance } from "./wire.ts";
 * declare const api: LambdaApi, instances: WireInstance[];
 * const firewall = new FirewallCache(60_000, Date.now);
 * const snapshot = await firewall.forInstances(api, instances);
 * console.log(snapshot.global.rules.length, snapshot.unavailable ?? "complete");
 * ```
 *
 * @module
 */
import type { LambdaApi } from "./api.ts";
import { Cached } from "./cache.ts";
import type { FirewallSnapshot, RuleMemo } from "./firewall.ts";
import type {
  WireFirewallRuleset,
  WireGlobalFirewallRuleset,
  WireInstance,
} from "./wire.ts";

/** The global ruleset when it cannot be read: no rules. */
const NO_GLOBAL: WireGlobalFirewallRuleset = Object.freeze({
  id: "global",
  name: "Global",
  rules: [],
});

/** No regional rulesets: what an instance that attaches none needs. */
const NO_RULESETS: ReadonlyMap<string, WireFirewallRuleset> = new Map();

/**
 * The firewall of one account, cached; see the module documentation.
 *
 * @example
 * ```ts
 * import { FirewallCache } from "./firewall_cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { WireFirewallRuleset } from "./wire.ts";
 * declare const api: LambdaApi, made: WireFirewallRuleset;
 * const firewall = new FirewallCache(60_000, Date.now);
 * firewall.remember(made); // an instance attaching it is mapped without a list
 * ```
 */
export class FirewallCache {
  readonly #global: Cached<WireGlobalFirewallRuleset>;
  readonly #rulesets: Cached<ReadonlyMap<string, WireFirewallRuleset>>;
  /**
   * The v1 form of every wire rule seen, kept as long as the rule is (the
   * cached answers hold the rules, and are never changed in place).
   */
  readonly #v1Rules: RuleMemo = new WeakMap();
  /** The last complete snapshot, reused while it is current. */
  #last?: Readonly<FirewallSnapshot>;

  /**
   * Creates an empty cache.
   *
   * @param ttlMs how long what was read is reused, in ms
   * @param now the clock, in ms
   */
  constructor(ttlMs: number, now: () => number) {
    this.#global = new Cached(ttlMs, now);
    this.#rulesets = new Cached(ttlMs, now);
  }

  /**
   * A snapshot that knows the global ruleset and every ruleset `instances`
   * attach. Never rejects because a firewall endpoint failed (only on an
   * abort): what could be read is kept, the rest left out, and
   * `unavailable` says why. Reading an instance must not fail over its
   * firewall.
   */
  async forInstances(
    api: LambdaApi,
    instances: readonly WireInstance[],
    signal?: AbortSignal,
  ): Promise<Readonly<FirewallSnapshot & { unavailable?: string }>> {
    let attached: string[] | undefined;
    for (const instance of instances) {
      for (const ref of instance.firewall_rulesets ?? []) {
        (attached ??= []).push(ref.id);
      }
    }
    const problems: string[] = [];
    let rulesets: ReadonlyMap<string, WireFirewallRuleset> = NO_RULESETS;
    if (attached !== undefined) {
      const wanted = attached;
      try {
        rulesets = await this.#rulesets.get(
          async (shared) => byId(await listRulesets(api, shared)),
          signal,
          (known) => wanted.every((id) => known.has(id)),
        );
      } catch (err) {
        if (signal?.aborted) throw err;
        problems.push(messageOf(err));
        rulesets = this.#rulesets.peek() ?? rulesets;
      }
    }
    let global = NO_GLOBAL;
    try {
      global = await this.#global.get(
        (shared) => api.send("getGlobalFirewallRuleset", { signal: shared }),
        signal,
      );
    } catch (err) {
      if (signal?.aborted) throw err;
      problems.push(messageOf(err));
    }
    if (problems.length === 0) return this.#snapshotOf(rulesets, global);
    return {
      rulesets,
      global,
      v1Rules: this.#v1Rules,
      unavailable: `firewall rules unavailable: ${problems.join("; ")}`,
    };
  }

  /**
   * The snapshot of what the cache holds: the same object for as long as
   * it holds the same rulesets, so that a read of one instance costs no
   * copy and no rule is converted (and hashed) twice.
   */
  #snapshotOf(
    rulesets: ReadonlyMap<string, WireFirewallRuleset>,
    global: WireGlobalFirewallRuleset,
  ): Readonly<FirewallSnapshot> {
    const last = this.#last;
    if (last?.rulesets === rulesets && last.global === global) return last;
    const snapshot = {
      rulesets,
      global,
      v1Rules: this.#v1Rules,
      ruleLists: new Map(),
    };
    this.#last = snapshot;
    return snapshot;
  }

  /** Holds a ruleset the provider created or changed, as its answer gave it. */
  remember(ruleset: WireFirewallRuleset): void {
    this.#rulesets.update((known) =>
      new Map(known ?? []).set(ruleset.id, ruleset)
    );
  }

  /** Holds the account's rulesets, as the provider just listed them. */
  rememberAll(rulesets: readonly WireFirewallRuleset[]): void {
    this.#rulesets.set(byId(rulesets));
  }

  /** Forgets a ruleset the provider deleted. */
  forget(id: string): void {
    this.#rulesets.update((known) => {
      const left = new Map(known ?? []);
      left.delete(id);
      return left;
    });
  }

  /** Forgets every ruleset (after a write whose outcome is unknown). */
  invalidate(): void {
    this.#rulesets.invalidate();
  }
}

function byId(
  rulesets: readonly WireFirewallRuleset[],
): ReadonlyMap<string, WireFirewallRuleset> {
  return new Map(rulesets.map((r) => [r.id, r]));
}

function listRulesets(
  api: LambdaApi,
  signal?: AbortSignal,
): Promise<WireFirewallRuleset[]> {
  return api.send("firewallRulesetsList", { signal });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
