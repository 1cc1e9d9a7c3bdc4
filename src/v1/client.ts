/**
 * The provider-neutral client interfaces, composed into {@link CloudClient}.
 *
 * Every asynchronous method takes an optional last {@link RequestOptions}
 * argument whose `signal` cancels the call.
 *
 * @module
 */

import type { Capability } from "./capabilities.ts";
import type {
  AddFirewallRulesToInstanceArgs,
  RevokeSecurityGroupRuleArgs,
} from "./firewall.ts";
import type { GetImageArgs, Image } from "./image.ts";
import type {
  CreateInstanceAttrs,
  Instance,
  ListInstancesArgs,
  UpdateInstanceTagsArgs,
} from "./instance.ts";
import type { GetInstanceTypeArgs, InstanceType } from "./instance_type.ts";
import type {
  Cluster,
  CreateClusterArgs,
  CreateNodeGroupArgs,
  DeleteClusterArgs,
  DeleteNodeGroupArgs,
  GetClusterArgs,
  GetNodeGroupArgs,
  ModifyNodeGroupArgs,
  NodeGroup,
  SetClusterUserArgs,
  SetClusterUserResult,
} from "./kubernetes.ts";
import type { GetLocationsArgs, Location } from "./location.ts";
import type { GetInstanceTypeQuotasArgs, Quota } from "./quota.ts";
import type { ResizeInstanceVolumeArgs } from "./storage.ts";
import type { CreateVpcArgs, DeleteVpcArgs, GetVpcArgs, Vpc } from "./vpc.ts";

/**
 * Per-call options of every asynchronous method.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type RequestOptions } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const opts: RequestOptions = { signal: AbortSignal.timeout(10_000) };
 * console.log((await client.listInstances({}, opts)).length); // 0
 * ```
 */
