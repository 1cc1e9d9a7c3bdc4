/**
 * `createInstance`: validation, location, SSH key, image, per-instance
 * firewall, launch — idempotent by ref id, frugal with requests, keeping a
 * launch that succeeded and leaving no orphan behind.
 *
 * - **Checked before anything is written.** Every attribute is checked
 *   with the API's rules (`create_attrs.ts`), and the location against the
 *   account's regions (cached, see `account.ts`): a region that does not
 *   exist is an `InvalidArgumentError` on `attrs.location`, with nothing
 *   written (no key, no ruleset, no launch).
 * - **Idempotent by ref id.** Before launching, the account's instances
 *   are listed; a live one tagged with this ref id and this credential's
 *   ref id is returned and nothing is launched.
 * - **Few requests.** With the account's caches warm (regions, SSH keys,
 *   the global firewall ruleset) and no firewall rules, a create sends
 *   three requests: the list above, the launch, and the list that settles
 *   it; the instance is mapped from that list. Cold caches add one read
 *   each, once per cache period. A launch refused because the cached SSH
 *   key was deleted elsewhere since is sent once more, after the key is
 *   registered again.
 * - **The launch** is sent once, settled by its tags, patiently, and
 *   cleaned up only when the create is abandoned: see `launch.ts`.
 * - **No leaked rulesets.** Before making a per-instance ruleset, the
 *   rulesets that terminated instances left behind are deleted, best effort
 *   (see `firewall_sweep.ts`); a ruleset made for a launch that certainly
 *   did not happen is deleted.
 * - **Image.** `imageId` is looked up in `GET /images` among the images of
 *   the launch location: an image id is sent as `{ id }`, otherwise a family
 *   name is sent as `{ family }`; neither (an image id of another region
 *   included) gives `ImageNotFoundError` without launching.
 *
 * @module
 */

import { ImageNotFoundError, ResourceNotFoundError } from "../v1/errors.ts";
import type { CreateInstanceAttrs, Instance } from "../v1/instance.ts";
import type { AccountState } from "./account.ts";
import type { LambdaApi } from "./api.ts";
import { listWireImages } from "./catalogue.ts";
import { validateCreateAttrs } from "./create_attrs.ts";
import { unknownLocationError } from "./errors.ts";
import {
  deleteRulesetQuietly,
  ensureRuleset,
  rulesetNameFor,
} from "./firewall.ts";
import { sweepRulesets } from "./firewall_sweep.ts";
import { instancesFromWire } from "./instance.ts";
import { launchAndSettle } from "./launch.ts";
import { isKnownRegion } from "./location.ts";
import { liveByRefId } from "./ownership.ts";
import { ensureSshKey } from "./ssh_key.ts";
import type { LaunchInstanceRequest, WireInstance } from "./wire.ts";

/**
 * What the create flow needs from the client.
 *
 * @example
 * ```ts
 * import { type CreateContext, createInstance } from "./create_instance.ts";
 * import { LambdaApi } from "./api.ts";
 * import { accountState, LambdaAccount } from "./account.ts";
 * const ctx: CreateContext = {
 *   api: new LambdaApi({ apiKey: "secret" }),
 *   account: accountState(new LambdaAccount()),
 *   credRefId: "cred-1",
 *   firewallSweepGraceMs: 600_000,
 * };
 * await createInstance(ctx, { location: "us-west-1", instanceType: "gpu_1x_a10", refId: "job-1", keyPairName: "me" });
 * ```
 */
export interface CreateContext {
  /** The transport. */
  api: LambdaApi;
  /** What the client shares with the other clients of its credential. */
  account: AccountState;
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

/** A wire instance of the create as a v1 instance, firewall included. */
async function toInstance(
  ctx: CreateContext,
  wire: WireInstance,
  signal?: AbortSignal,
): Promise<Instance> {
  const [instance] = await instancesFromWire(
    ctx.api,
    ctx.account.firewall,
    [wire],
    signal,
  );
  return instance;
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
  try {
    return await createOnce(ctx, attrs, signal);
  } catch (err) {
    if (!(err instanceof StaleCachedKey)) throw err;
    // The key was deleted elsewhere since the account read it: the launch
    // was refused, nothing was made; register it again and launch once more.
    return await createOnce(ctx, attrs, signal);
  }
}

/** A launch refused because the SSH key the cache knew is gone. */
class StaleCachedKey extends Error {
  constructor(readonly refusal: unknown) {
    super("the cached SSH key is gone", { cause: refusal });
  }
}

async function createOnce(
  ctx: CreateContext,
  attrs: CreateInstanceAttrs,
  signal?: AbortSignal,
): Promise<Instance> {
  const { api, account, credRefId } = ctx;
  const valid = validateCreateAttrs(
    attrs,
    credRefId,
    new Date(api.now()),
    ctx.defaultLocation,
  );
  signal?.throwIfAborted();
  if (!(await isKnownRegion(api, account.regions, valid.location, signal))) {
    throw unknownLocationError(valid.location);
  }

  const [existing] = await liveByRefId(api, credRefId, attrs.refId, signal);
  if (existing) return await toInstance(ctx, existing, signal);

  const keyFromCache = attrs.keyPairName === undefined &&
    account.sshKeys.peek() !== undefined;
  const sshKeyName = attrs.keyPairName ??
    await ensureSshKey(api, account.sshKeys, attrs.publicKey!, signal);
  const image = attrs.imageId !== undefined
    ? await resolveImage(api, attrs.imageId, valid.location, signal)
    : undefined;

  let ruleset: { id: string; created: boolean } | undefined;
  let releaseRuleset = () => {};
  if (valid.rules.length > 0) {
    const name = rulesetNameFor(credRefId, attrs.refId);
    ruleset = await ensureRuleset(
      api,
      account.firewall,
      name,
      valid.location,
      valid.rules,
      signal,
      (rulesets) =>
        sweepRulesets(api, rulesets, {
          graceMs: ctx.firewallSweepGraceMs,
          holds: account.rulesetsAwaitingLaunch,
          firewall: account.firewall,
          keepName: name,
          signal,
        }),
    );
    releaseRuleset = account.rulesetsAwaitingLaunch.hold(ruleset.id);
  }
  const body: LaunchInstanceRequest = {
    ...valid.body,
    ssh_key_names: [sshKeyName],
    ...(image ? { image } : {}),
    ...(ruleset ? { firewall_rulesets: [{ id: ruleset.id }] } : {}),
  };

  try {
    return await launchAndSettle(
      {
        api,
        regions: account.regions,
        credRefId,
        refId: attrs.refId,
        timeoutMs: ctx.timeoutMs,
      },
      body,
      (wire) => toInstance(ctx, wire, signal),
      signal,
    );
  } catch (err) {
    // Lambda refuses to delete a ruleset an instance uses, so this only
    // deletes one no launch took.
    if (ruleset?.created) {
      await deleteRulesetQuietly(api, account.firewall, ruleset.id);
    }
    if (attrs.keyPairName === undefined) {
      // A key taken from the cache may have been deleted elsewhere since
      // (a refused launch says so in words only): read them again.
      account.sshKeys.invalidate();
      if (
        keyFromCache && err instanceof ResourceNotFoundError &&
        err.message.includes(sshKeyName)
      ) throw new StaleCachedKey(err);
    }
    throw err;
  } finally {
    // Attached now (or deleted): the instance guards it from here on.
    releaseRuleset();
  }
}
