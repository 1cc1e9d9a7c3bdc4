/**
 * Instances: reading, listing, terminating and rebooting them, and the
 * mapping from Lambda's wire format to the v1 {@link Instance}.
 *
 * Lambda keeps no ref id, credential or creation time of an instance, so
 * this client stores them as tags at launch ({@link BOOKKEEPING_TAGS}); they
 * are read back into `refId`, `cloudCredRefId` and `createdAt` and never
 * shown in `Instance.tags`.
 *
 * An instance Lambda reports in a form that cannot be read whole (a
 * required field missing or of the wrong type) but whose id can be read is
 * not dropped: it is returned with what could be read, lifecycle `unknown`
 * and a status message saying what could not be read, by `listInstances`
 * and `getInstance` alike, so that a reaper still sees a machine that bills.
 *
 * @module
 */

import { bytes } from "../v1/bytes.ts";
import { isLocationAllowed } from "../v1/filters.ts";
import {
  type Instance,
  type InstanceStatus,
  type ListInstancesArgs,
  matchesTagFilters,
  type Tags,
} from "../v1/instance.ts";
import type { LambdaApi } from "./api.ts";
import { getWireInstance } from "./instance_read.ts";
import { lambdaInstanceTypeId } from "./instance_type.ts";
import {
  firewallRulesOf,
  type FirewallSnapshot,
  notingUnavailable,
} from "./firewall.ts";
import type { FirewallCache } from "./firewall_cache.ts";
import { TerminateUnconfirmedError } from "./outcome_errors.ts";
import { type ReadProblem, readProblemOf } from "./tolerant.ts";
import type { WireInstance } from "./wire.ts";

/**
 * The tag keys this client writes at launch. They match Lambda's tag key
 * rule `^[a-z][a-z0-9-:]+$`.
 *
 * @example
 * ```ts
 * import { BOOKKEEPING_TAGS } from "@gpufleet/lambda";
 * declare const wire: { tags?: { key: string; value: string }[] };
 * const refId = wire.tags?.find((t) => t.key === BOOKKEEPING_TAGS.refId)?.value;
 * console.log(BOOKKEEPING_TAGS.refId, refId); // "gpufleet:ref-id" and the create's ref id
 * ```
 */
export const BOOKKEEPING_TAGS: Readonly<{
  refId: "gpufleet:ref-id";
  cloudCredRefId: "gpufleet:cred-ref-id";
  createdAt: "gpufleet:created-at";
}> = Object.freeze(
  {
    refId: "gpufleet:ref-id",
    cloudCredRefId: "gpufleet:cred-ref-id",
    createdAt: "gpufleet:created-at",
  } as const,
);

/**
 * The prefix reserved for bookkeeping tags.
 *
 * @example
 * ```ts
 * import { BOOKKEEPING_TAG_PREFIX } from "./instance.ts";
 * const tags = { team: "ml", "gpufleet:ref-id": "job-1" };
 * console.log(Object.keys(tags).filter((k) => !k.startsWith(BOOKKEEPING_TAG_PREFIX))); // ["team"]
 * ```
 */
export const BOOKKEEPING_TAG_PREFIX = "gpufleet:";

/**
 * Maps a Lambda status to a v1 status. Unknown statuses become `unknown`
 * with the raw value in the messages — never `pending`, which would make a
 * machine being deleted look like one that is starting.
 *
 * @example
 * ```ts
 * import { statusFromWire } from "@gpufleet/lambda";
 * console.log(statusFromWire("active").lifecycleStatus); // "running"
 * console.log(statusFromWire("hibernating").lifecycleStatus); // "unknown"
 * ```
 */
export function statusFromWire(status: string): InstanceStatus {
  switch (status) {
    case "booting":
      return { lifecycleStatus: "pending" };
    case "active":
      return { lifecycleStatus: "running" };
    case "unhealthy":
      return {
        lifecycleStatus: "running",
        messages: ["Lambda reports the instance as unhealthy"],
      };
    case "terminating":
      return { lifecycleStatus: "terminating" };
    case "terminated":
      return { lifecycleStatus: "terminated" };
    case "preempted":
      return {
        lifecycleStatus: "terminated",
        messages: ["the instance was preempted by Lambda"],
      };
    default:
      return {
        lifecycleStatus: "unknown",
        messages: [`unknown Lambda instance status ${quoted(status)}`],
      };
  }
}

