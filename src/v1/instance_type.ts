/**
 * Instance types: the machine shapes a provider offers, with GPUs, memory,
 * storage, price and availability.
 *
 * @module
 */

import type { Bytes } from "./bytes.ts";
import type {
  ArchitectureFilter,
  CloudFilter,
  GpuManufacturerFilter,
  LocationsFilter,
} from "./filters.ts";
import type { InstanceTypeQuota } from "./quota.ts";
import type { Storage } from "./storage.ts";

/**
 * A CPU architecture. `unknown` stands for anything the provider reports that
 * the interface cannot name.
 *
 * @example
 * ```ts
 * import { type Architecture, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const arch: Architecture = "arm64";
 * const types = await client.getInstanceTypes({ locations: ["us-east-1"] });
 * console.log(types.filter((t) => t.supportedArchitectures.includes(arch)).map((t) => t.type)); // ["gpu_1x_gh200"]
 * ```
 */
export type Architecture = "x86_64" | "arm64" | "unknown";

/**
 * A GPU manufacturer. `unknown` stands for anything else.
 *
 * @example
 * ```ts
 * import type { GpuManufacturer, InstanceType } from "@gpufleet/lambda";
 * const makers = (t: Pick<InstanceType, "supportedGpus">): GpuManufacturer[] => t.supportedGpus.map((g) => g.manufacturer);
 * console.log(makers({ supportedGpus: [{ count: 8, name: "H100", manufacturer: "NVIDIA", memory: { value: 80, unit: "GB" } }] })); // ["NVIDIA"]
 * ```
 */
export type GpuManufacturer = "NVIDIA" | "AMD" | "INTEL" | "unknown";

/**
 * An amount of money. The amount is a decimal string (e.g. `"1.29"`) so that
 * prices are never rounded by binary floating point; only US dollars are
 * used so far.
 *
 * @example
 * ```ts
 * import type { Price } from "@gpufleet/lambda";
 * // `amount` is a decimal string: add prices in cents, not in floating point.
 * const cents = (p: Price) => Math.round(Number(p.amount) * 100);
 * const perHour: Price = { amount: "2.49", currency: "USD" };
 * console.log(cents(perHour) * 8); // 1992
 * ```
 */
export interface Price {
  /** A non-negative decimal number as a string, e.g. `"0.75"`. */
  amount: string;
  /** ISO 4217 currency code. */
  currency: "USD";
}

/**
 * The GPUs of an instance type.
 *
 * @example
 * ```ts
 * import { formatBytes, type Gpu } from "@gpufleet/lambda";
 * const describe = (g: Gpu) => `${g.count}x ${g.name} (${formatBytes(g.memory)})`;
 * const h100: Gpu = { count: 8, memory: { value: 80, unit: "GB" }, manufacturer: "NVIDIA", name: "H100", networkDetails: "SXM5" };
 * console.log(describe(h100)); // "8x H100 (80 GB)"
 * ```
 */
export interface Gpu {
  /** How many GPUs of this kind the instance has. */
  count: number;
  /** The memory of each GPU. */
  memory: Bytes;
  /** Who makes the GPU. */
  manufacturer: GpuManufacturer;
  /** The model, e.g. `"A100"`, `"H100"`, `"GH200"`. */
  name: string;
  /** The provider's type string for the GPU, if it has one. */
  type?: string;
  /** The kind of memory, e.g. `"HBM3"`, `"GDDR6"`. */
  memoryDetails?: string;
  /** The form factor / interconnect, e.g. `"PCIe"`, `"SXM4"`, `"SXM5"`. */
  networkDetails?: string;
}

/**
 * A machine shape offered in one location.
 *
 * @example
 * ```ts
 * import { type InstanceType, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const types: InstanceType[] = await client.getInstanceTypes({ locations: ["us-west-1"] });
 * const a10 = types.find((t) => t.type === "gpu_1x_a10")!;
 * console.log(a10.id, a10.vcpu, a10.isAvailable); // lambda-labs:us-west-1:gpu_1x_a10 30 true
 * ```
 */
