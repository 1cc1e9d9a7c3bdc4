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
 * import type { RequestOptions } from "./client.ts";
 * const opts: RequestOptions = { signal: AbortSignal.timeout(10_000) };
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
 * import type { ApiType } from "./client.ts";
 * const t: ApiType = "global";
 * ```
 */
export type ApiType = "global" | "location";

/**
 * The id of a cloud provider, e.g. `"lambda-labs"`, `"aws"`.
 *
 * @example
 * ```ts
 * import type { CloudProviderId } from "./client.ts";
 * const id: CloudProviderId = "lambda-labs";
 * ```
 */
export type CloudProviderId = string;

/**
 * What every provider API describes about itself.
 *
 * @example
 * ```ts
 * import type { CloudApi } from "./client.ts";
 * async function describe(api: CloudApi): Promise<string> {
 *   return `${api.getCloudProviderId()} (${api.getApiType()}): ${(await api.getCapabilities()).join(", ")}`;
 * }
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
 * import type { CloudCredential } from "./client.ts";
 * async function clientFor(cred: CloudCredential) {
 *   return await cred.makeClient("us-west-1");
 * }
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
 * import type { CloudInstanceReader } from "./client.ts";
 * async function running(reader: CloudInstanceReader) {
 *   return (await reader.listInstances()).filter((i) => i.status.lifecycleStatus === "running");
 * }
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
 * import type { CloudLocation } from "./client.ts";
 * async function names(client: CloudLocation) {
 *   return (await client.getLocations()).map((l) => l.name);
 * }
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
 * import type { CloudInstanceType } from "./client.ts";
 * async function available(client: CloudInstanceType) {
 *   return (await client.getInstanceTypes({ locations: ["all"] })).filter((t) => t.isAvailable);
 * }
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
 * import type { CloudCreateTerminateInstance } from "./client.ts";
 * async function launchAndKill(client: CloudCreateTerminateInstance) {
 *   const inst = await client.createInstance({ location: "us-west-1", instanceType: "gpu_1x_a10", name: "t", refId: "r-1" });
 *   await client.terminateInstance(inst.cloudId);
 * }
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
 * import type { CloudQuota } from "./client.ts";
 * async function headroom(client: CloudQuota) {
 *   const q = await client.getInstanceTypeQuotas({ instanceType: "gpu_1x_a10" });
 *   return q.maximum - q.current;
 * }
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
 * import type { CloudRebootInstance } from "./client.ts";
 * declare const client: CloudRebootInstance;
 * await client.rebootInstance("i-1");
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
 * import type { CloudStopStartInstance } from "./client.ts";
 * declare const client: CloudStopStartInstance;
 * await client.stopInstance("i-1");
 * await client.startInstance("i-1");
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
 * import type { CloudResizeInstanceVolume } from "./client.ts";
 * declare const client: CloudResizeInstanceVolume;
 * await client.resizeInstanceVolume({ instanceId: "i-1", size: { value: 2, unit: "TiB" } });
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
 * import type { CloudMachineImage } from "./client.ts";
 * declare const client: CloudMachineImage;
 * const arm = await client.getImages({ architectures: ["arm64"] });
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
 * import type { CloudChangeInstanceType } from "./client.ts";
 * declare const client: CloudChangeInstanceType;
 * await client.changeInstanceType("i-1", "gpu_1x_a100_sxm4");
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
 * import type { CloudModifyFirewall } from "./client.ts";
 * declare const client: CloudModifyFirewall;
 * await client.revokeSecurityGroupRules({ instanceId: "i-1", securityGroupRuleIds: ["rule-1"] });
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
 * import type { CloudInstanceTags } from "./client.ts";
 * declare const client: CloudInstanceTags;
 * await client.updateInstanceTags({ instanceId: "i-1", tags: { owner: "ana" } });
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
 * import type { UpdateHandler } from "./client.ts";
 * import type { Instance } from "./instance.ts";
 * declare const handler: UpdateHandler;
 * declare const stored: Instance, fresh: Instance;
 * const merged = handler.mergeInstanceForUpdate(stored, fresh);
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
 * import type { CloudMaintainVpc } from "./client.ts";
 * declare const client: CloudMaintainVpc;
 * const vpc = await client.createVpc({ name: "main", refId: "n-1", location: "us-east-1", cidrBlock: "10.0.0.0/16", subnets: [] });
 * await client.deleteVpc({ id: vpc.id });
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
 * import type { CloudMaintainKubernetes } from "./client.ts";
 * declare const client: CloudMaintainKubernetes;
 * const cluster = await client.getCluster({ id: "c-1" });
 * console.log(cluster.status);
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
 * import type { CloudClient } from "./client.ts";
 * async function reapAll(client: CloudClient) {
 *   for (const inst of await client.listInstances({ tagFilters: { ephemeral: ["true"] } })) {
 *     await client.terminateInstance(inst.cloudId);
 *   }
 * }
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
 * import { CLOUD_CLIENT_METHODS } from "./client.ts";
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
 * import type { CloudClientMethod } from "./client.ts";
 * const m: CloudClientMethod = "createInstance";
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
