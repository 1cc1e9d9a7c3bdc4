/**
 * Instances and their lifecycle on the clock:
 *
 * ```text
 * launch ─► booting ──(bootMs)──► active ──restart──► booting ──(restartMs)──► active
 *              │                    │
 *              └──────terminate─────┴──► terminating ──(terminateMs)──► terminated
 *                                                       ──(retentionMs)──► gone from lists
 * ```
 *
 * IP, private IP, hostname and the Jupyter URL/token appear when an
 * instance first becomes active. `actions` follows the status with the
 * API's reason codes.
 *
 * @module
 */
import { instanceNotFound, MockApiError } from "./errors.ts";
import type { SeededRandom } from "./random.ts";
import type {
  FilesystemMountEntry,
  Instance,
  InstanceActionAvailability,
  InstanceActionAvailabilityDetails,
  InstanceStatus,
  InstanceType,
  Region,
  TagEntry,
} from "./types.ts";

/**
 * The stored form of an instance.
 *
 * @example
 * ```ts
 * import type { InstanceRecord } from "./instances.ts";
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * await world.addSshKey({ name: "me", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me" });
 * const { instance_ids: [id] } = world.launch({ region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] });
 * const record: InstanceRecord | undefined = world.instances.find(id);
 * console.log(record?.status, record?.sshKeyNames, record?.launched); // booting ["me"] false
 * ```
 */
export interface InstanceRecord {
  /** id (32 hex digits) */
  id: string;
  /** user-given name */
  name?: string;
  /** region */
  region: Region;
  /** instance type */
  instanceType: InstanceType;
  /** SSH key names */
  sshKeyNames: string[];
  /** mounted filesystem names */
  fileSystemNames: string[];
  /** mounted filesystems */
  fileSystemMounts: FilesystemMountEntry[];
  /** hostname asked for at launch */
  requestedHostname?: string;
  /** image id */
  imageId: string;
  /** cloud-init user data */
  userData?: string;
  /** tags */
  tags: TagEntry[];
  /** attached firewall ruleset ids */
  firewallRulesetIds: string[];
  /** the cluster it is part of (not on the wire; `GET /instances` filters by it) */
  clusterId?: string;
  /** current status */
  status: InstanceStatus;
  /** public IP (once active) */
  ip?: string;
  /** private IP (once active) */
  privateIp?: string;
  /** hostname (once active) */
  hostname?: string;
  /** Jupyter token (once active) */
  jupyterToken?: string;
  /** Jupyter URL (once active) */
  jupyterUrl?: string;
  /** launch time, epoch ms */
  launchedAt: number;
  /** time of the last status change, epoch ms */
  statusSince: number;
  /** when the next automatic step happens, epoch ms */
  nextAt?: number;
  /** whether it has ever been active */
  launched: boolean;
  /** launch order */
  seq: number;
}

/**
 * Lifecycle timings in milliseconds.
 *
 * @example
 * ```ts
 * import type { LifecycleTimings } from "./instances.ts";
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ bootSeconds: 30, terminateSeconds: 2 });
 * const timings: LifecycleTimings = world.instances.timings;
 * console.log(timings.bootMs, timings.terminateMs); // 30000 2000
 * ```
 */
export interface LifecycleTimings {
  /** booting → active after launch */
  bootMs: number;
  /** booting → active after restart */
  restartMs: number;
  /** terminating → terminated */
  terminateMs: number;
  /** terminated → gone from lists */
  retentionMs: number;
}

const ACTIONS = [
  "migrate",
  "rebuild",
  "restart",
  "cold_reboot",
  "terminate",
] as const;

function unavailable(
  code: string,
  description: string,
): InstanceActionAvailabilityDetails {
  return {
    available: false,
    reason_code: code,
    reason_description: description,
  };
}

/**
 * The `actions` object for an instance record, following its status.
 *
 * @example
 * ```ts
 * import { actionsFor } from "./instances.ts";
 * console.log(actionsFor({ status: "terminating", launched: true }).terminate.available); // false
 * ```
 */
