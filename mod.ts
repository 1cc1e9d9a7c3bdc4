/**
 * A provider-neutral GPU-cloud interface (`CloudClient`) and its Lambda Cloud
 * implementation.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, waitForInstanceLifecycleStatus } from "./mod.ts";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: Deno.env.get("LAMBDA_API_KEY") ?? "missing" });
 * const inst = await client.createInstance({
 *   location: "us-west-1",
 *   instanceType: "gpu_1x_a10",
 *   name: "trainer",
 *   refId: "job-1",
 *   publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI me@host",
 * });
 * await waitForInstanceLifecycleStatus(client, inst.cloudId, "running", {
 *   timeoutMs: 20 * 60_000,
 * });
 * await client.terminateInstance(inst.cloudId);
 * ```
 *
 * @module
 */

export * from "./src/v1/mod.ts";
export * from "./src/lambda/mod.ts";
