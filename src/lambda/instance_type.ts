/**
 * Instance types of Lambda Cloud: the `GET /instance-types` catalogue
 * expanded to one v1 {@link InstanceType} per type and region, with
 * availability, price, hardware and GPUs, filtered by
 * {@link GetInstanceTypeArgs}. Pure functions: the client fetches, these map.
 *
 * @module
 */

import { isAllowed, isLocationAllowed } from "../v1/filters.ts";
import type {
  Architecture,
  GetInstanceTypeArgs,
  Gpu,
  InstanceType,
  Price,
} from "../v1/instance_type.ts";
import type { Storage } from "../v1/storage.ts";
import type {
  WireInstanceType,
  WireInstanceTypesItem,
  WireRegion,
} from "./wire.ts";
import { parseGpuDescription } from "./gpu.ts";

/**
 * The provider and cloud id of Lambda Cloud in v1 values (`provider`,
 * `cloud`, cloud filters).
 *
 * @example
 * ```ts
 * import { LAMBDA_LABS_CLOUD } from "./instance_type.ts";
 * // client.getInstanceTypes({ cloudFilter: { include: [LAMBDA_LABS_CLOUD] } })
 * ```
 */
export const LAMBDA_LABS_CLOUD = "lambda-labs";

/**
 * The stable id of a Lambda instance type in one location:
 * `lambda-labs:<location>:<type>`, e.g. `lambda-labs:us-west-1:gpu_1x_a10`.
 * It depends only on the two names, so it never changes while Lambda keeps
 * them, and it is unique across locations.
 *
 * @example
 * ```ts
 * import { lambdaInstanceTypeId } from "./instance_type.ts";
 * lambdaInstanceTypeId("us-west-1", "gpu_1x_a10"); // "lambda-labs:us-west-1:gpu_1x_a10"
 * ```
 */
export function lambdaInstanceTypeId(
  location: string,
  typeName: string,
): string {
  return `${LAMBDA_LABS_CLOUD}:${location}:${typeName}`;
}

/**
 * A price in US cents as an exact decimal string of dollars with at least
 * two fraction digits, by moving the decimal point in the number's text
 * rather than dividing in binary floating point. `undefined` for a
 * negative or non-finite amount.
 *
 * @example
 * ```ts
 * import { centsToUsd } from "./instance_type.ts";
 * centsToUsd(1099); // "10.99"
 * centsToUsd(5); // "0.05"
 * centsToUsd(12.5); // "0.125"
 * ```
 */
export function centsToUsd(cents: number): string | undefined {
  if (!Number.isFinite(cents) || cents < 0) return undefined;
  const [mantissa, exponent = "0"] = String(cents).toLowerCase().split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  let digits = whole + fraction;
  // Position of the decimal point in `digits`, after dividing by 100.
  let point = whole.length + Number(exponent) - 2;
  if (point < 1) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const dollars = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const centsPart = digits.slice(point).replace(/0+$/, "").padEnd(2, "0");
  return `${dollars}.${centsPart}`;
}

/**
 * The CPU architectures of a Lambda instance type: `["arm64"]` for Grace
 * machines (GH200 Grace-Hopper, and GB200/GB300 Grace-Blackwell), recognised
 * by the type name (`gpu_1x_gh200`) or the GPU text; `["x86_64"]` otherwise.
 *
 * @example
 * ```ts
 * import { architecturesOf } from "./instance_type.ts";
 * architecturesOf({ name: "gpu_1x_gh200", description: "1x GH200 (96 GB)", gpu_description: "GH200 (96 GB)" }); // ["arm64"]
 * ```
 */
export function architecturesOf(
  type: Pick<WireInstanceType, "name" | "description" | "gpu_description">,
): Architecture[] {
  const grace = /(?:^|[^a-z0-9])g[hb]\d{3}/i;
  return [type.name, type.description, type.gpu_description].some((text) =>
      grace.test(text ?? "")
    )
    ? ["arm64"]
    : ["x86_64"];
}

