/**
 * Firewalls through per-instance rulesets.
 *
 * Lambda Cloud filters inbound traffic only, with regional rulesets attached
 * at launch plus one account-wide global ruleset. Rulesets cannot be attached
 * to a running instance, so `createInstance` creates one ruleset per instance
 * (named `gpufleet-<hash>`) from `attrs.firewallRules`, and
 * `addFirewallRulesToInstance` / `revokeSecurityGroupRules` edit that
 * ruleset. An instance launched without rules has no such ruleset and its
 * firewall cannot be changed through this client (the error says so).
 *
 * Rule ids are derived from the rule's content (protocol, ports, source), so
 * the same rule has the same id everywhere and across calls; the description
 * is not part of the id. A v1 rule with several `ipRanges` becomes one Lambda
 * rule per range. Rules with a protocol this client does not know are not
 * shown.
 *
 * @module
 */

import {
  DuplicateFirewallRuleError,
  InvalidArgumentError,
  ResourceNotFoundError,
} from "../v1/errors.ts";
import type {
  AddFirewallRulesToInstanceArgs,
  FirewallProtocol,
  FirewallRule,
  FirewallRules,
  RevokeSecurityGroupRuleArgs,
} from "../v1/firewall.ts";
import type { Instance } from "../v1/instance.ts";
import type { LambdaApi } from "./api.ts";
import { createOrFind } from "./create_or_find.ts";
import { apiErrorOf } from "./errors.ts";
import type { FirewallCache } from "./firewall_cache.ts";
import { getWireInstance } from "./instance_read.ts";
import { isPublicSource } from "./public_ipv4.ts";
import {
  type FirewallRuleRequest,
  FirewallRuleRequestSchema,
  isIpv4Cidr,
  NETWORK_PROTOCOLS,
  type WireFirewallRule,
  type WireFirewallRuleset,
  type WireGlobalFirewallRuleset,
  type WireInstance,
} from "./wire.ts";

/**
 * Prefix of the names of rulesets this client creates.
 *
 * @example
 * ```ts
 * import { RULESET_NAME_PREFIX, rulesetNameFor } from "./firewall.ts";
 * console.log(rulesetNameFor("cred-1", "job-1").startsWith(RULESET_NAME_PREFIX)); // true
 * ```
 */
export const RULESET_NAME_PREFIX = "gpufleet-";

/**
 * A stable 64-bit FNV-1a hash, hex. Synchronous (unlike WebCrypto), which
 * keeps mapping functions pure; it identifies, it does not protect.
 *
 * @example
 * ```ts
 * import { stableHash } from "./firewall.ts";
 * stableHash("tcp|22-22|0.0.0.0/0").length; // 16
 * ```
 */
export function stableHash(text: string): string {
  // 64-bit arithmetic on two 32-bit halves: BigInts cost a few µs per rule,
  // and every rule of every instance read is hashed for its id. The prime
  // is 2^40 + 0x1b3, so hash * prime = hash * 0x1b3 + (lo << 40).
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  // ASCII text is its own UTF-8: no encoding (and no allocation) for it.
  const bytes = ASCII.test(text) ? undefined : UTF8.encode(text);
  const length = bytes === undefined ? text.length : bytes.length;
  for (let i = 0; i < length; i++) {
    lo ^= bytes === undefined ? text.charCodeAt(i) : bytes[i];
    const low = (lo >>> 0) * 0x1b3;
    const carry = Math.floor(low / 0x1_0000_0000);
    hi = (Math.imul(hi, 0x1b3) + carry + Math.imul(lo, 0x100)) >>> 0;
    lo = low >>> 0;
  }
  return (hi >>> 0).toString(16).padStart(8, "0") +
    (lo >>> 0).toString(16).padStart(8, "0");
}

const UTF8 = new TextEncoder();
// deno-lint-ignore no-control-regex -- every ASCII character, controls too
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * The id of a Lambda rule, derived from protocol, ports and source.
 *
 * @example
 * ```ts
 * import { ruleId } from "@gpufleet/lambda";
 * console.log(ruleId({ protocol: "tcp", port_range: [22, 22], source_network: "0.0.0.0/0" }).startsWith("fw-")); // true
 * ```
 */
