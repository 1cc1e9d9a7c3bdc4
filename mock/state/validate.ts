/**
 * Input rules shared by the model's areas. Every function throws a
 * 400 `global/invalid-parameters` {@linkcode MockApiError} on bad input, so
 * the model stays safe when driven directly, without the routes' schemas.
 *
 * @module
 */
import { isIpv4Cidr } from "../../src/lambda/wire.ts";
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

/**
 * Checks an IPv4 network in CIDR notation and returns it as given, with
 * `/32` added when the prefix is missing (the API reads `1.2.3.4` as
 * `1.2.3.4/32`). Octets must be 0–255 without leading zeros, the prefix
 * 0–32. Host bits are allowed (the API does not document them as an error).
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
  if (!isIpv4Cidr(value)) {
    throw invalidParameters(
      `${field} must be an IPv4 address or network in CIDR notation, got '${
        truncate(value)
      }'.`,
    );
  }
  return value.includes("/") ? value : `${value}/32`;
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
