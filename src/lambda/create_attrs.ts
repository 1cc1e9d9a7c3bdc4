/**
 * The attributes of `createInstance`, checked with the API's rules before
 * any request: every field Lambda's launch takes is validated (the zod
 * request schemas), attributes Lambda cannot honour (spot, disks, VPCs, …)
 * are refused rather than ignored, and the bookkeeping tags are added.
 *
 * @example
 * ```ts
 * import { validateCreateAttrs } from "./create_attrs.ts";
 * const valid = validateCreateAttrs({ location: "us-west-1", instanceType: "gpu_1x_a10", refId: "job-1", keyPairName: "me" }, "cred-1", new Date());
 * console.log(valid.body.name); // "job-1": named after its ref id
 * ```
 *
 * @module
 */
import { InvalidArgumentError } from "../v1/errors.ts";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import { wireRulesFromV1 } from "./firewall.ts";
import { BOOKKEEPING_TAG_PREFIX, BOOKKEEPING_TAGS } from "./instance.ts";
import { validatePublicKey } from "./ssh_key.ts";
import {
  type FirewallRuleRequest,
  type LaunchInstanceRequest,
  LaunchInstanceRequestSchema,
  RequestedTagEntrySchema,
} from "./wire.ts";

/** The largest user data Lambda accepts, in bytes. */
const MAX_USER_DATA_BYTES = 1024 * 1024;

/** What a launch needs once the attributes are known to be valid. */
interface ValidatedAttrs {
  /** The launch body without SSH key, image and ruleset. */
  body: LaunchInstanceRequest;
  /** Rules of the per-instance ruleset (empty: none is made). */
  rules: FirewallRuleRequest[];
  location: string;
}

/** Lambda's longest instance name, in UTF-16 code units. */
const MAX_NAME_LENGTH = 64;

/**
 * The name of an instance created without one: its ref id, cut to Lambda's
 * 64 characters without splitting a character, so that the console and
 * `Instance.name` show something readable.
 */
function defaultName(refId: string): string {
  let name = "";
  for (const char of refId) {
    if (name.length + char.length > MAX_NAME_LENGTH) break;
    name += char;
  }
  return name;
}

/**
 * Checks every attribute with the API's rules; throws before any request.
 * `attrs.name` is optional, as in Lambda's launch: absent or empty, the
 * instance is named after `attrs.refId` (cut to 64 characters).
 *
 * @param attrs what to launch
 * @param credRefId the client's ref id (written as a tag)
 * @param createdAt the creation time (written as a tag)
 * @param defaultLocation used when `attrs.location` is empty
 * @throws {InvalidArgumentError} naming the field and the rule
 *
 * @example
 * ```ts
 * import { validateCreateAttrs } from "./create_attrs.ts";
 * validateCreateAttrs({ location: "us-west-1", instanceType: "gpu_1x_a10", name: "a", refId: "r", keyPairName: "me" }, "cred-1", new Date());
 * ```
 */
