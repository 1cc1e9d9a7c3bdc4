/**
 * The status history of each instance, on the emulator's clock, for the
 * console. The model keeps only the current status and when it began, so
 * the history is gathered by looking: after each write the emulator
 * answers and on each refresh of the console. A change is stamped with the
 * model's own time of the change (not the time it was seen), so a clock
 * advanced by ten minutes shows the boot ending one minute after launch.
 * Every instance begins `booting` at its launch; a status that came and
 * went between two looks (only possible before the console was first
 * opened) is not shown.
 *
 * @module
 */
import type { InstanceStatus } from "../state/types.ts";
import type { MockWorld } from "../state/world.ts";

/**
 * One step of an instance's history.
 *
 * @example
 * ```ts
 * import { type StatusChange, StatusTimeline } from "./timeline.ts";
 * import { MockWorld } from "../state/world.ts";
 * const world = new MockWorld({ seed: 1 });
 * const timeline = new StatusTimeline();
 * await world.addSshKey({ name: "me", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me" });
 * const { instance_ids: [id] } = world.launch({ region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["me"] });
 * timeline.observe(world);
 * world.clock.advance(60_000);
 * timeline.observe(world);
 * const steps: StatusChange[] = timeline.of(id);
 * console.log(steps.at(-1)); // { status: "active", at: "2026-01-01T00:01:00.000Z" }
 * ```
 */
export interface StatusChange {
  /** The status entered. */
  status: InstanceStatus;
  /** When, on the emulator's clock (ISO 8601). */
  at: string;
}

/** Most steps kept per instance (a script flipping statuses stays bounded). */
const MAX_STEPS = 50;

/**
 * Status histories of the instances of one world.
 *
 * @example
 * ```ts
 * import { StatusTimeline } from "./timeline.ts";
 * import { MockWorld } from "../state/world.ts";
 * const world = new MockWorld();
 * const timeline = new StatusTimeline();
 * timeline.observe(world);
 * console.log(timeline.of("no-such-id")); // []
 * ```
 */
export class StatusTimeline {
  #world: MockWorld | undefined;
  #byId = new Map<string, Array<{ status: InstanceStatus; at: number }>>();

  /**
   * Looks at every instance and records the changes since the last look.
   * A new world (after a reset) starts afresh.
   *
   * @param world the model
   */
  observe(world: MockWorld): void {
    if (world !== this.#world) {
      this.#world = world;
      this.#byId = new Map();
    }
    world.sync();
    const seen = new Set<string>();
    for (const r of world.instances.list()) {
      seen.add(r.id);
      let steps = this.#byId.get(r.id);
      if (steps === undefined) {
        steps = [];
        if (r.status !== "booting" || r.statusSince !== r.launchedAt) {
          steps.push({ status: "booting", at: r.launchedAt });
        }
        this.#byId.set(r.id, steps);
      }
      const last = steps.at(-1);
      if (last?.status !== r.status || last.at !== r.statusSince) {
        steps.push({ status: r.status, at: r.statusSince });
        if (steps.length > MAX_STEPS) steps.splice(1, 1);
      }
    }
    for (const id of this.#byId.keys()) {
      if (!seen.has(id)) this.#byId.delete(id);
    }
  }

  /**
   * The history of one instance, oldest first.
   *
   * @param id instance id
   */
  of(id: string): StatusChange[] {
    return (this.#byId.get(id) ?? []).map((s) => ({
      status: s.status,
      at: new Date(s.at).toISOString(),
    }));
  }
}
