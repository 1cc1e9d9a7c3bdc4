/**
 * Zod schemas of the Lambda Cloud wire format, one per request and response
 * body of `openapi.json`.
 *
 * Two rules shape them:
 *
 * - **Requests are strict.** They carry every constraint of the API (lengths,
 *   patterns, ranges, enums), so the provider can refuse bad input before
 *   sending it and the emulator can refuse it with a 400.
 * - **Responses are tolerant where the API grows or is sparse.** Unknown
 *   properties are stripped; enums the API may extend are parsed as any
 *   string (see {@linkcode openEnum}). The answers as the transport reads
 *   them ({@linkcode RESPONSE_DATA}) also read `null` in an optional field
 *   as absent (older published versions mark several fields nullable), and
 *   one unreadable list entry does not fail the list (see `tolerant.ts`: an
 *   instance is kept with what could be read, other entries are left out and
 *   noted). Required fields stay strict because the code depends on them.
 *   The object schemas below are the plain building blocks: they refuse
 *   `null` in an optional field, so that the happy path stays one zod pass.
 *
 * `wire_types_test.ts` proves at compile time that every schema's inferred
 * type and the type generated from `openapi.json` agree both ways.
 *
 * @module
 */
import { z } from "zod";
import {
  type Salvage,
  salvager,
  tolerant,
  tolerantEntry,
  tolerantList,
  tolerantRecord,
} from "./tolerant.ts";

/**
 * An enum the API may extend without notice: typed as its known values, but
 * parsed as any string so that a new value never breaks a client. Code that
 * switches over such a value keeps a default branch for the unknown ones.
 *
 * @example
 * ```ts
 * import { openEnum } from "./wire.ts";
 * const Color = openEnum(["red", "green"]);
 * Color.parse("blue"); // accepted: "blue"
 * ```
 */
export function openEnum<const T extends readonly [string, ...string[]]>(
  _known: T,
): z.ZodType<T[number]> {
  return z.string() as unknown as z.ZodType<T[number]>;
}

// ---------------------------------------------------------------------------
// Enums

/** Instance statuses the API documents today. @example `INSTANCE_STATUSES.includes("active")` */
export const INSTANCE_STATUSES = [
  "booting",
  "active",
  "unhealthy",
  "terminated",
  "terminating",
  "preempted",
] as const;
/** A documented instance status. @example `const s: InstanceStatus = "active";` */
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** Network protocols a firewall rule can name. @example `NETWORK_PROTOCOLS[0] === "tcp"` */
export const NETWORK_PROTOCOLS = ["tcp", "udp", "icmp", "all"] as const;
/** A firewall rule's protocol. @example `const p: NetworkProtocol = "tcp";` */
export type NetworkProtocol = (typeof NETWORK_PROTOCOLS)[number];

/** CPU architectures of machine images. @example `IMAGE_ARCHITECTURES[1] === "arm64"` */
export const IMAGE_ARCHITECTURES = ["x86_64", "arm64"] as const;

/** Reason codes for an unavailable instance action. @example `ACTION_UNAVAILABLE_CODES[0]` */
export const ACTION_UNAVAILABLE_CODES = [
  "vm-has-not-launched",
  "vm-is-too-old",
  "vm-is-terminating",
  "vm-action-in-progress",
] as const;

/** Account user statuses. @example `USER_STATUSES[0] === "active"` */
export const USER_STATUSES = ["active", "deactivated"] as const;

// ---------------------------------------------------------------------------
// Shared request rules

// Numbers without leading zeros: "010" is octal to some parsers, and the
// API refuses it.
const IPV4_CIDR =
  /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})(?:\/(0|[1-9]\d?))?$/;

/**
 * Whether `value` is an IPv4 network in CIDR notation (`10.0.0.0/8`), the
 * format the API requires of a firewall rule's source. A bare address is
 * accepted as the API reads it: a /32.
 *
 * @example
 * ```ts
 * import { isIpv4Cidr } from "./wire.ts";
 * isIpv4Cidr("0.0.0.0/0"); // true
 * isIpv4Cidr("10.0.0.300/8"); // false
 * ```
 */
