/**
 * What the console page polls (`GET /_mock/console/feed?after=N`): the
 * clock, the faults, the instances with their status timelines, capacity
 * (free / total per region and type), the account (SSH keys, firewall
 * rulesets and the global one, filesystems), and the requests logged since
 * `after`. Everything passes through the redaction of `../redact.ts`.
 *
 * @module
 */
import type { FaultInjector, FaultOptions } from "../faults.ts";
import type { RateLimitMode } from "../routes/rate_limit.ts";
import { redactJson } from "../redact.ts";
import type { RequestLog, RequestSummary } from "../request_log.ts";
import { LIVE_STATUSES } from "../state/instances.ts";
import type {
  Filesystem,
  FirewallRuleset,
  GlobalFirewallRuleset,
  InstanceStatus,
  SSHKey,
} from "../state/types.ts";
import type { MockWorld } from "../state/world.ts";
import { type StatusChange, StatusTimeline } from "./timeline.ts";

/** Most instances sent in one feed (the newest); the rest are counted. @example `MAX_FEED_INSTANCES // 2000` */
export const MAX_FEED_INSTANCES = 2000;

/**
 * An instance as the console shows it.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import type { ConsoleInstance } from "./feed.ts";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * await (await mock.fetch("/_mock/console/feed?after=0")).body?.cancel(); // the first feed starts the timelines
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * mock.clock.advance(60_000);
 * const [inst]: ConsoleInstance[] = (await (await mock.fetch("/_mock/console/feed?after=0")).json()).data.instances;
 * console.log(inst.region, inst.status, inst.timeline.map((step) => step.status)); // us-west-1 active ["booting", "active"]
 * ```
 */
export interface ConsoleInstance {
  /** id */
  id: string;
  /** name, if any */
  name?: string;
  /** status */
  status: InstanceStatus;
  /** region name */
  region: string;
  /** instance type name */
  type: string;
  /** tags as `key=value` */
  tags: string[];
  /** public IP, once active */
  ip?: string;
  /** status changes, oldest first */
  timeline: StatusChange[];
}

/**
 * The whole feed.
 *
 * @example
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import type { ConsoleFeed } from "./feed.ts";
 * const mock = createMockLambda();
 * const feed: ConsoleFeed = (await (await mock.fetch("/_mock/console/feed?after=0")).json()).data;
 * console.log(feed.clock, feed.instanceCount, feed.capacity.cells["us-west-1"].gpu_1x_a10); // manual 0 { free: 10, total: 10 }
 * ```
 */
export interface ConsoleFeed {
  /** Emulator time (ISO 8601). */
  now: string;
  /** `"manual"` or `"real"`. */
  clock: "manual" | "real";
  /** Fault settings in force. */
  faults: FaultOptions;
  /** Whether Lambda's rate limits are enforced (`"lambda"`) or `"off"`. */
  rateLimits: RateLimitMode;
  /** Instances, in launch order (at most {@linkcode MAX_FEED_INSTANCES}). */
  instances: ConsoleInstance[];
  /** How many instances there are in all. */
  instanceCount: number;
  /** Regions × types: free (remaining) and total (free + held). */
  capacity: {
    regions: string[];
    types: string[];
    cells: Record<string, Record<string, { free: number; total: number }>>;
  };
  /** SSH keys. */
  sshKeys: SSHKey[];
  /** Firewall rulesets. */
  firewallRulesets: FirewallRuleset[];
  /** The account-wide ruleset. */
  globalFirewallRuleset: GlobalFirewallRuleset;
  /** Filesystems. */
  fileSystems: Filesystem[];
  /** The request log: whether on, its size, and what came after `after`. */
  requests: {
    enabled: boolean;
    size: number;
    lastSeq: number;
    entries: RequestSummary[];
  };
}

/**
 * What the feed reads.
 *
 * @example
 * ```ts
 * import { ConsoleFeeds, type FeedSources } from "./feed.ts";
 * import { FaultInjector } from "../faults.ts";
 * import { RequestLog } from "../request_log.ts";
 * import { MockWorld } from "../state/world.ts";
 * const world = new MockWorld();
 * const sources: FeedSources = {
 *   world: () => world,
 *   faults: new FaultInjector({ errorRate: 0.1 }),
 *   rateLimits: () => "off",
 *   log: new RequestLog({ size: 0, now: () => world.clock.now(), secrets: () => [] }),
 *   secrets: () => [],
 * };
 * console.log(new ConsoleFeeds(sources).feed(0).faults); // { errorRate: 0.1 }
 * ```
 */
