/**
 * Routes of instances and instance operations.
 *
 * @module
 */
import {
  InstanceIdsRequestSchema,
  LaunchInstanceRequestSchema,
  UpdateInstanceRequestSchema,
} from "../../src/lambda/wire.ts";
import { defineRoute, RawJson, type Route } from "./router.ts";

/**
 * `GET /instances`, `GET|POST /instances/{id}`, launch, restart, terminate.
 *
 * @example
 * ```ts
 * import { instanceRoutes } from "./instances.ts";
 * instanceRoutes.map((r) => r.operationId);
 * ```
 */
export const instanceRoutes: readonly Route[] = [
  defineRoute(
    "GET",
    "/api/v1/instances",
    "listInstances",
    ({ world }) => new RawJson(`{"data":${world.listInstancesJson()}}`),
  ),
  defineRoute(
    "GET",
    "/api/v1/instances/:id",
    "getInstance",
    ({ world, params }) => ({ data: world.getInstance(params.id) }),
  ),
  defineRoute(
    "POST",
    "/api/v1/instances/:id",
    "postInstance",
    ({ world, params, body }) => ({
      data: world.updateInstance(params.id, body),
    }),
    UpdateInstanceRequestSchema,
  ),
  defineRoute(
    "POST",
    "/api/v1/instance-operations/launch",
    "launchInstance",
    ({ world, body }) => ({ data: world.launch(body) }),
    LaunchInstanceRequestSchema,
  ),
  defineRoute(
    "POST",
    "/api/v1/instance-operations/restart",
    "restartInstance",
    ({ world, body }) => ({ data: world.restart(body) }),
    InstanceIdsRequestSchema,
  ),
  defineRoute(
    "POST",
    "/api/v1/instance-operations/terminate",
    "terminateInstance",
    ({ world, body }) => ({ data: world.terminate(body) }),
    InstanceIdsRequestSchema,
  ),
];
