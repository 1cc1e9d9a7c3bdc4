/**
 * The pacing stage: where every attempt waits for its turn before it is
 * sent. Lambda allows about one request per second per account (one launch
 * per 12 s); a pacer shared by the clients of one credential keeps to that.
 * The stage is a pass-through today ({@link UNPACED}); the account object
 * (`account.ts`) owns the pacer its clients share, so a real one plugs in
 * there without touching the transport.
 *
 * @example
 * ```ts
 * import { UNPACED } from "./pacing.ts";
 * await UNPACED.admit("listInstances", AbortSignal.timeout(1_000)); // resolves at once
 * ```
 *
 * @module
 */

/**
 * Decides when an attempt of an operation may be sent.
 *
 * @example
 * ```ts
 * import type { Pacer } from "./pacing.ts";
 * const log: string[] = [];
 * const logging: Pacer = { admit: (operationId) => { log.push(operationId); return Promise.resolve(); } };
 * await logging.admit("getInstance");
 * console.log(log); // ["getInstance"]
 * ```
 */
export interface Pacer {
  /**
   * Resolves when an attempt of `operationId` may be sent; rejects with the
   * signal's reason as soon as `signal` aborts.
   */
  admit(operationId: string, signal?: AbortSignal): Promise<void>;
}

/**
 * The pass-through pacer: every attempt is sent at once.
 *
 * @example
 * ```ts
 * import { UNPACED } from "./pacing.ts";
 * await UNPACED.admit("launchInstance");
 * ```
 */
export const UNPACED: Pacer = Object.freeze({
  admit(_operationId: string, signal?: AbortSignal): Promise<void> {
    return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  },
});
