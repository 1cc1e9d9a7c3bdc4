/**
 * Which instances belong to a create: those whose bookkeeping tags say
 * they were launched by this credential (`gpufleet:cred-ref-id`) for this
 * ref id (`gpufleet:ref-id`). The create path returns and terminates only
 * such instances. An id is never enough: a launch answer can name an
 * instance that is not this create's (a buggy or lying answer), or none at
 * all, and is then resolved by looking for the instance by its tags;
 * instances of anything else in the account are never touched.
 *
 * @example
 * ```ts
 * import { isOwnedBy } from "./ownership.ts";
 * const wire = { tags: [{ key: "gpufleet:ref-id", value: "job-1" }, { key: "gpufleet:cred-ref-id", value: "cred-1" }] };
 * console.log(isOwnedBy(wire, "cred-1", "job-1"), isOwnedBy(wire, "cred-2", "job-1")); // true false
 * ```
 *
 * @module
 */
import type { LambdaApi } from "./api.ts";
import { BOOKKEEPING_TAGS, isGone, listWireInstances } from "./instance.ts";
import type { WireInstance } from "./wire.ts";

/**
 * Whether `instance` carries this credential's and this ref id's
 * bookkeeping tags.
 *
 * @example
 * ```ts
 * import { isOwnedBy } from "./ownership.ts";
 * console.log(isOwnedBy({ tags: [] }, "cred-1", "job-1")); // false
 * ```
 */
export function isOwnedBy(
  instance: Pick<WireInstance, "tags">,
  credRefId: string,
  refId: string,
): boolean {
  let ref = false;
  let cred = false;
  for (const tag of instance.tags ?? []) {
    if (tag.key === BOOKKEEPING_TAGS.refId) ref = tag.value === refId;
    if (tag.key === BOOKKEEPING_TAGS.cloudCredRefId) {
      cred = tag.value === credRefId;
    }
  }
  return ref && cred;
}

/**
 * The live instances among `instances` that belong to the create, by id
 * (lexicographic order, so that every process agrees on the first).
 *
 * @example
 * ```ts
 * import { ownLive } from "./ownership.ts";
 * import type { WireInstance } from "./wire.ts";
 * declare const listed: WireInstance[];
 * const [keeper, ...duplicates] = ownLive(listed, "cred-1", "job-1");
 * ```
 */
export function ownLive(
  instances: readonly WireInstance[],
  credRefId: string,
  refId: string,
): WireInstance[] {
  return instances.filter((i) => isOwnedBy(i, credRefId, refId) && !isGone(i))
    .sort(byId);
}

/**
 * Orders instances by id.
 *
 * @example
 * ```ts
 * import { byId } from "./ownership.ts";
 * console.log([{ id: "b" }, { id: "a" }].sort(byId)); // [{ id: "a" }, { id: "b" }]
 * ```
 */
export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The live instances launched by this credential for `refId`, listed now
 * (see {@link ownLive}).
 *
 * @example
 * ```ts
 * import { liveByRefId } from "./ownership.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const [existing] = await liveByRefId(api, "cred-1", "job-1");
 * ```
 */
export async function liveByRefId(
  api: LambdaApi,
  credRefId: string,
  refId: string,
  signal?: AbortSignal,
): Promise<WireInstance[]> {
  return ownLive(await listWireInstances(api, signal), credRefId, refId);
}
