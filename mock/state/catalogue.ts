/**
 * The catalogue of the emulated cloud: regions, instance types with specs,
 * prices and GPU descriptions, per-region capacity and images. The default
 * world resembles Lambda's public cloud; every part can be replaced through
 * options.
 *
 * @module
 */
import { invalidParameters, launchResourceNotFound } from "./errors.ts";
import type { SeededRandom } from "./random.ts";
import type {
  Image,
  ImageArchitecture,
  InstanceType,
  Region,
} from "./types.ts";

/**
 * An instance type of the catalogue: the wire form plus the CPU
 * architecture of its machines (default: `arm64` when the name contains
 * `gh200`, otherwise `x86_64`).
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type MockInstanceType } from "@gpufleet/lambda/mock";
 * const gh200: MockInstanceType = {
 *   name: "gpu_1x_gh200", description: "1x GH200 (96 GB)", gpu_description: "GH200 (96 GB)",
 *   price_cents_per_hour: 149, specs: { vcpus: 64, memory_gib: 432, storage_gib: 4096, gpus: 1 },
 *   architecture: "arm64",
 * };
 * const mock = createMockLambda({ instanceTypes: [gh200], capacity: { "us-east-1": { gpu_1x_gh200: 2 } } });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const [type] = await client.getInstanceTypes({ locations: ["us-east-1"] });
 * console.log(type.type, type.supportedArchitectures, type.basePrice?.amount); // gpu_1x_gh200 ["arm64"] 1.49
 * ```
 */
export type MockInstanceType = InstanceType & {
  architecture?: ImageArchitecture;
};

/**
 * An image of the catalogue: the wire form with the region given by name;
 * `id`, `created_time` and `updated_time` are made up when missing.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda, type MockImage } from "@gpufleet/lambda/mock";
 * const img: MockImage = {
 *   region: "us-west-1", name: "lambda-stack-24.04", description: "Lambda Stack",
 *   family: "lambda-stack-24-04", version: "24.04.3", architecture: "x86_64",
 * };
 * const mock = createMockLambda({ images: [img] });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * console.log((await client.getImages()).map((i) => `${i.family} ${i.version}`)); // ["lambda-stack-24-04 24.04.3"]
 * ```
 */
export interface MockImage {
  /** Image id; made up from the seed when missing. */
  id?: string;
  /** Region name. */
  region: string;
  /** Human-readable identifier. */
  name: string;
  /** Description. */
  description: string;
  /** Family. */
  family: string;
  /** Version. */
  version: string;
  /** CPU architecture. */
  architecture: ImageArchitecture;
  /** Creation time (ISO 8601). */
  created_time?: string;
  /** Last update time (ISO 8601). */
  updated_time?: string;
}

/**
 * Capacity: region name → instance type name → how many more instances can
 * be launched there. Missing entries are 0.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { type CapacityMap, createMockLambda } from "@gpufleet/lambda/mock";
 * const capacity: CapacityMap = { "us-west-1": { gpu_1x_a10: 1 } };
 * const mock = createMockLambda({ capacity });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * const second = await client.createInstance({ refId: "job-2", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey }).catch((e) => e);
 * console.log(mock.state.capacity["us-west-1"].gpu_1x_a10, second.code); // 0 insufficient-resources
 * ```
 */
export type CapacityMap = Record<string, Record<string, number>>;

/**
 * The default regions (12, like Lambda's public cloud).
 *
 * @example
 * ```ts
 * import { DEFAULT_REGIONS } from "./catalogue.ts";
 * console.log(DEFAULT_REGIONS.length, DEFAULT_REGIONS[0].name); // 12 us-west-1
 * ```
 */
export const DEFAULT_REGIONS: readonly Region[] = [
  { name: "us-west-1", description: "California, USA" },
  { name: "us-west-2", description: "Arizona, USA" },
  { name: "us-west-3", description: "Utah, USA" },
  { name: "us-east-1", description: "Virginia, USA" },
  { name: "us-east-3", description: "Washington DC, USA" },
  { name: "us-south-1", description: "Texas, USA" },
  { name: "us-south-2", description: "North Texas, USA" },
  { name: "us-midwest-1", description: "Illinois, USA" },
  { name: "europe-central-1", description: "Frankfurt, Germany" },
  { name: "asia-northeast-1", description: "Tokyo, Japan" },
  { name: "asia-south-1", description: "Bangalore, India" },
  { name: "me-west-1", description: "Tel Aviv, Israel" },
];

