/**
 * The provider-neutral GPU-cloud interface: {@link CloudClient} and its parts,
 * the types it speaks, typed errors, filters, byte sizes, the
 * {@link NotImplCloudClient} base class and the instance status waiter.
 *
 * @example
 * ```ts
 * import { type CloudClient, waitForInstanceLifecycleStatus, InsufficientResourcesError } from "./mod.ts";
 *
 * async function launch(client: CloudClient) {
 *   try {
 *     const inst = await client.createInstance({ location: "us-west-1", instanceType: "gpu_1x_a10", name: "job", refId: "job-1" });
 *     return await waitForInstanceLifecycleStatus(client, inst.cloudId, "running", { timeoutMs: 20 * 60_000 });
 *   } catch (err) {
 *     if (err instanceof InsufficientResourcesError) return undefined;
 *     throw err;
 *   }
 * }
 * ```
 *
 * @module
 */

export * from "./abort.ts";
export * from "./bytes.ts";
export * from "./capabilities.ts";
export * from "./client.ts";
export * from "./errors.ts";
export * from "./filters.ts";
export * from "./firewall.ts";
export * from "./image.ts";
export * from "./instance.ts";
export * from "./instance_type.ts";
export * from "./kubernetes.ts";
export * from "./location.ts";
export * from "./not_implemented.ts";
export * from "./quota.ts";
export * from "./storage.ts";
export * from "./vpc.ts";
export * from "./waiters.ts";
