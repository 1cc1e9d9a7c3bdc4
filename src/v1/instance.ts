/**
 * Instances: the machines a provider runs, their lifecycle, and the
 * arguments for creating, listing and tagging them.
 *
 * @module
 */

import type { Bytes } from "./bytes.ts";
import type { LocationsFilter } from "./filters.ts";
import type { FirewallRules, PortMapping } from "./firewall.ts";
import type { Disk } from "./storage.ts";

/**
 * Where an instance is in its life.
 *
 * `unknown` is this port's addition to the original set: it stands for a
 * provider state the interface cannot name. Reporting such states as
 * `pending` (as a catch-all) would make, say, a machine being deleted look
 * like one that is starting, and waiters would wait for the wrong thing.
 *
 * @example
 * ```ts
 * import type { Instance, LifecycleStatus } from "@gpufleet/lambda";
 * const settled: readonly LifecycleStatus[] = ["running", "stopped", "terminated", "failed"];
 * const isSettled = (inst: Pick<Instance, "status">) => settled.includes(inst.status.lifecycleStatus);
 * console.log(isSettled({ status: { lifecycleStatus: "pending" } })); // false
 * ```
 */
export type LifecycleStatus =
  | "pending"
  | "running"
  | "stopping"
  | "stopped"
  | "suspending"
  | "suspended"
  | "terminating"
  | "terminated"
  | "failed"
  | "unknown";

/**
 * Every {@link LifecycleStatus}.
 *
 * @example
 * ```ts
 * import { LIFECYCLE_STATUSES } from "@gpufleet/lambda";
 * console.log(LIFECYCLE_STATUSES.includes("running")); // true
 * ```
 */
export const LIFECYCLE_STATUSES: readonly LifecycleStatus[] = Object.freeze(
  [
    "pending",
    "running",
    "stopping",
    "stopped",
    "suspending",
    "suspended",
    "terminating",
    "terminated",
    "failed",
    "unknown",
  ] as const,
);

/**
 * The status of an instance with optional messages from the provider.
 *
 * @example
 * ```ts
 * import type { InstanceStatus } from "@gpufleet/lambda";
 * const describe = (s: InstanceStatus) => [s.lifecycleStatus, ...(s.messages ?? [])].join(": ");
 * console.log(describe({ lifecycleStatus: "failed", messages: ["out of capacity"] })); // "failed: out of capacity"
 * ```
 */
export interface InstanceStatus {
  /** The lifecycle state. */
  lifecycleStatus: LifecycleStatus;
  /** Notes from the provider, e.g. why the instance is unhealthy. */
  messages?: string[];
}

/**
 * Key/value tags of an instance.
 *
 * @example
 * ```ts
 * import { matchesTagFilters, type Tags } from "@gpufleet/lambda";
 * const tags: Tags = { team: "research", env: "dev" };
 * console.log(matchesTagFilters(tags, { env: ["dev", "staging"] })); // true
 * ```
 */
export type Tags = Record<string, string>;

/**
 * A machine at the provider.
 *
 * @example
 * ```ts
 * import { type Instance, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const created = await client.createInstance({ refId: "job-42", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * mock.clock.advance(60_000); // booted
 * const inst: Instance = await client.getInstance(created.cloudId);
 * const sshTarget = (i: Instance) => `${i.sshUser}@${i.publicIp}:${i.sshPort}`;
 * console.log(inst.refId, inst.cloudCredRefId, inst.status.lifecycleStatus); // job-42 cred-1 running
 * console.log(sshTarget(inst).startsWith("ubuntu@")); // true
 * ```
 */
export interface Instance {
  /** Display name. */
  name: string;
  /** The caller's reference id given at creation; used for idempotency. */
  refId: string;
  /** The reference id of the credential that created it. */
  cloudCredRefId: string;
  /** The provider's id of the instance. */
  cloudId: string;
  /** When it was created. */
  createdAt: Date;
  /** Its tags. */
  tags: Tags;
  /** The provider's name of its instance type. */
  instanceType: string;
  /** The stable id of its instance type (see `InstanceType.id`). */
  instanceTypeId?: string;
  /** Its location. */
  location: string;
  /** Its zone within the location, if any. */
  subLocation?: string;
  /** Its status. */
  status: InstanceStatus;
  /** When it last began to stop, if it has. */
  lastStopTransitionTime?: Date;
  /** The provider's id of a reserved public IP, if any. */
  ipAllocationId?: string;
  /** Public IP; often absent until the instance is running. */
  publicIp?: string;
  /** Public DNS name. */
  publicDns?: string;
  /** Private IP in the provider's network. */
  privateIp?: string;
  /** Host name of the machine. */
  hostname?: string;
  /** Ports forwarded to another host (e.g. a bastion). */
  internalPortMappings?: PortMapping[];
  /** The VPC it runs in. */
  vpcId?: string;
  /** The subnet it runs in. */
  subnetId?: string;
  /** Its firewall rules. */
  firewallRules: FirewallRules;
  /** The image it booted from. */
  imageId?: string;
  /** Size of its root disk. */
  diskSize?: Bytes;
  /** Kind of its root disk, provider-specific. */
  volumeType?: string;
  /** Extra disks. */
  additionalDisks?: Disk[];
  /** Fingerprint of the SSH public key it accepts. */
  pubKeyFingerprint?: string;
  /** User name for SSH. */
  sshUser: string;
  /** Port for SSH. */
  sshPort: number;
  /** When it was retired, if it was. */
  retiredAt?: Date;
  /** How long after creation it is retired, in milliseconds. */
  retireTimeoutMs?: number;
  /** Whether it may be retired automatically. */
  retireable?: boolean;
  /** Whether it is a spot (preemptible) instance. */
  spot?: boolean;
  /** Whether it can be stopped and started. */
  stoppable: boolean;
  /** Whether it can be rebooted. */
  rebootable: boolean;
  /** Whether it can be terminated through the API now. */
  isTerminatable?: boolean;
  /** Whether the provider has flagged it for maintenance. */
  maintenanceRequired?: boolean;
  /** Whether it is a container rather than a virtual machine. */
  isContainer?: boolean;
  /** Whether privilege escalation is disabled for its users. */
  userPrivilegeEscalationDisabled?: boolean;
  /** Whether its user lacks root. */
  notPrivileged?: boolean;
}