export function actionsFor(
  r: Pick<InstanceRecord, "status" | "launched">,
): InstanceActionAvailability {
  const out = {} as Record<
    (typeof ACTIONS)[number],
    InstanceActionAvailabilityDetails
  >;
  for (const action of ACTIONS) {
    switch (r.status) {
      case "active":
      case "unhealthy":
        out[action] = { available: true };
        break;
      case "booting":
        out[action] = action === "terminate"
          ? { available: true }
          : r.launched
          ? unavailable(
            "vm-action-in-progress",
            "Another action is in progress on this instance.",
          )
          : unavailable(
            "vm-has-not-launched",
            "The instance has not finished launching.",
          );
        break;
      default:
        out[action] = unavailable(
          "vm-is-terminating",
          "The instance is terminating or terminated.",
        );
    }
  }
  return out;
}

/**
 * The wire form of an instance record.
 *
 * @example
 * ```ts
 * import { toWire } from "./instances.ts";
 * import { MockWorld } from "./world.ts";
 * const world = new MockWorld({ seed: 1 });
 * await world.addSshKey({ name: "me", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me" });
 * const { instance_ids: [id] } = world.launch({ region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] });
 * const wire = toWire(world.instances.require(id));
 * console.log(wire.status, wire.ssh_key_names, wire.region.name); // booting ["me"] us-west-1
 * ```
 */
export function toWire(r: InstanceRecord): Instance {
  const out: Instance = {
    id: r.id,
    status: r.status,
    ssh_key_names: [...r.sshKeyNames],
    file_system_names: [...r.fileSystemNames],
    region: { ...r.region },
    instance_type: { ...r.instanceType, specs: { ...r.instanceType.specs } },
    actions: actionsFor(r),
    tags: r.tags.map((t) => ({ ...t })),
    firewall_rulesets: r.firewallRulesetIds.map((id) => ({ id })),
  };
  // Absent, not empty, when nothing is mounted: so the description says.
  if (r.fileSystemMounts.length > 0) {
    out.file_system_mounts = r.fileSystemMounts.map((m) => ({ ...m }));
  }
  if (r.name !== undefined) out.name = r.name;
  if (r.ip !== undefined) out.ip = r.ip;
  if (r.privateIp !== undefined) out.private_ip = r.privateIp;
  if (r.hostname !== undefined) out.hostname = r.hostname;
  if (r.jupyterToken !== undefined) out.jupyter_token = r.jupyterToken;
  if (r.jupyterUrl !== undefined) out.jupyter_url = r.jupyterUrl;
  return out;
}

/** Statuses that hold capacity and count against the quota. @example `LIVE_STATUSES.has("terminating") // true` */
export const LIVE_STATUSES: ReadonlySet<InstanceStatus> = new Set([
  "booting",
  "active",
  "unhealthy",
  "terminating",
]);

/**
 * The instances of the account, with the lifecycle rules.
 *
 * @example
 * ```ts
 * import { InstanceStore } from "./instances.ts";
 * import { SeededRandom } from "./random.ts";
 * const store = new InstanceStore(new SeededRandom(1), { bootMs: 1000, restartMs: 1000, terminateMs: 1000, retentionMs: 1000 });
 * console.log(store.list().length); // 0
 * ```
 */
export class InstanceStore {
  readonly #rng: SeededRandom;
  readonly #timings: LifecycleTimings;
  readonly #byId = new Map<string, InstanceRecord>();
  /** Due lifecycle steps: a binary min-heap on (time, launch order). */
  readonly #heap: TimerEntry[] = [];
  /** The live timer token of each instance; stale heap entries are skipped. */
  readonly #tokens = new Map<string, number>();
  /** Serialised wire form per instance, dropped whenever it changes. */
  readonly #json = new Map<string, string>();
  readonly #usedIps = new Set<string>();
  #seq = 0;
  #live = 0;

  /**
   * @param rng generator for ids, IPs and tokens
   * @param timings lifecycle timings
   */
  constructor(rng: SeededRandom, timings: LifecycleTimings) {
    this.#rng = rng;
    this.#timings = timings;
  }