export interface InstanceType {
  /** Unique across all locations and stable over time. */
  id: string;
  /** The provider's name of the type, e.g. `"gpu_1x_a10"`. */
  type: string;
  /** The provider that sells it (for brokers it differs from `cloud`). */
  provider?: string;
  /** The cloud that hosts it. */
  cloud?: string;
  /** The location this entry describes. */
  location: string;
  /** A zone within the location, if the provider has zones. */
  subLocation?: string;
  /** Availability zones where the type can be launched. */
  availableAzs?: string[];
  /** The GPUs; empty for CPU-only types. */
  supportedGpus: Gpu[];
  /** The storage that comes with it. */
  supportedStorage: Storage[];
  /** Usage classes, e.g. `"on-demand"`, `"spot"`. */
  supportedUsageClasses?: string[];
  /** CPU architectures. */
  supportedArchitectures: Architecture[];
  /** Core counts that can be chosen, if configurable. */
  supportedNumCores?: number[];
  /** Number of virtual CPUs. */
  vcpu: number;
  /** Main memory. */
  memory: Bytes;
  /** Default number of cores. */
  defaultCores?: number;
  /** CPU clock speed in GHz. */
  clockSpeedInGhz?: number;
  /** Most network interfaces that can be attached. */
  maximumNetworkInterfaces?: number;
  /** Network performance, as the provider describes it. */
  networkPerformance?: string;
  /** Whether it can be launched in this location now. */
  isAvailable: boolean;
  /** Quotas that apply to it. */
  quota?: InstanceTypeQuota;
  /** The on-demand price per hour. */
  basePrice?: Price;
  /** The reserved-instance pool it belongs to, if any. */
  reservedInstancePoolId?: string;
  /** The typical time from launch to running, in milliseconds. */
  estimatedDeployTimeMs?: number;
  /** The SSH port of instances of this type, if not 22. */
  sshPort?: number;
  /** Whether firewall rules of its instances can be changed. */
  canModifyFirewallRules?: boolean;
  /** Whether instances of this type can be stopped and started. */
  stoppable?: boolean;
  /** Whether instances of this type can be rebooted. */
  rebootable?: boolean;
  /** Whether instances are containers rather than virtual machines. */
  isContainer?: boolean;
  /** Whether privilege escalation (e.g. setuid) is disabled for users. */
  userPrivilegeEscalationDisabled?: boolean;
  /** Whether the user lacks root (no sudo). */
  notPrivileged?: boolean;
  /** Whether the price may change over time. */
  variablePrice?: boolean;
  /** Whether instances may be preempted by the provider. */
  preemptible?: boolean;
  /** Whether the root volume can be resized. */
  elasticRootVolume?: boolean;
  /** Whether an instance can change to another type in the same zone. */
  subLocationTypeChangeable?: boolean;
}

/**
 * Arguments of `getInstanceTypes`. Every absent filter allows everything.
 *
 * @example
 * ```ts
 * import { type GetInstanceTypeArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const args: GetInstanceTypeArgs = {
 *   locations: ["all"],
 *   gpuManufacturerFilter: { include: ["NVIDIA"] },
 *   architectureFilter: { exclude: ["arm64"] },
 * };
 * const types = await client.getInstanceTypes(args);
 * console.log(types.every((t) => t.supportedGpus.length > 0 && !t.supportedArchitectures.includes("arm64"))); // true
 * ```
 */
export interface GetInstanceTypeArgs {
  /** Locations to list (see {@link LocationsFilter}). */
  locations?: LocationsFilter;
  /** Only these type names (e.g. `"gpu_1x_a10"`); absent or empty = all. */
  instanceTypes?: string[];
  /** Filter by GPU manufacturer. */
  gpuManufacturerFilter?: GpuManufacturerFilter;
  /** Filter by hosting cloud. */
  cloudFilter?: CloudFilter;
  /** Filter by CPU architecture. */
  architectureFilter?: ArchitectureFilter;
}