export function isIpv4Cidr(value: string): boolean {
  const match = IPV4_CIDR.exec(value);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) &&
    (match[5] === undefined || Number(match[5]) <= 32);
}

/** Ports are whole numbers from 1 to 65535. */
const Port = z.number().int().min(1).max(65535);

/** A hostname the API accepts: lowercase letters, digits and hyphens. */
const HOSTNAME_PATTERN = /^[a-z0-9][0-9a-z-]{0,62}$/;
/** A tag key the API accepts. */
const TAG_KEY_PATTERN = /^[a-z][a-z0-9-:]+$/;
/** A filesystem name the API accepts. */
const FILESYSTEM_NAME_PATTERN = /^[a-zA-Z]+[0-9a-zA-Z-]*$/;
/** Where a launch may mount a filesystem. */
const MOUNT_POINT_PATTERN = /^(\/home|\/lambda\/nfs|\/data)[//a-zA-Z0-9-]*$/;

/**
 * The largest `user_data` a launch may carry, in UTF-8 bytes: the API's
 * 1 MiB.
 *
 * @example
 * ```ts
 * import { MAX_USER_DATA_BYTES } from "./wire.ts";
 * console.log(MAX_USER_DATA_BYTES); // 1048576
 * ```
 */
export const MAX_USER_DATA_BYTES = 1024 * 1024;

/** Whether a string is within the user-data limit once UTF-8 encoded. */
function fitsUserData(value: string): boolean {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no encoding.
  if (value.length * 3 <= MAX_USER_DATA_BYTES) return true;
  return new TextEncoder().encode(value).length <= MAX_USER_DATA_BYTES;
}

// ---------------------------------------------------------------------------
// Common objects

/** A region as the API names and describes it. @example `RegionSchema.parse({ name: "us-west-1", description: "California, USA" })` */
export const RegionSchema = z.object({
  name: z.string(),
  description: z.string(),
});

/** Hardware of an instance type. @example `InstanceTypeSpecsSchema.shape.vcpus` */
export const InstanceTypeSpecsSchema = z.object({
  vcpus: z.number(),
  memory_gib: z.number(),
  storage_gib: z.number(),
  gpus: z.number(),
});

/** An instance type: name, price and hardware. @example `InstanceTypeSchema.shape.price_cents_per_hour` */
export const InstanceTypeSchema = z.object({
  name: z.string(),
  description: z.string(),
  gpu_description: z.string(),
  price_cents_per_hour: z.number(),
  specs: InstanceTypeSpecsSchema,
});

/** One entry of the instance-type catalogue. @example `InstanceTypesItemSchema.shape.regions_with_capacity_available` */
export const InstanceTypesItemSchema = z.object({
  instance_type: InstanceTypeSchema,
  regions_with_capacity_available: z.array(RegionSchema),
});

/** The instance-type catalogue, keyed by type name; an unreadable type is left out and noted. @example `InstanceTypesSchema.parse({})` */
export const InstanceTypesSchema: z.ZodType<
  Record<string, z.output<typeof InstanceTypesItemSchema>>
> = tolerantRecord(InstanceTypesItemSchema);

/** A key/value tag as the API returns it. @example `TagEntrySchema.parse({ key: "team", value: "ml" })` */
export const TagEntrySchema = z.object({ key: z.string(), value: z.string() });

/** A key/value tag as a launch may request it, with the API's limits. @example `RequestedTagEntrySchema.parse({ key: "team", value: "ml" })` */
export const RequestedTagEntrySchema = z.object({
  key: z.string().max(55).regex(TAG_KEY_PATTERN, {
    message:
      "must start with a lowercase letter, then lowercase letters, digits, '-' or ':'",
  }),
  value: z.string().max(128),
});

/** A reference to a firewall ruleset by id. @example `FirewallRulesetEntrySchema.parse({ id: "abc" })` */
export const FirewallRulesetEntrySchema = z.object({ id: z.string() });

/** Where a filesystem is mounted on an instance. @example `FilesystemMountEntrySchema.shape.mount_point` */
export const FilesystemMountEntrySchema = z.object({
  mount_point: z.string(),
  file_system_id: z.string(),
});

/** A filesystem mount a launch requests. @example `RequestedFilesystemMountEntrySchema.shape.file_system_id` */
export const RequestedFilesystemMountEntrySchema = z.object({
  mount_point: z.string().max(256).regex(MOUNT_POINT_PATTERN, {
    message: "must be under /home, /lambda/nfs or /data",
  }),
  file_system_id: z.string(),
});

/** Whether one instance action is possible now, and why not. @example `InstanceActionAvailabilityDetailsSchema.parse({ available: true })` */
export const InstanceActionAvailabilityDetailsSchema = z.object({
  available: z.boolean(),
  reason_code: z.string().optional(),
  reason_description: z.string().optional(),
});

/** The availability of every instance action. @example `InstanceActionAvailabilitySchema.shape.restart` */
export const InstanceActionAvailabilitySchema = z.object({
  migrate: InstanceActionAvailabilityDetailsSchema,
  rebuild: InstanceActionAvailabilityDetailsSchema,
  restart: InstanceActionAvailabilityDetailsSchema,
  cold_reboot: InstanceActionAvailabilityDetailsSchema,
  terminate: InstanceActionAvailabilityDetailsSchema,
});

/** An instance as the API reports it. @example `InstanceSchema.shape.status` */
export const InstanceSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  ip: z.string().optional(),
  private_ip: z.string().optional(),
  status: openEnum(INSTANCE_STATUSES),
  ssh_key_names: z.array(z.string()),
  file_system_names: z.array(z.string()),
  file_system_mounts: z.array(FilesystemMountEntrySchema).optional(),
  region: RegionSchema,
  instance_type: InstanceTypeSchema,
  hostname: z.string().optional(),
  jupyter_token: z.string().optional(),
  jupyter_url: z.string().optional(),
  actions: InstanceActionAvailabilitySchema,
  tags: z.array(TagEntrySchema).optional(),
  firewall_rulesets: z.array(FirewallRulesetEntrySchema).optional(),
});

