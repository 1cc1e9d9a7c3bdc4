/**
 * Whether a firewall rule's source is a public IPv4 address or network, as
 * the description requires ("a public IPv4 address optionally followed by
 * a slash (/) and an integer mask"), with `0.0.0.0/0` for any address.
 * The address part is what is checked, as the description words it.
 *
 * @module
 */

/**
 * The IPv4 blocks that are not public: IANA's special-purpose ranges that
 * are not globally reachable (RFC 6890 and its updates).
 */
const NOT_PUBLIC: ReadonlyArray<readonly [base: string, prefix: number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // shared address space (carrier-grade NAT)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link local
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation (TEST-NET-1)
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation (TEST-NET-2)
  ["203.0.113.0", 24], // documentation (TEST-NET-3)
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the limited broadcast address
];

function toNumber(address: string): number {
  return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

const BLOCKS = NOT_PUBLIC.map(([base, prefix]) => ({
  base: toNumber(base),
  size: 2 ** (32 - prefix),
}));

/**
 * Whether `source` (a valid IPv4 address or CIDR, as the request schema
 * has checked) may be a firewall rule's source: `0.0.0.0/0`, or a public
 * address with an optional mask.
 *
 * @example
 * ```ts
 * import { isPublicSource } from "./public_ipv4.ts";
 * console.log(isPublicSource("0.0.0.0/0"), isPublicSource("8.8.8.0/24")); // true true
 * console.log(isPublicSource("10.0.0.0/8"), isPublicSource("127.0.0.1")); // false false
 * ```
 */
export function isPublicSource(source: string): boolean {
  if (source === "0.0.0.0/0") return true;
  const address = toNumber(source.split("/")[0]);
  return BLOCKS.every((b) => address < b.base || address >= b.base + b.size);
}
