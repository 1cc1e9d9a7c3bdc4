/**
 * Wire types of the Lambda Cloud API used by the state model and exposed
 * in the emulator's public API.
 *
 * They are written out here, rather than taken as `z.infer<…>` of the wire
 * schemas or indexed out of the generated `components`, because they are
 * part of the package's public API (`./mock`) and JSR wants explicit,
 * documented types there. `types_test.ts` proves at compile time that each
 * one equals, both ways, the type generated from `openapi.json` (which the
 * wire module proves equal to its zod schemas).
 *
 * @module
 */

/**
 * A region.
 *
 * @example
 * ```ts
 * import { createMockLambda, type Region } from "@gpufleet/lambda/mock";
 * const texas: Region = { name: "us-south-1", description: "Texas, USA" };
 * const mock = createMockLambda({ regions: [texas], capacity: { "us-south-1": { gpu_1x_a100_sxm4: 2 } } });
 * console.log(Object.keys(mock.state.capacity)); // ["us-south-1"]
 * ```
 */
export interface Region {
  /** Region code, e.g. `us-west-1`. */
  name: string;
  /** Human description, e.g. `California, USA`. */
  description: string;
}

/**
 * Hardware of an instance type.
 *
 * @example
 * ```ts
 * import { createMockLambda, type InstanceTypeSpecs } from "@gpufleet/lambda/mock";
 * const specs: InstanceTypeSpecs = { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 };
 * const mock = createMockLambda({
 *   instanceTypes: [{ name: "gpu_1x_a10", description: "1x A10 (24 GB PCIe)", gpu_description: "A10 (24 GB PCIe)", price_cents_per_hour: 86, specs }],
 *   capacity: { "us-west-1": { gpu_1x_a10: 4 } },
 * });
 * const res = await mock.fetch("/api/v1/instance-types", { headers: { authorization: "Bearer test-key" } });
 * console.log((await res.json()).data.gpu_1x_a10.instance_type.specs.vcpus); // 30
 * ```
 */
export interface InstanceTypeSpecs {
  /** vCPUs. */
  vcpus: number;
  /** Memory in GiB. */
  memory_gib: number;
  /** Local storage in GiB. */
  storage_gib: number;
  /** GPUs. */
  gpus: number;
}

/**
 * An instance type.
 *
 * @example
 * ```ts
 * import { createMockLambda, type InstanceType } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const res = await mock.fetch("/api/v1/instance-types", { headers: { authorization: "Bearer test-key" } });
 * const { data }: { data: Record<string, { instance_type: InstanceType }> } = await res.json();
 * const types = Object.values(data).map((entry) => entry.instance_type);
 * console.log(types.find((t) => t.name === "gpu_1x_a10")?.price_cents_per_hour); // 86
 * ```
 */
export interface InstanceType {
  /** Type name, e.g. `gpu_1x_a10`. */
  name: string;
  /** Description, e.g. `1x A10 (24 GB PCIe)`. */
  description: string;
  /** GPU description, e.g. `A10 (24 GB PCIe)`. */
  gpu_description: string;
  /** Price in US cents per hour. */
  price_cents_per_hour: number;
  /** Hardware. */
  specs: InstanceTypeSpecs;
}

/**
 * An instance status.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type InstanceStatus } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const statusNow = (): InstanceStatus => mock.state.instances[0].status;
 * console.log(statusNow()); // "booting"
 * mock.clock.advance(60_000);
 * console.log(statusNow()); // "active"
 * ```
 */
export type InstanceStatus =
  | "booting"
  | "active"
  | "unhealthy"
  | "terminated"
  | "terminating"
  | "preempted";

/**
 * Why an action is unavailable.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type InstanceActionUnavailableCode } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const why: InstanceActionUnavailableCode | string | undefined = mock.state.instances[0].actions.restart.reason_code;
 * console.log(why); // "vm-has-not-launched"
 * ```
 */
export type InstanceActionUnavailableCode =
  | "vm-has-not-launched"
  | "vm-is-too-old"
  | "vm-is-terminating"
  | "vm-action-in-progress";

/**
 * One action's availability.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type InstanceActionAvailabilityDetails } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const terminate: InstanceActionAvailabilityDetails = mock.state.instances[0].actions.terminate;
 * console.log(terminate); // { available: true }
 * ```
 */
export interface InstanceActionAvailabilityDetails {
  /** Whether the action can be taken now. */
  available: boolean;
  /** Why not (only when unavailable). */
  reason_code?: InstanceActionUnavailableCode | string;
  /** Why not, in words (only when unavailable). */
  reason_description?: string;
}

/**
 * Action availability of an instance.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type InstanceActionAvailability } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * mock.clock.advance(60_000); // booted
 * const actions: InstanceActionAvailability = mock.state.instances[0].actions;
 * console.log(Object.entries(actions).filter(([, a]) => a.available).map(([name]) => name)); // ["migrate", "rebuild", "restart", "cold_reboot", "terminate"]
 * ```
 */
