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

/** A region. @example `const r: Region = { name: "us-west-1", description: "California, USA" };` */
export interface Region {
  /** Region code, e.g. `us-west-1`. */
  name: string;
  /** Human description, e.g. `California, USA`. */
  description: string;
}

/** Hardware of an instance type. @example `const s: InstanceTypeSpecs = { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 };` */
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

/** An instance type. @example `let t: InstanceType | undefined;` */
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

/** An instance status. @example `const s: InstanceStatus = "booting";` */
export type InstanceStatus =
  | "booting"
  | "active"
  | "unhealthy"
  | "terminated"
  | "terminating"
  | "preempted";

/** Why an action is unavailable. @example `const c: InstanceActionUnavailableCode = "vm-is-terminating";` */
export type InstanceActionUnavailableCode =
  | "vm-has-not-launched"
  | "vm-is-too-old"
  | "vm-is-terminating"
  | "vm-action-in-progress";

/** One action's availability. @example `const d: InstanceActionAvailabilityDetails = { available: true };` */
export interface InstanceActionAvailabilityDetails {
  /** Whether the action can be taken now. */
  available: boolean;
  /** Why not (only when unavailable). */
  reason_code?: InstanceActionUnavailableCode | string;
  /** Why not, in words (only when unavailable). */
  reason_description?: string;
}

/** Action availability of an instance. @example `let a: InstanceActionAvailability | undefined;` */
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

/** A tag. @example `const t: TagEntry = { key: "team", value: "ml" };` */
export interface TagEntry {
  /** Key. */
  key: string;
  /** Value. */
  value: string;
}

/** A filesystem mount of an instance. @example `const m: FilesystemMountEntry = { mount_point: "/data/x", file_system_id: "f" };` */
export interface FilesystemMountEntry {
  /** Where it is mounted. */
  mount_point: string;
  /** Filesystem id. */
  file_system_id: string;
}

/** A reference to a firewall ruleset. @example `const e: FirewallRulesetEntry = { id: "abc" };` */
export interface FirewallRulesetEntry {
  /** Ruleset id. */
  id: string;
}

/** An instance. @example `let i: Instance | undefined;` */
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

/** Image architecture. @example `const a: ImageArchitecture = "arm64";` */
export type ImageArchitecture = "x86_64" | "arm64";

/** An image. @example `let i: Image | undefined;` */
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

/** An SSH key. @example `let k: SSHKey | undefined;` */
export interface SSHKey {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
  /** OpenSSH public key. */
  public_key: string;
}

/** A generated SSH key (with its private key, returned once). @example `let k: GeneratedSSHKey | undefined;` */
export interface GeneratedSSHKey extends SSHKey {
  /** The private key. */
  private_key: string;
}

/** A user. @example `const u: User = { id: "u", email: "a@b.c", status: "active" };` */
export interface User {
  /** Id. */
  id: string;
  /** Email. */
  email: string;
  /** Status. */
  status: "active" | "deactivated";
}

/** A filesystem. @example `let f: Filesystem | undefined;` */
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

/** A network protocol. @example `const p: NetworkProtocol = "tcp";` */
export type NetworkProtocol = "tcp" | "udp" | "icmp" | "all";

/** A firewall rule. @example `const r: FirewallRule = { protocol: "icmp", source_network: "0.0.0.0/0", description: "" };` */
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

/** A firewall ruleset. @example `let r: FirewallRuleset | undefined;` */
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

/** The global firewall ruleset. @example `let g: GlobalFirewallRuleset | undefined;` */
export interface GlobalFirewallRuleset {
  /** Always `global`. */
  id: "global";
  /** Name. */
  name: string;
  /** Rules. */
  rules: FirewallRule[];
}

/** An audit event. @example `let e: AuditEvent | undefined;` */
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
