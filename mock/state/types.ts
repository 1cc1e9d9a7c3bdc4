/**
 * Wire types of the Lambda Cloud API used by the state model: the types of
 * the project's wire schemas (`src/lambda/wire.ts`), and for the few parts
 * it does not name, the types generated from `openapi.json` (the two are
 * proven equal by the wire module's type tests).
 *
 * @module
 */
import type { components } from "../../src/lambda/schema.gen.ts";
import type {
  InstanceStatus as WireInstanceStatus,
  LaunchInstanceRequest,
  WireAuditEvent,
  WireFilesystem,
  WireFirewallRule,
  WireFirewallRuleset,
  WireGeneratedSshKey,
  WireGlobalFirewallRuleset,
  WireImage,
  WireInstance,
  WireInstanceActions,
  WireInstanceType,
  WireRegion,
  WireSshKey,
} from "../../src/lambda/wire.ts";

type Schemas = components["schemas"];

/** A region. @example `const r: Region = { name: "us-west-1", description: "California, USA" };` */
export type Region = WireRegion;
/** An instance type. @example `let t: InstanceType | undefined;` */
export type InstanceType = WireInstanceType;
/** An instance. @example `let i: Instance | undefined;` */
export type Instance = WireInstance;
/** An instance status. @example `const s: InstanceStatus = "booting";` */
export type InstanceStatus = WireInstanceStatus;
/** Action availability of an instance. @example `let a: InstanceActionAvailability | undefined;` */
export type InstanceActionAvailability = WireInstanceActions;
/** One action's availability. @example `const d: InstanceActionAvailabilityDetails = { available: true };` */
export type InstanceActionAvailabilityDetails =
  Schemas["InstanceActionAvailabilityDetails"];
/** An image. @example `let i: Image | undefined;` */
export type Image = WireImage;
/** Image architecture. @example `const a: ImageArchitecture = "arm64";` */
export type ImageArchitecture = "x86_64" | "arm64";
/** An SSH key. @example `let k: SSHKey | undefined;` */
export type SSHKey = WireSshKey;
/** A generated SSH key (with its private key). @example `let k: GeneratedSSHKey | undefined;` */
export type GeneratedSSHKey = WireGeneratedSshKey;
/** A filesystem. @example `let f: Filesystem | undefined;` */
export type Filesystem = WireFilesystem;
/** A firewall rule. @example `const r: FirewallRule = { protocol: "icmp", source_network: "0.0.0.0/0", description: "" };` */
export type FirewallRule = WireFirewallRule;
/** A firewall ruleset. @example `let r: FirewallRuleset | undefined;` */
export type FirewallRuleset = WireFirewallRuleset;
/** The global firewall ruleset. @example `let g: GlobalFirewallRuleset | undefined;` */
export type GlobalFirewallRuleset = WireGlobalFirewallRuleset;
/** An audit event. @example `let e: AuditEvent | undefined;` */
export type AuditEvent = WireAuditEvent;
/** A tag. @example `const t: TagEntry = { key: "team", value: "ml" };` */
export type TagEntry = Schemas["TagEntry"];
/** A filesystem mount of an instance. @example `let m: FilesystemMountEntry | undefined;` */
export type FilesystemMountEntry = Schemas["FilesystemMountEntry"];
/** A user. @example `let u: User | undefined;` */
export type User = Schemas["User"];
/** The body of a launch request. @example `let b: LaunchRequest | undefined;` */
export type LaunchRequest = LaunchInstanceRequest;