export function ruleId(
  rule: { protocol: string; port_range?: number[]; source_network: string },
): string {
  const ports = rule.port_range ? rule.port_range.join("-") : "-";
  return `fw-${stableHash(`${rule.protocol}|${ports}|${rule.source_network}`)}`;
}

/**
 * The name of the per-instance ruleset of a credential's ref id: stable, so a
 * retried create finds the ruleset an earlier attempt made.
 *
 * @example
 * ```ts
 * import { rulesetNameFor } from "./firewall.ts";
 * rulesetNameFor("cred-1", "job-1").startsWith("gpufleet-"); // true
 * ```
 */
export function rulesetNameFor(credRefId: string, refId: string): string {
  return `${RULESET_NAME_PREFIX}${stableHash(`${credRefId}\u0000${refId}`)}`;
}

function isKnownProtocol(value: string): value is FirewallProtocol {
  return (NETWORK_PROTOCOLS as readonly string[]).includes(value);
}

/**
 * A Lambda rule as a v1 ingress rule; `undefined` for unknown protocols.
 *
 * @example
 * ```ts
 * import { ruleFromWire } from "./firewall.ts";
 * ruleFromWire({ protocol: "tcp", port_range: [22, 22], source_network: "0.0.0.0/0", description: "ssh" })?.fromPort; // 22
 * ```
 */
export function ruleFromWire(rule: WireFirewallRule): FirewallRule | undefined {
  if (!isKnownProtocol(rule.protocol)) return undefined;
  return {
    id: ruleId(rule),
    fromPort: rule.port_range?.[0] ?? 0,
    toPort: rule.port_range?.[1] ?? 0,
    ipRanges: [rule.source_network],
    protocol: rule.protocol,
    description: rule.description,
  };
}

/**
 * v1 rules as Lambda rules, validated with the API's rules. Egress rules are
 * refused: Lambda does not filter outbound traffic.
 *
 * @param rules the v1 rules
 * @param field the argument path for error messages
 * @throws {InvalidArgumentError} naming the offending rule and the rule it breaks
 *
 * @example
 * ```ts
 * import { wireRulesFromV1 } from "./firewall.ts";
 * const wire = wireRulesFromV1({
 *   ingressRules: [{ id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0", "52.0.0.0/8"] }],
 *   egressRules: [],
 * }, "attrs.firewallRules");
 * console.log(wire.length); // 2
 * ```
 */
export function wireRulesFromV1(
  rules: FirewallRules,
  field: string,
): FirewallRuleRequest[] {
  if ((rules.egressRules ?? []).length > 0) {
    throw new InvalidArgumentError(
      `${field}.egressRules`,
      "must be empty: Lambda Cloud firewalls filter inbound traffic only",
    );
  }
  const out: FirewallRuleRequest[] = [];
  (rules.ingressRules ?? []).forEach((rule, i) => {
    const at = `${field}.ingressRules[${i}]`;
    const protocol = rule.protocol ?? "tcp";
    if (!Array.isArray(rule.ipRanges) || rule.ipRanges.length === 0) {
      throw new InvalidArgumentError(
        `${at}.ipRanges`,
        "must list at least one CIDR",
      );
    }
    rule.ipRanges.forEach((source, j) => {
      // Lambda takes only public sources; a private one would be refused
      // after the instance (or its ruleset) is already being made.
      if (isIpv4Cidr(source) && !isPublicSource(source)) {
        throw new InvalidArgumentError(
          `${at}.ipRanges[${j}]`,
          `must be a public IPv4 address or network, or 0.0.0.0/0 (got ${source})`,
        );
      }
      const candidate = {
        protocol,
        ...(protocol === "icmp" ? {} : {
          port_range: protocol === "all" && rule.fromPort === 0 &&
              rule.toPort === 0
            ? [1, 65535]
            : [rule.fromPort, rule.toPort],
        }),
        source_network: source,
        description: rule.description ?? "",
      };
      const parsed = FirewallRuleRequestSchema.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InvalidArgumentError(
          `${at}${issue.path.length ? "." + issue.path.join(".") : ""}`,
          issue.message,
        );
      }
      out.push(parsed.data);
    });
  });
  return out;
}

/**
 * The rulesets of the account and the global ruleset, as read together.
 *
 * @example
 * ```ts
 * import type { FirewallSnapshot } from "./firewall.ts";
 * const empty: FirewallSnapshot = { rulesets: new Map(), global: { id: "global", name: "Global", rules: [] } };
 * ```
 */
