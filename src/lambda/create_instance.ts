/**
 * `createInstance`: validation, SSH key, image, per-instance firewall,
 * launch — idempotent by ref id and leaving no orphan behind.
 *
 * - **Validation first.** Every attribute is checked with the API's rules
 *   (the zod request schemas) before any request; attributes Lambda cannot
 *   honour (spot, disks, VPCs, …) are refused rather than ignored.
 * - **Idempotent by ref id.** Before launching, the account's instances are
 *   searched for a live one tagged with this ref id and this credential's ref
 *   id; if found it is returned and nothing is launched. A launch that fails
 *   ambiguously (5xx, dropped connection, timeout, unreadable answer) is
 *   followed by the same search, repeated over at least the transport's
 *   timeout (a server may commit a launch after the client gave up on it),
 *   before anything is sent again, and re-sent only when no instance was
 *   found, within the transport's retry budget. A launch answered 2xx whose
 *   body fails validation is searched for the same way and never re-sent.
 * - **Convergent.** After every launch the live instances of this ref id are
 *   listed; if a late commit or another process racing on the same ref id
 *   made several, the one with the smallest id is kept (every process
 *   agrees on it), the others are terminated, and the keeper is returned.
 * - **No orphans.** If anything fails after the launch was accepted, the
 *   instance is terminated (persistently, as above) before the original error
 *   is thrown; a ruleset created for a launch that failed is deleted.
 * - **No leaked rulesets.** Before making a per-instance ruleset, the
 *   rulesets that terminated instances left behind are deleted, best effort
 *   (see `firewall_sweep.ts`).
 * - **Image.** `imageId` is looked up in `GET /images` among the images of
 *   the launch location: an image id is sent as `{ id }`, otherwise a family
 *   name is sent as `{ family }`; neither (an image id of another region
 *   included) gives `ImageNotFoundError` without launching.
 *
 * @module
 */

import {
  ApiError,
  ImageNotFoundError,
  InsufficientResourcesError,
  InvalidArgumentError,
} from "../v1/errors.ts";
import type { CreateInstanceAttrs, Instance } from "../v1/instance.ts";
import { DEFAULT_TIMEOUT_MS, type LambdaApi } from "./api.ts";
import { listWireImages, listWireRegions } from "./catalogue.ts";
import { createOrFind } from "./create_or_find.ts";
import { apiErrorOf, unknownLocationError } from "./errors.ts";
import {
  deleteRulesetQuietly,
  ensureRuleset,
  type FirewallCache,
  rulesetNameFor,
  wireRulesFromV1,
} from "./firewall.ts";
import { type RulesetHolds, sweepRulesets } from "./firewall_sweep.ts";
import {
  BOOKKEEPING_TAG_PREFIX,
  BOOKKEEPING_TAGS,
  getInstance,
  isGone,
  listWireInstances,
  terminateInstance,
  wireTags,
} from "./instance.ts";
import { retrying } from "./transport/retry_schedule.ts";
import { ensureSshKey, validatePublicKey } from "./ssh_key.ts";
import {
  type FirewallRuleRequest,
  type LaunchInstanceRequest,
  LaunchInstanceRequestSchema,
  RequestedTagEntrySchema,
  type WireInstance,
} from "./wire.ts";

/** The largest user data Lambda accepts, in bytes. */
const MAX_USER_DATA_BYTES = 1024 * 1024;

/** What a launch needs once the attributes are known to be valid. */
interface ValidatedAttrs {
  /** The launch body without SSH key, image and ruleset. */
  body: LaunchInstanceRequest;
  /** Rules of the per-instance ruleset (empty: none is made). */
  rules: FirewallRuleRequest[];
  location: string;
}

/** Lambda's longest instance name, in UTF-16 code units. */
const MAX_NAME_LENGTH = 64;

/**
 * The name of an instance created without one: its ref id, cut to Lambda's
 * 64 characters without splitting a character, so that the console and
 * `Instance.name` show something readable.
 */
