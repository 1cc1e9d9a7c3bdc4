/**
 * The launch of `createInstance` and what follows it: sent once, settled
 * patiently, cleaned up only when the create is truly abandoned.
 *
 * - **Never sent blindly twice.** A launch is not idempotent. After an
 *   ambiguous outcome (5xx, dropped connection, timeout, unreadable 2xx
 *   answer) the instance is searched for by its tags, over at least the
 *   transport's timeout (a server may commit a launch after the client gave
 *   up on it), before the launch is sent again (see `create_or_find.ts`).
 * - **Settled by tags, not by the answer's ids.** Once a launch is
 *   accepted, the account's instances are listed and the create's own are
 *   those tagged with this credential and this ref id (`ownership.ts`). An
 *   id the answer names that the listing does not show yet is read on its
 *   own and kept only if its tags are the create's; an answer naming
 *   another instance, or none (`instance_ids: []`), is resolved the same
 *   way. Foreign instances are never returned nor terminated.
 * - **Patient after acceptance.** The reads that settle an accepted launch
 *   are retried, paced like every request, for up to
 *   {@link ACCEPTED_LAUNCH_BUDGET_MS} (five minutes, not counting the time
 *   they wait behind the account's other calls); a transient failure
 *   never tears a good launch down. When the budget runs out, or a read
 *   fails permanently (the instance then cannot be confirmed as this
 *   create's), the create fails with `LaunchUnconfirmedError`, naming the
 *   ids, and nothing is terminated: a create with the same ref id later
 *   returns the instance.
 * - **Convergent.** If several live instances carry the create's tags (a
 *   late commit, or another process racing on the same ref id), the one
 *   with the smallest id is kept (every process agrees on it) and the
 *   others are terminated.
 * - **Cleaned up when abandoned.** If the caller aborts after a launch was
 *   sent, the create's instances are looked for by their tags and
 *   terminated in the background (the caller gets its own abort reason at
 *   once). If the create fails for good (a refusal, not an outage) after a
 *   launch whose outcome was ambiguous, the same clean-up runs before the
 *   error is thrown; an instance it cannot terminate (every terminate is
 *   checked against the answer, see `TerminateUnconfirmedError`) makes the
 *   error a `LaunchCleanupError` naming it. A create that fails with an
 *   outage after such a launch terminates nothing: it fails with
 *   `LaunchUnconfirmedError`, and a create with the same ref id finds the
 *   instance if there is one.
 *
 * @module
 */
