/**
 * How instance types, instances, regions, images and firewall rules look in
 * the tool's tables and JSON.
 *
 * @module
 */

import {
  type FirewallRule,
  type FirewallRules,
  formatBytes,
  type Gpu,
  type Image,
  type Instance,
  type InstanceType,
  type Location,
  type Price,
} from "../src/v1/mod.ts";
import { formatDetails, formatTable } from "./table.ts";

/**
 * One instance type across all the regions listed: what `types` prints.
 *
 * @example
 * ```ts
 * import { typesTable, type TypeSummary } from "./format.ts";
 * const a10: TypeSummary = {
 *   type: "gpu_1x_a10",
 *   gpus: [{ count: 1, name: "A10", manufacturer: "NVIDIA", memory: { value: 24, unit: "GiB" } }],
 *   vcpu: 30,
 *   memory: { value: 200, unit: "GiB" },
 *   pricePerHour: { amount: "0.75", currency: "USD" },
 *   architectures: ["x86_64"],
 *   regions: ["us-west-1", "us-east-1"],
 *   regionsWithCapacity: ["us-west-1"],
 * };
 * console.log(typesTable([a10]).split("\n")[1]); // "gpu_1x_a10  1x A10 (24 GiB)    30  200 GiB    $0.75  us-west-1"
 * ```
 */
export interface TypeSummary {
  /** The type's name, e.g. `"gpu_1x_a10"`. */
  type: string;
  /** Its GPUs (empty for CPU-only types). */
  gpus: InstanceType["supportedGpus"];
  /** Virtual CPUs. */
  vcpu: number;
  /** Main memory. */
  memory: InstanceType["memory"];
  /** On-demand price per hour, if known. */
  pricePerHour?: Price;
  /** CPU architectures. */
  architectures: InstanceType["supportedArchitectures"];
  /** Every region listed that offers the type. */
  regions: string[];
  /** The regions where it can be launched now. */
  regionsWithCapacity: string[];
}

/**
 * Folds the per-region entries of `getInstanceTypes` into one summary per
 * type, in first-seen order.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { summarizeTypes } from "./format.ts";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const summaries = summarizeTypes(await client.getInstanceTypes({ locations: ["all"] }));
 * const gh200 = summaries.find((s) => s.type === "gpu_1x_gh200");
 * console.log(gh200?.regions.length, gh200?.regionsWithCapacity); // 12 ["us-east-1", "us-east-3"]
 * ```
 */
export function summarizeTypes(
  entries: readonly InstanceType[],
): TypeSummary[] {
  const byType = new Map<string, TypeSummary>();
  for (const entry of entries) {
    let summary = byType.get(entry.type);
    if (summary === undefined) {
      summary = {
        type: entry.type,
        gpus: entry.supportedGpus,
        vcpu: entry.vcpu,
        memory: entry.memory,
        pricePerHour: entry.basePrice,
        architectures: entry.supportedArchitectures,
        regions: [],
        regionsWithCapacity: [],
      };
      byType.set(entry.type, summary);
    }
    if (!summary.regions.includes(entry.location)) {
      summary.regions.push(entry.location);
    }
    if (
      entry.isAvailable && !summary.regionsWithCapacity.includes(entry.location)
    ) {
      summary.regionsWithCapacity.push(entry.location);
    }
  }
  return [...byType.values()];
}

/**
 * `"1x A10 (24 GiB)"`, `"8x H100 (80 GiB)"`, or `"-"` without GPUs.
 *
 * @example
 * ```ts
 * import { formatGpus } from "./format.ts";
 * console.log(formatGpus([{ count: 8, name: "H100", manufacturer: "NVIDIA", memory: { value: 80, unit: "GiB" } }])); // "8x H100 (80 GiB)"
 * ```
 */
export function formatGpus(gpus: readonly Gpu[]): string {
  if (gpus.length === 0) return "-";
  return gpus.map((g) =>
    `${g.count}x ${g.name}${
      g.memory.value > 0 ? ` (${formatBytes(g.memory)})` : ""
    }`
  ).join(", ");
}