/**
 * The default instance types (11, GPU and CPU-only).
 *
 * @example
 * ```ts
 * import { DEFAULT_INSTANCE_TYPES } from "./catalogue.ts";
 * console.log(DEFAULT_INSTANCE_TYPES.find((t) => t.name === "gpu_1x_gh200")?.architecture); // "arm64"
 * ```
 */
export const DEFAULT_INSTANCE_TYPES: readonly MockInstanceType[] = [
  gpu("gpu_1x_a10", 1, "A10 (24 GB PCIe)", 86, 30, 200, 1400),
  gpu("gpu_1x_a6000", 1, "A6000 (48 GB)", 92, 14, 100, 512),
  gpu("gpu_1x_a100_sxm4", 1, "A100 (40 GB SXM4)", 149, 30, 200, 512),
  gpu("gpu_8x_a100_80gb_sxm4", 8, "A100 (80 GB SXM4)", 1432, 240, 1800, 19500),
  gpu("gpu_1x_h100_pcie", 1, "H100 (80 GB PCIe)", 249, 26, 200, 1000),
  gpu("gpu_2x_h100_sxm5", 2, "H100 (80 GB SXM5)", 638, 52, 450, 5500),
  gpu("gpu_8x_h100_sxm5", 8, "H100 (80 GB SXM5)", 2392, 208, 1800, 22000),
  {
    ...gpu("gpu_1x_gh200", 1, "GH200 (96 GB)", 149, 64, 432, 4000),
    architecture: "arm64",
  },
  gpu("gpu_8x_b200_sxm6", 8, "B200 (180 GB SXM6)", 3992, 208, 2900, 22000),
  {
    name: "cpu_4x_general",
    description: "4x vCPU General Purpose (16 GiB)",
    gpu_description: "",
    price_cents_per_hour: 18,
    specs: { vcpus: 4, memory_gib: 16, storage_gib: 100, gpus: 0 },
    architecture: "x86_64",
  },
  {
    name: "cpu_16x_general",
    description: "16x vCPU General Purpose (64 GiB)",
    gpu_description: "",
    price_cents_per_hour: 72,
    specs: { vcpus: 16, memory_gib: 64, storage_gib: 400, gpus: 0 },
    architecture: "x86_64",
  },
];

function gpu(
  name: string,
  count: number,
  gpuDescription: string,
  price: number,
  vcpus: number,
  memory: number,
  storage: number,
): MockInstanceType {
  return {
    name,
    description: `${count}x ${gpuDescription}`,
    gpu_description: gpuDescription,
    price_cents_per_hour: price,
    specs: { vcpus, memory_gib: memory, storage_gib: storage, gpus: count },
    architecture: "x86_64",
  };
}

/**
 * The default capacity. Several pairs are 0, and several regions offer
 * nothing of some types, so "no capacity" paths can be exercised.
 *
 * @example
 * ```ts
 * import { DEFAULT_CAPACITY } from "./catalogue.ts";
 * console.log(DEFAULT_CAPACITY["us-west-1"].gpu_1x_a10); // 10
 * ```
 */
export const DEFAULT_CAPACITY: Readonly<CapacityMap> = {
  "us-west-1": {
    gpu_1x_a10: 10,
    gpu_1x_a6000: 4,
    gpu_1x_a100_sxm4: 2,
    gpu_8x_a100_80gb_sxm4: 0,
    gpu_1x_h100_pcie: 5,
    gpu_8x_h100_sxm5: 1,
    cpu_4x_general: 20,
    cpu_16x_general: 8,
  },
  "us-west-2": { gpu_1x_a10: 3, gpu_1x_a100_sxm4: 0, gpu_1x_h100_pcie: 2 },
  "us-west-3": { gpu_8x_h100_sxm5: 2, gpu_2x_h100_sxm5: 3 },
  "us-east-1": {
    gpu_1x_a10: 6,
    gpu_1x_h100_pcie: 0,
    gpu_1x_gh200: 4,
    gpu_8x_b200_sxm6: 1,
    cpu_4x_general: 10,
  },
  "us-east-3": { gpu_1x_gh200: 2, gpu_8x_h100_sxm5: 0 },
  "us-south-1": {
    gpu_1x_a10: 0,
    gpu_1x_a100_sxm4: 3,
    gpu_8x_a100_80gb_sxm4: 1,
  },
  "us-south-2": { gpu_8x_b200_sxm6: 2, gpu_8x_h100_sxm5: 1 },
  "us-midwest-1": { gpu_1x_a10: 2, gpu_1x_a6000: 0, cpu_4x_general: 5 },
  "europe-central-1": {
    gpu_1x_a10: 4,
    gpu_1x_a100_sxm4: 1,
    gpu_1x_h100_pcie: 0,
  },
  "asia-northeast-1": { gpu_1x_a10: 2, gpu_8x_a100_80gb_sxm4: 0 },
  "asia-south-1": { gpu_1x_a10: 0 },
  "me-west-1": {},
};