export interface InstanceActionAvailability {
  /** Migrate. */
  migrate: InstanceActionAvailabilityDetails;
  /** Rebuild. */
  rebuild: InstanceActionAvailabilityDetails;
  /** Restart. */
  restart: InstanceActionAvailabilityDetails;
  /** Cold reboot. */
  cold_reboot: InstanceActionAvailabilityDetails;
  /** Terminate. */
  terminate: InstanceActionAvailabilityDetails;
}

/**
 * A tag.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type TagEntry } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey, tags: { team: "ml" } });
 * const tags: TagEntry[] = mock.state.instances[0].tags ?? [];
 * console.log(tags.find((t) => t.key === "team")); // { key: "team", value: "ml" }
 * ```
 */
export interface TagEntry {
  /** Key. */
  key: string;
  /** Value. */
  value: string;
}

/**
 * A filesystem mount of an instance.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type FilesystemMountEntry } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const auth = { authorization: "Bearer test-key", "content-type": "application/json" };
 * await mock.fetch("/api/v1/filesystems", { method: "POST", headers: auth, body: JSON.stringify({ name: "datasets", region: "us-west-1" }) });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey, fileSystems: ["datasets"] });
 * const mounts: FilesystemMountEntry[] = mock.state.instances[0].file_system_mounts ?? [];
 * console.log(mounts.map((m) => m.mount_point)); // ["/lambda/nfs/datasets"]
 * ```
 */
export interface FilesystemMountEntry {
  /** Where it is mounted. */
  mount_point: string;
  /** Filesystem id. */
  file_system_id: string;
}

/**
 * A reference to a firewall ruleset.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type FirewallRulesetEntry } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey, firewallRules: { ingressRules: [{ id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"] }], egressRules: [] } });
 * const [entry]: FirewallRulesetEntry[] = mock.state.instances[0].firewall_rulesets ?? [];
 * console.log(entry.id === mock.state.firewallRulesets[0].id); // true
 * ```
 */
export interface FirewallRulesetEntry {
  /** Ruleset id. */
  id: string;
}

/**
 * An instance.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type Instance } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * mock.clock.advance(60_000); // booted
 * const [inst]: Instance[] = mock.state.instances;
 * console.log(inst.status, inst.region.name, inst.instance_type.name); // active us-west-1 gpu_1x_a10
 * ```
 */
export interface Instance {
  /** Id. */
  id: string;
  /** Name. */
  name?: string;
  /** Public IP (once active). */
  ip?: string;
  /** Private IP (once active). */
  private_ip?: string;
  /** Status. */
  status: InstanceStatus;
  /** SSH key names. */
  ssh_key_names: string[];
  /** Mounted filesystem names. */
  file_system_names: string[];
  /** Mounted filesystems. */
  file_system_mounts?: FilesystemMountEntry[];
  /** Region. */
  region: Region;
  /** Instance type. */
  instance_type: InstanceType;
  /** Hostname (once active). */
  hostname?: string;
  /** Jupyter token (once active). */
  jupyter_token?: string;
  /** Jupyter URL (once active). */
  jupyter_url?: string;
  /** Available actions. */
  actions: InstanceActionAvailability;
  /** Tags. */
  tags?: TagEntry[];
  /** Attached firewall rulesets. */
  firewall_rulesets?: FirewallRulesetEntry[];
}

/**
 * Image architecture.
 *
 * @example
 * ```ts
 * import { createMockLambda, type Image, type ImageArchitecture } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const res = await mock.fetch("/api/v1/images", { headers: { authorization: "Bearer test-key" } });
 * const arch: ImageArchitecture = "arm64";
 * const armImages = ((await res.json()).data as Image[]).filter((i) => i.architecture === arch);
 * console.log(armImages.length > 0); // true
 * ```
 */
export type ImageArchitecture = "x86_64" | "arm64";

/**
 * An image.
 *
 * @example
 * ```ts
 * import { createMockLambda, type Image } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda({
 *   images: [{ region: "us-west-1", name: "my-image", description: "Mine", family: "mine", version: "1.0", architecture: "x86_64" }],
 * });
 * const res = await mock.fetch("/api/v1/images", { headers: { authorization: "Bearer test-key" } });
 * const images: Image[] = (await res.json()).data;
 * console.log(images.map((i) => `${i.name} in ${i.region.name}`)); // ["my-image in us-west-1"]
 * ```
 */
export interface Image {
  /** Id. */
  id: string;
  /** Creation time (ISO 8601). */
  created_time: string;
  /** Last update (ISO 8601). */
  updated_time: string;
  /** Name. */
  name: string;
  /** Description. */
  description: string;
  /** Family. */
  family: string;
  /** Version. */
  version: string;
  /** CPU architecture. */
  architecture: ImageArchitecture;
  /** Region. */
  region: Region;
}

/**
 * An SSH key.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type SSHKey } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.addSshKey({ name: "laptop", publicKey });
 * const keys: SSHKey[] = mock.state.sshKeys;
 * console.log(keys.map((k) => k.name)); // ["laptop"]
 * ```
 */
export interface SSHKey {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
  /** OpenSSH public key. */
  public_key: string;
}

