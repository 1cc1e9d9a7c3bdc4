/**
 * Handlers of instances and instance operations.
 *
 * @module
 */
import { type HandlerMap, RawJson } from "./handler.ts";

/**
 * `GET /instances`, `GET|POST /instances/{id}`, launch, restart, terminate.
 *
 * @example
 * ```ts
 * import { instanceHandlers } from "./instances.ts";
 * console.log(Object.keys(instanceHandlers).length); // 6
 * ```
 */
export const instanceHandlers: HandlerMap<
  | "listInstances"
  | "getInstance"
  | "postInstance"
  | "launchInstance"
  | "restartInstance"
  | "terminateInstance"
> = {
  listInstances: (world, { query }) =>
    new RawJson(`{"data":${world.listInstancesJson(query.cluster_id)}}`),
  getInstance: (world, { path }) =>
    new RawJson(`{"data":${world.getInstanceJson(path.id)}}`),
  postInstance: (world, { path, body }) => ({
    data: world.updateInstance(path.id, body),
  }),
  launchInstance: (world, { body }) => ({ data: world.launch(body) }),
  restartInstance: (world, { body }) => ({ data: world.restart(body) }),
  terminateInstance: (world, { body }) => ({ data: world.terminate(body) }),
};