export function validateCreateAttrs(
  attrs: CreateInstanceAttrs,
  credRefId: string,
  createdAt: Date,
  defaultLocation?: string,
): ValidatedAttrs {
  const fail = (field: string, rule: string): never => {
    throw new InvalidArgumentError(`attrs.${field}`, rule);
  };
  if (attrs === null || typeof attrs !== "object") {
    throw new InvalidArgumentError("attrs", "must be an object");
  }
  const location = attrs.location || defaultLocation;
  if (typeof location !== "string" || location === "") {
    fail("location", "is required (or give the client a default location)");
  }
  if (typeof attrs.instanceType !== "string" || attrs.instanceType === "") {
    fail("instanceType", "is required");
  }
  if (attrs.name !== undefined && typeof attrs.name !== "string") {
    fail("name", "must be a string when given");
  }
  if ((attrs.name?.length ?? 0) > 64) {
    fail("name", "must be at most 64 characters");
  }
  if (typeof attrs.refId !== "string" || attrs.refId === "") {
    fail("refId", "is required");
  }
  if (attrs.refId.length > 128) {
    fail(
      "refId",
      "must be at most 128 characters (it is stored as a tag value)",
    );
  }
  const hasKey = attrs.publicKey !== undefined;
  const hasName = attrs.keyPairName !== undefined;
  if (hasKey === hasName) {
    fail("publicKey", "exactly one of publicKey and keyPairName must be given");
  }
  if (hasKey) validatePublicKey(attrs.publicKey!, "attrs.publicKey");
  if (
    hasName &&
    (typeof attrs.keyPairName !== "string" || attrs.keyPairName === "")
  ) {
    fail("keyPairName", "must be a non-empty string");
  }
  if (attrs.subLocation) fail("subLocation", "Lambda Cloud has no zones");
  if (attrs.useSpot) fail("useSpot", "Lambda Cloud has no spot instances");
  if (attrs.usePersistentIp) {
    fail("usePersistentIp", "Lambda Cloud has no reserved IPs");
  }
  if (attrs.vpcId) fail("vpcId", "Lambda Cloud has no VPCs");
  if (attrs.subnetId) fail("subnetId", "Lambda Cloud has no subnets");
  if (attrs.diskSize) {
    fail("diskSize", "the root disk size is fixed by the instance type");
  }
  if (attrs.additionalDisks?.length) {
    fail("additionalDisks", "use fileSystems (Lambda filesystems) instead");
  }
  if (attrs.retireTimeoutMs !== undefined) {
    fail("retireTimeoutMs", "Lambda Cloud does not retire instances");
  }
  if (attrs.additionalEnvVars && Object.keys(attrs.additionalEnvVars).length) {
    fail("additionalEnvVars", "Lambda instances are virtual machines");
  }

  const tags: { key: string; value: string }[] = [];
  for (const [key, value] of Object.entries(attrs.tags ?? {})) {
    if (key.startsWith(BOOKKEEPING_TAG_PREFIX)) {
      fail(
        `tags.${key}`,
        `keys starting with "${BOOKKEEPING_TAG_PREFIX}" are reserved`,
      );
    }
    const parsed = RequestedTagEntrySchema.safeParse({ key, value });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      fail(`tags.${key}`, `${issue.path.join(".")} ${issue.message}`);
    }
    tags.push({ key, value });
  }
  tags.push(
    { key: BOOKKEEPING_TAGS.refId, value: attrs.refId },
    { key: BOOKKEEPING_TAGS.cloudCredRefId, value: credRefId },
    { key: BOOKKEEPING_TAGS.createdAt, value: createdAt.toISOString() },
  );

  let userData: string | undefined;
  if (attrs.userDataBase64 !== undefined) {
    let raw: Uint8Array;
    try {
      raw = Uint8Array.from(atob(attrs.userDataBase64), (c) => c.charCodeAt(0));
    } catch {
      return fail("userDataBase64", "must be valid base64");
    }
    if (raw.length > MAX_USER_DATA_BYTES) {
      fail("userDataBase64", "must decode to at most 1 MiB");
    }
    try {
      userData = new TextDecoder("utf-8", { fatal: true }).decode(raw);
    } catch {
      fail(
        "userDataBase64",
        "must decode to UTF-8 text (cloud-init user data)",
      );
    }
  }

  const rules = attrs.firewallRules
    ? wireRulesFromV1(attrs.firewallRules, "attrs.firewallRules")
    : [];

  const candidate: LaunchInstanceRequest = {
    region_name: location!,
    instance_type_name: attrs.instanceType,
    ssh_key_names: [attrs.keyPairName ?? "placeholder"],
    name: attrs.name || defaultName(attrs.refId),
    ...(attrs.hostname !== undefined ? { hostname: attrs.hostname } : {}),
    ...(userData !== undefined ? { user_data: userData } : {}),
    ...(attrs.fileSystems?.length
      ? { file_system_names: attrs.fileSystems }
      : {}),
    tags,
  };
  const parsed = LaunchInstanceRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ({
      hostname: "hostname",
      name: "name",
      file_system_names: "fileSystems",
      region_name: "location",
      instance_type_name: "instanceType",
    } as Record<string, string>)[String(issue.path[0])] ?? issue.path.join(".");
    fail(field, issue.message);
  }
  return { body: parsed.data!, rules, location: location! };
}
