/**
 * Creates in flight, by ref id, so that concurrent calls with one ref id
 * share one create. The shared work runs with its own signal, which aborts
 * only when every caller has aborted (a caller without a signal never
 * does); each caller races its own signal and rejects with its own reason
 * while the work goes on for the others.
 *
 * @module
 */

import { raceAbort } from "../v1/abort.ts";

/** One shared create and the callers still waiting for it. */
class Shared<T> {
  readonly #controller = new AbortController();
  /** Callers that have not aborted (those without a signal never do). */
  #waiting = 0;
  readonly #detach: (() => void)[] = [];
  promise!: Promise<T>;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Counts a caller in; the work aborts when the last one aborts. */
  join(signal?: AbortSignal): void {
    this.#waiting++;
    if (!signal) return;
    const leave = () => {
      if (--this.#waiting === 0) this.#controller.abort(signal.reason);
    };
    signal.addEventListener("abort", leave, { once: true });
    this.#detach.push(() => signal.removeEventListener("abort", leave));
  }

  /** Stops listening to the callers' signals. */
  done(): void {
    for (const detach of this.#detach.splice(0)) detach();
  }
}

/**
 * Shares concurrent work by key, each caller keeping its own abort.
 *
 * @example
 * ```ts
 * import { InFlight } from "./in_flight.ts";
 * const inFlight = new InFlight<string>();
 * const work = (signal: AbortSignal) =>
 *   new Promise<string>((resolve) => setTimeout(() => resolve(signal.aborted ? "aborted" : "done"), 10));
 * const caller = new AbortController();
 * const first = inFlight.run("job-1", caller.signal, work);
 * const second = inFlight.run("job-1", undefined, work); // shares the first
 * caller.abort(new Error("first gave up"));
 * await first.catch((e) => console.log(e.message)); // "first gave up"
 * console.log(await second); // "done": the work was not aborted
 * ```
 */
export class InFlight<T> {
  readonly #byKey = new Map<string, Shared<T>>();

  /**
   * Joins the work in flight for `key`, or starts it with `start`.
   *
   * @param key what makes two calls the same
   * @param signal this caller's signal
   * @param start starts the work, given the shared signal
   */
  run(
    key: string,
    signal: AbortSignal | undefined,
    start: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let shared = this.#byKey.get(key);
    if (!shared || shared.signal.aborted) {
      const fresh = new Shared<T>();
      shared = fresh;
      fresh.join(signal);
      fresh.promise = start(fresh.signal);
      this.#byKey.set(key, fresh);
      const forget = () => {
        fresh.done();
        if (this.#byKey.get(key) === fresh) this.#byKey.delete(key);
      };
      fresh.promise.then(forget, forget);
    } else {
      shared.join(signal);
    }
    return raceAbort(shared.promise, signal);
  }
}
