/**
 * The whole emulated account: it composes the catalogue, instances, SSH
 * keys, filesystems, firewall and audit log, and holds the rules that span
 * several of them (launch validation, capacity, quota, "in use" checks).
 * Pure data and rules: no HTTP. Every method either succeeds and records an
 * audit event, or throws a {@linkcode MockApiError} having changed nothing.
 *
 * @module
 */
import { AuditLog, type AuditQuery } from "./audit.ts";
import {
  type CapacityMap,
  Catalogue,
  type CatalogueOptions,
} from "./catalogue.ts";
import { type Clock, ManualClock, RealClock } from "./clock.ts";
import {
  invalidParameters,
  launchResourceNotFound,
  MockApiError,
  truncate,
} from "./errors.ts";
import { FileSystemStore } from "./filesystems.ts";
import {
  firewallDoesNotApply,
  FirewallStore,
  REGIONS_WITHOUT_FIREWALL,
  type RulesetRecord,
} from "./firewall.ts";
import {
  type InstanceRecord,
  InstanceStore,
  LIVE_STATUSES,
  toWire,
} from "./instances.ts";
import { SeededRandom } from "./random.ts";
import { SshKeyStore } from "./ssh_keys.ts";
import type {
  AuditEvent,
  Filesystem,
  FilesystemMountEntry,
  FirewallRule,
  FirewallRuleset,
  GeneratedSSHKey,
  GlobalFirewallRuleset,
  Image,
  Instance,
  InstanceStatus,
  InstanceType,
  Region,
  SSHKey,
  TagEntry,
} from "./types.ts";
import type {
  AddSshKeyRequest,
  CreateFilesystemRequest,
  CreateRulesetRequest,
  InstanceIdsRequest,
  LaunchRequest,
  SetFirewallRulesRequest,
  UpdateGlobalRulesetRequest,
  UpdateInstanceRequest,
  UpdateRulesetRequest,
} from "./requests.ts";

/**
 * Account quotas.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type QuotaOptions } from "@gpufleet/lambda/mock";
 * const quota: QuotaOptions = { instances: 1 };
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda({ quota }).clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const second = await client.createInstance({ refId: "job-2", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey }).catch((e) => e);
 * console.log(second.code); // "out-of-quota"
 * ```
 */
export interface QuotaOptions {
  /** Most instances holding capacity at once (default 500). */
  instances?: number;
  /** Most filesystems (default 100). */
  fileSystems?: number;
  /** Most firewall rulesets (default 100). */
  firewallRulesets?: number;
}

/**
 * Options of the state model.
 *
 * @example
 * ```ts
 * import { MockWorld, type WorldOptions } from "./world.ts";
 * const options: WorldOptions = { seed: 1, clock: "manual", bootSeconds: 30 };
 * const world = new MockWorld(options);
 * console.log(world.clock.kind, world.instances.timings.bootMs); // manual 30000
 * ```
 */
export interface WorldOptions extends CatalogueOptions {
  /** Seed of every made-up value (default 0). */
  seed?: number | string;
  /** `"manual"` (default), `"real"`, or a {@linkcode Clock}. */
  clock?: "manual" | "real" | Clock;
  /** Seconds from launch to active (default 60). */
  bootSeconds?: number;
  /** Seconds from restart to active (default: bootSeconds). */
  restartSeconds?: number;
  /** Seconds from terminating to terminated (default 5). */
  terminateSeconds?: number;
  /** Seconds a terminated instance stays listed (default 300). */
  terminatedRetentionSeconds?: number;
  /** Quotas; a number is the instance quota. */
  quota?: number | QuotaOptions;
}

/**
 * A read-only snapshot of the whole state, for assertions.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type MockStateSnapshot } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const state: MockStateSnapshot = mock.state;
 * console.log(state.instances.length, state.sshKeys.length, state.auditEvents.at(-1)?.action); // 1 1 launched
 * ```
 */