/** Text at `key` of a raw object, or `""`: what a placeholder keeps of a broken part. */
function textAt(raw: unknown, key: string): string {
  const value = typeof raw === "object" && raw !== null
    ? (raw as Record<string, unknown>)[key]
    : undefined;
  return typeof value === "string" ? value : "";
}

/**
 * Keeps an instance entry that fails {@linkcode InstanceSchema} but whose
 * `id` can be read: every readable field is kept (the readable tags too, so
 * its owner can still be told), and a broken required field takes a
 * neutral placeholder (an empty status, the region's and type's names if
 * those can be read, every action unavailable). The entry carries a
 * `ReadProblem` (see `readProblemOf` in `tolerant.ts`) so that the mapping
 * reports it as `unknown`, saying what could not be read.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { InstanceSchema, salvageInstance } from "./wire.ts";
 * const raw = { id: "i-1", status: 7 };
 * const kept = salvageInstance(raw, InstanceSchema.safeParse(raw).error as z.ZodError);
 * console.log(kept?.id, kept?.status); // "i-1" ""
 * ```
 */
export const salvageInstance: Salvage<WireInstance> = salvager(InstanceSchema, {
  placeholders: {
    // An open enum holds any string at run time; "" names no status.
    status: () => "" as InstanceStatus,
    ssh_key_names: () => [],
    file_system_names: () => [],
    region: (raw) => ({
      name: textAt(raw, "name"),
      description: textAt(raw, "description"),
    }),
    instance_type: (raw) => ({
      name: textAt(raw, "name"),
      description: textAt(raw, "description"),
      gpu_description: textAt(raw, "gpu_description"),
      price_cents_per_hour: 0,
      specs: { vcpus: 0, memory_gib: 0, storage_gib: 0, gpus: 0 },
    }),
    actions: () => ({
      migrate: { available: false },
      rebuild: { available: false },
      restart: { available: false },
      cold_reboot: { available: false },
      terminate: { available: false },
    }),
  },
  lists: {
    ssh_key_names: z.string(),
    file_system_names: z.string(),
    file_system_mounts: FilesystemMountEntrySchema,
    tags: TagEntrySchema,
    firewall_rulesets: FirewallRulesetEntrySchema,
  },
});

