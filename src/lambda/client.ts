/**
 * `LambdaLabsClient`: the provider-neutral `CloudClient` for Lambda Cloud.
 *
 * @module
 */

import type { Capability } from "../v1/capabilities.ts";
import type { ApiType, CloudClient, RequestOptions } from "../v1/client.ts";
import type {
  AddFirewallRulesToInstanceArgs,
  RevokeSecurityGroupRuleArgs,
} from "../v1/firewall.ts";
import type {
  CreateInstanceAttrs,
  Instance,
  ListInstancesArgs,
} from "../v1/instance.ts";
import type { GetImageArgs, Image } from "../v1/image.ts";
import type { GetInstanceTypeArgs, InstanceType } from "../v1/instance_type.ts";
import type { GetLocationsArgs, Location } from "../v1/location.ts";
import { InvalidArgumentError } from "../v1/errors.ts";
import { NotImplCloudClient } from "../v1/not_implemented.ts";
import { type AccountState, accountState, LambdaAccount } from "./account.ts";
import { LambdaApi, type TransportOptions } from "./api.ts";
import {
  listWireImages,
  listWireInstanceTypes,
  listWireRegions,
} from "./catalogue.ts";
import { createInstance } from "./create_instance.ts";
import { addFirewallRules, revokeFirewallRules } from "./firewall.ts";
import {
  getInstance,
  listInstances,
  mergeInstanceForUpdate,
  rebootInstance,
  terminateInstance,
} from "./instance.ts";
import { imagesFromWire } from "./image.ts";
import { instanceTypesFromWire } from "./instance_type.ts";
import { locationsFromWire } from "./location.ts";
import {
  DEFAULT_FIREWALL_SWEEP_GRACE_MS,
  sweepFirewallRulesets,
} from "./firewall_sweep.ts";
import {
  addSshKey,
  deleteSshKey,
  listSshKeys,
  type NewSshKey,
  type SshKey,
} from "./ssh_key.ts";

/**
 * Options of {@link LambdaLabsClient} (and, without `location`, of the
 * credential).
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type LambdaLabsClientOptions } from "@gpufleet/lambda";
 * const opts: LambdaLabsClientOptions = { refId: "cred-1", apiKey: Deno.env.get("LAMBDA_API_KEY") ?? "", location: "us-west-1" };
 * const client = new LambdaLabsClient(opts);
 * console.log(client.location); // "us-west-1"
 * ```
 */
export interface LambdaLabsClientOptions extends TransportOptions {
  /** The credential's reference id (written to instances as a tag). */
  refId: string;
  /** The default location for creates. */
  location?: string;
  /**
   * Launches per minute the client allows itself (default 5, Lambda's
   * documented limit of one launch per 12 s; `Infinity` turns launch
   * pacing off). With {@link account}, the account's rate rules.
   */
  maxCreateRequestsPerMinute?: number;
  /**
   * Requests per second the client allows itself, one at a time (default
   * 1, Lambda's documented general limit; `Infinity` turns request pacing
   * off). Every client of one account waits for the same pacer, so the
   * account as a whole keeps to it. With {@link account}, the account's
   * rate rules.
   */
  maxRequestsPerSecond?: number;
  /**
   * What this client shares with the other clients of its credential: the
   * pacer, the caches, the creates in flight, the rulesets awaiting launch
   * (see `LambdaAccount`). Default: an account of its own. `makeClient`
   * and `LambdaLabsCredential` pass theirs; pass one yourself only to
   * clients of the same API key.
   */
  account?: LambdaAccount;
  /**
   * How long the account reuses the regions, SSH keys and firewall
   * rulesets it read, in ms (default 60 000; 0 reads them every time). The
   * provider's own writes update them at once. With {@link account}, the
   * account's.
   */
  cacheMs?: number;
  /**
   * How old an unattached per-instance ruleset (`gpufleet-…`) must be before
   * a create or {@link LambdaLabsClient.sweepFirewallRulesets} deletes it, in
   * ms (default 600 000, 10 minutes): long enough that the fresh ruleset of
   * a create still on its way to the launch, in another process, is never
   * swept. Assumes the local clock is within minutes of Lambda's.
   */
  firewallSweepGraceMs?: number;
}

/**
 * Throws `InvalidArgumentError` on `field` unless `value` is a non-empty
 * string: an empty id would be sent as a different request (`GET
 * /instances/` is the list).
 */