const IMAGE_TIME = "2025-11-04T17:20:00.000Z";

/**
 * The default image templates, instantiated in every region (arm64 images
 * only where an arm64 type is offered).
 *
 * @example
 * ```ts
 * import { DEFAULT_IMAGE_TEMPLATES } from "./catalogue.ts";
 * console.log(DEFAULT_IMAGE_TEMPLATES.some((i) => i.family === "ubuntu-lts" && i.architecture === "arm64")); // true
 * ```
 */
export const DEFAULT_IMAGE_TEMPLATES: readonly Omit<MockImage, "region">[] = [
  {
    name: "lambda-stack-22.04",
    description: "Lambda Stack on Ubuntu 22.04 LTS",
    family: "lambda-stack-22-04",
    version: "22.04.5",
    architecture: "x86_64",
  },
  {
    name: "lambda-stack-24.04-2025.08",
    description: "Lambda Stack on Ubuntu 24.04 LTS",
    family: "lambda-stack-24-04",
    version: "24.04.2",
    architecture: "x86_64",
  },
  {
    name: "lambda-stack-24.04-2025.11",
    description: "Lambda Stack on Ubuntu 24.04 LTS",
    family: "lambda-stack-24-04",
    version: "24.04.3",
    architecture: "x86_64",
  },
  {
    name: "lambda-stack-24.04-2025.11-arm64",
    description: "Lambda Stack on Ubuntu 24.04 LTS for Grace Hopper",
    family: "lambda-stack-24-04",
    version: "24.04.3",
    architecture: "arm64",
  },
  {
    name: "ubuntu-24.04.3",
    description: "Ubuntu 24.04 LTS",
    family: "ubuntu-lts",
    version: "24.04.3",
    architecture: "x86_64",
  },
  {
    name: "ubuntu-24.04.3-arm64",
    description: "Ubuntu 24.04 LTS",
    family: "ubuntu-lts",
    version: "24.04.3",
    architecture: "arm64",
  },
];

/** The family used when a launch names no image. @example `DEFAULT_IMAGE_FAMILY // "lambda-stack-24-04"` */
export const DEFAULT_IMAGE_FAMILY = "lambda-stack-24-04";

/**
 * What the catalogue is built from.
 *
 * @example
 * ```ts
 * import { Catalogue, type CatalogueOptions } from "./catalogue.ts";
 * import { SeededRandom } from "./random.ts";
 * const options: CatalogueOptions = { capacity: { "us-west-1": { gpu_1x_a10: 1 } } };
 * const cat = new Catalogue(options, new SeededRandom(1));
 * console.log(cat.capacityOf("us-west-1", "gpu_1x_a10"), cat.capacityOf("us-east-1", "gpu_1x_a10")); // 1 0
 * ```
 */
export interface CatalogueOptions {
  /** Regions (default {@linkcode DEFAULT_REGIONS}). */
  regions?: readonly Region[];
  /** Instance types (default {@linkcode DEFAULT_INSTANCE_TYPES}). */
  instanceTypes?: readonly MockInstanceType[];
  /** Capacity per region and type (default {@linkcode DEFAULT_CAPACITY}). */
  capacity?: Readonly<CapacityMap>;
  /** Images (default: the templates in every region). */
  images?: readonly MockImage[];
}

