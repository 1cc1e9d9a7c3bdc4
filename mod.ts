/**
 * # @gpufleet/lambda
 *
 * Run GPU fleets on Lambda Cloud from TypeScript, and test that code offline.
 *
 * - **`CloudClient`**: one provider-neutral interface (the TypeScript form
 *   of the "compute" package's `v1`), with typed errors, capabilities,
 *   filters and waiters.
 * - **`LambdaLabsClient`**: its implementation for Lambda Cloud: launch,
 *   list, reboot and terminate instances, instance types per region with
 *   price and capacity, images, firewall rules; idempotent creates keyed on
 *   your ref id; retries with backoff; the API key kept out of every error,
 *   log and inspection. Methods Lambda has no API for reject with
 *   `NotImplementedError`, never a silent no-op.
 * - **`@gpufleet/lambda/mock`**: a stateful emulator of the Lambda Cloud API,
 *   in-process or on a port, with capacity, lifecycle, faults and a manual
 *   clock, so tests need no network and no bill.
 *
 * Launch a machine and reap it:
 *
 * ```ts
 * import { LambdaLabsClient, waitForInstanceLifecycleStatus } from "@gpufleet/lambda";
 *
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: Deno.env.get("LAMBDA_API_KEY") ?? "" });
 * const instance = await client.createInstance({
 *   refId: "job-1", // a retry with the same ref id never launches twice
 *   name: "job-1",
 *   location: "us-west-1",
 *   instanceType: "gpu_1x_a10",
 *   publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop",
 * });
 * await waitForInstanceLifecycleStatus(client, instance.cloudId, "running", { timeoutMs: 20 * 60_000 });
 * await client.terminateInstance(instance.cloudId);
 * ```
 *
 * The same code against the emulator, in five lines:
 *
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 *
 * const mock = createMockLambda({ apiKey: "test-key" });
 * const client = new LambdaLabsClient({ refId: "test", apiKey: "test-key", fetch: mock.fetch });
 * console.log((await client.getLocations()).length > 0); // true
 * ```
 *
 * @module
 */

export * from "./src/v1/mod.ts";
export * from "./src/lambda/mod.ts";
