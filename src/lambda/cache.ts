/**
 * A value read from the API and reused for a bounded time: the account's
 * caches (regions, SSH keys, firewall rulesets) are each one of these.
 * Concurrent callers share one read; each keeps its own signal (the read
 * is aborted only when every caller waiting for it has aborted). A write
 * of the provider's own updates the value or forgets it, and a read that
 * was in flight when the value was forgotten is not kept (it may predate
 * the write).
 *
 * @example
 * ```ts
 * import { Cached } from "./cache.ts";
 * let t = 0;
 * let reads = 0;
 * const regions = new Cached<string[]>(60_000, () => t);
 * const load = () => { reads++; return Promise.resolve(["us-west-1"]); };
 * await Promise.all([regions.get(load), regions.get(load)]);
 * t += 61_000;
 * await regions.get(load);
 * console.log(reads); // 2: one shared read, then one after the TTL
 * ```
 *
 * @module
 */
import { InFlight } from "./in_flight.ts";

/**
 * A value reused for `ttlMs` after it was read; see the module
 * documentation.
 *
 * @example
 * ```ts
 * import { Cached } from "./cache.ts";
 * const keys = new Cached<string[]>(60_000, Date.now);
 * keys.set(["laptop"]);
 * console.log(keys.peek()); // ["laptop"]
 * keys.invalidate();
 * console.log(keys.peek()); // undefined
 * ```
 */
export class Cached<T> {
  readonly #ttlMs: number;
  readonly #now: () => number;
  #value?: { value: T; at: number };
  /** Bumped by every change, so that an older read is not kept. */
  #generation = 0;
  readonly #reading = new InFlight<T>();

  /**
   * Creates an empty cache.
   *
   * @param ttlMs how long a value is reused, in ms (0: never)
   * @param now the clock, in ms
   */
  constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** The value, if it was read or set within the TTL. */
  peek(): T | undefined {
    const held = this.#value;
    if (held === undefined) return undefined;
    return this.#now() - held.at < this.#ttlMs ? held.value : undefined;
  }

  /**
   * The value within the TTL (and, with `accept`, only one it accepts),
   * else what `load` reads, shared with the callers already waiting for a
   * read. A failed read is not kept.
   *
   * @param load reads the value, with a signal that aborts when every
   *   caller waiting for it has aborted
   * @param signal this caller's signal
   * @param accept whether a held value will do (e.g. it knows an id)
   */
  get(
    load: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
    accept?: (value: T) => boolean,
  ): Promise<T> {
    const held = this.peek();
    if (held !== undefined && (accept?.(held) ?? true)) {
      return Promise.resolve(held);
    }
    const generation = this.#generation;
    return this.#reading.run(String(generation), signal, async (shared) => {
      const value = await load(shared);
      if (generation === this.#generation) {
        this.#value = { value, at: this.#now() };
        this.#generation++;
      }
      return value;
    });
  }

  /** Holds `value` as just read. */
  set(value: T): void {
    this.#value = { value, at: this.#now() };
    this.#generation++;
  }

  /**
   * Changes the held value (within the TTL) with `change`, keeping its
   * age; without one, holds what `change` makes of `undefined` as just
   * read.
   */
  update(change: (value: T | undefined) => T): void {
    const held = this.peek();
    const at = held === undefined ? this.#now() : this.#value!.at;
    this.#value = { value: change(held), at };
    this.#generation++;
  }

  /** Forgets the value (and whatever read is in flight). */
  invalidate(): void {
    this.#value = undefined;
    this.#generation++;
  }
}