/**
 * Compares version strings made of dot-separated numbers.
 *
 * @example
 * ```ts
 * import { compareVersions } from "./catalogue.ts";
 * console.log(compareVersions("24.04.10", "24.04.3") > 0); // true
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) && x !== "" &&
        y !== ""
      ? nx - ny
      : x < y
      ? -1
      : x > y
      ? 1
      : 0;
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Regions, instance types, capacity and images, with the rules that use
 * them (capacity accounting, image resolution).
 *
 * @example
 * ```ts
 * import { Catalogue } from "./catalogue.ts";
 * import { SeededRandom } from "./random.ts";
 * const cat = new Catalogue({}, new SeededRandom(1));
 * cat.take("us-west-1", "gpu_1x_a10");
 * console.log(cat.capacityOf("us-west-1", "gpu_1x_a10")); // 9
 * ```
 */
export class Catalogue {
  readonly #regions = new Map<string, Region>();
  readonly #types = new Map<string, MockInstanceType>();
  readonly #capacity = new Map<string, Map<string, number>>();
  readonly #images: Image[] = [];
  readonly #imagesById = new Map<string, Image>();

  /**
   * @param options overrides of the default world
   * @param rng generator for made-up image ids
   */
  constructor(options: CatalogueOptions, rng: SeededRandom) {
    for (const region of options.regions ?? DEFAULT_REGIONS) {
      if (
        typeof region?.name !== "string" || region.name === "" ||
        typeof region.description !== "string"
      ) {
        throw new TypeError("each region needs a name and a description");
      }
      this.#regions.set(region.name, {
        name: region.name,
        description: region.description,
      });
    }
    for (const type of options.instanceTypes ?? DEFAULT_INSTANCE_TYPES) {
      if (typeof type?.name !== "string" || type.name === "") {
        throw new TypeError("each instance type needs a name");
      }
      this.#types.set(type.name, structuredClone(type));
    }
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    for (const [region, perType] of Object.entries(capacity)) {
      if (!this.#regions.has(region)) {
        throw new TypeError(`capacity names an unknown region: ${region}`);
      }
      const map = new Map<string, number>();
      for (const [type, count] of Object.entries(perType)) {
        if (!this.#types.has(type)) {
          throw new TypeError(
            `capacity names an unknown instance type: ${type}`,
          );
        }
        if (!Number.isInteger(count) || count < 0) {
          throw new TypeError(
            `capacity must be an integer >= 0: ${region}/${type}`,
          );
        }
        map.set(type, count);
      }
      this.#capacity.set(region, map);
    }
    const images = options.images ?? this.#defaultImages();
    for (const spec of images) {
      if (!this.#regions.has(spec.region)) {
        throw new TypeError(`image names an unknown region: ${spec.region}`);
      }
      const image: Image = {
        id: spec.id ?? rng.uuid(),
        created_time: spec.created_time ?? IMAGE_TIME,
        updated_time: spec.updated_time ?? IMAGE_TIME,
        name: spec.name,
        description: spec.description,
        family: spec.family,
        version: spec.version,
        architecture: spec.architecture,
        region: { ...this.#regions.get(spec.region)! },
      };
      this.#images.push(image);
      this.#imagesById.set(image.id, image);
    }
  }

  #defaultImages(): MockImage[] {
    const out: MockImage[] = [];
    for (const region of this.#regions.keys()) {
      const offersArm = [...(this.#capacity.get(region)?.keys() ?? [])].some(
        (t) => this.architectureOf(t) === "arm64",
      );
      for (const template of DEFAULT_IMAGE_TEMPLATES) {
        if (template.architecture === "arm64" && !offersArm) continue;
        out.push({ ...template, region });
      }
    }
    return out;
  }

  /** Every region, in catalogue order. */
  regions(): Region[] {
    return [...this.#regions.values()].map((r) => ({ ...r }));
  }

  /**
   * A region by name, or `undefined`.
   *
   * @param name region name
   */
  region(name: string): Region | undefined {
    const r = this.#regions.get(name);
    return r && { ...r };
  }

  /** Every instance type (wire form, without the architecture). */
  instanceTypes(): InstanceType[] {
    return [...this.#types.keys()].map((n) => this.instanceType(n)!);
  }

  /**
   * An instance type (wire form) by name, or `undefined`.
   *
   * @param name type name
   */
  instanceType(name: string): InstanceType | undefined {
    const t = this.#types.get(name);
    if (!t) return undefined;
    return {
      name: t.name,
      description: t.description,
      gpu_description: t.gpu_description,
      price_cents_per_hour: t.price_cents_per_hour,
      specs: { ...t.specs },
    };
  }

  /**
   * The CPU architecture of a type's machines.
   *
   * @param typeName type name
   */
  architectureOf(typeName: string): ImageArchitecture {
    const t = this.#types.get(typeName);
    if (t?.architecture) return t.architecture;
    return typeName.includes("gh200") ? "arm64" : "x86_64";
  }

  /**
   * Remaining capacity of a type in a region.
   *
   * @param region region name
   * @param typeName type name
   */
  capacityOf(region: string, typeName: string): number {
    return this.#capacity.get(region)?.get(typeName) ?? 0;
  }

  /**
   * Regions (wire form) where `typeName` has capacity left.
   *
   * @param typeName type name
   */
  regionsWithCapacity(typeName: string): Region[] {
    const out: Region[] = [];
    for (const [name, region] of this.#regions) {
      if (this.capacityOf(name, typeName) > 0) out.push({ ...region });
    }
    return out;
  }

  /**
   * Takes one unit of capacity. Returns `false` (and changes nothing) when
   * none is left.
   *
   * @param region region name
   * @param typeName type name
   */
  take(region: string, typeName: string): boolean {
    const left = this.capacityOf(region, typeName);
    if (left <= 0) return false;
    if (left === 1) this.#availabilityVersion++;
    let map = this.#capacity.get(region);
    if (!map) this.#capacity.set(region, map = new Map());
    map.set(typeName, left - 1);
    return true;
  }

  /**
   * Gives one unit of capacity back.
   *
   * @param region region name
   * @param typeName type name
   */
  give(region: string, typeName: string): void {
    let map = this.#capacity.get(region);
    if (!map) this.#capacity.set(region, map = new Map());
    const before = map.get(typeName) ?? 0;
    if (before === 0) this.#availabilityVersion++;
    map.set(typeName, before + 1);
  }

  #availabilityVersion = 0;

  /**
   * Changes whenever a type gains its first or loses its last unit in some
   * region, i.e. whenever `regionsWithCapacity` may answer differently.
   * Capacity changes only through `take` and `give`.
   */
  get availabilityVersion(): number {
    return this.#availabilityVersion;
  }

  /** A copy of the whole capacity table (every region, every type). */
  capacity(): CapacityMap {
    const out: CapacityMap = {};
    for (const region of this.#regions.keys()) {
      out[region] = {};
      for (const type of this.#types.keys()) {
        out[region][type] = this.capacityOf(region, type);
      }
    }
    return out;
  }

  /** Every image (wire form). */
  images(): Image[] {
    return this.#images.map((i) => structuredClone(i));
  }

  /**
   * Resolves the image of a launch: by id, by family (latest version for
   * the type's architecture), or the default family.
   *
   * @param region region name
   * @param typeName type name
   * @param spec `{ id }`, `{ family }` or `undefined`
   * @throws {MockApiError} 404 when no such image exists in the region, 400
   *   when the image's architecture does not fit the type
   */
  resolveImage(
    region: string,
    typeName: string,
    spec: { id?: string; family?: string } | undefined,
  ): Image {
    const arch = this.architectureOf(typeName);
    if (spec?.id !== undefined) {
      const image = this.#imagesById.get(spec.id);
      if (!image || image.region.name !== region) {
        throw launchResourceNotFound("Image", spec.id);
      }
      if (image.architecture !== arch) {
        throw invalidParameters(
          `Image '${image.name}' is built for ${image.architecture}, but ${typeName} runs ${arch}.`,
        );
      }
      return structuredClone(image);
    }
    const family = spec?.family ?? DEFAULT_IMAGE_FAMILY;
    const candidates = this.#images.filter((i) =>
      i.region.name === region && i.family === family
    );
    if (candidates.length === 0) {
      throw launchResourceNotFound("Image family", family);
    }
    const fitting = candidates.filter((i) => i.architecture === arch);
    if (fitting.length === 0) {
      throw invalidParameters(
        `Image family '${family}' has no ${arch} image in ${region}.`,
      );
    }
    fitting.sort((a, b) => compareVersions(b.version, a.version));
    return structuredClone(fitting[0]);
  }
}
