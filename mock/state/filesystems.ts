/**
 * Persistent filesystems: created in a region with a unique name, listed
 * with `is_in_use`, deleted unless mounted.
 *
 * @module
 */
import type { Clock } from "./clock.ts";
import { MockApiError, truncate } from "./errors.ts";
import type { SeededRandom } from "./random.ts";
import type { Filesystem, Region, User } from "./types.ts";

/**
 * A stored filesystem (without the computed `is_in_use`).
 *
 * @example
 * ```ts
 * import { type FileSystemRecord, FileSystemStore } from "./filesystems.ts";
 * import { ManualClock } from "./clock.ts";
 * import { SeededRandom } from "./random.ts";
 * const store = new FileSystemStore(new ManualClock(), new SeededRandom(1), { id: "u", email: "a@b.c", status: "active" });
 * store.create("data", { name: "us-west-1", description: "California, USA" }, 10);
 * const record: FileSystemRecord | undefined = store.byName("data");
 * console.log(record?.region.name, "is_in_use" in (record ?? {})); // us-west-1 false
 * ```
 */
export type FileSystemRecord = Omit<Filesystem, "is_in_use">;

/**
 * The account's filesystems.
 *
 * @example
 * ```ts
 * import { FileSystemStore } from "./filesystems.ts";
 * import { ManualClock } from "./clock.ts";
 * import { SeededRandom } from "./random.ts";
 * const store = new FileSystemStore(new ManualClock(), new SeededRandom(1), { id: "u", email: "a@b.c", status: "active" });
 * const fs = store.create("data", { name: "us-west-1", description: "California, USA" }, 10);
 * console.log(fs.mount_point); // "/lambda/nfs/data"
 * ```
 */
export class FileSystemStore {
  readonly #clock: Clock;
  readonly #rng: SeededRandom;
  readonly #user: User;
  readonly #byId = new Map<string, FileSystemRecord>();

  /**
   * @param clock time source
   * @param rng id generator
   * @param user the account's user (shown as `created_by`)
   */
  constructor(clock: Clock, rng: SeededRandom, user: User) {
    this.#clock = clock;
    this.#rng = rng;
    this.#user = user;
  }

  /** Every filesystem record, in creation order. */
  list(): FileSystemRecord[] {
    return [...this.#byId.values()].map((f) => structuredClone(f));
  }

  /**
   * A filesystem by id.
   *
   * @param id filesystem id
   */
  byId(id: string): FileSystemRecord | undefined {
    const f = this.#byId.get(id);
    return f && structuredClone(f);
  }

  /**
   * A filesystem by name.
   *
   * @param name filesystem name
   */
  byName(name: string): FileSystemRecord | undefined {
    for (const f of this.#byId.values()) {
      if (f.name === name) return structuredClone(f);
    }
    return undefined;
  }

  /**
   * Throws unless no filesystem has the name.
   *
   * @param name filesystem name
   * @throws {MockApiError} 400 `global/duplicate`
   */
  checkNameFree(name: string): void {
    if (this.byName(name)) {
      throw new MockApiError(
        400,
        "global/duplicate",
        `A filesystem named '${truncate(name)}' already exists.`,
        "Choose another name.",
      );
    }
  }

  /**
   * Creates a filesystem (the region has been checked by the caller).
   *
   * @param name the name (its format checked by the routes)
   * @param region the region
   * @param quota most filesystems allowed
   * @throws {MockApiError} 400 `global/duplicate` or `global/quota-exceeded`
   */
  create(name: string, region: Region, quota: number): FileSystemRecord {
    this.checkNameFree(name);
    if (this.#byId.size >= quota) {
      throw new MockApiError(
        400,
        "global/quota-exceeded",
        `Quota exceeded: at most ${quota} filesystems.`,
        "Contact Support to increase your quota.",
      );
    }
    const record: FileSystemRecord = {
      id: this.#rng.hex(32),
      name,
      mount_point: `/lambda/nfs/${name}`,
      created: new Date(this.#clock.now()).toISOString(),
      created_by: { ...this.#user },
      region: { ...region },
      bytes_used: 0,
    };
    this.#byId.set(record.id, record);
    return structuredClone(record);
  }

  /**
   * Deletes a filesystem (the caller checks that it is not in use).
   *
   * @param id filesystem id
   * @throws {MockApiError} 404 `global/object-does-not-exist`
   */
  delete(id: string): FileSystemRecord {
    const f = this.requireId(id);
    this.#byId.delete(id);
    return f;
  }

  /**
   * A filesystem by id, or a 404.
   *
   * @param id filesystem id
   */
  requireId(id: string): FileSystemRecord {
    const f = this.#byId.get(id);
    if (!f) {
      throw new MockApiError(
        404,
        "global/object-does-not-exist",
        `Filesystem '${truncate(id)}' was not found.`,
      );
    }
    return structuredClone(f);
  }
}