function defaultName(refId: string): string {
  let name = "";
  for (const char of refId) {
    if (name.length + char.length > MAX_NAME_LENGTH) break;
    name += char;
  }
  return name;
}

/**
 * Checks every attribute with the API's rules; throws before any request.
 * `attrs.name` is optional, as in Lambda's launch: absent or empty, the
 * instance is named after `attrs.refId` (cut to 64 characters).
 *
 * @param attrs what to launch
 * @param credRefId the client's ref id (written as a tag)
 * @param createdAt the creation time (written as a tag)
 * @param defaultLocation used when `attrs.location` is empty
 * @throws {InvalidArgumentError} naming the field and the rule
 *
 * @example
 * ```ts
 * import { validateCreateAttrs } from "./create_instance.ts";
 * validateCreateAttrs({ location: "us-west-1", instanceType: "gpu_1x_a10", name: "a", refId: "r", keyPairName: "me" }, "cred-1", new Date());
 * ```
 */
export function validateCreateAttrs(
  attrs: CreateInstanceAttrs,
  credRefId: string,
  createdAt: Date,
  defaultLocation?: string,
): ValidatedAttrs {
  const fail = (field: string, rule: string): never => {
    throw new InvalidArgumentError(`attrs.${field}`, rule);
  };
  if (attrs === null || typeof attrs !== "object") {
    throw new InvalidArgumentError("attrs", "must be an object");
  }
  const location = attrs.location || defaultLocation;
  if (typeof location !== "string" || location === "") {
    fail("location", "is required (or give the client a default location)");
  }
  if (typeof attrs.instanceType !== "string" || attrs.instanceType === "") {
    fail("instanceType", "is required");
  }
  if (attrs.name !== undefined && typeof attrs.name !== "string") {
    fail("name", "must be a string when given");
  }
  if ((attrs.name?.length ?? 0) > 64) {
    fail("name", "must be at most 64 characters");
  }
  if (typeof attrs.refId !== "string" || attrs.refId === "") {
    fail("refId", "is required");
  }
  if (attrs.refId.length > 128) {
    fail(
      "refId",
      "must be at most 128 characters (it is stored as a tag value)",
    );
  }
  const hasKey = attrs.publicKey !== undefined;
  const hasName = attrs.keyPairName !== undefined;
  if (hasKey === hasName) {
    fail("publicKey", "exactly one of publicKey and keyPairName must be given");
  }
  if (hasKey) validatePublicKey(attrs.publicKey!, "attrs.publicKey");
  if (
    hasName &&
    (typeof attrs.keyPairName !== "string" || attrs.keyPairName === "")
  ) {
    fail("keyPairName", "must be a non-empty string");
  }
  if (attrs.subLocation) fail("subLocation", "Lambda Cloud has no zones");
  if (attrs.useSpot) fail("useSpot", "Lambda Cloud has no spot instances");
  if (attrs.usePersistentIp) {
    fail("usePersistentIp", "Lambda Cloud has no reserved IPs");
  }
  if (attrs.vpcId) fail("vpcId", "Lambda Cloud has no VPCs");
  if (attrs.subnetId) fail("subnetId", "Lambda Cloud has no subnets");
  if (attrs.diskSize) {
    fail("diskSize", "the root disk size is fixed by the instance type");
  }
  if (attrs.additionalDisks?.length) {
    fail("additionalDisks", "use fileSystems (Lambda filesystems) instead");
  }
  if (attrs.retireTimeoutMs !== undefined) {
    fail("retireTimeoutMs", "Lambda Cloud does not retire instances");
  }
  if (attrs.additionalEnvVars && Object.keys(attrs.additionalEnvVars).length) {
    fail("additionalEnvVars", "Lambda instances are virtual machines");
  }

  const tags: { key: string; value: string }[] = [];
  for (const [key, value] of Object.entries(attrs.tags ?? {})) {
    if (key.startsWith(BOOKKEEPING_TAG_PREFIX)) {
      fail(
        `tags.${key}`,
        `keys starting with "${BOOKKEEPING_TAG_PREFIX}" are reserved`,
      );
    }
    const parsed = RequestedTagEntrySchema.safeParse({ key, value });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      fail(`tags.${key}`, `${issue.path.join(".")} ${issue.message}`);
    }
    tags.push({ key, value });
  }
  tags.push(
    { key: BOOKKEEPING_TAGS.refId, value: attrs.refId },
    { key: BOOKKEEPING_TAGS.cloudCredRefId, value: credRefId },
    { key: BOOKKEEPING_TAGS.createdAt, value: createdAt.toISOString() },
  );

  let userData: string | undefined;
  if (attrs.userDataBase64 !== undefined) {
    let raw: Uint8Array;
    try {
      raw = Uint8Array.from(atob(attrs.userDataBase64), (c) => c.charCodeAt(0));
    } catch {
      return fail("userDataBase64", "must be valid base64");
    }
    if (raw.length > MAX_USER_DATA_BYTES) {
      fail("userDataBase64", "must decode to at most 1 MiB");
    }
    try {
      userData = new TextDecoder("utf-8", { fatal: true }).decode(raw);
    } catch {
      fail(
        "userDataBase64",
        "must decode to UTF-8 text (cloud-init user data)",
      );
    }
  }

  const rules = attrs.firewallRules
    ? wireRulesFromV1(attrs.firewallRules, "attrs.firewallRules")
    : [];

  const candidate: LaunchInstanceRequest = {
    region_name: location!,
    instance_type_name: attrs.instanceType,
    ssh_key_names: [attrs.keyPairName ?? "placeholder"],
    name: attrs.name || defaultName(attrs.refId),
    ...(attrs.hostname !== undefined ? { hostname: attrs.hostname } : {}),
    ...(userData !== undefined ? { user_data: userData } : {}),
    ...(attrs.fileSystems?.length
      ? { file_system_names: attrs.fileSystems }
      : {}),
    tags,
  };
  const parsed = LaunchInstanceRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ({
      hostname: "hostname",
      name: "name",
      file_system_names: "fileSystems",
      region_name: "location",
      instance_type_name: "instanceType",
    } as Record<string, string>)[String(issue.path[0])] ?? issue.path.join(".");
    fail(field, issue.message);
  }
  return { body: parsed.data!, rules, location: location! };
}

