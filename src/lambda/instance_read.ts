/**
 * Reading one instance in its wire form, shared by the instance and firewall
 * capabilities (kept apart so that neither has to import the other).
 *
 * @module
 */
import type { LambdaApi } from "./api.ts";
import type { WireInstance } from "./wire.ts";

/**
 * Reads one wire instance (`queued`: as `SendOptions.queued`).
 *
 * @example
 * ```ts
 * import { getWireInstance } from "./instance_read.ts";
 * import type { LambdaApi } from "./api.ts";
 * declare const api: LambdaApi;
 * const wire = await getWireInstance(api, "i-1");
 * ```
 */
export function getWireInstance(
  api: LambdaApi,
  instanceId: string,
  signal?: AbortSignal,
  queued?: { ms: number },
): Promise<WireInstance> {
  return api.send("getInstance", {
    path: { id: instanceId },
    signal,
    context: { instanceId },
    queued,
  });
}