/** Instances, each kept when its id can be read (see {@linkcode salvageInstance}). */
const InstanceListSchema = tolerantList(InstanceSchema, salvageInstance);

/** A machine image. @example `ImageSchema.shape.family` */
export const ImageSchema = z.object({
  id: z.string(),
  created_time: z.string(),
  updated_time: z.string(),
  name: z.string(),
  description: z.string(),
  family: z.string(),
  version: z.string(),
  architecture: openEnum(IMAGE_ARCHITECTURES),
  region: RegionSchema,
});

/** A registered SSH public key. @example `SshKeySchema.shape.public_key` */
export const SshKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  public_key: z.string(),
});

/** An SSH key pair the API generated; the private key is returned only once. @example `GeneratedSshKeySchema.shape.private_key` */
export const GeneratedSshKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  public_key: z.string(),
  private_key: z.string(),
});

/** The account user who created an object. @example `UserSchema.shape.email` */
export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  status: openEnum(USER_STATUSES),
});

/** A persistent filesystem. @example `FilesystemSchema.shape.is_in_use` */
export const FilesystemSchema = z.object({
  id: z.string(),
  name: z.string(),
  mount_point: z.string(),
  created: z.string(),
  created_by: UserSchema,
  is_in_use: z.boolean(),
  region: RegionSchema,
  bytes_used: z.number().optional(),
});

/** A firewall rule as the API returns it (protocol left open). @example `FirewallRuleSchema.shape.source_network` */
export const FirewallRuleSchema = z.object({
  protocol: openEnum(NETWORK_PROTOCOLS),
  port_range: z.array(z.number()).optional(),
  source_network: z.string(),
  description: z.string(),
});

/**
 * A firewall rule as a request may carry it, with every rule the API
 * enforces: a port range is required for tcp, udp and all, and forbidden for
 * icmp; the source is an IPv4 CIDR; the description is at most 128 characters.
 *
 * @example
 * ```ts
 * import { FirewallRuleRequestSchema } from "./wire.ts";
 * FirewallRuleRequestSchema.parse({
 *   protocol: "tcp",
 *   port_range: [22, 22],
 *   source_network: "0.0.0.0/0",
 *   description: "ssh",
 * });
 * ```
 */
export const FirewallRuleRequestSchema = z.object({
  protocol: z.enum(NETWORK_PROTOCOLS),
  port_range: z.array(Port).length(2).optional(),
  source_network: z.string().refine(isIpv4Cidr, {
    message:
      "must be an IPv4 address or network in CIDR notation, e.g. 52.0.0.0/8",
  }),
  description: z.string().max(128),
}).superRefine((rule, ctx) => {
  const hasPorts = rule.port_range !== undefined;
  if (rule.protocol === "icmp" && hasPorts) {
    ctx.addIssue({
      code: "custom",
      path: ["port_range"],
      message: "must be absent for protocol icmp",
    });
  } else if (rule.protocol !== "icmp" && !hasPorts) {
    ctx.addIssue({
      code: "custom",
      path: ["port_range"],
      message: `is required for protocol ${rule.protocol}`,
    });
  } else if (hasPorts && rule.port_range![0] > rule.port_range![1]) {
    ctx.addIssue({
      code: "custom",
      path: ["port_range"],
      message: "must be [low, high] with low <= high",
    });
  }
});

/** A regional firewall ruleset and the instances attached to it. @example `FirewallRulesetSchema.shape.instance_ids` */
export const FirewallRulesetSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: RegionSchema,
  rules: z.array(FirewallRuleSchema),
  created: z.string(),
  instance_ids: z.array(z.string()),
});