export interface FirewallSnapshot {
  /** Regional rulesets by id. */
  rulesets: ReadonlyMap<string, WireFirewallRuleset>;
  /** The account-wide ruleset. */
  global: WireGlobalFirewallRuleset;
  /**
   * The v1 form of each of the snapshot's rules (`null`: a protocol this
   * client does not show), keyed by the wire rule: worked out once, since
   * the same rules are shared by every instance mapped from the snapshot
   * (and by every later read while the cache holds them), and each id is a
   * hash.
   */
  v1Rules?: RuleMemo;
  /**
   * The (shared, never changed) v1 rules of each combination of attached
   * rulesets, keyed by their ids; kept with the snapshot, which is the same
   * object for as long as the cache holds the same rulesets.
   */
  ruleLists?: Map<string, readonly FirewallRule[]>;
}

/**
 * Where the v1 forms of wire rules are kept: a `Map` for one mapping, a
 * `WeakMap` for a cache whose rulesets come and go.
 *
 * @example
 * ```ts
 * import type { RuleMemo } from "./firewall.ts";
 * const memo: RuleMemo = new WeakMap();
 * console.log(memo.has({ protocol: "tcp", source_network: "0.0.0.0/0", description: "any" })); // false
 * ```
 */
export type RuleMemo = Pick<
  WeakMap<WireFirewallRule, FirewallRule | null>,
  "get" | "set" | "has"
>;

/**
 * Adds the snapshot's `unavailable` note, if any, to the instance's status
 * messages.
 *
 * @example
 * ```ts
 * import type { Instance } from "@gpufleet/lambda";
 * import { notingUnavailable } from "./firewall.ts";
 * declare const inst: Instance;
 * const noted = notingUnavailable(inst, { unavailable: "firewall rules unavailable: HTTP 503" });
 * console.log(noted.status.messages?.at(-1)); // "firewall rules unavailable: HTTP 503"
 * ```
 */
export function notingUnavailable(
  instance: Instance,
  snapshot: { unavailable?: string },
): Instance {
  if (snapshot.unavailable === undefined) return instance;
  const messages = [...(instance.status.messages ?? []), snapshot.unavailable];
  return { ...instance, status: { ...instance.status, messages } };
}

/**
 * The firewall of an instance: the global rules plus those of every attached
 * ruleset, as v1 ingress rules (deduplicated by id). Every instance gets
 * rules of its own, which its caller may change.
 *
 * @example
 * ```ts
 * import { firewallRulesOf } from "./firewall.ts";
 * import type { WireInstance } from "./wire.ts";
 * declare const inst: WireInstance;
 * const rules = firewallRulesOf(inst, { rulesets: new Map(), global: { id: "global", name: "Global", rules: [] } });
 * console.log(rules.egressRules.length); // 0
 * ```
 */
export function firewallRulesOf(
  instance: WireInstance,
  snapshot: FirewallSnapshot,
): FirewallRules {
  return {
    ingressRules: resolvedRules(instance, snapshot).map(copyRule),
    egressRules: [],
  };
}

function copyRule(rule: FirewallRule): FirewallRule {
  return {
    id: rule.id,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    ipRanges: rule.ipRanges.slice(),
    protocol: rule.protocol,
    description: rule.description,
  };
}

/**
 * The v1 rules an instance sees, shared (not copied): worked out once per
 * combination of attached rulesets when the snapshot keeps a memo, since
 * the instances of one account attach few distinct combinations.
 */
function resolvedRules(
  instance: WireInstance,
  snapshot: FirewallSnapshot,
): readonly FirewallRule[] {
  const refs = instance.firewall_rulesets ?? [];
  const memo = snapshot.ruleLists;
  if (memo === undefined) return rulesFor(refs, snapshot);
  // One attached ruleset (or none) is the common case: its id is the key,
  // with no string to build.
  const key = refs.length === 0
    ? ""
    : refs.length === 1
    ? refs[0].id
    : refs.map((r) => r.id).join("\n");
  let rules = memo.get(key);
  if (rules === undefined) {
    rules = rulesFor(refs, snapshot);
    memo.set(key, rules);
  }
  return rules;
}