/**
 * A generated SSH key (with its private key, returned once).
 *
 * @example
 * ```ts
 * import { createMockLambda, type GeneratedSSHKey } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const auth = { authorization: "Bearer test-key", "content-type": "application/json" };
 * const res = await mock.fetch("/api/v1/ssh-keys", { method: "POST", headers: auth, body: JSON.stringify({ name: "ci" }) });
 * const key: GeneratedSSHKey = (await res.json()).data;
 * console.log(key.private_key.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----")); // true
 * ```
 */
export interface GeneratedSSHKey extends SSHKey {
  /** The private key. */
  private_key: string;
}

/**
 * A user.
 *
 * @example
 * ```ts
 * import { createMockLambda, type User } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const auth = { authorization: "Bearer test-key", "content-type": "application/json" };
 * await mock.fetch("/api/v1/filesystems", { method: "POST", headers: auth, body: JSON.stringify({ name: "datasets", region: "us-west-1" }) });
 * const creator: User = mock.state.fileSystems[0].created_by;
 * console.log(creator.status); // "active"
 * ```
 */
export interface User {
  /** Id. */
  id: string;
  /** Email. */
  email: string;
  /** Status. */
  status: "active" | "deactivated";
}

/**
 * A filesystem.
 *
 * @example
 * ```ts
 * import { createMockLambda, type Filesystem } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const auth = { authorization: "Bearer test-key", "content-type": "application/json" };
 * const res = await mock.fetch("/api/v1/filesystems", { method: "POST", headers: auth, body: JSON.stringify({ name: "datasets", region: "us-west-1" }) });
 * const fs: Filesystem = (await res.json()).data;
 * console.log(fs.mount_point, fs.is_in_use); // /lambda/nfs/datasets false
 * ```
 */
export interface Filesystem {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
  /** Default mount point. */
  mount_point: string;
  /** Creation time (ISO 8601). */
  created: string;
  /** Creator. */
  created_by: User;
  /** Whether an instance mounts it. */
  is_in_use: boolean;
  /** Region. */
  region: Region;
  /** Bytes used. */
  bytes_used?: number;
}

/**
 * A network protocol.
 *
 * @example
 * ```ts
 * import { createMockLambda, type NetworkProtocol } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const protocols: NetworkProtocol[] = mock.state.globalFirewallRuleset.rules.map((r) => r.protocol);
 * console.log(protocols); // ["tcp", "icmp"]
 * ```
 */
export type NetworkProtocol = "tcp" | "udp" | "icmp" | "all";

/**
 * A firewall rule.
 *
 * @example
 * ```ts
 * import { createMockLambda, type FirewallRule } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const ssh: FirewallRule | undefined = mock.state.globalFirewallRuleset.rules.find((r) => r.protocol === "tcp");
 * console.log(ssh?.port_range); // [22, 22]
 * ```
 */
export interface FirewallRule {
  /** Protocol. */
  protocol: NetworkProtocol;
  /** `[min, max]` ports (not for icmp). */
  port_range?: number[];
  /** Source network (CIDR). */
  source_network: string;
  /** Description. */
  description: string;
}

/**
 * A firewall ruleset.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type FirewallRuleset } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey, firewallRules: { ingressRules: [{ id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"] }], egressRules: [] } });
 * const [ruleset]: FirewallRuleset[] = mock.state.firewallRulesets;
 * console.log(ruleset.region.name, ruleset.instance_ids.length, ruleset.rules[0].port_range); // us-west-1 1 [22, 22]
 * ```
 */
export interface FirewallRuleset {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
  /** Region. */
  region: Region;
  /** Rules. */
  rules: FirewallRule[];
  /** Creation time (ISO 8601). */
  created: string;
  /** Instances using it. */
  instance_ids: string[];
}

/**
 * The global firewall ruleset.
 *
 * @example
 * ```ts
 * import { createMockLambda, type GlobalFirewallRuleset } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const global: GlobalFirewallRuleset = mock.state.globalFirewallRuleset;
 * console.log(global.id, global.name); // global Global rules
 * ```
 */
export interface GlobalFirewallRuleset {
  /** Always `global`. */
  id: "global";
  /** Name. */
  name: string;
  /** Rules. */
  rules: FirewallRule[];
}

/**
 * An audit event.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { type AuditEvent, createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const launched: AuditEvent | undefined = mock.state.auditEvents.find((e) => e.action === "launched");
 * console.log(launched?.resource_name); // "instance"
 * ```
 */
export interface AuditEvent {
  /** Service, e.g. `cloud`. */
  service_name: string;
  /** Resource type, e.g. `instance`. */
  resource_name: string;
  /** Action, e.g. `launched`. */
  action: string;
  /** Catalogue version. */
  catalog_version: string;
  /** Event id. */
  event_id: string;
  /** Time (ISO 8601 with microseconds). */
  event_time: string;
  /** Actor LRN. */
  actor_lrn: string | null;
  /** LRNs of the affected resources. */
  resource_lrns: string[];
  /** Owner account LRN. */
  resource_owner_lrn: string | null;
  /** LRN of the API key used. */
  request_api_key_lrn: string | null;
  /** Event-specific details. */
  additional_details: { [key: string]: unknown };
}