/**
 * What the create flow needs from the client.
 *
 * @example
 * ```ts
 * import { type CreateContext, createInstance } from "./create_instance.ts";
 * import { FirewallCache } from "./firewall.ts";
 * import { LambdaApi } from "./api.ts";
 * import { LambdaAccount } from "@gpufleet/lambda";
 * const api = new LambdaApi({ apiKey: "secret" });
 * const account = new LambdaAccount();
 * const ctx: CreateContext = {
 *   api,
 *   firewall: new FirewallCache(api, 5_000),
 *   rulesetHolds: account.rulesetsAwaitingLaunch,
 *   credRefId: "cred-1",
 *   firewallSweepGraceMs: 600_000,
 * };
 * await createInstance(ctx, { location: "us-west-1", instanceType: "gpu_1x_a10", name: "a", refId: "job-1", keyPairName: "me" });
 * ```
 */
export interface CreateContext {
  /** The transport. */
  api: LambdaApi;
  /** The firewall snapshot cache. */
  firewall: FirewallCache;
  /** The account's rulesets of creates that have not launched yet. */
  rulesetHolds: RulesetHolds;
  /** The client's ref id. */
  credRefId: string;
  /** The client's default location. */
  defaultLocation?: string;
  /** How old an unattached per-instance ruleset must be to be swept, in ms. */
  firewallSweepGraceMs: number;
  /**
   * The transport's per-attempt timeout, in ms (default 30 000): after an
   * ambiguous launch the instance is searched for over at least this long.
   */
  timeoutMs?: number;
}

/**
 * The live instances launched by this credential for `refId`, by id
 * (lexicographic order, so that every process agrees on the first).
 *
 * @example
 * ```ts
 * import { liveByRefId } from "./create_instance.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const [keeper, ...duplicates] = await liveByRefId(api, "cred-1", "job-1");
 * ```
 */