function rulesFor(
  refs: readonly { id: string }[],
  snapshot: FirewallSnapshot,
): FirewallRule[] {
  const out: FirewallRule[] = [];
  const seen: DedupedIds = { ids: undefined };
  addRules(out, seen, snapshot.global.rules, snapshot.v1Rules);
  for (const ref of refs) {
    const rules = snapshot.rulesets.get(ref.id)?.rules;
    if (rules) addRules(out, seen, rules, snapshot.v1Rules);
  }
  return out;
}

/**
 * The ids already in a list of rules: looked up in the list itself while it
 * is short (most instances have a few rules), in a set once it is long.
 */
interface DedupedIds {
  ids: Set<string> | undefined;
}

/** Rules a linear look-up serves before a set is cheaper. */
const SHORT_RULE_LIST = 16;

/** Appends to `out` each v1 rule of `wires` whose id it does not hold yet. */
function addRules(
  out: FirewallRule[],
  seen: DedupedIds,
  wires: readonly WireFirewallRule[],
  memo: FirewallSnapshot["v1Rules"],
): void {
  for (const wire of wires) {
    const rule = v1RuleOf(wire, memo);
    if (rule === undefined || holds(out, seen, rule.id)) continue;
    out.push(rule);
    if (seen.ids !== undefined) seen.ids.add(rule.id);
    else if (out.length > SHORT_RULE_LIST) {
      seen.ids = new Set(out.map((r) => r.id));
    }
  }
}

function holds(out: FirewallRule[], seen: DedupedIds, id: string): boolean {
  if (seen.ids !== undefined) return seen.ids.has(id);
  for (let i = 0; i < out.length; i++) if (out[i].id === id) return true;
  return false;
}

/** `wire` as a v1 rule, through the snapshot's memo when it has one. */
function v1RuleOf(
  wire: WireFirewallRule,
  memo: RuleMemo | undefined,
): FirewallRule | undefined {
  if (memo === undefined) return ruleFromWire(wire);
  let rule = memo.get(wire);
  if (rule === undefined) {
    rule = ruleFromWire(wire) ?? null;
    memo.set(wire, rule);
  }
  return rule ?? undefined;
}

/**
 * Creates (or reuses, after a lost answer) the per-instance ruleset named
 * `name` in `region` with `rules`; returns its id and whether it was created.
 * A create whose outcome is ambiguous, or that is refused with 400 (a retry
 * after a create that landed late), reuses the ruleset of that name found by
 * listing again, reported as not created (it may be another process's, so
 * it is never deleted here; the sweep removes it if it is left unattached);
 * when none is there the create is sent again (see `create_or_find.ts`). `beforeWrite`, if given, sees the account's rulesets as listed first (the
 * create flow sweeps leaked rulesets there, see `firewall_sweep.ts`).
 *
 * @example
 * ```ts
 * import { ensureRuleset } from "./firewall.ts";
 * import { FirewallCache } from "./firewall_cache.ts";
 * import { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const firewall = new FirewallCache(60_000, Date.now);
 * const { id } = await ensureRuleset(api, firewall, "gpufleet-0123456789abcdef", "us-west-1", []);
 * ```
 */
export async function ensureRuleset(
  api: LambdaApi,
  firewall: FirewallCache,
  name: string,
  region: string,
  rules: FirewallRuleRequest[],
  signal?: AbortSignal,
  beforeWrite?: (rulesets: WireFirewallRuleset[]) => Promise<unknown>,
): Promise<{ id: string; created: boolean }> {
  const rulesets = await listRulesets(api, signal);
  firewall.rememberAll(rulesets);
  await beforeWrite?.(rulesets);
  const existing = rulesets.find((r) =>
    r.name === name && r.region.name === region && r.instance_ids.length === 0
  );
  if (existing) {
    await patchRules(api, firewall, existing.id, rules, signal);
    return { id: existing.id, created: false };
  }
  return await createOrFind<{ id: string; created: boolean }>(api, {
    create: async () => {
      try {
        const created = await api.send("createFirewallRuleset", {
          body: { name, region, rules },
          signal,
          context: { location: region },
        });
        firewall.remember(created);
        return { id: created.id, created: true };
      } catch (err) {
        firewall.invalidate(); // it may have landed
        throw err;
      }
    },
    // A create whose answer was lost, or refused as a duplicate name after
    // one that landed late: the ruleset is there, made with these rules.
    // It may be another process's, so it is never deleted here (the sweep
    // removes it if it is left unattached).
    find: async () => {
      const listed = await listRulesets(api, signal);
      firewall.rememberAll(listed);
      const again = listed
        .filter((r) => r.name === name && r.region.name === region)
        .sort((a, b) => a.instance_ids.length - b.instance_ids.length)[0];
      return again ? { id: again.id, created: false } : undefined;
    },
    // A taken name is a 409, as the description declares (400 from older
    // emulators).
    isDuplicate: (err) => {
      const status = apiErrorOf(err)?.status;
      return status === 409 || status === 400;
    },
  }, signal);
}