/** Server text in a message: bounded, and quoted as JSON (no raw control characters). */
function quoted(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

/** The status of an instance that could not be read whole. */
function unreadableStatus(
  instance: WireInstance,
  problem: ReadProblem,
): InstanceStatus {
  const messages = [
    `Lambda's description of this instance could not be read: ${problem.message}`,
  ];
  if (!problem.fields.includes("status")) {
    messages.push(`Lambda reports its status as ${quoted(instance.status)}`);
  }
  return { lifecycleStatus: "unknown", messages };
}

/**
 * Whether a wire instance is gone or going (no longer counts as launched).
 *
 * @example
 * ```ts
 * import { isGone } from "./instance.ts";
 * import type { WireInstance } from "./wire.ts";
 * declare const inst: WireInstance;
 * if (isGone(inst)) console.log("launch again");
 * ```
 */
export function isGone(instance: WireInstance): boolean {
  return ["terminating", "terminated", "preempted"].includes(instance.status);
}

/**
 * The tags of a wire instance as a record (all of them, bookkeeping too).
 *
 * @example
 * ```ts
 * import { wireTags } from "./instance.ts";
 * import type { WireInstance } from "./wire.ts";
 * declare const inst: WireInstance;
 * console.log(wireTags(inst)["gpufleet:ref-id"]);
 * ```
 */
export function wireTags(instance: WireInstance): Tags {
  const tags: Tags = {};
  for (const { key, value } of instance.tags ?? []) tags[key] = value;
  return tags;
}

function parseDate(value: string | undefined): Date {
  const date = value !== undefined ? new Date(value) : undefined;
  // Instances not created by this client carry no creation time; the epoch
  // marks "unknown" (mergeInstanceForUpdate keeps a stored value instead).
  return date && !Number.isNaN(date.getTime()) ? date : new Date(0);
}

/**
 * A wire instance as a v1 {@link Instance}.
 *
 * @param instance the instance as Lambda reports it
 * @param firewall the rulesets, to resolve the attached ones
 *
 * @example
 * ```ts
 * import { instanceFromWire } from "./instance.ts";
 * import type { WireInstance } from "./wire.ts";
 * declare const wire: WireInstance;
 * const inst = instanceFromWire(wire, { rulesets: new Map(), global: { id: "global", name: "Global", rules: [] } });
 * console.log(inst.status.lifecycleStatus);
 * ```
 */
export function instanceFromWire(
  instance: WireInstance,
  firewall: FirewallSnapshot,
): Instance {
  return fromWireWithTags(instance, firewall, tagsOf(instance), new TypeIds());
}

/**
 * Instance type ids by region and type, for one mapping: the instances of
 * a list share a few, and each would otherwise be a string of its own.
 */
class TypeIds {
  // The last pair answers most look-ups (one type, or a list in order)
  // without a map; the maps, by region then type, hold the others.
  #region?: string;
  #type?: string;
  #id = "";
  #byRegion?: Map<string, Map<string, string>>;

  of(region: string, type: string): string {
    if (region === this.#region && type === this.#type) return this.#id;
    if (this.#region !== undefined) this.#hold(this.#region, this.#type!);
    const id = this.#byRegion?.get(region)?.get(type) ??
      lambdaInstanceTypeId(region, type);
    this.#region = region;
    this.#type = type;
    this.#id = id;
    return id;
  }

  /** Keeps the last pair's id in the maps. */
  #hold(region: string, type: string): void {
    const byRegion = this.#byRegion ??= new Map();
    let types = byRegion.get(region);
    if (types === undefined) byRegion.set(region, types = new Map());
    types.set(type, this.#id);
  }
}

/** An instance's tags: the user's (no bookkeeping), and the bookkeeping ones. */
interface InstanceTags {
  user: Tags;
  refId?: string;
  cloudCredRefId?: string;
  createdAt?: string;
}

/** The tags of `instance` read in one pass (the last of a duplicate key wins). */
function tagsOf(instance: WireInstance): InstanceTags {
  const out: InstanceTags = { user: {} };
  const tags = instance.tags;
  if (tags === undefined) return out;
  for (let i = 0; i < tags.length; i++) {
    const { key, value } = tags[i];
    if (!key.startsWith(BOOKKEEPING_TAG_PREFIX)) out.user[key] = value;
    else if (key === BOOKKEEPING_TAGS.refId) out.refId = value;
    else if (key === BOOKKEEPING_TAGS.cloudCredRefId) {
      out.cloudCredRefId = value;
    } else if (key === BOOKKEEPING_TAGS.createdAt) out.createdAt = value;
  }
  return out;
}

/** {@link instanceFromWire} with the tags already worked out by a filter. */
function fromWireWithTags(
  instance: WireInstance,
  firewall: FirewallSnapshot,
  tags: InstanceTags,
  typeIds: TypeIds,
): Instance {
  const problem = readProblemOf(instance);
  const out: Instance = {
    name: instance.name ?? "",
    refId: tags.refId ?? "",
    cloudCredRefId: tags.cloudCredRefId ?? "",
    cloudId: instance.id,
    createdAt: parseDate(tags.createdAt),
    tags: tags.user,
    instanceType: instance.instance_type.name,
    instanceTypeId: typeIds.of(
      instance.region.name,
      instance.instance_type.name,
    ),
    location: instance.region.name,
    status: problem
      ? unreadableStatus(instance, problem)
      : statusFromWire(instance.status),
    firewallRules: firewallRulesOf(instance, firewall),
    diskSize: bytes(instance.instance_type.specs.storage_gib, "GiB"),
    sshUser: "ubuntu",
    sshPort: 22,
    stoppable: false,
    rebootable: instance.actions.restart.available,
    isTerminatable: instance.actions.terminate.available,
    spot: false,
  };
  if (problem) {
    // What could not be read is not made up: no id of an unnamed type, no
    // claim that terminating is possible or not.
    if (problem.fields.includes("actions")) delete out.isTerminatable;
    if (!instance.region.name || !instance.instance_type.name) {
      delete out.instanceTypeId;
    }
  }
  if (instance.ip) out.publicIp = instance.ip;
  if (instance.private_ip) out.privateIp = instance.private_ip;
  if (instance.hostname) out.hostname = instance.hostname;
  return out;
}

/**
 * Lists every wire instance of the account (`queued`: as
 * `SendOptions.queued`).
 *
 * @example
 * ```ts
 * import { listWireInstances } from "./instance.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * console.log((await listWireInstances(api)).length);
 * ```
 */
export function listWireInstances(
  api: LambdaApi,
  signal?: AbortSignal,
  queued?: { ms: number },
): Promise<WireInstance[]> {
  return api.send("listInstances", { signal, queued });
}

/**
 * Reads one instance, firewall included: one request, plus the account's
 * global ruleset when the cache has none within its time, plus the list of
 * rulesets when the instance attaches one the cache does not know.
 *
 * @throws {InstanceNotFoundError} when it does not exist
 *
 * @example
 * ```ts
 * import { getInstance } from "./instance.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { FirewallCache } from "./firewall_cache.ts";
 * declare const api: LambdaApi, firewall: FirewallCache;
 * const inst = await getInstance(api, firewall, "i-1");
 * ```
 */
export async function getInstance(
  api: LambdaApi,
  firewall: FirewallCache,
  instanceId: string,
  signal?: AbortSignal,
): Promise<Instance> {
  const wire = await getWireInstance(api, instanceId, signal);
  const [instance] = await instancesFromWire(api, firewall, [wire], signal);
  return instance;
}

/**
 * Wire instances as v1 instances, with the firewall the cache knows (read
 * when it does not; see {@link getInstance}).
 *
 * @example
 * ```ts
 * import { instancesFromWire, listWireInstances } from "./instance.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { FirewallCache } from "./firewall_cache.ts";
 * declare const api: LambdaApi, firewall: FirewallCache;
 * const all = await instancesFromWire(api, firewall, await listWireInstances(api));
 * console.log(all.length);
 * ```
 */
export function instancesFromWire(
  api: LambdaApi,
  firewall: FirewallCache,
  instances: readonly WireInstance[],
  signal?: AbortSignal,
): Promise<Instance[]> {
  return withFirewall(api, firewall, instances, undefined, signal);
}

/**
 * {@link instancesFromWire}, with the tags already worked out (by a
 * filter) or worked out one instance at a time, so that none outlives its
 * instance's mapping.
 */
async function withFirewall(
  api: LambdaApi,
  firewall: FirewallCache,
  instances: readonly WireInstance[],
  tags: readonly InstanceTags[] | undefined,
  signal?: AbortSignal,
): Promise<Instance[]> {
  if (instances.length === 0) return [];
  const snapshot = await firewall.forInstances(api, instances, signal);
  const typeIds = new TypeIds();
  return instances.map((i, n) =>
    notingUnavailable(
      fromWireWithTags(i, snapshot, tags?.[n] ?? tagsOf(i), typeIds),
      snapshot,
    )
  );
}

/**
 * Lists instances, honouring every filter of `args`. Tag filters apply to
 * the user's tags (those shown in `Instance.tags`). At most three
 * requests, however many instances: the list, the global ruleset and the
 * list of rulesets (each of the last two only when the cache needs it).
 *
 * @example
 * ```ts
 * import { listInstances } from "./instance.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { FirewallCache } from "./firewall_cache.ts";
 * declare const api: LambdaApi, firewall: FirewallCache;
 * const mine = await listInstances(api, firewall, { locations: ["us-west-1"], tagFilters: { team: ["ml"] } });
 * ```
 */
export async function listInstances(
  api: LambdaApi,
  firewall: FirewallCache,
  args: ListInstancesArgs = {},
  signal?: AbortSignal,
): Promise<Instance[]> {
  const ids = args.instanceIds ? new Set(args.instanceIds) : undefined;
  const all = await listWireInstances(api, signal);
  const { locations, tagFilters } = args;
  if (
    ids === undefined && locations === undefined && tagFilters === undefined
  ) {
    return await withFirewall(api, firewall, all, undefined, signal);
  }
  const wanted: WireInstance[] = [];
  // The tags a filter worked out are reused by the mapping.
  const wantedTags: InstanceTags[] | undefined = tagFilters && [];
  for (const i of all) {
    if (ids !== undefined && !ids.has(i.id)) continue;
    if (!isLocationAllowed(locations, i.region.name)) continue;
    if (tagFilters !== undefined) {
      const tags = tagsOf(i);
      if (!matchesTagFilters(tags.user, tagFilters)) continue;
      wantedTags!.push(tags);
    }
    wanted.push(i);
  }
  return await withFirewall(api, firewall, wanted, wantedTags, signal);
}

/**
 * Terminates an instance, and checks that Lambda's answer lists it among
 * the instances it terminates.
 *
 * @throws {InstanceNotFoundError} when it does not exist
 * @throws {TerminateUnconfirmedError} when the answer does not list it
 *
 * @example
 * ```ts
 * import { terminateInstance } from "./instance.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * await terminateInstance(api, "i-1");
 * ```
 */
export async function terminateInstance(
  api: LambdaApi,
  instanceId: string,
  signal?: AbortSignal,
): Promise<void> {
  const answer = await api.send("terminateInstance", {
    body: { instance_ids: [instanceId] },
    signal,
    context: { instanceId },
  });
  const listed = answer.terminated_instances.map((i) => i.id);
  if (!listed.includes(instanceId)) {
    throw new TerminateUnconfirmedError(instanceId, listed);
  }
}

/**
 * Reboots an instance. A restart is not idempotent (a second one restarts
 * the machine again, or is refused while it boots), so it is never re-sent
 * after an ambiguous outcome.
 *
 * @throws {InstanceNotFoundError} when it does not exist
 * @throws {ApiError} 409 `global/conflict` when it is busy (e.g. booting)
 * @throws {AmbiguousOutcomeError} when the restart may or may not have
 *   happened (a 5xx, a timeout or a dropped connection)
 *
 * @example
 * ```ts
 * import { rebootInstance } from "./instance.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * await rebootInstance(api, "i-1");
 * ```
 */
export async function rebootInstance(
  api: LambdaApi,
  instanceId: string,
  signal?: AbortSignal,
): Promise<void> {
  await api.send("restartInstance", {
    body: { instance_ids: [instanceId] },
    signal,
    context: { instanceId },
  });
}

/**
 * Merges a fresh instance into a stored one: the live fields (status,
 * addresses, firewall, tags, actions, name when Lambda reports one) come
 * from `next`; what Lambda does not report, or reports only through this
 * client's tags (ref id, credential, creation time, image, name when
 * missing), is kept from `current` when `next` lacks it.
 *
 * @example
 * ```ts
 * import type { Instance } from "@gpufleet/lambda";
 * import { mergeInstanceForUpdate } from "./instance.ts";
 * declare const stored: Instance, fresh: Instance;
 * const merged = mergeInstanceForUpdate(stored, fresh);
 * console.log(merged.refId === (fresh.refId || stored.refId)); // true
 * ```
 */
export function mergeInstanceForUpdate(
  current: Instance,
  next: Instance,
): Instance {
  const knownTime = next.createdAt.getTime() !== 0;
  return {
    ...current,
    ...next,
    name: next.name || current.name,
    refId: next.refId || current.refId,
    cloudCredRefId: next.cloudCredRefId || current.cloudCredRefId,
    createdAt: knownTime ? next.createdAt : current.createdAt,
    imageId: next.imageId ?? current.imageId,
    instanceTypeId: next.instanceTypeId ?? current.instanceTypeId,
    pubKeyFingerprint: next.pubKeyFingerprint ?? current.pubKeyFingerprint,
  };
}