/** The account-wide ruleset applied to every instance. @example `GlobalFirewallRulesetSchema.shape.rules` */
export const GlobalFirewallRulesetSchema = z.object({
  id: z.literal("global"),
  name: z.string(),
  rules: z.array(FirewallRuleSchema),
});

/** One entry of the audit log. @example `AuditEventSchema.shape.event_time` */
export const AuditEventSchema = z.object({
  service_name: z.string(),
  resource_name: z.string(),
  action: z.string(),
  catalog_version: z.string(),
  event_id: z.string(),
  event_time: z.string(),
  actor_lrn: z.string().nullable(),
  resource_lrns: z.array(z.string()),
  resource_owner_lrn: z.string().nullable(),
  request_api_key_lrn: z.string().nullable(),
  additional_details: z.record(z.string(), z.unknown()),
});

/** An empty payload (`{}`), as delete operations answer. @example `EmptyResponseSchema.parse({})` */
export const EmptyResponseSchema = z.record(z.string(), z.never());

// ---------------------------------------------------------------------------
// Request bodies

/** The body of `POST /api/v1/instance-operations/launch`. @example `LaunchInstanceRequestSchema.shape.region_name` */
export const LaunchInstanceRequestSchema = z.object({
  region_name: z.string().min(1),
  instance_type_name: z.string().min(1),
  ssh_key_names: z.array(z.string()),
  file_system_names: z.array(z.string()).optional(),
  file_system_mounts: z.array(RequestedFilesystemMountEntrySchema).optional(),
  hostname: z.string().min(1).max(63).regex(HOSTNAME_PATTERN, {
    message:
      "must be lowercase letters, digits and '-', starting with a letter or digit",
  }).optional(),
  name: z.string().max(64).optional(),
  image: z.union([
    z.object({ id: z.string() }),
    z.object({ family: z.string() }),
  ]).optional(),
  user_data: z.string().refine(fitsUserData, {
    message: "must not exceed 1 MiB",
  }).optional(),
  tags: z.array(RequestedTagEntrySchema).optional(),
  firewall_rulesets: z.array(FirewallRulesetEntrySchema).optional(),
});

/** The body of the restart and terminate operations. @example `InstanceIdsRequestSchema.parse({ instance_ids: ["i-1"] })` */
export const InstanceIdsRequestSchema = z.object({
  instance_ids: z.array(z.string()),
});

/** The body of `POST /api/v1/instances/{id}`. @example `UpdateInstanceRequestSchema.parse({ name: "new" })` */
export const UpdateInstanceRequestSchema = z.object({
  name: z.string().max(64).optional(),
});

/** The body of `POST /api/v1/ssh-keys`. @example `AddSshKeyRequestSchema.parse({ name: "laptop" })` */
export const AddSshKeyRequestSchema = z.object({
  name: z.string().min(1).max(64),
  public_key: z.string().min(1).max(4096).optional(),
});

/** The body of `POST /api/v1/filesystems`. @example `CreateFilesystemRequestSchema.parse({ name: "data", region: "us-west-1" })` */
export const CreateFilesystemRequestSchema = z.object({
  name: z.string().min(1).max(60).regex(FILESYSTEM_NAME_PATTERN, {
    message: "must start with letters, then letters, digits or '-'",
  }),
  region: z.string(),
});

/** The body of `PUT /api/v1/firewall-rules`. @example `SetFirewallRulesRequestSchema.parse({ data: [] })` */
export const SetFirewallRulesRequestSchema = z.object({
  data: z.array(FirewallRuleRequestSchema),
});

/** The body of `POST /api/v1/firewall-rulesets`. @example `CreateFirewallRulesetRequestSchema.shape.rules` */
export const CreateFirewallRulesetRequestSchema = z.object({
  name: z.string().max(64),
  region: z.string(),
  rules: z.array(FirewallRuleRequestSchema),
});

