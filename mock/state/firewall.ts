/**
 * Firewall: the account-wide (global) rules, reachable both as the legacy
 * `/firewall-rules` list and as the global ruleset, and per-region
 * rulesets that instances attach to.
 *
 * @module
 */
import type { Clock } from "./clock.ts";
import { MockApiError, truncate } from "./errors.ts";
import type { SeededRandom } from "./random.ts";
import type {
  CreateRulesetRequest,
  FirewallRuleInput,
  UpdateRulesetRequest,
} from "./requests.ts";
import type { FirewallRule, GlobalFirewallRuleset, Region } from "./types.ts";

/**
 * Regions where firewall rules do not apply, as the description of
 * `/firewall-rules` says of `us-south-1`: no ruleset can be made there, nor
 * attached to an instance launched there.
 *
 * @example
 * ```ts
 * import { REGIONS_WITHOUT_FIREWALL } from "./firewall.ts";
 * console.log(REGIONS_WITHOUT_FIREWALL.has("us-south-1")); // true
 * ```
 */
export const REGIONS_WITHOUT_FIREWALL: ReadonlySet<string> = new Set([
  "us-south-1",
]);

/**
 * The refusal of a firewall ruleset in a region where rules do not apply.
 *
 * @example
 * ```ts
 * import { firewallDoesNotApply } from "./firewall.ts";
 * console.log(firewallDoesNotApply("us-south-1").status); // 400
 * ```
 */
export function firewallDoesNotApply(region: string): MockApiError {
  return new MockApiError(
    400,
    "global/invalid-parameters",
    `Firewall rules do not apply to the ${truncate(region)} region.`,
    "Use another region, or launch without firewall rulesets.",
  );
}

/** The name of the global ruleset. @example `GLOBAL_RULESET_NAME // "Global rules"` */
export const GLOBAL_RULESET_NAME = "Global rules";

/**
 * The default global rules: SSH and ICMP from anywhere.
 *
 * @example
 * ```ts
 * import { DEFAULT_GLOBAL_RULES } from "./firewall.ts";
 * console.log(DEFAULT_GLOBAL_RULES.length); // 2
 * ```
 */
export const DEFAULT_GLOBAL_RULES: readonly FirewallRule[] = [
  {
    protocol: "tcp",
    port_range: [22, 22],
    source_network: "0.0.0.0/0",
    description: "SSH from anywhere",
  },
  {
    protocol: "icmp",
    source_network: "0.0.0.0/0",
    description: "Ping from anywhere",
  },
];

/**
 * A stored ruleset (without the computed `instance_ids`).
 *
 * @example
 * ```ts
 * import { FirewallStore, type RulesetRecord } from "./firewall.ts";
 * import { ManualClock } from "./clock.ts";
 * import { SeededRandom } from "./random.ts";
 * const fw = new FirewallStore(new ManualClock(), new SeededRandom(1));
 * const rules = [{ protocol: "tcp" as const, port_range: [22, 22] as [number, number], source_network: "1.2.3.4", description: "ssh" }];
 * const record: RulesetRecord = fw.create({ name: "web", rules }, { name: "us-west-1", description: "California, USA" }, 10);
 * console.log(record.rules[0].source_network); // "1.2.3.4/32"
 * ```
 */
export interface RulesetRecord {
  /** id */
  id: string;
  /** name, unique within the region */
  name: string;
  /** region */
  region: Region;
  /** rules */
  rules: FirewallRule[];
  /** creation time, ISO 8601 */
  created: string;
}

/**
 * A rule as the account stores it: a copy, with a bare source address read
 * as the `/32` it means (the API documents `1.2.3.4` as `1.2.3.4/32`).
 *
 * @example
 * ```ts
 * import { storedRule } from "./firewall.ts";
 * const rule = storedRule({ protocol: "tcp", port_range: [22, 22], source_network: "1.2.3.4", description: "ssh" });
 * console.log(rule.source_network); // "1.2.3.4/32"
 * ```
 */
export function storedRule(rule: FirewallRuleInput): FirewallRule {
  const out: FirewallRule = {
    protocol: rule.protocol,
    source_network: rule.source_network.includes("/")
      ? rule.source_network
      : `${rule.source_network}/32`,
    description: rule.description,
  };
  if (rule.port_range !== undefined) {
    out.port_range = [rule.port_range[0], rule.port_range[1]];
  }
  return out;
}

function rulesetNotFound(id: string): MockApiError {
  return new MockApiError(
    404,
    "global/object-does-not-exist",
    `Firewall ruleset '${truncate(id)}' does not exist.`,
    "Check your firewall ruleset ID and try again.",
  );
}