export interface MockStateSnapshot {
  /** Current time of the model's clock (ISO 8601). */
  now: string;
  /** Instances visible through the API (wire form), in launch order. */
  instances: Instance[];
  /** SSH keys (wire form). */
  sshKeys: SSHKey[];
  /** Filesystems (wire form). */
  fileSystems: Filesystem[];
  /** Firewall rulesets (wire form). */
  firewallRulesets: FirewallRuleset[];
  /** The global ruleset. */
  globalFirewallRuleset: GlobalFirewallRuleset;
  /** Remaining capacity: region → type → count. */
  capacity: CapacityMap;
  /** Every audit event, oldest first. */
  auditEvents: AuditEvent[];
}

/** Most tags per instance. @example `MAX_TAGS // 50` */
export const MAX_TAGS = 50;

function positiveSeconds(
  name: string,
  value: number | undefined,
  dflt: number,
): number {
  const v = value ?? dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new TypeError(`${name} must be a finite number >= 0`);
  }
  return v * 1000;
}

function quotaOf(
  value: number | undefined,
  dflt: number,
  name: string,
): number {
  const v = value ?? dflt;
  if (!Number.isInteger(v) || v < 0) {
    throw new TypeError(`${name} must be an integer >= 0`);
  }
  return v;
}

/**
 * Makes the clock named by an option.
 *
 * @example
 * ```ts
 * import { makeClock } from "./world.ts";
 * console.log(makeClock("manual").kind); // "manual"
 * ```
 */
export function makeClock(option: WorldOptions["clock"]): Clock {
  if (option === undefined || option === "manual") return new ManualClock();
  if (option === "real") return new RealClock();
  if (typeof option === "object" && typeof option.now === "function") {
    return option;
  }
  throw new TypeError(`clock must be "manual" or "real"`);
}

/**
 * The emulated account.
 *
 * @example
 * ```ts
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * await world.addSshKey({ name: "me", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me" });
 * const { instance_ids } = world.launch({ region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] });
 * world.clock.advance(60_000);
 * console.log(world.getInstance(instance_ids[0]).status); // "active"
 * ```
 */
export class MockWorld {
  /** The model's clock. */
  readonly clock: Clock;
  /** Regions, types, capacity, images. */
  readonly catalogue: Catalogue;
  /** Instances. */
  readonly instances: InstanceStore;
  /** SSH keys. */
  readonly sshKeys: SshKeyStore;
  /** Filesystems. */
  readonly fileSystems: FileSystemStore;
  /** Firewall rules and rulesets. */
  readonly firewall: FirewallStore;
  /** Audit log. */
  readonly audit: AuditLog;
  /** Quotas in force. */
  readonly quota: Required<QuotaOptions>;
  /**
   * The account's workspace: the real API names it on SSH keys (and the
   * emulator on instances too) when answers grow beyond the description.
   */
  readonly workspaceId: string;

  /** @param options world options */
  constructor(options: WorldOptions = {}) {
    const seed = options.seed ?? 0;
    this.clock = makeClock(options.clock);
    const q = typeof options.quota === "number"
      ? { instances: options.quota }
      : options.quota ?? {};
    this.quota = {
      instances: quotaOf(q.instances, 500, "quota.instances"),
      fileSystems: quotaOf(q.fileSystems, 100, "quota.fileSystems"),
      firewallRulesets: quotaOf(
        q.firewallRulesets,
        100,
        "quota.firewallRulesets",
      ),
    };
    const bootMs = positiveSeconds("bootSeconds", options.bootSeconds, 60);
    this.catalogue = new Catalogue(
      options,
      SeededRandom.derive(seed, "images"),
    );
    this.instances = new InstanceStore(SeededRandom.derive(seed, "instances"), {
      bootMs,
      restartMs: positiveSeconds(
        "restartSeconds",
        options.restartSeconds,
        bootMs / 1000,
      ),
      terminateMs: positiveSeconds(
        "terminateSeconds",
        options.terminateSeconds,
        5,
      ),
      retentionMs: positiveSeconds(
        "terminatedRetentionSeconds",
        options.terminatedRetentionSeconds,
        300,
      ),
    });
    this.sshKeys = new SshKeyStore(SeededRandom.derive(seed, "ssh-keys"));
    const userRng = SeededRandom.derive(seed, "user");
    this.fileSystems = new FileSystemStore(
      this.clock,
      SeededRandom.derive(seed, "filesystems"),
      {
        id: userRng.hex(32),
        email: "emulator@example.com",
        status: "active",
      },
    );
    this.firewall = new FirewallStore(
      this.clock,
      SeededRandom.derive(seed, "firewall"),
    );
    this.audit = new AuditLog(this.clock, SeededRandom.derive(seed, "audit"));
    this.workspaceId = SeededRandom.derive(seed, "workspace").hex(32);
  }