/** The body of `PATCH /api/v1/firewall-rulesets/{id}`. @example `UpdateFirewallRulesetRequestSchema.parse({ name: "web" })` */
export const UpdateFirewallRulesetRequestSchema = z.object({
  name: z.string().max(64).optional(),
  rules: z.array(FirewallRuleRequestSchema).optional(),
});

/** The body of `PATCH /api/v1/firewall-rulesets/global`. @example `UpdateGlobalFirewallRulesetRequestSchema.parse({ rules: [] })` */
export const UpdateGlobalFirewallRulesetRequestSchema = z.object({
  rules: z.array(FirewallRuleRequestSchema).optional(),
});

// ---------------------------------------------------------------------------
// Envelopes

/**
 * Lambda's error envelope. The code is kept as any string: it is matched
 * against known codes by the caller, and a new code must still parse.
 *
 * @example
 * ```ts
 * import { ErrorEnvelopeSchema } from "./wire.ts";
 * ErrorEnvelopeSchema.parse({ error: { code: "global/not-found", message: "x" } });
 * ```
 */
export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    suggestion: z.string().optional(),
  }),
});
/** An error as the API reports it. @example `const e: WireError = { code: "global/not-found", message: "no" };` */
export type WireError = z.infer<typeof ErrorEnvelopeSchema>["error"];

/** The audit-events page: events plus the token of the next page. @example `AuditEventsPageSchema.shape.page_token` */
export const AuditEventsPageSchema = z.object({
  data: z.array(AuditEventSchema),
  page_token: z.string().nullable(),
});

/**
 * The `data` payload of each operation's 200 answer, keyed by operation id.
 *
 * Every one reads `null` in an optional field as absent. Lists of
 * instances keep an unreadable entry whose id can be read (see
 * {@linkcode salvageInstance}), and so does a single instance. Lists of
 * images, SSH keys, filesystems, regions and rulesets, and the instance-type
 * catalogue, leave an unreadable entry out and note it on the parsed value
 * (`skippedEntriesOf` in `tolerant.ts`). Lists of firewall rules stay
 * strict: they are written back whole, so a rule left out would be deleted.
 *
 * @example
 * ```ts
 * import { RESPONSE_DATA } from "./wire.ts";
 * RESPONSE_DATA.listRegions.parse([{ name: "us-west-1", description: "California" }]);
 * ```
 */
export const RESPONSE_DATA = {
  listFilesystems: tolerantList(FilesystemSchema),
  createFilesystem: tolerant(FilesystemSchema),
  filesystemDelete: tolerant(z.object({ deleted_ids: z.array(z.string()) })),
  firewallRulesList: tolerant(z.array(FirewallRuleSchema)),
  firewallRulesSet: tolerant(z.array(FirewallRuleSchema)),
  firewallRulesetsList: tolerantList(FirewallRulesetSchema),
  createFirewallRuleset: tolerant(FirewallRulesetSchema),
  getGlobalFirewallRuleset: tolerant(GlobalFirewallRulesetSchema),
  updateGlobalFirewallRuleset: tolerant(GlobalFirewallRulesetSchema),
  getFirewallRuleset: tolerant(FirewallRulesetSchema),
  updateFirewallRuleset: tolerant(FirewallRulesetSchema),
  deleteFirewallRuleset: tolerant(EmptyResponseSchema),
  listImages: tolerantList(ImageSchema),
  launchInstance: tolerant(z.object({ instance_ids: z.array(z.string()) })),
  restartInstance: z.object({ restarted_instances: InstanceListSchema }),
  terminateInstance: z.object({ terminated_instances: InstanceListSchema }),
  listInstanceTypes: InstanceTypesSchema,
  listInstances: InstanceListSchema,
  getInstance: tolerantEntry(InstanceSchema, salvageInstance),
  postInstance: tolerantEntry(InstanceSchema, salvageInstance),
  listRegions: tolerantList(RegionSchema),
  listSSHKeys: tolerantList(SshKeySchema),
  addSSHKey: tolerant(z.union([GeneratedSshKeySchema, SshKeySchema])),
  deleteSSHKey: tolerant(EmptyResponseSchema),
} as const;