export interface FeedSources {
  /** The current model. */
  world(): MockWorld;
  /** Faults. */
  faults: FaultInjector;
  /** The rate limits' mode in force. */
  rateLimits(): RateLimitMode;
  /** The request log. */
  log: RequestLog;
  /** Strings to redact wherever they appear. */
  secrets(): readonly string[];
}

/**
 * Builds feeds, keeping the status timelines between them. The timelines
 * are gathered after every write from the first feed on, so an emulator
 * nobody watches pays nothing for them.
 *
 * @example
 * ```ts
 * import { ConsoleFeeds } from "./feed.ts";
 * import { FaultInjector } from "../faults.ts";
 * import { RequestLog } from "../request_log.ts";
 * import { MockWorld } from "../state/world.ts";
 * const world = new MockWorld();
 * const feeds = new ConsoleFeeds({
 *   world: () => world,
 *   faults: new FaultInjector(),
 *   rateLimits: () => "lambda",
 *   log: new RequestLog({ size: 10, now: () => world.clock.now(), secrets: () => [] }),
 *   secrets: () => [],
 * });
 * console.log(feeds.feed(0).capacity.cells["us-west-1"].gpu_1x_a10); // { free: 10, total: 10 }
 * ```
 */
export class ConsoleFeeds {
  readonly #sources: FeedSources;
  readonly #timeline = new StatusTimeline();
  #watching = false;

  /** @param sources world, faults, log, secrets */
  constructor(sources: FeedSources) {
    this.#sources = sources;
  }

  /**
   * The feed, with the requests logged after `afterSeq`.
   *
   * @param afterSeq the last request the page has (0: all kept)
   */
  feed(afterSeq: number): ConsoleFeed {
    const { world: worldOf, faults, rateLimits, log, secrets } = this.#sources;
    if (!this.#watching) {
      this.#watching = true;
      log.onWrite(() => this.#timeline.observe(worldOf()));
    }
    const world = worldOf();
    this.#timeline.observe(world);
    const snapshot = world.snapshot();
    const all = snapshot.instances;
    const shown = all.slice(Math.max(0, all.length - MAX_FEED_INSTANCES));
    const held = new Map<string, number>();
    for (const i of all) {
      if (!LIVE_STATUSES.has(i.status)) continue;
      const key = `${i.region.name}\u0000${i.instance_type.name}`;
      held.set(key, (held.get(key) ?? 0) + 1);
    }
    // The catalogue's own order: regions and types as Lambda lists them.
    const regions = Object.keys(snapshot.capacity);
    const types = [
      ...new Set(regions.flatMap((r) => Object.keys(snapshot.capacity[r]))),
    ];
    const cells: ConsoleFeed["capacity"]["cells"] = {};
    for (const region of regions) {
      cells[region] = {};
      for (const type of types) {
        const free = snapshot.capacity[region][type] ?? 0;
        const total = free + (held.get(`${region}\u0000${type}`) ?? 0);
        cells[region][type] = { free, total };
      }
    }
    const feed: ConsoleFeed = {
      now: snapshot.now,
      clock: world.clock.kind,
      faults: faults.get(),
      rateLimits: rateLimits(),
      instances: shown.map((i) => ({
        id: i.id,
        ...(i.name === undefined ? {} : { name: i.name }),
        status: i.status,
        region: i.region.name,
        type: i.instance_type.name,
        tags: (i.tags ?? []).map((t) => `${t.key}=${t.value}`),
        ...(i.ip === undefined ? {} : { ip: i.ip }),
        timeline: this.#timeline.of(i.id),
      })),
      instanceCount: all.length,
      capacity: { regions, types, cells },
      sshKeys: snapshot.sshKeys,
      firewallRulesets: snapshot.firewallRulesets,
      globalFirewallRuleset: snapshot.globalFirewallRuleset,
      fileSystems: snapshot.fileSystems,
      requests: {
        enabled: log.enabled,
        size: log.size,
        lastSeq: log.lastSeq,
        entries: log.summaries(afterSeq),
      },
    };
    return redactJson(feed, secrets()) as ConsoleFeed;
  }
}