/**
 * The account's firewall configuration.
 *
 * @example
 * ```ts
 * import { FirewallStore } from "./firewall.ts";
 * import { ManualClock } from "./clock.ts";
 * import { SeededRandom } from "./random.ts";
 * const fw = new FirewallStore(new ManualClock(), new SeededRandom(1));
 * console.log(fw.global().rules.length); // 2
 * ```
 */
export class FirewallStore {
  readonly #clock: Clock;
  readonly #rng: SeededRandom;
  #globalRules: FirewallRule[] = structuredClone([...DEFAULT_GLOBAL_RULES]);
  readonly #byId = new Map<string, RulesetRecord>();

  /**
   * @param clock time source
   * @param rng id generator
   */
  constructor(clock: Clock, rng: SeededRandom) {
    this.#clock = clock;
    this.#rng = rng;
  }

  /** The global ruleset. */
  global(): GlobalFirewallRuleset {
    return {
      id: "global",
      name: GLOBAL_RULESET_NAME,
      rules: structuredClone(this.#globalRules),
    };
  }

  /**
   * Replaces the global rules.
   *
   * @param rules the new rules
   */
  setGlobalRules(rules: readonly FirewallRuleInput[]): FirewallRule[] {
    this.#globalRules = rules.map(storedRule);
    return structuredClone(this.#globalRules);
  }

  /** Every ruleset, in creation order. */
  list(): RulesetRecord[] {
    return [...this.#byId.values()].map((r) => structuredClone(r));
  }

  /**
   * A ruleset by id, or a 404 (`global/object-does-not-exist` with a
   * suggestion).
   *
   * @param id ruleset id
   */
  get(id: string): RulesetRecord {
    const r = this.#byId.get(id);
    if (!r) throw rulesetNotFound(id);
    return structuredClone(r);
  }

  /**
   * A ruleset by id, or `undefined`.
   *
   * @param id ruleset id
   */
  find(id: string): RulesetRecord | undefined {
    const r = this.#byId.get(id);
    return r && structuredClone(r);
  }

  #checkName(n: string, region: string, exceptId?: string): string {
    for (const r of this.#byId.values()) {
      if (r.name === n && r.region.name === region && r.id !== exceptId) {
        // The description declares 409 for creating and patching rulesets,
        // in the internal-error envelope; a name taken is the conflict.
        throw new MockApiError(
          409,
          "global/internal-error",
          `A firewall ruleset named '${
            truncate(n)
          }' already exists in ${region}.`,
          "Choose another name, or update the existing ruleset.",
        );
      }
    }
    return n;
  }

  /**
   * Creates a ruleset (the caller resolves the region).
   *
   * @param req `{ name, rules }`
   * @param region the region
   * @param quota most rulesets allowed
   */
  create(
    req: Pick<CreateRulesetRequest, "name" | "rules">,
    region: Region,
    quota: number,
  ): RulesetRecord {
    if (REGIONS_WITHOUT_FIREWALL.has(region.name)) {
      throw firewallDoesNotApply(region.name);
    }
    const name = this.#checkName(req.name, region.name);
    const rules = req.rules.map(storedRule);
    if (this.#byId.size >= quota) {
      throw new MockApiError(
        400,
        "global/quota-exceeded",
        `Quota exceeded: at most ${quota} firewall rulesets.`,
        "Contact Support to increase your quota.",
      );
    }
    const record: RulesetRecord = {
      id: this.#rng.hex(32),
      name,
      region: { ...region },
      rules,
      created: new Date(this.#clock.now()).toISOString(),
    };
    this.#byId.set(record.id, record);
    return structuredClone(record);
  }

  /**
   * Partially updates a ruleset's name and/or rules.
   *
   * @param id ruleset id
   * @param req `{ name?, rules? }`
   */
  update(id: string, req: UpdateRulesetRequest): RulesetRecord {
    const current = this.get(id);
    const name = req.name === undefined
      ? current.name
      : this.#checkName(req.name, current.region.name, id);
    const rules = req.rules === undefined
      ? current.rules
      : req.rules.map(storedRule);
    const next = { ...current, name, rules };
    this.#byId.set(id, next);
    return structuredClone(next);
  }

  /**
   * Deletes a ruleset (the caller checks that no instance uses it).
   *
   * @param id ruleset id
   */
  delete(id: string): RulesetRecord {
    const r = this.get(id);
    this.#byId.delete(id);
    return r;
  }
}
