/**
 * `NotImplCloudClient`: the base class providers extend.
 *
 * @module
 */

import type { Capability } from "./capabilities.ts";
import type {
  ApiType,
  CloudClient,
  CloudClientMethod,
  CloudProviderId,
  RequestOptions,
} from "./client.ts";
import { NotImplementedError } from "./errors.ts";
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

function reject(method: CloudClientMethod): Promise<never> {
  return Promise.reject(new NotImplementedError(method));
}

/**
 * A `CloudClient` that supports nothing. Providers extend it, implement the
 * three descriptive methods (`getApiType`, `getCloudProviderId`,
 * `getReferenceId`) and override what their API supports; every other method
 * fails with {@link NotImplementedError} naming the method — asynchronous
 * methods reject, the synchronous ones (`getInstancePollTime`,
 * `getInstanceTypePollTime`, `getMaxCreateRequestsPerMinute`,
 * `mergeInstanceForUpdate`, `mergeInstanceTypeForUpdate`) throw. Nothing is
 * ever a silent no-op.
 *
 * @example
 * ```ts
 * import { type ApiType, NotImplCloudClient } from "@gpufleet/lambda";
 *
 * class TinyCloud extends NotImplCloudClient {
 *   getApiType(): ApiType { return "global"; }
 *   getCloudProviderId(): string { return "tiny"; }
 *   getReferenceId(): string { return "cred-1"; }
 *   override getInstancePollTime(): number { return 5_000; }
 * }
 *
 * console.log(await new TinyCloud().rebootInstance("i-1").catch((e) => e.code)); // "not-implemented"
 * ```
 */
export abstract class NotImplCloudClient implements CloudClient {
  /** Whether the API is global or per location; providers must say. */
  abstract getApiType(): ApiType;
  /** The provider's id; providers must say. */
  abstract getCloudProviderId(): CloudProviderId;
  /** The credential's reference id; providers must say. */
  abstract getReferenceId(): string;