import {
  ApiError,
  InstanceNotFoundError,
  InsufficientResourcesError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import { DEFAULT_TIMEOUT_MS, type LambdaApi } from "./api.ts";
import type { Cached } from "./cache.ts";
import { createOrFind } from "./create_or_find.ts";
import {
  AmbiguousLaunchError,
  apiErrorOf,
  unknownLocationError,
} from "./errors.ts";
import { listWireInstances, terminateInstance } from "./instance.ts";
import { getWireInstance } from "./instance_read.ts";
import { isKnownRegion } from "./location.ts";
import {
  LaunchCleanupError,
  LaunchUnconfirmedError,
} from "./outcome_errors.ts";
import { byId, liveByRefId, ownLive } from "./ownership.ts";
import { retrying } from "./transport/retry_schedule.ts";
import type {
  LaunchInstanceRequest,
  WireInstance,
  WireRegion,
} from "./wire.ts";

/**
 * How long the reads that settle an accepted launch are retried, in ms of
 * the transport's clock (five minutes).
 *
 * @example
 * ```ts
 * import { ACCEPTED_LAUNCH_BUDGET_MS } from "./launch.ts";
 * console.log(ACCEPTED_LAUNCH_BUDGET_MS / 60_000); // 5
 * ```
 */
export const ACCEPTED_LAUNCH_BUDGET_MS = 5 * 60_000;

/**
 * Rounds given to the calls that stand between a launched instance and an
 * orphan (the search after an ambiguous launch, the clean-up terminate):
 * each round is a call with the transport's own retries. A billing machine
 * is worth a few more requests than the retry budget of one call.
 */
const ORPHAN_GUARD_ROUNDS = 3;

/** Searches after an ambiguous launch (see {@link searchAfterAmbiguousLaunch}). */
const SETTLE_SEARCHES = 4;

/**
 * What a launch needs from the create.
 *
 * @example
 * ```ts
 * import type { LaunchContext } from "./launch.ts";
 * import type { LambdaApi } from "./api.ts";
 * import type { Cached } from "./cache.ts";
 * import type { WireRegion } from "./wire.ts";
 * declare const api: LambdaApi, regions: Cached<WireRegion[]>;
 * const ctx: LaunchContext = { api, regions, credRefId: "cred-1", refId: "job-1" };
 * console.log(ctx.refId); // "job-1"
 * ```
 */
export interface LaunchContext {
  /** The transport. */
  api: LambdaApi;
  /** The account's regions, to name an unknown location. */
  regions: Cached<WireRegion[]>;
  /** The client's ref id (a bookkeeping tag). */
  credRefId: string;
  /** The create's ref id (a bookkeeping tag). */
  refId: string;
  /**
   * The transport's per-attempt timeout, in ms (default 30 000): after an
   * ambiguous launch the instance is searched for over at least this long.
   */
  timeoutMs?: number;
}

/**
 * Sends the launch and returns what `finish` makes of the one instance of
 * the create, settled as the module documentation says (an abort while
 * `finish` runs abandons the create like any other).
 *
 * @throws {LaunchUnconfirmedError} when the launch was accepted but no
 *   instance of the create could be confirmed (nothing was terminated)
 * @throws {LaunchCleanupError} when the create failed after an ambiguous
 *   launch and an instance it made could not be terminated
 *
 * @example
 * ```ts
 * import { launchAndSettle, type LaunchContext } from "./launch.ts";
 * import type { LaunchInstanceRequest } from "./wire.ts";
 * declare const ctx: LaunchContext, body: LaunchInstanceRequest;
 * const id = await launchAndSettle(ctx, body, (wire) => Promise.resolve(wire.id));
 * console.log(id);
 * ```
 */
export async function launchAndSettle<T>(
  ctx: LaunchContext,
  body: LaunchInstanceRequest,
  finish: (wire: WireInstance) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const progress = { sent: false, ambiguous: false };
  try {
    const answerIds = await launchLoop(ctx, body, progress, signal);
    return await finish(await settle(ctx, answerIds, signal));
  } catch (err) {
    if (!progress.sent) throw err;
    if (signal?.aborted) {
      // Abandoned by the caller: clean up without its signal, in the
      // background (the caller has its answer already).
      void cleanUp(ctx).catch(() => {});
      throw err;
    }
    if (!progress.ambiguous || err instanceof LaunchUnconfirmedError) throw err;
    if (isTransient(err)) {
      // A launch that may have been accepted, and a failure that may pass:
      // not a reason to tear a machine down. A create with the same ref id
      // finds it, if it exists.
      throw new LaunchUnconfirmedError(ctx.refId, [], err, "maybe");
    }
    // Failed for good after a launch that may have been accepted.
    const { left, why } = await cleanUp(ctx);
    if (left.length > 0) {
      throw new LaunchCleanupError(ctx.refId, left, err, why);
    }
    throw err;
  }
}

/** Whether a failure of a read may pass if the read is made again later. */
function isTransient(err: unknown): boolean {
  if (err instanceof ServiceUnavailableError) return true;
  // An answer that could not be read (truncated, say) was still a 2xx.
  return err instanceof ApiError && err.status >= 200 && err.status < 300;
}

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
 * The create's live instances: those the listing shows with its tags, and
 * those the answer named that the listing does not show yet (a listing can
 * lag behind a launch), read one by one and kept when their tags are the
 * create's. By id.
 */
async function ownInstances(
  ctx: LaunchContext,
  answerIds: readonly string[],
  queued: { ms: number },
  signal?: AbortSignal,
): Promise<WireInstance[]> {
  const { api, credRefId, refId } = ctx;
  const all = await listWireInstances(api, signal, queued);
  const own = ownLive(all, credRefId, refId);
  const listed = new Set(all.map((i) => i.id));
  for (const id of answerIds) {
    if (listed.has(id)) continue;
    try {
      const wire = await getWireInstance(api, id, signal, queued);
      own.push(...ownLive([wire], credRefId, refId));
    } catch (err) {
      if (!(err instanceof InstanceNotFoundError)) throw err;
    }
  }
  return own.sort(byId);
}

/**
 * Settles an accepted launch: its instance, found by its tags, patiently;
 * duplicates of it terminated. See the module documentation.
 */
async function settle(
  ctx: LaunchContext,
  answerIds: readonly string[],
  signal?: AbortSignal,
): Promise<WireInstance> {
  const { api } = ctx;
  let own: WireInstance[] = [];
  let failure: unknown;
  // Time the reads wait behind the account's other calls is not settling:
  // like the transport's budget, this one leaves it out (a launch among
  // many concurrent ones would otherwise have no time left to be read).
  const queued = { ms: 0 };
  try {
    own = await retrying({
      attempt: () => ownInstances(ctx, answerIds, queued, signal),
      // Not there yet, or not readable yet: look again.
      decide: (outcome) => ({
        retry: outcome.ok
          ? outcome.value.length === 0
          : isTransient(outcome.error),
      }),
      maxAttempts: Infinity,
      maxElapsedMs: ACCEPTED_LAUNCH_BUDGET_MS,
      delayMs: api.backoffMs,
      clock: api.clockWithout(queued),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    failure = err;
  }
  const [keeper, ...duplicates] = own;
  if (keeper === undefined) {
    throw new LaunchUnconfirmedError(ctx.refId, answerIds, failure);
  }
  // Best effort: the keeper is the caller's either way.
  for (const duplicate of duplicates) {
    await persistently(api, () => terminateInstance(api, duplicate.id))
      .catch(() => {});
  }
  return keeper;
}

/**
 * Looks for the create's instances (a few rounds, as the API may still be
 * processing the launch) and terminates each one, checking every
 * terminate, with no caller signal. Returns those it could not terminate.
 */
async function cleanUp(
  ctx: LaunchContext,
): Promise<{ left: string[]; why?: unknown }> {
  const { api, credRefId, refId } = ctx;
  let found: WireInstance[];
  try {
    found = await retrying({
      attempt: () => liveByRefId(api, credRefId, refId),
      decide: (outcome) => ({
        retry: !outcome.ok || outcome.value.length === 0,
      }),
      maxAttempts: Math.max(ORPHAN_GUARD_ROUNDS, api.retry.maxAttempts),
      delayMs: api.backoffMs,
      clock: api.clock,
    });
  } catch {
    // Nothing could be seen, so nothing can be said to be left.
    return { left: [] };
  }
  const left: string[] = [];
  let why: unknown;
  for (const instance of found) {
    try {
      await persistently(api, () => terminateInstance(api, instance.id));
    } catch (err) {
      left.push(instance.id);
      why = err;
    }
  }
  return { left, why };
}

/**
 * Looks for the instance of an ambiguous launch {@link SETTLE_SEARCHES}
 * times, spaced over the transport's timeout: a server may commit a launch
 * after the client gave up waiting for it, and a re-sent launch would then
 * make a second machine. Throws when the last search could not be made.
 */
async function searchAfterAmbiguousLaunch(
  ctx: LaunchContext,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const { api, credRefId, refId } = ctx;
  const spacingMs = Math.ceil(
    (ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS) / (SETTLE_SEARCHES - 1),
  );
  const found = await retrying({
    attempt: () =>
      persistently(
        api,
        () => liveByRefId(api, credRefId, refId, signal),
        signal,
      ),
    decide: (outcome) => ({ retry: !outcome.ok || outcome.value.length === 0 }),
    maxAttempts: SETTLE_SEARCHES,
    delayMs: () => spacingMs,
    clock: api.clock,
    signal,
  });
  return found[0]?.id;
}

/** A launch answered 2xx whose body could not be read or validated. */
function isUnreadableAcceptance(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 200 && err.status < 300 &&
    (err.providerCode === "invalid-response" ||
      err.providerCode === "malformed-body");
}

/** Whether `location` is a region of the account (unknown: assumed so). */
async function regionExists(
  ctx: LaunchContext,
  location: string,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    return await isKnownRegion(ctx.api, ctx.regions, location, signal);
  } catch {
    return true; // unknown: keep the original error
  }
}

/**
 * The launch loop: a launch is not idempotent, so after an ambiguous
 * outcome the instance is searched for before the launch is sent again,
 * within the transport's retry bounds (see `create_or_find.ts`). Returns
 * the ids the accepting answer named (or the one a search found).
 */
function launchLoop(
  ctx: LaunchContext,
  body: LaunchInstanceRequest,
  progress: { sent: boolean; ambiguous: boolean },
  signal?: AbortSignal,
): Promise<string[]> {
  const { api } = ctx;
  const search = async () => {
    const found = await searchAfterAmbiguousLaunch(ctx, signal);
    return found === undefined ? undefined : [found];
  };
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
        return launched.instance_ids;
      } catch (err) {
        if (err instanceof AmbiguousLaunchError) progress.ambiguous = true;
        if (isUnreadableAcceptance(err)) {
          // Accepted (2xx) but unreadable: the instance exists or is
          // coming. Never sent again; if it cannot be found, the caller
          // gets the error.
          progress.ambiguous = true;
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
          if (!(await regionExists(ctx, body.region_name, signal))) {
            throw unknownLocationError(body.region_name, err);
          }
        }
        throw err;
      }
    },
    find: search,
  }, signal);
}