/** Operation ids whose 200 answer is `{ data: … }`. @example `const op: DataOperationId = "listInstances";` */
export type DataOperationId = keyof typeof RESPONSE_DATA;

/**
 * The request body of each operation that has one, keyed by operation id.
 *
 * @example
 * ```ts
 * import { REQUEST_BODY } from "./wire.ts";
 * REQUEST_BODY.terminateInstance.parse({ instance_ids: ["i-1"] });
 * ```
 */
export const REQUEST_BODY = {
  createFilesystem: CreateFilesystemRequestSchema,
  firewallRulesSet: SetFirewallRulesRequestSchema,
  createFirewallRuleset: CreateFirewallRulesetRequestSchema,
  updateGlobalFirewallRuleset: UpdateGlobalFirewallRulesetRequestSchema,
  updateFirewallRuleset: UpdateFirewallRulesetRequestSchema,
  launchInstance: LaunchInstanceRequestSchema,
  restartInstance: InstanceIdsRequestSchema,
  terminateInstance: InstanceIdsRequestSchema,
  postInstance: UpdateInstanceRequestSchema,
  addSSHKey: AddSshKeyRequestSchema,
} as const;

/** Operation ids that take a JSON body. @example `const op: BodyOperationId = "launchInstance";` */
export type BodyOperationId = keyof typeof REQUEST_BODY;

// ---------------------------------------------------------------------------
// Wire types, for code that holds parsed values

/** An instance on the wire. @example `let i: WireInstance | undefined;` */
export type WireInstance = z.infer<typeof InstanceSchema>;
/** An instance type on the wire. @example `let t: WireInstanceType | undefined;` */
export type WireInstanceType = z.infer<typeof InstanceTypeSchema>;
/** A catalogue entry on the wire. @example `let t: WireInstanceTypesItem | undefined;` */
export type WireInstanceTypesItem = z.infer<typeof InstanceTypesItemSchema>;
/** A region on the wire. @example `let r: WireRegion | undefined;` */
export type WireRegion = z.infer<typeof RegionSchema>;
/** An image on the wire. @example `let i: WireImage | undefined;` */
export type WireImage = z.infer<typeof ImageSchema>;
/** An SSH key on the wire. @example `let k: WireSshKey | undefined;` */
export type WireSshKey = z.infer<typeof SshKeySchema>;
/** A generated SSH key pair on the wire. @example `let k: WireGeneratedSshKey | undefined;` */
export type WireGeneratedSshKey = z.infer<typeof GeneratedSshKeySchema>;
/** A filesystem on the wire. @example `let f: WireFilesystem | undefined;` */
export type WireFilesystem = z.infer<typeof FilesystemSchema>;
/** A firewall rule on the wire. @example `let r: WireFirewallRule | undefined;` */
export type WireFirewallRule = z.infer<typeof FirewallRuleSchema>;
/** A firewall ruleset on the wire. @example `let r: WireFirewallRuleset | undefined;` */
export type WireFirewallRuleset = z.infer<typeof FirewallRulesetSchema>;
/** The global firewall ruleset on the wire. @example `let r: WireGlobalFirewallRuleset | undefined;` */
export type WireGlobalFirewallRuleset = z.infer<
  typeof GlobalFirewallRulesetSchema
>;
/** An audit event on the wire. @example `let e: WireAuditEvent | undefined;` */
export type WireAuditEvent = z.infer<typeof AuditEventSchema>;
/** Action availability on the wire. @example `let a: WireInstanceActions | undefined;` */
export type WireInstanceActions = z.infer<
  typeof InstanceActionAvailabilitySchema
>;
/** A launch request body. @example `let b: LaunchInstanceRequest | undefined;` */
export type LaunchInstanceRequest = z.infer<typeof LaunchInstanceRequestSchema>;
/** A firewall rule in a request. @example `let r: FirewallRuleRequest | undefined;` */
export type FirewallRuleRequest = z.infer<typeof FirewallRuleRequestSchema>;