  /** Runs every lifecycle step that is due on the clock. */
  sync(): void {
    this.instances.sync(this.clock.now(), (r) => {
      this.catalogue.give(r.region.name, r.instanceType.name);
    });
  }

  // ---------------------------------------------------------------- catalogue

  /** Regions (wire form). */
  regions(): Region[] {
    return this.catalogue.regions();
  }

  /** Images (wire form). */
  images(): Image[] {
    return this.catalogue.images();
  }

  #instanceTypesJson: { version: number; text: string } | undefined;

  /**
   * `JSON.stringify(instanceTypes())`, rebuilt only when some type gained
   * its first or lost its last unit of capacity in a region: the catalogue
   * is the most polled answer and its text rarely changes.
   */
  instanceTypesJson(): string {
    this.sync();
    const version = this.catalogue.availabilityVersion;
    if (this.#instanceTypesJson?.version !== version) {
      this.#instanceTypesJson = {
        version,
        text: JSON.stringify(this.instanceTypes()),
      };
    }
    return this.#instanceTypesJson.text;
  }

  /** Instance types with live `regions_with_capacity_available`. */
  instanceTypes(): Record<
    string,
    { instance_type: InstanceType; regions_with_capacity_available: Region[] }
  > {
    this.sync();
    const out: Record<
      string,
      { instance_type: InstanceType; regions_with_capacity_available: Region[] }
    > = {};
    for (const t of this.catalogue.instanceTypes()) {
      out[t.name] = {
        instance_type: t,
        regions_with_capacity_available: this.catalogue.regionsWithCapacity(
          t.name,
        ),
      };
    }
    return out;
  }

  // ---------------------------------------------------------------- instances

  /**
   * Every visible instance (wire form), or those of one cluster.
   *
   * @param clusterId only the instances of this cluster
   */
  listInstances(clusterId?: string): Instance[] {
    this.sync();
    return this.#listed(clusterId).map(toWire);
  }

  /**
   * Every visible instance (or those of one cluster) as a JSON array: the
   * wire form, serialised, each instance's JSON cached until it changes.
   *
   * @param clusterId only the instances of this cluster
   */
  listInstancesJson(clusterId?: string): string {
    this.sync();
    const parts = this.#listed(clusterId).map((r) => this.instances.jsonOf(r));
    return `[${parts.join(",")}]`;
  }

  #listed(clusterId: string | undefined): InstanceRecord[] {
    const all = this.instances.list();
    return clusterId === undefined
      ? all
      : all.filter((r) => r.clusterId === clusterId);
  }

  /**
   * Makes instances part of a cluster (the API has no call for that:
   * clusters are set up by Lambda), for testing clients that filter by
   * `cluster_id`.
   *
   * @param ids instance ids
   * @param clusterId the cluster's id
   */
  setInstanceCluster(ids: readonly string[], clusterId: string): void {
    this.sync();
    const records = ids.map((id) => this.instances.require(id));
    for (const r of records) r.clusterId = clusterId;
  }

  /**
   * One instance (wire form).
   *
   * @param id instance id
   * @throws {MockApiError} 404 `global/object-does-not-exist`
   */
  getInstance(id: string): Instance {
    this.sync();
    return toWire(this.instances.require(id));
  }

  /**
   * One instance as JSON: its wire form, serialised and cached until it
   * changes (the most polled answer of all).
   *
   * @param id instance id
   * @throws {MockApiError} 404 `global/object-does-not-exist`
   */
  getInstanceJson(id: string): string {
    this.sync();
    return this.instances.jsonOf(this.instances.require(id));
  }

  /**
   * Renames an instance (`{ name }`, ≤ 64 characters; no name: no change).
   *
   * @param id instance id
   * @param req `{ name? }`
   */
  updateInstance(id: string, req: UpdateInstanceRequest): Instance {
    this.sync();
    const r = this.instances.require(id);
    const name = req.name;
    if (name === undefined) return toWire(r);
    r.name = name;
    this.instances.touch(id);
    this.audit.record({
      resource: "instance",
      action: "updated",
      ids: [id],
      details: { name },
    });
    return toWire(r);
  }

  /**
   * Launches one instance after checking what spans resources: the
   * region, type, SSH key, filesystems, image and rulesets it names, the
   * limits on quantity, keys and tags, capacity and quota.
   *
   * @param req the parsed launch request
   * @throws {MockApiError} 400 `global/invalid-parameters`,
   *   `instance-operations/launch/insufficient-capacity`,
   *   `instance-operations/launch/file-system-in-wrong-region`,
   *   `global/quota-exceeded`; 404 `global/object-does-not-exist`
   */
  launch(req: LaunchRequest): { instance_ids: string[] } {
    this.sync();
    const regionName = req.region_name;
    const typeName = req.instance_type_name;
    if (req.quantity !== undefined && req.quantity > 1) {
      // The real API's words, as clients have quoted them.
      throw invalidParameters(
        "Requested too many instances",
        "Launch one instance per request.",
      );
    }
    const sshKeyNames = req.ssh_key_names;
    if (sshKeyNames.length !== 1) {
      throw invalidParameters(
        "Exactly one SSH key must be given in ssh_key_names.",
      );
    }
    const fsNames = req.file_system_names ?? [];
    const mountsIn = req.file_system_mounts ?? [];
    const tags: TagEntry[] = (req.tags ?? []).map((t) => ({ ...t }));
    if (tags.length > MAX_TAGS) {
      throw invalidParameters(`At most ${MAX_TAGS} tags are allowed.`);
    }
    if (new Set(tags.map((t) => t.key)).size !== tags.length) {
      throw invalidParameters("Tag keys must be unique.");
    }
    const rulesetIds = (req.firewall_rulesets ?? []).map((e) => e.id);

    // References.
    const region = this.catalogue.region(regionName);
    if (!region) {
      throw invalidParameters(
        `Region '${truncate(regionName)}' does not exist.`,
        "List regions with GET /api/v1/regions.",
      );
    }
    const type = this.catalogue.instanceType(typeName);
    if (!type) {
      throw invalidParameters(
        `Instance type '${truncate(typeName)}' does not exist.`,
        "List instance types with GET /api/v1/instance-types.",
      );
    }
    if (!this.sshKeys.byName(sshKeyNames[0])) {
      throw launchResourceNotFound("SSH key", sshKeyNames[0]);
    }
    const mounts = new Map<string, FilesystemMountEntry & { name: string }>();
    for (const n of fsNames) {
      const fs = this.fileSystems.byName(n);
      if (!fs) throw launchResourceNotFound("Filesystem", n);
      if (!mounts.has(fs.id)) {
        mounts.set(fs.id, {
          name: fs.name,
          mount_point: fs.mount_point,
          file_system_id: fs.id,
        });
      }
      this.#checkFsRegion(fs.name, fs.region.name, regionName);
    }
    for (const m of mountsIn) {
      const fs = this.fileSystems.byId(m.file_system_id);
      if (!fs) throw launchResourceNotFound("Filesystem", m.file_system_id);
      this.#checkFsRegion(fs.name, fs.region.name, regionName);
      mounts.set(fs.id, { name: fs.name, ...m });
    }
    const mountPoints = [...mounts.values()].map((m) => m.mount_point);
    if (new Set(mountPoints).size !== mountPoints.length) {
      throw invalidParameters("Two filesystems cannot share a mount point.");
    }
    const image = this.catalogue.resolveImage(regionName, typeName, req.image);
    if (rulesetIds.length > 0 && REGIONS_WITHOUT_FIREWALL.has(regionName)) {
      throw firewallDoesNotApply(regionName);
    }
    for (const id of new Set(rulesetIds)) {
      const rs = this.firewall.find(id);
      if (!rs) throw launchResourceNotFound("Firewall ruleset", id);
      if (rs.region.name !== regionName) {
        throw invalidParameters(
          `Firewall ruleset '${id}' is in ${rs.region.name}, not ${regionName}.`,
        );
      }
    }
    if (this.instances.liveCount >= this.quota.instances) {
      throw new MockApiError(
        400,
        "global/quota-exceeded",
        `Quota exceeded: at most ${this.quota.instances} instances.`,
        "Contact Support to increase your quota.",
      );
    }
    if (!this.catalogue.take(regionName, typeName)) {
      throw new MockApiError(
        400,
        "instance-operations/launch/insufficient-capacity",
        `Not enough capacity to launch ${typeName} in ${regionName}.`,
        "Try another region or instance type, or try again later.",
      );
    }
    const id = this.instances.newId();
    const record = this.instances.add({
      id,
      name: req.name,
      region,
      instanceType: type,
      sshKeyNames: [...sshKeyNames],
      fileSystemNames: [...mounts.values()].map((m) => m.name),
      fileSystemMounts: [...mounts.values()].map((m) => ({
        mount_point: m.mount_point,
        file_system_id: m.file_system_id,
      })),
      requestedHostname: req.hostname,
      imageId: image.id,
      userData: req.user_data,
      tags,
      firewallRulesetIds: [...new Set(rulesetIds)],
    }, this.clock.now());
    if (record.name === undefined) delete record.name;
    this.audit.record({
      resource: "instance",
      action: "launched",
      ids: [id],
      details: {
        instance_type: typeName,
        region: regionName,
        image_id: image.id,
      },
    });
    return { instance_ids: [id] };
  }

  #checkFsRegion(name: string, fsRegion: string, region: string): void {
    if (fsRegion !== region) {
      throw new MockApiError(
        400,
        "instance-operations/launch/file-system-in-wrong-region",
        `Filesystem '${name}' is in ${fsRegion}, not ${region}.`,
        "Launch in the filesystem's region or use another filesystem.",
      );
    }
  }

  /**
   * Restarts instances: all or none (404 for an unknown id, 409
   * `global/conflict` for one that is not active).
   *
   * @param req `{ instance_ids }`
   */
  restart(req: InstanceIdsRequest): { restarted_instances: Instance[] } {
    this.sync();
    // A guess: nothing says what an empty restart answers; it is refused,
    // as it always was here. (An empty terminate is accepted, below.)
    if (req.instance_ids.length === 0) {
      throw invalidParameters("instance_ids must not be empty.");
    }
    const ids = [...new Set(req.instance_ids)];
    const records = this.instances.checkRestart(ids);
    this.instances.restart(records, this.clock.now());
    this.audit.record({ resource: "instance", action: "restarted", ids });
    return { restarted_instances: records.map(toWire) };
  }

  /**
   * Terminates instances: all or none (404 for an unknown id); those
   * already terminating or terminated are returned as they are; an empty
   * list terminates nothing.
   *
   * @param req `{ instance_ids }`
   */
  terminate(req: InstanceIdsRequest): { terminated_instances: Instance[] } {
    this.sync();
    const ids = [...new Set(req.instance_ids)];
    // No minimum is documented, and clients send an empty list for a
    // cluster without nodes: nothing to do, nothing to record.
    if (ids.length === 0) return { terminated_instances: [] };
    const records = ids.map((id) => this.instances.require(id));
    this.instances.terminate(records, this.clock.now());
    this.audit.record({ resource: "instance", action: "terminated", ids });
    return { terminated_instances: records.map(toWire) };
  }

  /**
   * Sets an instance's status by hand (e.g. `unhealthy` or `preempted`),
   * for testing clients against rare states.
   *
   * @param id instance id
   * @param status the new status
   */
  setInstanceStatus(id: string, status: InstanceStatus): Instance {
    this.sync();
    const r = this.instances.require(id);
    if (!LIVE_STATUSES.has(r.status) && LIVE_STATUSES.has(status)) {
      throw invalidParameters("A terminated instance cannot come back.");
    }
    this.instances.setStatus(id, status, this.clock.now(), (rec) => {
      this.catalogue.give(rec.region.name, rec.instanceType.name);
    });
    return toWire(r);
  }

  // ---------------------------------------------------------------- SSH keys

  /** SSH keys (wire form). */
  listSshKeys(): SSHKey[] {
    return this.sshKeys.list();
  }

  /**
   * Adds an SSH key, or generates a key pair when no public key is given.
   *
   * @param req `{ name, public_key? }`
   */
  async addSshKey(req: AddSshKeyRequest): Promise<SSHKey | GeneratedSSHKey> {
    const key = await this.sshKeys.add(req);
    this.audit.record({
      resource: "ssh_key",
      action: "created",
      ids: [key.id],
    });
    return key;
  }

  /**
   * Deletes an SSH key.
   *
   * @param id key id
   * @throws {MockApiError} 404 `global/not-found`
   */
  deleteSshKey(id: string): Record<string, never> {
    this.sshKeys.delete(id);
    this.audit.record({ resource: "ssh_key", action: "deleted", ids: [id] });
    return {};
  }

  // ---------------------------------------------------------------- filesystems

  #fsInUse(id: string): boolean {
    return this.instances.list().some((r) =>
      LIVE_STATUSES.has(r.status) &&
      r.fileSystemMounts.some((m) => m.file_system_id === id)
    );
  }

  /** Filesystems (wire form, with `is_in_use`). */
  listFileSystems(): Filesystem[] {
    this.sync();
    return this.fileSystems.list().map((f) => ({
      ...f,
      is_in_use: this.#fsInUse(f.id),
    }));
  }

  /**
   * Creates a filesystem.
   *
   * @param req `{ name, region }`
   */
  createFileSystem(req: CreateFilesystemRequest): Filesystem {
    this.fileSystems.checkNameFree(req.name);
    const regionName = req.region;
    const region = this.catalogue.region(regionName);
    if (!region) {
      throw invalidParameters(
        `Region '${truncate(regionName)}' does not exist.`,
      );
    }
    const fs = this.fileSystems.create(
      req.name,
      region,
      this.quota.fileSystems,
    );
    this.audit.record({
      resource: "filesystem",
      action: "created",
      ids: [fs.id],
      details: { region: regionName },
    });
    return { ...fs, is_in_use: false };
  }

  /**
   * Deletes a filesystem unless an instance mounts it.
   *
   * @param id filesystem id
   * @throws {MockApiError} 404 `global/object-does-not-exist`, 400
   *   `filesystems/filesystem-in-use`
   */
  deleteFileSystem(id: string): { deleted_ids: string[] } {
    this.sync();
    const fs = this.fileSystems.requireId(id);
    if (this.#fsInUse(id)) {
      throw new MockApiError(
        400,
        "filesystems/filesystem-in-use",
        `Filesystem '${fs.name}' is mounted by an instance.`,
        "Terminate the instances that mount it, then try again.",
      );
    }
    this.fileSystems.delete(id);
    this.audit.record({ resource: "filesystem", action: "deleted", ids: [id] });
    return { deleted_ids: [id] };
  }

  // ---------------------------------------------------------------- firewall

  /** The account-wide inbound rules (the global ruleset's rules). */
  firewallRules(): FirewallRule[] {
    return this.firewall.global().rules;
  }

  /**
   * Replaces the account-wide rules.
   *
   * @param req `{ data: FirewallRule[] }`
   */
  setFirewallRules(req: SetFirewallRulesRequest): FirewallRule[] {
    const rules = this.firewall.setGlobalRules(req.data);
    this.audit.record({
      resource: "firewall_rules",
      action: "updated",
      ids: ["global"],
    });
    return rules;
  }

  #rulesetWire(r: RulesetRecord): FirewallRuleset {
    const ids = this.instances.list().filter((i) =>
      LIVE_STATUSES.has(i.status) && i.firewallRulesetIds.includes(r.id)
    ).map((i) => i.id);
    return { ...r, instance_ids: ids };
  }

  /** Rulesets (wire form). */
  listFirewallRulesets(): FirewallRuleset[] {
    this.sync();
    return this.firewall.list().map((r) => this.#rulesetWire(r));
  }

  /**
   * One ruleset.
   *
   * @param id ruleset id
   */
  getFirewallRuleset(id: string): FirewallRuleset {
    this.sync();
    return this.#rulesetWire(this.firewall.get(id));
  }

  /**
   * Creates a ruleset.
   *
   * @param req `{ name, region, rules }`
   */
  createFirewallRuleset(req: CreateRulesetRequest): FirewallRuleset {
    this.sync();
    const regionName = req.region;
    const region = this.catalogue.region(regionName);
    if (!region) {
      throw invalidParameters(
        `Region '${truncate(regionName)}' does not exist.`,
      );
    }
    const r = this.firewall.create(req, region, this.quota.firewallRulesets);
    this.audit.record({
      resource: "firewall_ruleset",
      action: "created",
      ids: [r.id],
    });
    return this.#rulesetWire(r);
  }

  /**
   * Updates a ruleset's name and/or rules.
   *
   * @param id ruleset id
   * @param req `{ name?, rules? }`
   */
  updateFirewallRuleset(
    id: string,
    req: UpdateRulesetRequest,
  ): FirewallRuleset {
    this.sync();
    const r = this.firewall.update(id, req);
    this.audit.record({
      resource: "firewall_ruleset",
      action: "updated",
      ids: [id],
    });
    return this.#rulesetWire(r);
  }

  /**
   * Deletes a ruleset unless an instance uses it.
   *
   * @param id ruleset id
   * @throws {MockApiError} 404, 400 `firewall-rulesets/firewall-ruleset-in-use`
   */
  deleteFirewallRuleset(id: string): Record<string, never> {
    this.sync();
    const r = this.#rulesetWire(this.firewall.get(id));
    if (r.instance_ids.length > 0) {
      throw new MockApiError(
        400,
        "firewall-rulesets/firewall-ruleset-in-use",
        "Firewall ruleset is in use by one or more instances.",
        "Terminate all instances that are using the ruleset before deleting it.",
      );
    }
    this.firewall.delete(id);
    this.audit.record({
      resource: "firewall_ruleset",
      action: "deleted",
      ids: [id],
    });
    return {};
  }

  /** The global ruleset. */
  globalFirewallRuleset(): GlobalFirewallRuleset {
    return this.firewall.global();
  }

  /**
   * Updates the global ruleset's rules (`{ rules? }`).
   *
   * @param req `{ rules? }`
   */
  updateGlobalFirewallRuleset(
    req: UpdateGlobalRulesetRequest,
  ): GlobalFirewallRuleset {
    if (req.rules !== undefined) {
      this.firewall.setGlobalRules(req.rules);
      this.audit.record({
        resource: "firewall_ruleset",
        action: "updated",
        ids: ["global"],
      });
    }
    return this.firewall.global();
  }

  // ---------------------------------------------------------------- audit

  /**
   * A page of audit events, newest first.
   *
   * @param query filters
   */
  auditEvents(
    query: AuditQuery,
  ): { data: AuditEvent[]; page_token: string | null } {
    return this.audit.query(query);
  }

  // ---------------------------------------------------------------- snapshot

  /** A deep copy of the whole state. */
  snapshot(): MockStateSnapshot {
    this.sync();
    return {
      now: new Date(this.clock.now()).toISOString(),
      instances: this.instances.list().map(toWire),
      sshKeys: this.listSshKeys(),
      fileSystems: this.listFileSystems(),
      firewallRulesets: this.listFirewallRulesets(),
      globalFirewallRuleset: this.firewall.global(),
      capacity: this.catalogue.capacity(),
      auditEvents: this.audit.all(),
    };
  }
}