export interface RequestOptions {
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Whether one client serves every location (`global`) or one client is made
 * per location (`location`).
 *
 * @example
 * ```ts
 * import { type ApiType, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const apiType: ApiType = client.getApiType();
 * console.log(apiType); // "global" (one client serves every region)
 * ```
 */
export type ApiType = "global" | "location";

/**
 * The id of a cloud provider, e.g. `"lambda-labs"`, `"aws"`.
 *
 * @example
 * ```ts
 * import { type CloudProviderId, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const provider: CloudProviderId = client.getCloudProviderId();
 * console.log(provider); // "lambda-labs"
 * ```
 */
export type CloudProviderId = string;

/**
 * What every provider API describes about itself.
 *
 * @example
 * ```ts
 * import { type CloudApi, LambdaLabsClient } from "@gpufleet/lambda";
 * async function describe(api: CloudApi): Promise<string> {
 *   return `${api.getCloudProviderId()} (${api.getApiType()}): ${(await api.getCapabilities()).length} capabilities`;
 * }
 * console.log(await describe(new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" }))); // "lambda-labs (global): 8 capabilities"
 * ```
 */
export interface CloudApi {
  /** Whether the API is global or per location. */
  getApiType(): ApiType;
  /** Exactly the capabilities that work with this client. */
  getCapabilities(opts?: RequestOptions): Promise<Capability[]>;
  /** The provider's id. */
  getCloudProviderId(): CloudProviderId;
}

/**
 * A credential for one provider account, able to make clients.
 *
 * @example
 * ```ts
 * import { type CloudCredential, LambdaLabsClient } from "@gpufleet/lambda";
 * async function clientFor(cred: CloudCredential) {
 *   return await cred.makeClient("us-west-1");
 * }
 * const client = await clientFor(new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" }));
 * console.log(client.getReferenceId()); // "cred-1"
 * ```
 */
export interface CloudCredential extends CloudApi {
  /** Makes a client for `location` (ignored by global APIs). */
  makeClient(location: string, opts?: RequestOptions): Promise<CloudClient>;
  /** A stable id of the account the credential belongs to; never the secret. */
  getTenantId(opts?: RequestOptions): Promise<string>;
  /** The caller's reference id of the credential. */
  getReferenceId(): string;
}

/**
 * Reads instances.
 *
 * @example
 * ```ts
 * import { type CloudInstanceReader, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * async function running(reader: CloudInstanceReader) {
 *   return (await reader.listInstances()).filter((i) => i.status.lifecycleStatus === "running");
 * }
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * mock.clock.advance(60_000); // the emulator's instances boot in 60 s of its clock
 * console.log((await running(client)).map((i) => i.refId)); // ["job-1"]
 * ```
 */
export interface CloudInstanceReader {
  /** One instance; rejects with `InstanceNotFoundError` if it does not exist. */
  getInstance(instanceId: string, opts?: RequestOptions): Promise<Instance>;
  /** All instances the provider reports, filtered by `args`. */
  listInstances(
    args?: ListInstancesArgs,
    opts?: RequestOptions,
  ): Promise<Instance[]>;
  /** How often to poll an instance's status, in milliseconds. */
  getInstancePollTime(): number;
}

/**
 * Lists locations.
 *
 * @example
 * ```ts
 * import { type CloudLocation, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * async function names(client: CloudLocation) {
 *   return (await client.getLocations()).map((l) => l.name);
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * console.log((await names(client)).includes("us-west-1")); // true
 * ```
 */
export interface CloudLocation {
  /** The provider's locations; unavailable ones only if asked for. */
  getLocations(
    args?: GetLocationsArgs,
    opts?: RequestOptions,
  ): Promise<Location[]>;
}

/**
 * Lists instance types.
 *
 * @example
 * ```ts
 * import { type CloudInstanceType, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * async function available(client: CloudInstanceType) {
 *   return (await client.getInstanceTypes({ locations: ["all"] })).filter((t) => t.isAvailable);
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * console.log((await available(client)).some((t) => t.type === "gpu_1x_a10" && t.location === "us-west-1")); // true
 * ```
 */
export interface CloudInstanceType extends CloudLocation {
  /** Instance types per location, filtered by `args`. */
  getInstanceTypes(
    args?: GetInstanceTypeArgs,
    opts?: RequestOptions,
  ): Promise<InstanceType[]>;
  /** How often to refresh instance types, in milliseconds. */
  getInstanceTypePollTime(): number;
}

/**
 * Creates and terminates instances.
 *
 * `createInstance` resolves with an instance that exists, or rejects leaving
 * none behind: a provider that fails after the launch was accepted terminates
 * what it launched before rejecting.
 *
 * @example
 * ```ts
 * import { type CloudCreateTerminateInstance, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * async function launchAndKill(client: CloudCreateTerminateInstance): Promise<string> {
 *   const inst = await client.createInstance({ location: "us-west-1", instanceType: "gpu_1x_a10", refId: "r-1", publicKey });
 *   await client.terminateInstance(inst.cloudId);
 *   return inst.cloudId;
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const id = await launchAndKill(client);
 * console.log((await client.getInstance(id)).status.lifecycleStatus); // "terminating"
 * ```
 */
export interface CloudCreateTerminateInstance
  extends CloudInstanceType, CloudInstanceReader {
  /** Launches an instance. */
  createInstance(
    attrs: CreateInstanceAttrs,
    opts?: RequestOptions,
  ): Promise<Instance>;
  /** Terminates an instance. */
  terminateInstance(instanceId: string, opts?: RequestOptions): Promise<void>;
  /** How many `createInstance` calls per minute the provider allows. */
  getMaxCreateRequestsPerMinute(): number;
}

/**
 * Reads quotas.
 *
 * @example
 * ```ts
 * import type { CloudQuota } from "@gpufleet/lambda";
 * async function headroom(client: CloudQuota) {
 *   const q = await client.getInstanceTypeQuotas({ instanceType: "gpu_1x_a10" });
 *   return q.maximum - q.current;
 * }
 * // Lambda Cloud has no quota API (its client rejects with NotImplementedError); a provider that has one:
 * const provider: CloudQuota = {
 *   getInstanceTypeQuotas: () => Promise.resolve({ id: "od", name: "on-demand", maximum: 4, current: 1, unit: "instance" }),
 * };
 * console.log(await headroom(provider)); // 3
 * ```
 */
export interface CloudQuota {
  /** The quota that applies to an instance type. */
  getInstanceTypeQuotas(
    args: GetInstanceTypeQuotasArgs,
    opts?: RequestOptions,
  ): Promise<Quota>;
}

/**
 * Reboots instances.
 *
 * @example
 * ```ts
 * import { type CloudRebootInstance, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * async function rebootAll(client: CloudRebootInstance, ids: string[]): Promise<number> {
 *   for (const id of ids) await client.rebootInstance(id);
 *   return ids.length;
 * }
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * mock.clock.advance(60_000); // booted
 * console.log(await rebootAll(client, [inst.cloudId])); // 1
 * console.log((await client.getInstance(inst.cloudId)).status.lifecycleStatus); // "pending" (restarting)
 * ```
 */
export interface CloudRebootInstance {
  /** Reboots an instance. */
  rebootInstance(instanceId: string, opts?: RequestOptions): Promise<void>;
}

/**
 * Stops and starts instances.
 *
 * @example
 * ```ts
 * import { type CloudStopStartInstance, LambdaLabsClient, NotImplementedError } from "@gpufleet/lambda";
 * async function pause(client: CloudStopStartInstance, id: string): Promise<string> {
 *   try {
 *     await client.stopInstance(id);
 *     return "stopped";
 *   } catch (e) {
 *     if (e instanceof NotImplementedError) return "cannot stop here";
 *     throw e;
 *   }
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * console.log(await pause(client, "0920582c7ff041399e34823a0be62549")); // "cannot stop here" (Lambda Cloud has no stop)
 * ```
 */
export interface CloudStopStartInstance {
  /** Stops an instance. */
  stopInstance(instanceId: string, opts?: RequestOptions): Promise<void>;
  /** Starts a stopped instance. */
  startInstance(instanceId: string, opts?: RequestOptions): Promise<void>;
}

/**
 * Resizes root volumes.
 *
 * @example
 * ```ts
 * import { type CloudApi, type CloudResizeInstanceVolume, hasCapability, LambdaLabsClient } from "@gpufleet/lambda";
 * async function grow(client: CloudApi & CloudResizeInstanceVolume, instanceId: string): Promise<boolean> {
 *   if (!hasCapability(await client.getCapabilities(), "resize-instance-volume")) return false;
 *   await client.resizeInstanceVolume({ instanceId, size: { value: 2, unit: "TiB" } });
 *   return true;
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * console.log(await grow(client, "0920582c7ff041399e34823a0be62549")); // false (Lambda Cloud cannot resize volumes)
 * ```
 */
export interface CloudResizeInstanceVolume {
  /** Grows the root volume of an instance. */
  resizeInstanceVolume(
    args: ResizeInstanceVolumeArgs,
    opts?: RequestOptions,
  ): Promise<void>;
}

/**
 * Lists machine images.
 *
 * @example
 * ```ts
 * import { type CloudMachineImage, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * async function armFamilies(client: CloudMachineImage): Promise<string[]> {
 *   const arm = await client.getImages({ architectures: ["arm64"] });
 *   return [...new Set(arm.map((image) => image.family ?? image.name))];
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * console.log((await armFamilies(client)).length > 0); // true
 * ```
 */
export interface CloudMachineImage {
  /** Images, filtered by `args`. */
  getImages(args?: GetImageArgs, opts?: RequestOptions): Promise<Image[]>;
}

/**
 * Changes the type of an instance.
 *
 * @example
 * ```ts
 * import { type CloudChangeInstanceType, LambdaLabsClient } from "@gpufleet/lambda";
 * async function upgrade(client: CloudChangeInstanceType, id: string): Promise<void> {
 *   await client.changeInstanceType(id, "gpu_1x_a100_sxm4");
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const error = await upgrade(client, "0920582c7ff041399e34823a0be62549").catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud cannot change an instance's type)
 * ```
 */
export interface CloudChangeInstanceType {
  /** Moves an instance to another instance type. */
  changeInstanceType(
    instanceId: string,
    instanceType: string,
    opts?: RequestOptions,
  ): Promise<void>;
}

/**
 * Changes instance firewalls.
 *
 * @example
 * ```ts
 * import { type CloudModifyFirewall, type FirewallRule, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * async function openHttps(client: CloudModifyFirewall, instanceId: string): Promise<void> {
 *   const https: FirewallRule = { id: "", fromPort: 443, toPort: 443, ipRanges: ["0.0.0.0/0"], protocol: "tcp" };
 *   await client.addFirewallRulesToInstance({ instanceId, firewallRules: { ingressRules: [https], egressRules: [] } });
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const ssh: FirewallRule = { id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"], protocol: "tcp" };
 * // Rules given at launch give the instance a ruleset of its own, which later calls can change.
 * const inst = await client.createInstance({
 *   refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey,
 *   firewallRules: { ingressRules: [ssh], egressRules: [] },
 * });
 * await openHttps(client, inst.cloudId);
 * const rules = (await client.getInstance(inst.cloudId)).firewallRules.ingressRules;
 * console.log(rules.some((r) => r.fromPort === 443)); // true
 * ```
 */
export interface CloudModifyFirewall {
  /** Adds rules to an instance's firewall. */
  addFirewallRulesToInstance(
    args: AddFirewallRulesToInstanceArgs,
    opts?: RequestOptions,
  ): Promise<void>;
  /** Removes rules, by id, from an instance's firewall. */
  revokeSecurityGroupRules(
    args: RevokeSecurityGroupRuleArgs,
    opts?: RequestOptions,
  ): Promise<void>;
}

/**
 * Updates instance tags.
 *
 * @example
 * ```ts
 * import { type CloudApi, type CloudInstanceTags, hasCapability, LambdaLabsClient } from "@gpufleet/lambda";
 * async function setOwner(client: CloudApi & CloudInstanceTags, instanceId: string, owner: string): Promise<boolean> {
 *   if (!hasCapability(await client.getCapabilities(), "tags")) return false;
 *   await client.updateInstanceTags({ instanceId, tags: { owner } });
 *   return true;
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * console.log(await setOwner(client, "0920582c7ff041399e34823a0be62549", "ana")); // false (Lambda Cloud sets tags only at launch)
 * ```
 */
export interface CloudInstanceTags {
  /** Sets tags on an instance. */
  updateInstanceTags(
    args: UpdateInstanceTagsArgs,
    opts?: RequestOptions,
  ): Promise<void>;
}

/**
 * Merges a freshly read record into a stored one, for control planes that
 * keep copies: the result keeps the identity of `current` (name, refId,
 * location, type, credential) and takes what the provider may change
 * (status, addresses, …) from `next`.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type UpdateHandler } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const stored = await client.createInstance({ refId: "job-1", name: "trainer", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * mock.clock.advance(60_000); // booted
 * const handler: UpdateHandler = client;
 * const merged = handler.mergeInstanceForUpdate(stored, await client.getInstance(stored.cloudId));
 * console.log(merged.name, merged.status.lifecycleStatus); // trainer running
 * ```
 */
export interface UpdateHandler {
  /** Merges a fresh instance into a stored one. */
  mergeInstanceForUpdate(current: Instance, next: Instance): Instance;
  /** Merges a fresh instance type into a stored one. */
  mergeInstanceTypeForUpdate(
    current: InstanceType,
    next: InstanceType,
  ): InstanceType;
}

/**
 * Creates, reads and deletes VPCs.
 *
 * @example
 * ```ts
 * import { type CloudApi, type CloudMaintainVpc, hasCapability, LambdaLabsClient } from "@gpufleet/lambda";
 * async function network(client: CloudApi & CloudMaintainVpc): Promise<string | undefined> {
 *   if (!hasCapability(await client.getCapabilities(), "vpc")) return undefined;
 *   const vpc = await client.createVpc({ name: "main", refId: "n-1", location: "us-east-1", cidrBlock: "10.0.0.0/16", subnets: [] });
 *   return vpc.id;
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * console.log(await network(client)); // undefined (Lambda Cloud has no VPCs)
 * ```
 */
export interface CloudMaintainVpc {
  /** Creates a VPC with its subnets. */
  createVpc(args: CreateVpcArgs, opts?: RequestOptions): Promise<Vpc>;
  /** Reads a VPC. */
  getVpc(args: GetVpcArgs, opts?: RequestOptions): Promise<Vpc>;
  /** Deletes a VPC. */
  deleteVpc(args: DeleteVpcArgs, opts?: RequestOptions): Promise<void>;
}

/**
 * Manages Kubernetes clusters and node groups.
 *
 * @example
 * ```ts
 * import { type CloudMaintainKubernetes, LambdaLabsClient, NotImplementedError } from "@gpufleet/lambda";
 * async function clusterStatus(client: CloudMaintainKubernetes, id: string): Promise<string> {
 *   try {
 *     return (await client.getCluster({ id })).status;
 *   } catch (e) {
 *     if (e instanceof NotImplementedError) return "no managed Kubernetes";
 *     throw e;
 *   }
 * }
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * console.log(await clusterStatus(client, "c-1")); // "no managed Kubernetes"
 * ```
 */
export interface CloudMaintainKubernetes {
  /** Creates a cluster. */
  createCluster(
    args: CreateClusterArgs,
    opts?: RequestOptions,
  ): Promise<Cluster>;
  /** Reads a cluster. */
  getCluster(args: GetClusterArgs, opts?: RequestOptions): Promise<Cluster>;
  /** Creates or replaces a cluster user and returns its access data. */
  setClusterUser(
    args: SetClusterUserArgs,
    opts?: RequestOptions,
  ): Promise<SetClusterUserResult>;
  /** Creates a node group. */
  createNodeGroup(
    args: CreateNodeGroupArgs,
    opts?: RequestOptions,
  ): Promise<NodeGroup>;
  /** Reads a node group. */
  getNodeGroup(
    args: GetNodeGroupArgs,
    opts?: RequestOptions,
  ): Promise<NodeGroup>;
  /** Changes the size limits of a node group. */
  modifyNodeGroup(
    args: ModifyNodeGroupArgs,
    opts?: RequestOptions,
  ): Promise<void>;
  /** Deletes a node group. */
  deleteNodeGroup(
    args: DeleteNodeGroupArgs,
    opts?: RequestOptions,
  ): Promise<void>;
  /** Deletes a cluster. */
  deleteCluster(args: DeleteClusterArgs, opts?: RequestOptions): Promise<void>;
}

/**
 * The whole provider-neutral interface. A provider implements every method;
 * what it cannot do rejects with `NotImplementedError` (extend
 * `NotImplCloudClient` to get that by default), and `getCapabilities()`
 * claims exactly what works.
 *
 * @example
 * ```ts
 * import { type CloudClient, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * async function reapAll(client: CloudClient): Promise<number> {
 *   const doomed = await client.listInstances({ tagFilters: { ephemeral: ["true"] } });
 *   for (const inst of doomed) await client.terminateInstance(inst.cloudId);
 *   return doomed.length;
 * }
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "ci-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey, tags: { ephemeral: "true" } });
 * await client.createInstance({ refId: "keep", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * console.log(await reapAll(client)); // 1
 * ```
 */
export interface CloudClient
  extends
    CloudCredential,
    CloudCreateTerminateInstance,
    CloudQuota,
    CloudRebootInstance,
    CloudStopStartInstance,
    CloudResizeInstanceVolume,
    CloudMachineImage,
    CloudChangeInstanceType,
    CloudModifyFirewall,
    CloudInstanceTags,
    UpdateHandler,
    CloudMaintainVpc,
    CloudMaintainKubernetes {}

/**
 * The name of every method of {@link CloudClient}, so that tests can prove
 * each one is covered. A compile-time check keeps it equal to
 * `keyof CloudClient` in both directions.
 *
 * @example
 * ```ts
 * import { CLOUD_CLIENT_METHODS } from "@gpufleet/lambda";
 * for (const method of CLOUD_CLIENT_METHODS) console.log(method);
 * ```
 */
export const CLOUD_CLIENT_METHODS = [
  "getApiType",
  "getCapabilities",
  "getCloudProviderId",
  "makeClient",
  "getTenantId",
  "getReferenceId",
  "getInstance",
  "listInstances",
  "getInstancePollTime",
  "getLocations",
  "getInstanceTypes",
  "getInstanceTypePollTime",
  "createInstance",
  "terminateInstance",
  "getMaxCreateRequestsPerMinute",
  "getInstanceTypeQuotas",
  "rebootInstance",
  "stopInstance",
  "startInstance",
  "resizeInstanceVolume",
  "getImages",
  "changeInstanceType",
  "addFirewallRulesToInstance",
  "revokeSecurityGroupRules",
  "updateInstanceTags",
  "mergeInstanceForUpdate",
  "mergeInstanceTypeForUpdate",
  "createVpc",
  "getVpc",
  "deleteVpc",
  "createCluster",
  "getCluster",
  "setClusterUser",
  "createNodeGroup",
  "getNodeGroup",
  "modifyNodeGroup",
  "deleteNodeGroup",
  "deleteCluster",
] as const;

/**
 * The name of a {@link CloudClient} method.
 *
 * @example
 * ```ts
 * import { CLOUD_CLIENT_METHODS, type CloudClientMethod } from "@gpufleet/lambda";
 * const launch: CloudClientMethod = "createInstance";
 * console.log(CLOUD_CLIENT_METHODS.includes(launch)); // true
 * ```
 */
export type CloudClientMethod = (typeof CLOUD_CLIENT_METHODS)[number];

// Compile-time proof that CLOUD_CLIENT_METHODS names exactly the keys of
// CloudClient: adding a method to an interface without listing it here (or
// listing a name that is not a method) fails `deno check`.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends
  (<T>() => T extends B ? 1 : 2) ? true : false;
const _methodsAreExactlyTheKeys: Equals<CloudClientMethod, keyof CloudClient> =
  true;
void _methodsAreExactlyTheKeys;