/**
 * What `createInstance` launches.
 *
 * @example
 * ```ts
 * import { type CreateInstanceAttrs, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const attrs: CreateInstanceAttrs = {
 *   location: "us-west-1",
 *   instanceType: "gpu_1x_a10",
 *   name: "trainer-1",
 *   refId: "job-42",
 *   publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop",
 *   tags: { team: "research" },
 * };
 * const inst = await client.createInstance(attrs);
 * const again = await client.createInstance(attrs); // same refId: no second launch
 * console.log(again.cloudId === inst.cloudId, inst.tags.team); // true research
 * ```
 */
export interface CreateInstanceAttrs {
  /** Where to launch. */
  location: string;
  /** A zone within the location. */
  subLocation?: string;
  /** Display name; optional (a provider may name the instance itself). */
  name?: string;
  /** The caller's reference id; a provider claiming `create-instance-idempotent` launches at most once per refId. */
  refId: string;
  /** The instance type to launch. */
  instanceType: string;
  /** An SSH public key in OpenSSH format to install. */
  publicKey?: string;
  /** The name of an SSH key already registered at the provider. */
  keyPairName?: string;
  /** The image to boot (by id; providers may also accept a family). */
  imageId?: string;
  /** Cloud-init user data, base64-encoded. */
  userDataBase64?: string;
  /** Size of the root disk. */
  diskSize?: Bytes;
  /** Extra disks to attach. */
  additionalDisks?: Disk[];
  /** Tags to set. */
  tags?: Tags;
  /** Firewall rules to apply. */
  firewallRules?: FirewallRules;
  /** Launch as a spot instance. */
  useSpot?: boolean;
  /** Give it a public IP that survives stop/start. */
  usePersistentIp?: boolean;
  /** The VPC to launch into. */
  vpcId?: string;
  /** The subnet to launch into. */
  subnetId?: string;
  /** Host name to give the machine. */
  hostname?: string;
  /** Names of provider filesystems to mount. */
  fileSystems?: string[];
  /** Retire the instance this long after creation, in milliseconds. */
  retireTimeoutMs?: number;
  /** Extra environment variables (container providers). */
  additionalEnvVars?: Record<string, string>;
}

/**
 * Arguments of `listInstances`. Every absent filter allows everything.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type ListInstancesArgs } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const launch = { location: "us-west-1", instanceType: "gpu_1x_a10", publicKey };
 * await client.createInstance({ ...launch, refId: "job-1", tags: { team: "research" } });
 * await client.createInstance({ ...launch, refId: "job-2", tags: { team: "web" } });
 * const args: ListInstancesArgs = { locations: ["us-west-1"], tagFilters: { team: ["research"] } };
 * console.log((await client.listInstances(args)).map((i) => i.refId)); // ["job-1"]
 * ```
 */
export interface ListInstancesArgs {
  /** Only these instance ids. */
  instanceIds?: string[];
  /** Tag key → allowed values (see {@link matchesTagFilters}). */
  tagFilters?: Record<string, string[]>;
  /** Only these locations. */
  locations?: LocationsFilter;
}

/**
 * Arguments of `updateInstanceTags`.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type UpdateInstanceTagsArgs } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: UpdateInstanceTagsArgs = { instanceId: "0920582c7ff041399e34823a0be62549", tags: { owner: "ana" } };
 * const error = await client.updateInstanceTags(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud sets tags only at launch)
 * ```
 */
export interface UpdateInstanceTagsArgs {
  /** The provider's id of the instance. */
  instanceId: string;
  /** Tags to set; keys not given keep their values. */
  tags: Tags;
}

/**
 * Whether `tags` pass `tagFilters`: for every filter key the instance must
 * have that tag, and its value must be one of the listed values (an empty
 * list only requires the key). Absent or empty filters match everything.
 *
 * @example
 * ```ts
 * import { matchesTagFilters } from "@gpufleet/lambda";
 * console.log(matchesTagFilters({ team: "ml", env: "dev" }, { team: ["ml", "infra"] })); // true
 * console.log(matchesTagFilters({ team: "web" }, { team: ["ml"] })); // false
 * ```
 */
export function matchesTagFilters(
  tags: Tags,
  tagFilters: Record<string, readonly string[]> | undefined,
): boolean {
  if (tagFilters === undefined) return true;
  return Object.entries(tagFilters).every(([key, values]) => {
    if (!Object.hasOwn(tags, key)) return false;
    return values.length === 0 || values.includes(tags[key]);
  });
}