  /** The lifecycle timings. */
  get timings(): LifecycleTimings {
    return { ...this.#timings };
  }

  /** How many instances hold capacity (booting, active, unhealthy, terminating). */
  get liveCount(): number {
    return this.#live;
  }

  /** A fresh instance id. */
  newId(): string {
    let id = this.#rng.hex(32);
    while (this.#byId.has(id)) id = this.#rng.hex(32);
    return id;
  }

  /**
   * Stores a new booting instance.
   *
   * @param fields everything but the lifecycle fields
   * @param now launch time
   */
  add(
    fields: Omit<
      InstanceRecord,
      "status" | "launchedAt" | "statusSince" | "nextAt" | "launched" | "seq"
    >,
    now: number,
  ): InstanceRecord {
    const record: InstanceRecord = {
      ...fields,
      status: "booting",
      launchedAt: now,
      statusSince: now,
      launched: false,
      seq: this.#seq++,
    };
    this.#byId.set(record.id, record);
    this.#schedule(record, now + this.#timings.bootMs);
    this.#live++;
    return record;
  }

  /**
   * Runs every lifecycle step due by `now`, in time order. `onTerminated`
   * is called for each instance that reaches `terminated` (to give its
   * capacity back).
   *
   * @param now current time
   * @param onTerminated callback
   */
  sync(now: number, onTerminated: (r: InstanceRecord) => void): void {
    const heap = this.#heap;
    while (heap.length > 0 && heap[0].at <= now) {
      const entry = heapPop(heap);
      if (this.#tokens.get(entry.id) !== entry.token) continue;
      const r = this.#byId.get(entry.id);
      if (r) this.#step(r, onTerminated);
    }
  }

  #schedule(r: InstanceRecord, at: number): void {
    const token = (this.#tokens.get(r.id) ?? 0) + 1;
    this.#tokens.set(r.id, token);
    r.nextAt = at;
    heapPush(this.#heap, { at, seq: r.seq, id: r.id, token });
  }

  #cancel(r: InstanceRecord): void {
    this.#tokens.set(r.id, (this.#tokens.get(r.id) ?? 0) + 1);
    r.nextAt = undefined;
  }

  #step(r: InstanceRecord, onTerminated: (r: InstanceRecord) => void): void {
    const at = r.nextAt!;
    this.#json.delete(r.id);
    switch (r.status) {
      case "booting":
        this.#becomeActive(r);
        r.status = "active";
        r.statusSince = at;
        this.#cancel(r);
        return;
      case "terminating":
        r.status = "terminated";
        r.statusSince = at;
        this.#schedule(r, at + this.#timings.retentionMs);
        this.#live--;
        onTerminated(r);
        return;
      case "terminated":
      case "preempted":
        this.#tokens.delete(r.id);
        this.#byId.delete(r.id);
        if (r.ip) this.#usedIps.delete(r.ip);
        return;
      default:
        this.#cancel(r);
    }
  }

  #becomeActive(r: InstanceRecord): void {
    r.launched = true;
    if (r.ip === undefined) {
      let ip: string;
      do {
        // 198.18.0.0/15: reserved for benchmarking, never routed.
        const n = this.#rng.int(2 ** 17 - 2) + 1;
        ip = `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
      } while (this.#usedIps.has(ip));
      this.#usedIps.add(ip);
      r.ip = ip;
      r.privateIp = `10.${this.#rng.int(256)}.${this.#rng.int(256)}.${
        2 + this.#rng.int(250)
      }`;
      r.hostname = r.requestedHostname ?? ip.replaceAll(".", "-");
      r.jupyterToken = this.#rng.hex(32);
      r.jupyterUrl = `https://jupyter-${
        this.#rng.hex(32)
      }.lambdaspaces.com/?token=${r.jupyterToken}`;
    }
  }

  /**
   * The wire form of an instance as JSON, cached until the instance
   * changes (the model calls {@linkcode InstanceStore.touch} on changes).
   *
   * @param r instance
   */
  jsonOf(r: InstanceRecord): string {
    let text = this.#json.get(r.id);
    if (text === undefined) {
      text = JSON.stringify(toWire(r));
      this.#json.set(r.id, text);
    }
    return text;
  }

  /**
   * Drops the cached wire form of an instance after a change made outside
   * this store.
   *
   * @param id instance id
   */
  touch(id: string): void {
    this.#json.delete(id);
  }

  /** Every instance still visible, in launch order. */
  list(): InstanceRecord[] {
    return [...this.#byId.values()];
  }

  /**
   * An instance by id, or `undefined`.
   *
   * @param id instance id
   */
  find(id: string): InstanceRecord | undefined {
    return this.#byId.get(id);
  }

  /**
   * An instance by id, or a 404 `global/object-does-not-exist`.
   *
   * @param id instance id
   */
  require(id: string): InstanceRecord {
    const r = this.#byId.get(id);
    if (!r) throw instanceNotFound(id);
    return r;
  }

  /**
   * Checks that every instance can be restarted (active or unhealthy);
   * throws 404 for an unknown id and 409 `global/conflict` for a busy one,
   * changing nothing.
   *
   * @param ids instance ids
   */
  checkRestart(ids: readonly string[]): InstanceRecord[] {
    const records = ids.map((id) => this.require(id));
    for (const r of records) {
      if (r.status !== "active" && r.status !== "unhealthy") {
        throw new MockApiError(
          409,
          "global/conflict",
          `Instance ${r.id} cannot be restarted while ${r.status}.`,
          r.status === "booting"
            ? "Wait until the instance is active and try again."
            : undefined,
        );
      }
    }
    return records;
  }

  /**
   * Restarts instances (after {@linkcode InstanceStore.checkRestart}).
   *
   * @param records instances
   * @param now current time
   */
  restart(records: readonly InstanceRecord[], now: number): void {
    for (const r of records) {
      this.#json.delete(r.id);
      r.status = "booting";
      r.statusSince = now;
      this.#schedule(r, now + this.#timings.restartMs);
    }
  }

  /**
   * Starts terminating instances; those already terminating or
   * terminated are left alone.
   *
   * @param records instances
   * @param now current time
   */
  terminate(records: readonly InstanceRecord[], now: number): void {
    for (const r of records) {
      if (!LIVE_STATUSES.has(r.status) || r.status === "terminating") continue;
      this.#json.delete(r.id);
      r.status = "terminating";
      r.statusSince = now;
      this.#schedule(r, now + this.#timings.terminateMs);
    }
  }

  /**
   * Sets a status by hand (`unhealthy`, `preempted`, …), for tests of
   * clients. A `preempted` or `terminated` instance gives its capacity
   * back through `onReleased`.
   *
   * @param id instance id
   * @param status new status
   * @param now current time
   * @param onReleased called when the instance stops holding capacity
   */
  setStatus(
    id: string,
    status: InstanceStatus,
    now: number,
    onReleased: (r: InstanceRecord) => void,
  ): void {
    const r = this.require(id);
    this.#json.delete(id);
    const wasLive = LIVE_STATUSES.has(r.status);
    r.status = status;
    r.statusSince = now;
    this.#cancel(r);
    if (status === "active") this.#becomeActive(r);
    if (status === "booting") {
      this.#schedule(
        r,
        now + (r.launched ? this.#timings.restartMs : this.#timings.bootMs),
      );
    }
    if (status === "terminated" || status === "preempted") {
      this.#schedule(r, now + this.#timings.retentionMs);
    }
    if (status === "terminating") {
      this.#schedule(r, now + this.#timings.terminateMs);
    }
    const isLive = LIVE_STATUSES.has(status);
    if (wasLive && !isLive) {
      this.#live--;
      onReleased(r);
    }
    if (!wasLive && isLive) this.#live++;
  }
}

interface TimerEntry {
  at: number;
  seq: number;
  id: string;
  token: number;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function heapPush(heap: TimerEntry[], entry: TimerEntry): void {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function heapPop(heap: TimerEntry[]): TimerEntry {
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}