/**
 * `"$1.29"`, or `"-"` when unknown.
 *
 * @example
 * ```ts
 * import { formatPrice } from "./format.ts";
 * console.log(formatPrice({ amount: "1.29", currency: "USD" })); // "$1.29"
 * ```
 */
export function formatPrice(price: Price | undefined): string {
  if (price === undefined) return "-";
  return price.currency === "USD"
    ? `$${price.amount}`
    : `${price.amount} ${price.currency}`;
}

function priceValue(summary: TypeSummary): number {
  const amount = Number(summary.pricePerHour?.amount);
  return Number.isFinite(amount) ? amount : Infinity;
}

/**
 * The `types` table: cheapest first.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { summarizeTypes, typesTable } from "./format.ts";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const table = typesTable(summarizeTypes(await client.getInstanceTypes({ locations: ["all"] })));
 * console.log(table.split("\n")[0]); // "TYPE                   GPUS              VCPU  MEMORY    PRICE/H  REGIONS WITH CAPACITY"
 * ```
 */
export function typesTable(summaries: readonly TypeSummary[]): string {
  const sorted = [...summaries].sort((a, b) =>
    priceValue(a) - priceValue(b) || a.type.localeCompare(b.type)
  );
  return formatTable(
    [
      { header: "TYPE" },
      { header: "GPUS" },
      { header: "VCPU", align: "right" },
      { header: "MEMORY", align: "right" },
      { header: "PRICE/H", align: "right" },
      { header: "REGIONS WITH CAPACITY" },
    ],
    sorted.map((s) => [
      s.type,
      formatGpus(s.gpus),
      String(s.vcpu),
      formatBytes(s.memory),
      formatPrice(s.pricePerHour),
      s.regionsWithCapacity.length > 0 ? s.regionsWithCapacity.join(", ") : "-",
    ]),
  );
}

/**
 * The `regions` table.
 *
 * @example
 * ```ts
 * import { regionsTable } from "./format.ts";
 * console.log(regionsTable([{ name: "us-west-1", description: "California, USA", available: true }])); // "REGION     DESCRIPTION      AVAILABLE\nus-west-1  California, USA  yes\n"
 * ```
 */
export function regionsTable(locations: readonly Location[]): string {
  return formatTable(
    [{ header: "REGION" }, { header: "DESCRIPTION" }, { header: "AVAILABLE" }],
    locations.map((l) => [l.name, l.description, l.available ? "yes" : "no"]),
  );
}

/**
 * The `images` table.
 *
 * @example
 * ```ts
 * import { imagesTable } from "./format.ts";
 * console.log(imagesTable([{ id: "img-1", name: "Lambda Stack 22.04", architecture: "x86_64" }]).split("\n")[1]); // "img-1  Lambda Stack 22.04  x86_64"
 * ```
 */
export function imagesTable(images: readonly Image[]): string {
  return formatTable(
    [
      { header: "ID" },
      { header: "NAME" },
      { header: "FAMILY" },
      { header: "VERSION" },
      { header: "ARCH" },
      { header: "REGION" },
    ],
    images.map((i) => [
      i.id,
      i.name,
      i.family ?? "",
      i.version ?? "",
      i.architecture,
      i.location ?? "",
    ]),
  );
}

function formatTags(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(",");
}

/**
 * The `instances` table.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { instancesTable } from "./format.ts";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", name: "trainer", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * console.log(instancesTable(await client.listInstances()).split("\n")[0]); // "ID                                NAME     TYPE        REGION     STATUS   PUBLIC IP  TAGS"
 * ```
 */
export function instancesTable(instances: readonly Instance[]): string {
  return formatTable(
    [
      { header: "ID" },
      { header: "NAME" },
      { header: "TYPE" },
      { header: "REGION" },
      { header: "STATUS" },
      { header: "PUBLIC IP" },
      { header: "TAGS" },
    ],
    instances.map((i) => [
      i.cloudId,
      i.name,
      i.instanceType,
      i.location,
      i.status.lifecycleStatus,
      i.publicIp ?? "",
      formatTags(i.tags),
    ]),
  );
}