/**
 * The account's firewall rulesets.
 *
 * @example
 * ```ts
 * import { listRulesets } from "./firewall.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * for (const ruleset of await listRulesets(api)) console.log(ruleset.name, ruleset.instance_ids.length);
 * ```
 */
export function listRulesets(
  api: LambdaApi,
  signal?: AbortSignal,
): Promise<WireFirewallRuleset[]> {
  return api.send("firewallRulesetsList", { signal });
}

/**
 * The account-wide global ruleset.
 *
 * @example
 * ```ts
 * import { getGlobalRuleset } from "./firewall.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * console.log((await getGlobalRuleset(api)).rules.length);
 * ```
 */
export function getGlobalRuleset(
  api: LambdaApi,
  signal?: AbortSignal,
): Promise<WireGlobalFirewallRuleset> {
  return api.send("getGlobalFirewallRuleset", { signal });
}

/**
 * Deletes the ruleset `id` (refused by the API while an instance is attached).
 *
 * @example
 * ```ts
 * import { deleteRuleset } from "./firewall.ts";
 * import type { FirewallCache } from "./firewall_cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi, firewall: FirewallCache;
 * await deleteRuleset(api, firewall, "rs-1");
 * ```
 */
export async function deleteRuleset(
  api: LambdaApi,
  firewall: FirewallCache,
  id: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await api.send("deleteFirewallRuleset", {
      path: { id },
      signal,
      context: { resourceType: "firewall-ruleset", resourceId: id },
    });
  } finally {
    firewall.forget(id);
  }
}

/**
 * Deletes a ruleset, ignoring every failure (used to clean up after a failed
 * launch).
 *
 * @example
 * ```ts
 * import { deleteRulesetQuietly } from "./firewall.ts";
 * import type { FirewallCache } from "./firewall_cache.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi, firewall: FirewallCache;
 * await deleteRulesetQuietly(api, firewall, "rs-1");
 * ```
 */
export async function deleteRulesetQuietly(
  api: LambdaApi,
  firewall: FirewallCache,
  id: string,
): Promise<void> {
  try {
    await deleteRuleset(api, firewall, id);
  } catch {
    // Best effort: the launch error is what the caller needs to see.
  }
}

async function perInstanceRuleset(
  api: LambdaApi,
  firewall: FirewallCache,
  instanceId: string,
  signal?: AbortSignal,
): Promise<WireFirewallRuleset> {
  const instance = await getWireInstance(api, instanceId, signal);
  const attached = new Set((instance.firewall_rulesets ?? []).map((r) => r.id));
  // Read fresh: the rules are about to be replaced from what is read here.
  const rulesets = await listRulesets(api, signal);
  firewall.rememberAll(rulesets);
  const own = rulesets.find((r) =>
    attached.has(r.id) && r.name.startsWith(RULESET_NAME_PREFIX)
  );
  if (!own) {
    throw new InvalidArgumentError(
      "args.instanceId",
      `instance ${instanceId} has no per-instance firewall ruleset; Lambda Cloud cannot attach a ruleset to a running instance, so pass firewallRules to createInstance to make its firewall changeable`,
    );
  }
  return own;
}

async function replaceRules(
  api: LambdaApi,
  firewall: FirewallCache,
  ruleset: WireFirewallRuleset,
  rules: WireFirewallRule[],
  signal?: AbortSignal,
): Promise<void> {
  const body = rules.map((r) =>
    FirewallRuleRequestSchema.parse({
      protocol: r.protocol,
      ...(r.port_range ? { port_range: r.port_range } : {}),
      source_network: r.source_network,
      description: r.description,
    })
  );
  await patchRules(api, firewall, ruleset.id, body, signal);
}