/**
 * One Lambda instance type in one location as a v1 {@link InstanceType}.
 * Lambda machines can be rebooted but not stopped, run as virtual machines,
 * are billed on demand at a fixed price, and keep a fixed local disk.
 *
 * @example
 * ```ts
 * import { instanceTypeFromWire } from "./instance_type.ts";
 * const t = instanceTypeFromWire({
 *   name: "gpu_1x_a10", description: "1x A10 (24 GB PCIe)", gpu_description: "A10 (24 GB PCIe)",
 *   price_cents_per_hour: 75, specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
 * }, "us-west-1", true);
 * t.basePrice; // { amount: "0.75", currency: "USD" }
 * ```
 */
export function instanceTypeFromWire(
  type: WireInstanceType,
  location: string,
  isAvailable: boolean,
): InstanceType {
  const storage: Storage[] = type.specs.storage_gib > 0
    ? [{
      count: 1,
      size: { value: type.specs.storage_gib, unit: "GiB" },
      isElastic: false,
      isAdditionalDisk: false,
    }]
    : [];
  const amount = centsToUsd(type.price_cents_per_hour);
  const result: InstanceType = {
    id: lambdaInstanceTypeId(location, type.name),
    type: type.name,
    provider: LAMBDA_LABS_CLOUD,
    cloud: LAMBDA_LABS_CLOUD,
    location,
    supportedGpus: parseGpuDescription(
      type.description,
      type.gpu_description,
      type.specs.gpus,
    ),
    supportedStorage: storage,
    supportedUsageClasses: ["on-demand"],
    supportedArchitectures: architecturesOf(type),
    vcpu: type.specs.vcpus,
    memory: { value: type.specs.memory_gib, unit: "GiB" },
    isAvailable,
    canModifyFirewallRules: true,
    stoppable: false,
    rebootable: true,
    isContainer: false,
    variablePrice: false,
    preemptible: false,
    elasticRootVolume: false,
    subLocationTypeChangeable: false,
  };
  if (amount !== undefined) {
    const price: Price = { amount, currency: "USD" };
    result.basePrice = price;
  }
  return result;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function passesArgs(type: InstanceType, args: GetInstanceTypeArgs): boolean {
  const names = args.instanceTypes;
  if (names !== undefined && names.length > 0 && !names.includes(type.type)) {
    return false;
  }
  if (!isAllowed(args.cloudFilter, type.cloud ?? LAMBDA_LABS_CLOUD)) {
    return false;
  }
  if (
    !type.supportedArchitectures.some((arch) =>
      isAllowed(args.architectureFilter, arch)
    )
  ) {
    return false;
  }
  const makers = args.gpuManufacturerFilter;
  if (type.supportedGpus.length === 0) {
    // A CPU-only type has no maker to include: an include list rules it out.
    return makers?.include === undefined || makers.include.length === 0;
  }
  return type.supportedGpus.every((gpu) => isAllowed(makers, gpu.manufacturer));
}

/**
 * The v1 instance types of a Lambda catalogue: one entry per type and region,
 * available where the region is among the type's
 * `regions_with_capacity_available`, sorted by type name, then region name.
 *
 * - `regions` is the `GET /regions` list; a region that appears only in a
 *   type's capacity list is listed too (the API saying it can launch there
 *   is enough).
 * - Filters: `locations` (absent, empty, `"all"` or `"*"` = every region),
 *   `instanceTypes` (type names), `cloudFilter` (the cloud is
 *   `"lambda-labs"`), `architectureFilter` (a type passes when one of its
 *   architectures does) and `gpuManufacturerFilter` (every GPU's maker must
 *   pass; CPU-only types pass unless the filter has an `include` list).
 * - Ids: see {@link lambdaInstanceTypeId}.
 *
 * @example
 * ```ts
 * import { instanceTypesFromWire } from "./instance_type.ts";
 * const types = instanceTypesFromWire(
 *   {
 *     gpu_1x_a10: {
 *       instance_type: {
 *         name: "gpu_1x_a10", description: "1x A10 (24 GB PCIe)", gpu_description: "A10 (24 GB PCIe)",
 *         price_cents_per_hour: 75, specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
 *       },
 *       regions_with_capacity_available: [{ name: "us-west-1", description: "California, USA" }],
 *     },
 *   },
 *   [{ name: "us-east-1", description: "Virginia, USA" }, { name: "us-west-1", description: "California, USA" }],
 *   { locations: ["all"] },
 * );
 * types.map((t) => `${t.id} ${t.isAvailable}`);
 * // ["lambda-labs:us-east-1:gpu_1x_a10 false", "lambda-labs:us-west-1:gpu_1x_a10 true"]
 * ```
 */
export function instanceTypesFromWire(
  catalogue: Record<string, WireInstanceTypesItem>,
  regions: WireRegion[],
  args: GetInstanceTypeArgs = {},
): InstanceType[] {
  const items = Object.values(catalogue);
  const regionNames = new Set(regions.map((r) => r.name));
  for (const item of items) {
    for (const r of item.regions_with_capacity_available) {
      regionNames.add(r.name);
    }
  }
  const locations = [...regionNames]
    .filter((name) => isLocationAllowed(args.locations, name))
    .sort(compareCodeUnits);
  const sorted = [...items].sort((a, b) =>
    compareCodeUnits(a.instance_type.name, b.instance_type.name)
  );

  const result: InstanceType[] = [];
  if (locations.length === 0) return result;
  for (const item of sorted) {
    // Parsing (GPU text, price, architecture) and the filters do not depend
    // on the region: done once per type, then the entry is copied per region.
    const template = instanceTypeFromWire(
      item.instance_type,
      locations[0],
      false,
    );
    if (!passesArgs(template, args)) continue;
    const withCapacity = new Set(
      item.regions_with_capacity_available.map((r) => r.name),
    );
    for (const location of locations) {
      result.push(atLocation(template, location, withCapacity.has(location)));
    }
  }
  return result;
}

/**
 * A copy of `type` placed in `location`, sharing no object with it (callers
 * may change what they get).
 */
function atLocation(
  type: InstanceType,
  location: string,
  isAvailable: boolean,
): InstanceType {
  // An object literal of the same shape as instanceTypeFromWire's (the
  // tests compare them) is much cheaper for V8 than a spread.
  const out: InstanceType = {
    id: lambdaInstanceTypeId(location, type.type),
    type: type.type,
    provider: type.provider,
    cloud: type.cloud,
    location,
    supportedGpus: type.supportedGpus.map(copyGpu),
    supportedStorage: type.supportedStorage.map(copyStorage),
    supportedUsageClasses: type.supportedUsageClasses?.slice(),
    supportedArchitectures: type.supportedArchitectures.slice(),
    vcpu: type.vcpu,
    memory: { value: type.memory.value, unit: type.memory.unit },
    isAvailable,
    canModifyFirewallRules: type.canModifyFirewallRules,
    stoppable: type.stoppable,
    rebootable: type.rebootable,
    isContainer: type.isContainer,
    variablePrice: type.variablePrice,
    preemptible: type.preemptible,
    elasticRootVolume: type.elasticRootVolume,
    subLocationTypeChangeable: type.subLocationTypeChangeable,
  };
  if (type.basePrice) {
    out.basePrice = {
      amount: type.basePrice.amount,
      currency: type.basePrice.currency,
    };
  }
  return out;
}

/**
 * A copy of `gpu` (and of its memory), with its fields in the order
 * `gpuFromText` writes them; a spread would copy the same fields, several
 * times slower.
 */
function copyGpu(gpu: Gpu): Gpu {
  const out: Gpu = {
    count: gpu.count,
    name: gpu.name,
    manufacturer: gpu.manufacturer,
    memory: { value: gpu.memory.value, unit: gpu.memory.unit },
  };
  if (gpu.type !== undefined) out.type = gpu.type;
  if (gpu.memoryDetails !== undefined) out.memoryDetails = gpu.memoryDetails;
  if (gpu.networkDetails !== undefined) {
    out.networkDetails = gpu.networkDetails;
  }
  return out;
}

/** A copy of a disk as {@link instanceTypeFromWire} describes it. */
function copyStorage(storage: Storage): Storage {
  return {
    count: storage.count,
    size: { value: storage.size.value, unit: storage.size.unit },
    isElastic: storage.isElastic,
    isAdditionalDisk: storage.isAdditionalDisk,
  };
}