/**
 * Details of one instance as aligned label/value lines.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { instanceDetails } from "./format.ts";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", name: "trainer", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * console.log(instanceDetails(inst).split("\n")[1]); // "name        trainer"
 * ```
 */
export function instanceDetails(instance: Instance): string {
  const pairs: [string, string][] = [
    ["id", instance.cloudId],
    ["name", instance.name],
    ["type", instance.instanceType],
    ["region", instance.location],
    ["status", instance.status.lifecycleStatus],
    ["public ip", instance.publicIp ?? "-"],
    ["private ip", instance.privateIp ?? "-"],
    ["hostname", instance.hostname ?? "-"],
    [
      "ssh",
      instance.publicIp
        ? `ssh ${instance.sshUser}@${instance.publicIp}${
          instance.sshPort === 22 ? "" : ` -p ${instance.sshPort}`
        }`
        : "-",
    ],
    ["created", instance.createdAt.toISOString()],
    ["tags", formatTags(instance.tags) || "-"],
  ];
  return formatDetails(pairs);
}

function ports(rule: FirewallRule): string {
  if (rule.protocol === "icmp") return "-";
  return rule.fromPort === rule.toPort
    ? String(rule.fromPort)
    : `${rule.fromPort}-${rule.toPort}`;
}

/**
 * A firewall rule as the firewall commands show it: which way it filters,
 * and which ruleset grants it (`instance`: the instance's own, which the
 * tool can change; `global`: the account-wide ruleset every instance gets;
 * `unknown` when the global ruleset could not be read).
 *
 * @example
 * ```ts
 * import { firewallTable, type RuleView } from "./format.ts";
 * const ssh: RuleView = { id: "fw-1", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"], protocol: "tcp", direction: "ingress", ruleset: "global" };
 * console.log(firewallTable([ssh]).split("\n")[1]); // "fw-1     global   ingress    tcp          22  0.0.0.0/0"
 * ```
 */
export interface RuleView extends FirewallRule {
  /** Lambda filters inbound traffic only. */
  direction: "ingress" | "egress";
  /** The ruleset that grants it, when known. */
  ruleset?: "instance" | "global" | "unknown";
}

/**
 * The `firewall list` table. Given an instance's `FirewallRules` (which do
 * not say where each rule comes from), it has no RULESET column.
 *
 * @example
 * ```ts
 * import { firewallTable } from "./format.ts";
 * console.log(firewallTable([
 *   { id: "fw-1", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"], protocol: "tcp", direction: "ingress", ruleset: "instance" },
 * ]));
 * console.log(firewallTable({ ingressRules: [], egressRules: [] }));
 * ```
 */
export function firewallTable(
  rules: readonly RuleView[] | FirewallRules,
): string {
  const views: readonly RuleView[] = "ingressRules" in rules
    ? [
      ...rules.ingressRules.map((r) => ({
        ...r,
        direction: "ingress" as const,
      })),
      ...rules.egressRules.map((r) => ({ ...r, direction: "egress" as const })),
    ]
    : rules;
  const withRuleset = views.some((r) => r.ruleset !== undefined);
  return formatTable(
    [
      { header: "RULE ID" },
      ...(withRuleset ? [{ header: "RULESET" }] : []),
      { header: "DIRECTION" },
      { header: "PROTOCOL" },
      { header: "PORTS", align: "right" as const },
      { header: "SOURCES" },
      { header: "DESCRIPTION" },
    ],
    views.map((r) => [
      r.id,
      ...(withRuleset ? [r.ruleset ?? "unknown"] : []),
      r.direction,
      r.protocol ?? "tcp",
      ports(r),
      r.ipRanges.join(","),
      r.description ?? "",
    ]),
  );
}