function requireId(value: unknown, field: string): void {
  if (typeof value !== "string" || value === "") {
    throw new InvalidArgumentError(field, "must be a non-empty string");
  }
}

/** What `getCapabilities()` claims. */
const CAPABILITIES: readonly Capability[] = Object.freeze([
  "create-instance",
  "create-instance-idempotent",
  "terminate-instance",
  "create-terminate-instance",
  "instance-userdata",
  "reboot-instance",
  "machine-image",
  "modify-firewall",
]);

/**
 * The Lambda Cloud client. Unsupported methods (stop/start, change type,
 * resize, quotas, tag updates, VPC, Kubernetes) reject with
 * `NotImplementedError` without sending anything.
 *
 * The API key is held privately: `Deno.inspect(client)` and
 * `JSON.stringify(client)` show only non-secret configuration.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret", location: "us-west-1" });
 * const inst = await client.createInstance({
 *   location: "us-west-1",
 *   instanceType: "gpu_1x_a10",
 *   name: "trainer",
 *   refId: "job-1",
 *   publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI me@host",
 * });
 * await client.terminateInstance(inst.cloudId);
 * ```
 */
export class LambdaLabsClient extends NotImplCloudClient
  implements CloudClient {
  readonly #refId: string;
  readonly #location?: string;
  readonly #api: LambdaApi;
  /** What this client shares with the other clients of its credential. */
  readonly #account: LambdaAccount;
  /** The machinery of {@link #account}. */
  readonly #shared: AccountState;
  readonly #sweepGraceMs: number;
  readonly #options: LambdaLabsClientOptions;

  /**
   * Creates the client.
   *
   * @param options ref id, API key, location and transport options
   */
  constructor(options: LambdaLabsClientOptions) {
    super();
    if (typeof options?.refId !== "string") {
      throw new TypeError("LambdaLabsClient: refId must be a string");
    }
    this.#account = options.account ?? new LambdaAccount(options);
    this.#shared = accountState(this.#account);
    this.#options = { ...options, account: this.#account };
    this.#refId = options.refId;
    this.#location = options.location;
    this.#api = new LambdaApi(options, { pacer: this.#shared.pacer });
    this.#sweepGraceMs = options.firewallSweepGraceMs ??
      DEFAULT_FIREWALL_SWEEP_GRACE_MS;
  }

  /** The default location, if any. */
  get location(): string | undefined {
    return this.#location;
  }

  /** Always `"global"`: one client serves every region. */
  getApiType(): ApiType {
    return "global";
  }

  /** Always `"lambda-labs"`. */
  getCloudProviderId(): string {
    return "lambda-labs";
  }

  /** The credential's reference id. */
  getReferenceId(): string {
    return this.#refId;
  }

  /** Exactly what works with Lambda Cloud. */
  override getCapabilities(_opts?: RequestOptions): Promise<Capability[]> {
    return Promise.resolve([...CAPABILITIES]);
  }

  /** `lambdalabs-` + hex SHA-256 of the API key. */
  override async getTenantId(_opts?: RequestOptions): Promise<string> {
    return `lambdalabs-${await this.#api.keyDigest()}`;
  }

  /**
   * A client of the same account with another default location; it shares
   * this client's account (pacer, caches, in-flight creates, rulesets
   * awaiting launch).
   */
  override makeClient(
    location: string,
    _opts?: RequestOptions,
  ): Promise<CloudClient> {
    return Promise.resolve(
      new LambdaLabsClient({ ...this.#options, location }),
    );
  }

  /** Poll instances every 5 s. */
  override getInstancePollTime(): number {
    return 5_000;
  }

  /** Refresh instance types every 5 min. */
  override getInstanceTypePollTime(): number {
    return 5 * 60_000;
  }

  /** Launches per minute this client allows itself. */
  override getMaxCreateRequestsPerMinute(): number {
    return this.#account.maxCreateRequestsPerMinute;
  }

  /** Creates an instance; idempotent by `attrs.refId` (see `create_instance.ts`). */
  override createInstance(
    attrs: CreateInstanceAttrs,
    opts?: RequestOptions,
  ): Promise<Instance> {
    const start = (signal?: AbortSignal) =>
      createInstance(
        {
          api: this.#api,
          account: this.#shared,
          credRefId: this.#refId,
          defaultLocation: this.#location,
          firewallSweepGraceMs: this.#sweepGraceMs,
          timeoutMs: this.#options.timeoutMs,
        },
        attrs,
        signal,
      );
    const refId = attrs?.refId;
    if (typeof refId !== "string") return start(opts?.signal);
    return this.#shared.creating.run(refId, opts?.signal, start);
  }

  /**
   * Instance types per region with availability. Without a `locations`
   * filter, the client's default location is used when it has one.
   */
  override async getInstanceTypes(
    args: GetInstanceTypeArgs = {},
    opts?: RequestOptions,
  ): Promise<InstanceType[]> {
    const [catalogue, regions] = await this.#catalogue(opts?.signal);
    const locations = args.locations ??
      (this.#location !== undefined ? [this.#location] : undefined);
    return instanceTypesFromWire(catalogue, regions, { ...args, locations });
  }

  /** Regions, available where any type has capacity. */
  override async getLocations(
    args: GetLocationsArgs = {},
    opts?: RequestOptions,
  ): Promise<Location[]> {
    const [catalogue, regions] = await this.#catalogue(opts?.signal);
    return locationsFromWire(regions, catalogue, args);
  }

  /** Machine images, filtered by ids, architectures and name patterns. */
  override async getImages(
    args: GetImageArgs = {},
    opts?: RequestOptions,
  ): Promise<Image[]> {
    const images = await listWireImages(this.#api, opts?.signal);
    return imagesFromWire(images, args);
  }

  /** The instance types (fresh: availability changes) and the regions (cached). */
  async #catalogue(signal?: AbortSignal) {
    const types = await listWireInstanceTypes(this.#api, signal);
    const regions = await this.#shared.regions.get(
      (shared) => listWireRegions(this.#api, shared),
      signal,
    );
    return [types, regions] as const;
  }

  /** Reads an instance; `InstanceNotFoundError` if it does not exist. */
  override async getInstance(
    instanceId: string,
    opts?: RequestOptions,
  ): Promise<Instance> {
    requireId(instanceId, "instanceId");
    return await getInstance(
      this.#api,
      this.#shared.firewall,
      instanceId,
      opts?.signal,
    );
  }

  /** Lists instances, honouring ids, locations and tag filters. */
  override listInstances(
    args?: ListInstancesArgs,
    opts?: RequestOptions,
  ): Promise<Instance[]> {
    return listInstances(
      this.#api,
      this.#shared.firewall,
      args,
      opts?.signal,
    );
  }

  /** Terminates an instance. */
  override async terminateInstance(
    instanceId: string,
    opts?: RequestOptions,
  ): Promise<void> {
    requireId(instanceId, "instanceId");
    return await terminateInstance(this.#api, instanceId, opts?.signal);
  }

  /** Reboots an instance. */
  override async rebootInstance(
    instanceId: string,
    opts?: RequestOptions,
  ): Promise<void> {
    requireId(instanceId, "instanceId");
    return await rebootInstance(this.#api, instanceId, opts?.signal);
  }

  /** Adds rules to the instance's per-instance ruleset (see `firewall.ts`). */
  override async addFirewallRulesToInstance(
    args: AddFirewallRulesToInstanceArgs,
    opts?: RequestOptions,
  ): Promise<void> {
    requireId(args?.instanceId, "args.instanceId");
    await addFirewallRules(
      this.#api,
      this.#shared.firewall,
      args,
      opts?.signal,
    );
  }

  /** Removes rules by id from the instance's per-instance ruleset. */
  override async revokeSecurityGroupRules(
    args: RevokeSecurityGroupRuleArgs,
    opts?: RequestOptions,
  ): Promise<void> {
    requireId(args?.instanceId, "args.instanceId");
    (args.securityGroupRuleIds ?? []).forEach((id, i) =>
      requireId(id, `args.securityGroupRuleIds[${i}]`)
    );
    await revokeFirewallRules(
      this.#api,
      this.#shared.firewall,
      args,
      opts?.signal,
    );
  }

  /**
   * Lambda extra: the account's SSH keys, as `{ id, name, publicKey }`.
   *
   * @example
   * ```ts
   * import { LambdaLabsClient } from "@gpufleet/lambda";
   * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
   * for (const key of await client.listSshKeys()) console.log(key.id, key.name);
   * ```
   */
  listSshKeys(opts?: RequestOptions): Promise<SshKey[]> {
    return listSshKeys(this.#api, this.#shared.sshKeys, opts?.signal);
  }

  /**
   * Lambda extra: registers an SSH key. With `publicKey` that key is
   * registered; without it Lambda generates a pair and the answer carries
   * `privateKey`, returned this once only: the client never logs it, never
   * puts it in an event or error and keeps no copy, so save it yourself.
   *
   * @throws {InvalidArgumentError} on `key.name` (1–64 characters, not yet
   *   registered) or `key.publicKey` (OpenSSH format), checked before sending
   *
   * @example
   * ```ts
   * import { LambdaLabsClient } from "@gpufleet/lambda";
   * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
   * const generated = await client.addSshKey({ name: "ci-runner" });
   * await Deno.writeTextFile("ci-runner.pem", generated.privateKey!, { mode: 0o600 });
   * const mine = await client.addSshKey({
   *   name: "laptop",
   *   publicKey: await Deno.readTextFile(`${Deno.env.get("HOME")}/.ssh/id_ed25519.pub`),
   * });
   * console.log(mine.id);
   * ```
   */
  addSshKey(key: NewSshKey, opts?: RequestOptions): Promise<SshKey> {
    return addSshKey(this.#api, this.#shared.sshKeys, key, opts?.signal);
  }

  /**
   * Lambda extra: deletes an SSH key by id.
   *
   * @throws {ResourceNotFoundError} (`ssh-key`) for an id the account does
   *   not have
   *
   * @example
   * ```ts
   * import { LambdaLabsClient } from "@gpufleet/lambda";
   * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
   * const old = (await client.listSshKeys()).find((k) => k.name === "ci-runner");
   * if (old) await client.deleteSshKey(old.id);
   * ```
   */
  async deleteSshKey(id: string, opts?: RequestOptions): Promise<void> {
    requireId(id, "id");
    return await deleteSshKey(
      this.#api,
      this.#shared.sshKeys,
      id,
      opts?.signal,
    );
  }

  /**
   * Lambda extra: deletes the per-instance firewall rulesets that terminated
   * instances left behind, and returns their ids. A ruleset is deleted when
   * its name is one this provider makes (`gpufleet-` and 16 hex digits), no
   * instance is attached to it, it is older than `graceMs` (default: the
   * client's `firewallSweepGraceMs`, 10 minutes) and no create of this
   * process is about to launch with it. Rulesets made by anything else are
   * never touched. `createInstance` runs the same sweep, best effort, before
   * it makes a ruleset; call this to clean up explicitly. Individual deletes
   * that fail are skipped (left for a later sweep); only a failure to list
   * the rulesets rejects.
   *
   * @example
   * ```ts
   * import { LambdaLabsClient } from "@gpufleet/lambda";
   * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
   * const deleted = await client.sweepFirewallRulesets();
   * console.log(`${deleted.length} leaked rulesets deleted`);
   * ```
   */
  sweepFirewallRulesets(
    opts?: RequestOptions & { graceMs?: number },
  ): Promise<string[]> {
    const graceMs = opts?.graceMs ?? this.#sweepGraceMs;
    if (typeof graceMs !== "number" || !(graceMs >= 0)) {
      return Promise.reject(
        new InvalidArgumentError("opts.graceMs", "must be a number >= 0"),
      );
    }
    return sweepFirewallRulesets(this.#api, {
      graceMs,
      holds: this.#shared.rulesetsAwaitingLaunch,
      firewall: this.#shared.firewall,
      signal: opts?.signal,
    });
  }

  /** Keeps what Lambda does not report from `current`, the rest from `next`. */
  override mergeInstanceForUpdate(current: Instance, next: Instance): Instance {
    return mergeInstanceForUpdate(current, next);
  }

  /**
   * Instance types carry nothing the client adds by itself: the fresh record
   * wins, keeping only a stored quota when the fresh one has none.
   */
  override mergeInstanceTypeForUpdate(
    current: InstanceType,
    next: InstanceType,
  ): InstanceType {
    return { ...next, quota: next.quota ?? current.quota };
  }

  /** Non-secret configuration only. */
  toJSON(): Record<string, unknown> {
    return {
      provider: "lambda-labs",
      refId: this.#refId,
      location: this.#location,
      maxCreateRequestsPerMinute: this.#account.maxCreateRequestsPerMinute,
      maxRequestsPerSecond: this.#account.maxRequestsPerSecond,
      ...this.#api.toJSON(),
    };
  }

  /** Deno's inspection shows {@link toJSON}, never the key. */
  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options?: unknown) => string,
    options: unknown,
  ): string {
    return `LambdaLabsClient ${inspect(this.toJSON(), options)}`;
  }
}