export async function liveByRefId(
  api: LambdaApi,
  credRefId: string,
  refId: string,
  signal?: AbortSignal,
): Promise<WireInstance[]> {
  return (await listWireInstances(api, signal)).filter((i) => {
    const tags = wireTags(i);
    return tags[BOOKKEEPING_TAGS.refId] === refId &&
      tags[BOOKKEEPING_TAGS.cloudCredRefId] === credRefId && !isGone(i);
  }).sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * A live instance launched by this credential for `refId`, if any (the one
 * with the smallest id when there are several).
 *
 * @example
 * ```ts
 * import { findByRefId } from "./create_instance.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const existing = await findByRefId(api, "cred-1", "job-1");
 * ```
 */
export async function findByRefId(
  api: LambdaApi,
  credRefId: string,
  refId: string,
  signal?: AbortSignal,
): Promise<WireInstance | undefined> {
  return (await liveByRefId(api, credRefId, refId, signal))[0];
}

async function resolveImage(
  api: LambdaApi,
  imageId: string,
  location: string,
  signal?: AbortSignal,
): Promise<{ id: string } | { family: string }> {
  const images = await listWireImages(api, signal);
  const here = images.filter((i) => i.region.name === location);
  if (here.some((i) => i.id === imageId)) return { id: imageId };
  if (here.some((i) => i.family === imageId)) return { family: imageId };
  const elsewhere = images.find((i) => i.id === imageId)?.region.name;
  throw new ImageNotFoundError(imageId, {
    message: elsewhere !== undefined
      ? `image ${imageId} is in ${elsewhere}, not in ${location} (an image can only launch in its own region)`
      : `image ${imageId} is neither an image id nor an image family in ${location}`,
  });
}

async function regionExists(
  api: LambdaApi,
  location: string,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    const regions = await listWireRegions(api, signal);
    return regions.some((r) => r.name === location);
  } catch {
    return true; // unknown: keep the original error
  }
}

/**
 * Rounds given to the calls that stand between a launched instance and an
 * orphan (the search after an ambiguous launch, the clean-up terminate):
 * each round is a call with the transport's own retries. A billing machine
 * is worth a few more requests than the retry budget of one call.
 */
const ORPHAN_GUARD_ROUNDS = 3;

/** Whether `err` is a 4xx answer: asking again would get the same. */
function isClientError(err: unknown): boolean {
  const status = apiErrorOf(err)?.status ?? 0;
  return status >= 400 && status < 500;
}

/**
 * Calls `fn` for up to `max(ORPHAN_GUARD_ROUNDS, retry.maxAttempts)` rounds
 * with backoff between them, stopping early on a 4xx answer or an abort.
 */
function persistently<T>(
  api: LambdaApi,
  fn: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  return retrying({
    attempt: fn,
    decide: (outcome) => ({
      retry: !outcome.ok && !isClientError(outcome.error),
    }),
    maxAttempts: Math.max(ORPHAN_GUARD_ROUNDS, api.retry.maxAttempts),
    delayMs: api.backoffMs,
    clock: api.clock,
    signal,
  });
}

/**
 * Terminates what a failed create launched, persistently and with no
 * caller signal (cleanup must outlive an aborted call).
 */
async function terminateQuietly(api: LambdaApi, id: string): Promise<void> {
  try {
    await persistently(api, () => terminateInstance(api, id));
  } catch {
    // Best effort: the caller gets the original error.
  }
}

/**
 * Creates an instance; see the module documentation.
 *
 * @example
 * ```ts
 * import { createInstance } from "./create_instance.ts";
 * import type { CreateContext } from "./create_instance.ts";
 * declare const ctx: CreateContext;
 * const inst = await createInstance(ctx, { location: "us-west-1", instanceType: "gpu_1x_a10", name: "a", refId: "job-1", keyPairName: "me" });
 * ```
 */