  /** Rejects with {@link NotImplementedError}. */
  getCapabilities(_opts?: RequestOptions): Promise<Capability[]> {
    return reject("getCapabilities");
  }
  /** Rejects with {@link NotImplementedError}. */
  makeClient(_location: string, _opts?: RequestOptions): Promise<CloudClient> {
    return reject("makeClient");
  }
  /** Rejects with {@link NotImplementedError}. */
  getTenantId(_opts?: RequestOptions): Promise<string> {
    return reject("getTenantId");
  }
  /** Rejects with {@link NotImplementedError}. */
  getInstance(_instanceId: string, _opts?: RequestOptions): Promise<Instance> {
    return reject("getInstance");
  }
  /** Rejects with {@link NotImplementedError}. */
  listInstances(
    _args?: ListInstancesArgs,
    _opts?: RequestOptions,
  ): Promise<Instance[]> {
    return reject("listInstances");
  }
  /** Throws {@link NotImplementedError}. */
  getInstancePollTime(): number {
    throw new NotImplementedError("getInstancePollTime");
  }
  /** Rejects with {@link NotImplementedError}. */
  getLocations(
    _args?: GetLocationsArgs,
    _opts?: RequestOptions,
  ): Promise<Location[]> {
    return reject("getLocations");
  }
  /** Rejects with {@link NotImplementedError}. */
  getInstanceTypes(
    _args?: GetInstanceTypeArgs,
    _opts?: RequestOptions,
  ): Promise<InstanceType[]> {
    return reject("getInstanceTypes");
  }
  /** Throws {@link NotImplementedError}. */
  getInstanceTypePollTime(): number {
    throw new NotImplementedError("getInstanceTypePollTime");
  }
  /** Rejects with {@link NotImplementedError}. */
  createInstance(
    _attrs: CreateInstanceAttrs,
    _opts?: RequestOptions,
  ): Promise<Instance> {
    return reject("createInstance");
  }
  /** Rejects with {@link NotImplementedError}. */
  terminateInstance(
    _instanceId: string,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("terminateInstance");
  }
  /** Throws {@link NotImplementedError}. */
  getMaxCreateRequestsPerMinute(): number {
    throw new NotImplementedError("getMaxCreateRequestsPerMinute");
  }
  /** Rejects with {@link NotImplementedError}. */
  getInstanceTypeQuotas(
    _args: GetInstanceTypeQuotasArgs,
    _opts?: RequestOptions,
  ): Promise<Quota> {
    return reject("getInstanceTypeQuotas");
  }
  /** Rejects with {@link NotImplementedError}. */
  rebootInstance(_instanceId: string, _opts?: RequestOptions): Promise<void> {
    return reject("rebootInstance");
  }
  /** Rejects with {@link NotImplementedError}. */
  stopInstance(_instanceId: string, _opts?: RequestOptions): Promise<void> {
    return reject("stopInstance");
  }
  /** Rejects with {@link NotImplementedError}. */
  startInstance(_instanceId: string, _opts?: RequestOptions): Promise<void> {
    return reject("startInstance");
  }
  /** Rejects with {@link NotImplementedError}. */
  resizeInstanceVolume(
    _args: ResizeInstanceVolumeArgs,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("resizeInstanceVolume");
  }
  /** Rejects with {@link NotImplementedError}. */
  getImages(_args?: GetImageArgs, _opts?: RequestOptions): Promise<Image[]> {
    return reject("getImages");
  }
  /** Rejects with {@link NotImplementedError}. */
  changeInstanceType(
    _instanceId: string,
    _instanceType: string,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("changeInstanceType");
  }
  /** Rejects with {@link NotImplementedError}. */
  addFirewallRulesToInstance(
    _args: AddFirewallRulesToInstanceArgs,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("addFirewallRulesToInstance");
  }
  /** Rejects with {@link NotImplementedError}. */
  revokeSecurityGroupRules(
    _args: RevokeSecurityGroupRuleArgs,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("revokeSecurityGroupRules");
  }
  /** Rejects with {@link NotImplementedError}. */
  updateInstanceTags(
    _args: UpdateInstanceTagsArgs,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("updateInstanceTags");
  }
  /** Throws {@link NotImplementedError}. */
  mergeInstanceForUpdate(_current: Instance, _next: Instance): Instance {
    throw new NotImplementedError("mergeInstanceForUpdate");
  }
  /** Throws {@link NotImplementedError}. */
  mergeInstanceTypeForUpdate(
    _current: InstanceType,
    _next: InstanceType,
  ): InstanceType {
    throw new NotImplementedError("mergeInstanceTypeForUpdate");
  }
  /** Rejects with {@link NotImplementedError}. */
  createVpc(_args: CreateVpcArgs, _opts?: RequestOptions): Promise<Vpc> {
    return reject("createVpc");
  }
  /** Rejects with {@link NotImplementedError}. */
  getVpc(_args: GetVpcArgs, _opts?: RequestOptions): Promise<Vpc> {
    return reject("getVpc");
  }
  /** Rejects with {@link NotImplementedError}. */
  deleteVpc(_args: DeleteVpcArgs, _opts?: RequestOptions): Promise<void> {
    return reject("deleteVpc");
  }
  /** Rejects with {@link NotImplementedError}. */
  createCluster(
    _args: CreateClusterArgs,
    _opts?: RequestOptions,
  ): Promise<Cluster> {
    return reject("createCluster");
  }
  /** Rejects with {@link NotImplementedError}. */
  getCluster(_args: GetClusterArgs, _opts?: RequestOptions): Promise<Cluster> {
    return reject("getCluster");
  }
  /** Rejects with {@link NotImplementedError}. */
  setClusterUser(
    _args: SetClusterUserArgs,
    _opts?: RequestOptions,
  ): Promise<SetClusterUserResult> {
    return reject("setClusterUser");
  }
  /** Rejects with {@link NotImplementedError}. */
  createNodeGroup(
    _args: CreateNodeGroupArgs,
    _opts?: RequestOptions,
  ): Promise<NodeGroup> {
    return reject("createNodeGroup");
  }
  /** Rejects with {@link NotImplementedError}. */
  getNodeGroup(
    _args: GetNodeGroupArgs,
    _opts?: RequestOptions,
  ): Promise<NodeGroup> {
    return reject("getNodeGroup");
  }
  /** Rejects with {@link NotImplementedError}. */
  modifyNodeGroup(
    _args: ModifyNodeGroupArgs,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("modifyNodeGroup");
  }
  /** Rejects with {@link NotImplementedError}. */
  deleteNodeGroup(
    _args: DeleteNodeGroupArgs,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("deleteNodeGroup");
  }
  /** Rejects with {@link NotImplementedError}. */
  deleteCluster(
    _args: DeleteClusterArgs,
    _opts?: RequestOptions,
  ): Promise<void> {
    return reject("deleteCluster");
  }
}
