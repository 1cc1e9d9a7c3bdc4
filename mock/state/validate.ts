/**
 * Input rules shared by the model's areas. Every function throws a
 * 400 `global/invalid-parameters` {@linkcode MockApiError} on bad input, so
 * the model stays safe when driven directly, without the routes' schemas.
 *
 * @module
 */
import { invalidParameters, truncate } from "./errors.ts";
import type { FirewallRule } from "./types.ts";

/**
 * Throws unless `value` is a string within the length bounds.
 *
 * @example
 * ```ts
 * import { requireString } from "./validate.ts";
 * requireString("name", "my-key", 1, 64);
 * ```
 */
export function requireString(
  field: string,
  value: unknown,
  min: number,
  max: number,
): string {
  if (typeof value !== "string") {
    throw invalidParameters(`${field} must be a string.`);
  }
  if (value.length < min) {
    throw invalidParameters(
      `${field} must be at least ${min} character${min === 1 ? "" : "s"}.`,
    );
  }
  if (value.length > max) {
    throw invalidParameters(`${field} must be at most ${max} characters.`);
  }
  return value;
}

/**
 * Throws unless `value` is an array (of any length up to `max`).
 *
 * @example
 * ```ts
 * import { requireArray } from "./validate.ts";
 * requireArray("instance_ids", ["a"]);
 * ```
 */
export function requireArray(
  field: string,
  value: unknown,
  max = 10_000,
): unknown[] {
  if (!Array.isArray(value)) {
    throw invalidParameters(`${field} must be an array.`);
  }
  if (value.length > max) {
    throw invalidParameters(`${field} may hold at most ${max} entries.`);
  }
  return value;
}

/**
 * Throws unless `value` is a plain object.
 *
 * @example
 * ```ts
 * import { requireObject } from "./validate.ts";
 * requireObject("body", {});
 * ```
 */
export function requireObject(
  field: string,
  value: unknown,
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidParameters(`${field} must be an object.`);
  }
  return value as Record<string, unknown>;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/**
 * Parses an IPv4 network in CIDR notation (`1.2.3.4` means `/32`) and
 * returns it normalised with its prefix. Host bits must be zero.
 *
 * @example
 * ```ts
 * import { normaliseCidr } from "./validate.ts";
 * normaliseCidr("source_network", "1.2.3.4"); // "1.2.3.4/32"
 * ```
 */
export function normaliseCidr(field: string, value: unknown): string {
  if (typeof value !== "string") {
    throw invalidParameters(`${field} must be a string.`);
  }
  const m = IPV4.exec(value);
  if (!m) {
    throw invalidParameters(
      `${field} must be an IPv4 network in CIDR notation, got '${
        truncate(value)
      }'.`,
    );
  }
  const octets = m.slice(1, 5).map(Number);
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (
    octets.some((o, i) =>
      o > 255 || (m[i + 1].length > 1 && m[i + 1][0] === "0")
    )
  ) {
    throw invalidParameters(`${field} has an invalid IPv4 address.`);
  }
  if (
    prefix > 32 || (m[5] !== undefined && m[5].length > 1 && m[5][0] === "0")
  ) {
    throw invalidParameters(`${field} has an invalid prefix length.`);
  }
  const addr = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) |
    octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((addr & ~mask) >>> 0 !== 0) {
    throw invalidParameters(
      `${field} '${value}' has host bits set; use the network address.`,
    );
  }
  return `${octets.join(".")}/${prefix}`;
}

const PROTOCOLS = new Set(["tcp", "udp", "icmp", "all"]);

/**
 * Validates one firewall rule and returns its normalised copy: protocol
 * one of tcp/udp/icmp/all; `port_range` `[min, max]` (1–65535, min ≤ max)
 * required for tcp, udp and all and forbidden for icmp; `source_network`
 * IPv4 CIDR; description ≤ 128 characters.
 *
 * @example
 * ```ts
 * import { validateFirewallRule } from "./validate.ts";
 * validateFirewallRule({ protocol: "tcp", port_range: [22, 22], source_network: "0.0.0.0/0", description: "ssh" }, "rules[0]");
 * ```
 */
export function validateFirewallRule(
  input: unknown,
  field = "rule",
): FirewallRule {
  const rule = requireObject(field, input);
  const protocol = rule.protocol;
  if (typeof protocol !== "string" || !PROTOCOLS.has(protocol)) {
    throw invalidParameters(
      `${field}.protocol must be one of tcp, udp, icmp, all.`,
    );
  }
  const description = requireString(
    `${field}.description`,
    rule.description,
    0,
    128,
  );
  const source = normaliseCidr(`${field}.source_network`, rule.source_network);
  const out: FirewallRule = {
    protocol: protocol as FirewallRule["protocol"],
    source_network: source,
    description,
  };
  if (protocol === "icmp") {
    if (rule.port_range !== undefined) {
      throw invalidParameters(
        `${field}.port_range is not allowed for the icmp protocol.`,
      );
    }
    return out;
  }
  if (rule.port_range === undefined) {
    throw invalidParameters(
      `${field}.port_range is required for the ${protocol} protocol.`,
    );
  }
  const range = rule.port_range;
  if (
    !Array.isArray(range) || range.length !== 2 ||
    !range.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535)
  ) {
    throw invalidParameters(
      `${field}.port_range must be [min, max] with ports from 1 to 65535.`,
    );
  }
  if (range[0] > range[1]) {
    throw invalidParameters(`${field}.port_range must have min <= max.`);
  }
  out.port_range = [range[0], range[1]];
  return out;
}

/**
 * Validates a list of firewall rules.
 *
 * @example
 * ```ts
 * import { validateFirewallRules } from "./validate.ts";
 * validateFirewallRules([{ protocol: "icmp", source_network: "0.0.0.0/0", description: "" }], "rules");
 * ```
 */
export function validateFirewallRules(
  input: unknown,
  field: string,
): FirewallRule[] {
  return requireArray(field, input, 1000).map((r, i) =>
    validateFirewallRule(r, `${field}[${i}]`)
  );
}