export async function createInstance(
  ctx: CreateContext,
  attrs: CreateInstanceAttrs,
  signal?: AbortSignal,
): Promise<Instance> {
  const { api, credRefId } = ctx;
  const valid = validateCreateAttrs(
    attrs,
    credRefId,
    new Date(api.now()),
    ctx.defaultLocation,
  );
  signal?.throwIfAborted();

  const existing = await findByRefId(api, credRefId, attrs.refId, signal);
  if (existing) {
    return await getInstance(api, ctx.firewall, existing.id, signal);
  }

  const sshKeyName = attrs.keyPairName ??
    await ensureSshKey(api, attrs.publicKey!, signal);
  const image = attrs.imageId !== undefined
    ? await resolveImage(api, attrs.imageId, valid.location, signal)
    : undefined;

  let ruleset: { id: string; created: boolean } | undefined;
  let releaseRuleset = () => {};
  if (valid.rules.length > 0) {
    const name = rulesetNameFor(credRefId, attrs.refId);
    ruleset = await ensureRuleset(
      api,
      name,
      valid.location,
      valid.rules,
      signal,
      (rulesets) =>
        sweepRulesets(api, rulesets, {
          graceMs: ctx.firewallSweepGraceMs,
          holds: ctx.rulesetHolds,
          keepName: name,
          signal,
        }),
    );
    releaseRuleset = ctx.rulesetHolds.hold(ruleset.id);
    ctx.firewall.invalidate();
  }
  const body: LaunchInstanceRequest = {
    ...valid.body,
    ssh_key_names: [sshKeyName],
    ...(image ? { image } : {}),
    ...(ruleset ? { firewall_rulesets: [{ id: ruleset.id }] } : {}),
  };

  let instanceId: string;
  try {
    instanceId = await launchOnce(ctx, body, attrs, signal);
  } catch (err) {
    if (ruleset?.created) await deleteRulesetQuietly(api, ruleset.id);
    throw err;
  } finally {
    // Attached now (or deleted): the instance guards it from here on.
    releaseRuleset();
  }
  instanceId = await converge(ctx, attrs.refId, instanceId, signal);

  try {
    return await getInstance(api, ctx.firewall, instanceId, signal);
  } catch (err) {
    if (signal?.aborted) {
      void terminateQuietly(api, instanceId);
    } else {
      await terminateQuietly(api, instanceId);
    }
    throw err;
  }
}

/**
 * Sends the launch, and after an ambiguous failure looks for the instance
 * before sending again. Returns the id of the one instance launched. If the
 * caller aborts after a launch was sent, the launch may have been accepted
 * (or still be processed): it is cleaned up in the background, without the
 * caller's signal.
 */
async function launchOnce(
  ctx: CreateContext,
  body: LaunchInstanceRequest,
  attrs: CreateInstanceAttrs,
  signal?: AbortSignal,
): Promise<string> {
  const progress = { sent: false };
  try {
    return await launchLoop(ctx, body, attrs, progress, signal);
  } catch (err) {
    if (progress.sent && signal?.aborted) {
      void terminateAbandonedLaunch(ctx.api, ctx.credRefId, attrs.refId);
    }
    throw err;
  }
}

/**
 * Looks for the instance of a launch the caller abandoned (a few rounds, as
 * the API may still be processing it) and terminates it.
 */
async function terminateAbandonedLaunch(
  api: LambdaApi,
  credRefId: string,
  refId: string,
): Promise<void> {
  try {
    const found = await retrying({
      attempt: () => findByRefId(api, credRefId, refId),
      decide: (outcome) => ({ retry: !outcome.ok || !outcome.value }),
      maxAttempts: Math.max(ORPHAN_GUARD_ROUNDS, api.retry.maxAttempts),
      delayMs: api.backoffMs,
      clock: api.clock,
    });
    if (found) await terminateQuietly(api, found.id);
  } catch {
    // Best effort: the caller already has its own error.
  }
}

/** Searches after an ambiguous launch (see {@link searchAfterAmbiguousLaunch}). */
const SETTLE_SEARCHES = 4;

