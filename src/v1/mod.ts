/**
 * The provider-neutral GPU-cloud interface: {@link CloudClient} and its parts,
 * the types it speaks, typed errors, filters, byte sizes, the
 * {@link NotImplCloudClient} base class and the instance status waiter.
 *
 * @example
 * ```ts
 * import { type CloudClient, InsufficientResourcesError, LambdaLabsClient, waitForInstanceLifecycleStatus } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 *
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * async function launch(client: CloudClient, sleep?: (ms: number) => Promise<void>, now?: () => number) {
 *   try {
 *     const inst = await client.createInstance({ location: "us-west-1", instanceType: "gpu_1x_a10", name: "job", refId: "job-1", publicKey });
 *     return await waitForInstanceLifecycleStatus(client, inst.cloudId, "running", { timeoutMs: 20 * 60_000, sleep, now });
 *   } catch (err) {
 *     if (err instanceof InsufficientResourcesError) return undefined;
 *     throw err;
 *   }
 * }
 *
 * const { sleep, now, ...connection } = createMockLambda().clientOptions();
 * const client = new LambdaLabsClient({ refId: "cred-1", sleep, now, ...connection });
 * console.log((await launch(client, sleep, now))?.status.lifecycleStatus); // "running"
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
