/**
 * Wire types of the Lambda Cloud API used by the state model, taken from the
 * types generated from the project's `openapi.json`.
 *
 * @module
 */
import type { components } from "../../src/lambda/schema.gen.ts";

type Schemas = components["schemas"];

/** A region on the wire. @example `const r: Region = { name: "us-west-1", description: "California, USA" };` */
export type Region = Schemas["Region"];
/** An instance type on the wire. @example `let t: InstanceType;` */
export type InstanceType = Schemas["InstanceType"];
/** An instance on the wire. @example `let i: Instance;` */
export type Instance = Schemas["Instance"];
/** An instance status. @example `const s: InstanceStatus = "booting";` */
export type InstanceStatus = Schemas["InstanceStatus"];
/** Action availability of an instance. @example `let a: InstanceActionAvailability;` */
export type InstanceActionAvailability = Schemas["InstanceActionAvailability"];
/** One action's availability. @example `const d: InstanceActionAvailabilityDetails = { available: true };` */
export type InstanceActionAvailabilityDetails =
  Schemas["InstanceActionAvailabilityDetails"];
/** An image on the wire. @example `let i: Image;` */
export type Image = Schemas["Image"];
/** Image architecture. @example `const a: ImageArchitecture = "arm64";` */
export type ImageArchitecture = Schemas["ImageArchitecture"];
/** An SSH key on the wire. @example `let k: SSHKey;` */
export type SSHKey = Schemas["SSHKey"];
/** A generated SSH key (with its private key). @example `let k: GeneratedSSHKey;` */
export type GeneratedSSHKey = Schemas["GeneratedSSHKey"];
/** A filesystem on the wire. @example `let f: Filesystem;` */
export type Filesystem = Schemas["Filesystem"];
/** A firewall rule. @example `const r: FirewallRule = { protocol: "icmp", source_network: "0.0.0.0/0", description: "" };` */
export type FirewallRule = Schemas["FirewallRule"];
/** A firewall ruleset on the wire. @example `let r: FirewallRuleset;` */
export type FirewallRuleset = Schemas["FirewallRuleset"];
/** The global firewall ruleset. @example `let g: GlobalFirewallRuleset;` */
export type GlobalFirewallRuleset = Schemas["GlobalFirewallRuleset"];
/** An audit event. @example `let e: AuditEvent;` */
export type AuditEvent = Schemas["AuditEvent"];
/** A tag. @example `const t: TagEntry = { key: "team", value: "ml" };` */
export type TagEntry = Schemas["TagEntry"];
/** A filesystem mount of an instance. @example `let m: FilesystemMountEntry;` */
export type FilesystemMountEntry = Schemas["FilesystemMountEntry"];
/** A user. @example `let u: User;` */
export type User = Schemas["User"];
/** The body of a launch request. @example `let b: LaunchRequest;` */
export type LaunchRequest = NonNullable<
  import("../../src/lambda/schema.gen.ts").operations["launchInstance"][
    "requestBody"
  ]
>["content"]["application/json"];