/**
 * Looks for the instance of an ambiguous launch {@link SETTLE_SEARCHES}
 * times, spaced over the transport's timeout: a server may commit a launch
 * after the client gave up waiting for it, and a re-sent launch would then
 * make a second machine. Throws when the last search could not be made.
 */
function searchAfterAmbiguousLaunch(
  ctx: CreateContext,
  refId: string,
  signal?: AbortSignal,
): Promise<WireInstance | undefined> {
  const { api, credRefId } = ctx;
  const spacingMs = Math.ceil(
    (ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS) / (SETTLE_SEARCHES - 1),
  );
  return retrying({
    attempt: () =>
      persistently(
        api,
        () => findByRefId(api, credRefId, refId, signal),
        signal,
      ),
    decide: (outcome) => ({ retry: !outcome.ok || !outcome.value }),
    maxAttempts: SETTLE_SEARCHES,
    delayMs: () => spacingMs,
    clock: api.clock,
    signal,
  });
}

/**
 * The convergence guard after a launch: two launches for one ref id (a
 * launch the server committed late, or another process racing on the same
 * ref id) leave several live instances. The one with the smallest id is
 * kept, so that every process agrees on it; the others are terminated
 * (best effort). Returns the keeper; when the instances cannot be listed,
 * the launched one.
 */
async function converge(
  ctx: CreateContext,
  refId: string,
  launchedId: string,
  signal?: AbortSignal,
): Promise<string> {
  const { api, credRefId } = ctx;
  let live: WireInstance[];
  try {
    live = await persistently(
      api,
      () => liveByRefId(api, credRefId, refId, signal),
      signal,
    );
  } catch {
    return launchedId;
  }
  const ids = live.map((i) => i.id);
  // A listing that lags behind the launch does not show it yet.
  if (!ids.includes(launchedId)) ids.push(launchedId);
  ids.sort();
  const [keeper, ...duplicates] = ids;
  await Promise.all(duplicates.map((id) => terminateQuietly(api, id)));
  return keeper;
}

/** A launch answered 2xx whose body could not be read or validated. */
function isUnreadableAcceptance(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 200 && err.status < 300 &&
    (err.providerCode === "invalid-response" ||
      err.providerCode === "malformed-body");
}

/**
 * The launch loop of {@link launchOnce}: a launch is not idempotent, so
 * after an ambiguous outcome the instance is searched for before the launch
 * is sent again, within the transport's retry bounds (see
 * `create_or_find.ts`).
 */
function launchLoop(
  ctx: CreateContext,
  body: LaunchInstanceRequest,
  attrs: CreateInstanceAttrs,
  progress: { sent: boolean },
  signal?: AbortSignal,
): Promise<string> {
  const { api } = ctx;
  const search = async () =>
    (await searchAfterAmbiguousLaunch(ctx, attrs.refId, signal))?.id;
  return createOrFind(api, {
    create: async () => {
      progress.sent = true;
      try {
        const launched = await api.send("launchInstance", {
          body,
          signal,
          context: {
            location: body.region_name,
            instanceType: body.instance_type_name,
          },
        });
        const [id, ...extra] = launched.instance_ids;
        if (id === undefined) {
          throw new InvalidArgumentError(
            "attrs",
            "Lambda accepted the launch but returned no instance id",
          );
        }
        for (const other of extra) await terminateQuietly(api, other);
        return id;
      } catch (err) {
        if (isUnreadableAcceptance(err)) {
          // Accepted (2xx) but unreadable: the instance exists or is
          // coming. Never sent again; if it cannot be found, the caller
          // gets the error.
          const found = await search();
          if (found) return found;
          throw err;
        }
        if (
          err instanceof InsufficientResourcesError ||
          apiErrorOf(err)?.providerCode === "global/invalid-parameters"
        ) {
          // Lambda may answer an unknown region as a capacity or parameter
          // problem; a scheduler must not retry an impossible launch.
          if (!(await regionExists(api, body.region_name, signal))) {
            throw unknownLocationError(body.region_name, err);
          }
        }
        throw err;
      }
    },
    find: search,
  }, signal);
}