/** Replaces the rules of the ruleset `id`. */
async function patchRules(
  api: LambdaApi,
  firewall: FirewallCache,
  id: string,
  rules: FirewallRuleRequest[],
  signal?: AbortSignal,
): Promise<void> {
  try {
    firewall.remember(
      await api.send("updateFirewallRuleset", {
        path: { id },
        body: { rules },
        signal,
        context: { resourceType: "firewall-ruleset", resourceId: id },
      }),
    );
  } catch (err) {
    firewall.invalidate(); // it may have been changed
    throw err;
  }
}

/**
 * Adds rules to the instance's per-instance ruleset.
 *
 * @throws {DuplicateFirewallRuleError} when a rule (same protocol, ports and
 *   source) is already in the instance's firewall, global rules included
 * @throws {InvalidArgumentError} for invalid rules, or an instance without a
 *   per-instance ruleset
 *
 * @example
 * ```ts
 * import { addFirewallRules } from "./firewall.ts";
 * import type { FirewallCache } from "./firewall_cache.ts";
 * import { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi, firewall: FirewallCache;
 * await addFirewallRules(api, firewall, {
 *   instanceId: "i-1",
 *   firewallRules: { ingressRules: [{ id: "", fromPort: 443, toPort: 443, ipRanges: ["0.0.0.0/0"] }], egressRules: [] },
 * });
 * ```
 */
export async function addFirewallRules(
  api: LambdaApi,
  firewall: FirewallCache,
  args: AddFirewallRulesToInstanceArgs,
  signal?: AbortSignal,
): Promise<void> {
  const added = wireRulesFromV1(args.firewallRules, "args.firewallRules");
  const [ruleset, global] = await Promise.all([
    perInstanceRuleset(api, firewall, args.instanceId, signal),
    getGlobalRuleset(api, signal),
  ]);
  const present = new Set(
    [...ruleset.rules, ...global.rules].map((r) => ruleId(r)),
  );
  const fresh = new Set<string>();
  for (const rule of added) {
    const id = ruleId(rule);
    if (present.has(id) || fresh.has(id)) {
      throw new DuplicateFirewallRuleError({
        instanceId: args.instanceId,
        rule: `${rule.protocol}/${
          rule.port_range?.join("-") ?? "-"
        } from ${rule.source_network} (${id})`,
      });
    }
    fresh.add(id);
  }
  await replaceRules(
    api,
    firewall,
    ruleset,
    [...ruleset.rules, ...added],
    signal,
  );
}

/**
 * Removes rules, by id, from the instance's per-instance ruleset.
 *
 * @throws {ResourceNotFoundError} (`firewall-rule`) for an id the instance's
 *   firewall does not have
 * @throws {InvalidArgumentError} for an id of a global rule (those belong to
 *   every instance of the account and are not changed here)
 *
 * @example
 * ```ts
 * import { revokeFirewallRules } from "./firewall.ts";
 * import type { FirewallCache } from "./firewall_cache.ts";
 * import { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi, firewall: FirewallCache;
 * await revokeFirewallRules(api, firewall, { instanceId: "i-1", securityGroupRuleIds: ["fw-0123456789abcdef"] });
 * ```
 */
export async function revokeFirewallRules(
  api: LambdaApi,
  firewall: FirewallCache,
  args: RevokeSecurityGroupRuleArgs,
  signal?: AbortSignal,
): Promise<void> {
  const [ruleset, global] = await Promise.all([
    perInstanceRuleset(api, firewall, args.instanceId, signal),
    getGlobalRuleset(api, signal),
  ]);
  const own = new Set(ruleset.rules.map((r) => ruleId(r)));
  const globalIds = new Set(global.rules.map((r) => ruleId(r)));
  for (const id of args.securityGroupRuleIds) {
    if (own.has(id)) continue;
    if (globalIds.has(id)) {
      throw new InvalidArgumentError(
        "args.securityGroupRuleIds",
        `${id} is a rule of the account-wide global ruleset, not of instance ${args.instanceId}`,
      );
    }
    throw new ResourceNotFoundError("firewall-rule", id);
  }
  const revoked = new Set(args.securityGroupRuleIds);
  await replaceRules(
    api,
    firewall,
    ruleset,
    ruleset.rules.filter((r) => !revoked.has(ruleId(r))),
    signal,
  );
}
