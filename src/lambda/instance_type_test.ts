import assert from "node:assert/strict";
import type { GetInstanceTypeArgs } from "../v1/instance_type.ts";
import {
  architecturesOf,
  centsToUsd,
  instanceTypeFromWire,
  instanceTypesFromWire,
  LAMBDA_LABS_CLOUD,
  lambdaInstanceTypeId,
} from "./instance_type.ts";
import type {
  WireInstanceType,
  WireInstanceTypesItem,
  WireRegion,
} from "./wire.ts";

const WEST: WireRegion = { name: "us-west-1", description: "California, USA" };
const EAST: WireRegion = { name: "us-east-1", description: "Virginia, USA" };
const TOKYO: WireRegion = {
  name: "asia-northeast-1",
  description: "Tokyo, Japan",
};
const REGIONS = [WEST, EAST, TOKYO];

function wireType(
  name: string,
  gpuCount: number,
  gpuDescription: string,
  cents: number,
  specs: Partial<WireInstanceType["specs"]> = {},
): WireInstanceType {
  return {
    name,
    description: gpuCount > 0
      ? `${gpuCount}x ${gpuDescription}`
      : "4x vCPU General Purpose (16 GiB)",
    gpu_description: gpuDescription,
    price_cents_per_hour: cents,
    specs: {
      vcpus: 30,
      memory_gib: 200,
      storage_gib: 1400,
      gpus: gpuCount,
      ...specs,
    },
  };
}

function item(
  type: WireInstanceType,
  withCapacity: WireRegion[],
): WireInstanceTypesItem {
  return { instance_type: type, regions_with_capacity_available: withCapacity };
}

const CATALOGUE: Record<string, WireInstanceTypesItem> = {
  gpu_8x_h100_sxm5: item(
    wireType("gpu_8x_h100_sxm5", 8, "H100 (80 GB SXM5)", 2392, {
      vcpus: 208,
      memory_gib: 1800,
      storage_gib: 22000,
    }),
    [],
  ),
  gpu_1x_gh200: item(
    wireType("gpu_1x_gh200", 1, "GH200 (96 GB)", 149, {
      vcpus: 64,
      memory_gib: 432,
      storage_gib: 4000,
    }),
    [EAST],
  ),
  gpu_1x_a10: item(wireType("gpu_1x_a10", 1, "A10 (24 GB PCIe)", 75), [
    WEST,
    EAST,
  ]),
  cpu_4x_general: item(
    wireType("cpu_4x_general", 0, "", 18, {
      vcpus: 4,
      memory_gib: 16,
      storage_gib: 100,
    }),
    [WEST],
  ),
};

function ids(args: GetInstanceTypeArgs = {}): string[] {
  return instanceTypesFromWire(CATALOGUE, REGIONS, args).map((t) => t.id);
}

Deno.test("instanceTypesFromWire: one entry per type × region, sorted by type then region", () => {
  assert.deepEqual(ids(), [
    "lambda-labs:asia-northeast-1:cpu_4x_general",
    "lambda-labs:us-east-1:cpu_4x_general",
    "lambda-labs:us-west-1:cpu_4x_general",
    "lambda-labs:asia-northeast-1:gpu_1x_a10",
    "lambda-labs:us-east-1:gpu_1x_a10",
    "lambda-labs:us-west-1:gpu_1x_a10",
    "lambda-labs:asia-northeast-1:gpu_1x_gh200",
    "lambda-labs:us-east-1:gpu_1x_gh200",
    "lambda-labs:us-west-1:gpu_1x_gh200",
    "lambda-labs:asia-northeast-1:gpu_8x_h100_sxm5",
    "lambda-labs:us-east-1:gpu_8x_h100_sxm5",
    "lambda-labs:us-west-1:gpu_8x_h100_sxm5",
  ]);
});

Deno.test("instanceTypesFromWire: the order does not depend on the input order", () => {
  const reversed = Object.fromEntries(Object.entries(CATALOGUE).reverse());
  assert.deepEqual(
    instanceTypesFromWire(reversed, [...REGIONS].reverse()),
    instanceTypesFromWire(CATALOGUE, REGIONS),
  );
});

Deno.test("instanceTypesFromWire: available exactly where the region has capacity", () => {
  const available = instanceTypesFromWire(CATALOGUE, REGIONS)
    .filter((t) => t.isAvailable)
    .map((t) => `${t.type}@${t.location}`);
  assert.deepEqual(available, [
    "cpu_4x_general@us-west-1",
    "gpu_1x_a10@us-east-1",
    "gpu_1x_a10@us-west-1",
    "gpu_1x_gh200@us-east-1",
  ]);
});

Deno.test("instanceTypesFromWire: a region known only from capacity is listed", () => {
  const texas = { name: "us-south-1", description: "Texas, USA" };
  const types = instanceTypesFromWire(
    {
      gpu_1x_a10: item(wireType("gpu_1x_a10", 1, "A10 (24 GB PCIe)", 75), [
        texas,
      ]),
    },
    [WEST],
  );
  assert.deepEqual(types.map((t) => [t.location, t.isAvailable]), [
    ["us-south-1", true],
    ["us-west-1", false],
  ]);
});

Deno.test("instanceTypesFromWire: empty inputs give an empty list", () => {
  assert.deepEqual(instanceTypesFromWire({}, REGIONS), []);
  assert.deepEqual(instanceTypesFromWire({}, []), []);
});

Deno.test("instanceTypesFromWire maps every field of a GPU type", () => {
  const a10 = instanceTypesFromWire(CATALOGUE, REGIONS, {
    locations: ["us-west-1"],
    instanceTypes: ["gpu_1x_a10"],
  });
  assert.deepEqual(a10, [{
    id: "lambda-labs:us-west-1:gpu_1x_a10",
    type: "gpu_1x_a10",
    provider: "lambda-labs",
    cloud: "lambda-labs",
    location: "us-west-1",
    supportedGpus: [{
      count: 1,
      name: "A10",
      manufacturer: "NVIDIA",
      memory: { value: 24, unit: "GB" },
      type: "A10 (24 GB PCIe)",
      networkDetails: "PCIe",
    }],
    supportedStorage: [{
      count: 1,
      size: { value: 1400, unit: "GiB" },
      isElastic: false,
      isAdditionalDisk: false,
    }],
    supportedUsageClasses: ["on-demand"],
    supportedArchitectures: ["x86_64"],
    vcpu: 30,
    memory: { value: 200, unit: "GiB" },
    isAvailable: true,
    basePrice: { amount: "0.75", currency: "USD" },
    canModifyFirewallRules: true,
    stoppable: false,
    rebootable: true,
    isContainer: false,
    variablePrice: false,
    preemptible: false,
    elasticRootVolume: false,
    subLocationTypeChangeable: false,
  }]);
});

Deno.test("instanceTypesFromWire: CPU-only types have no GPUs; GH200 is arm64; H100 keeps its specs", () => {
  const byType = new Map(
    instanceTypesFromWire(CATALOGUE, REGIONS, { locations: ["us-east-1"] })
      .map((t) => [t.type, t]),
  );
  const cpu = byType.get("cpu_4x_general")!;
  assert.deepEqual(cpu.supportedGpus, []);
  assert.equal(cpu.vcpu, 4);
  assert.deepEqual(cpu.memory, { value: 16, unit: "GiB" });
  assert.deepEqual(cpu.basePrice, { amount: "0.18", currency: "USD" });

  const gh200 = byType.get("gpu_1x_gh200")!;
  assert.deepEqual(gh200.supportedArchitectures, ["arm64"]);
  assert.equal(gh200.supportedGpus[0].name, "GH200");

  const h100 = byType.get("gpu_8x_h100_sxm5")!;
  assert.deepEqual(h100.supportedArchitectures, ["x86_64"]);
  assert.equal(h100.vcpu, 208);
  assert.deepEqual(h100.memory, { value: 1800, unit: "GiB" });
  assert.deepEqual(h100.supportedStorage[0].size, {
    value: 22000,
    unit: "GiB",
  });
  assert.deepEqual(h100.supportedGpus[0].count, 8);
  assert.deepEqual(h100.basePrice, { amount: "23.92", currency: "USD" });
});

Deno.test("instanceTypesFromWire honours every filter", async (t) => {
  const cases: Array<[string, GetInstanceTypeArgs, string[]]> = [
    ["locations: one region", { locations: ["us-west-1"] }, [
      "lambda-labs:us-west-1:cpu_4x_general",
      "lambda-labs:us-west-1:gpu_1x_a10",
      "lambda-labs:us-west-1:gpu_1x_gh200",
      "lambda-labs:us-west-1:gpu_8x_h100_sxm5",
    ]],
    ["locations: unknown region", { locations: ["mars-1"] }, []],
    ["locations: all", { locations: ["all"] }, ids()],
    ["locations: *", { locations: ["us-west-1", "*"] }, ids()],
    ["locations: empty", { locations: [] }, ids()],
    ["instanceTypes", {
      instanceTypes: ["gpu_1x_a10"],
      locations: ["us-east-1", "asia-northeast-1"],
    }, [
      "lambda-labs:asia-northeast-1:gpu_1x_a10",
      "lambda-labs:us-east-1:gpu_1x_a10",
    ]],
    ["instanceTypes: empty = all", { instanceTypes: [] }, ids()],
    ["instanceTypes: unknown", { instanceTypes: ["gpu_9x_nope"] }, []],
    ["gpuManufacturerFilter include NVIDIA drops CPU-only", {
      gpuManufacturerFilter: { include: ["NVIDIA"] },
      locations: ["us-west-1"],
    }, [
      "lambda-labs:us-west-1:gpu_1x_a10",
      "lambda-labs:us-west-1:gpu_1x_gh200",
      "lambda-labs:us-west-1:gpu_8x_h100_sxm5",
    ]],
    ["gpuManufacturerFilter include AMD", {
      gpuManufacturerFilter: { include: ["AMD"] },
    }, []],
    ["gpuManufacturerFilter exclude NVIDIA keeps CPU-only", {
      gpuManufacturerFilter: { exclude: ["NVIDIA"] },
      locations: ["us-west-1"],
    }, ["lambda-labs:us-west-1:cpu_4x_general"]],
    ["cloudFilter include lambda-labs", {
      cloudFilter: { include: ["lambda-labs"] },
    }, ids()],
    ["cloudFilter include other", { cloudFilter: { include: ["aws"] } }, []],
    ["cloudFilter exclude lambda-labs", {
      cloudFilter: { exclude: ["lambda-labs"] },
    }, []],
    ["architectureFilter include arm64", {
      architectureFilter: { include: ["arm64"] },
    }, [
      "lambda-labs:asia-northeast-1:gpu_1x_gh200",
      "lambda-labs:us-east-1:gpu_1x_gh200",
      "lambda-labs:us-west-1:gpu_1x_gh200",
    ]],
    ["architectureFilter exclude arm64", {
      architectureFilter: { exclude: ["arm64"] },
      locations: ["us-east-1"],
    }, [
      "lambda-labs:us-east-1:cpu_4x_general",
      "lambda-labs:us-east-1:gpu_1x_a10",
      "lambda-labs:us-east-1:gpu_8x_h100_sxm5",
    ]],
    ["filters combine", {
      locations: ["us-east-1"],
      gpuManufacturerFilter: { include: ["NVIDIA"] },
      architectureFilter: { include: ["x86_64"] },
      cloudFilter: { include: [LAMBDA_LABS_CLOUD] },
    }, [
      "lambda-labs:us-east-1:gpu_1x_a10",
      "lambda-labs:us-east-1:gpu_8x_h100_sxm5",
    ]],
  ];
  for (const [name, args, expected] of cases) {
    await t.step(name, () => assert.deepEqual(ids(args), expected));
  }
});

Deno.test("lambdaInstanceTypeId is stable and unique per location", () => {
  assert.equal(
    lambdaInstanceTypeId("us-west-1", "gpu_1x_a10"),
    "lambda-labs:us-west-1:gpu_1x_a10",
  );
  const all = ids();
  assert.equal(new Set(all).size, all.length);
  assert.deepEqual(ids(), all);
});

Deno.test("centsToUsd is exact", async (t) => {
  const cases: Array<[number, string | undefined]> = [
    [1099, "10.99"],
    [75, "0.75"],
    [5, "0.05"],
    [0, "0.00"],
    [100, "1.00"],
    [110, "1.10"],
    [2392, "23.92"],
    [3592, "35.92"],
    [12.5, "0.125"],
    [0.1, "0.001"],
    [1e21, "10000000000000000000.00"],
    [1e-7, "0.000000001"],
    [-1, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
  ];
  for (const [cents, expected] of cases) {
    await t.step(`${cents} → ${expected}`, () => {
      assert.equal(centsToUsd(cents), expected);
    });
  }
});

Deno.test("instanceTypeFromWire leaves out an unusable price and an empty disk", () => {
  const t = instanceTypeFromWire(
    wireType("gpu_1x_odd", 1, "A10 (24 GB PCIe)", -3, { storage_gib: 0 }),
    "us-west-1",
    false,
  );
  assert.equal(t.basePrice, undefined);
  assert.deepEqual(t.supportedStorage, []);
  assert.equal(t.isAvailable, false);
});

Deno.test("architecturesOf: Grace machines are arm64, the rest x86_64", async (t) => {
  const cases: Array<[string, string, string, string]> = [
    ["gpu_1x_gh200", "1x GH200 (96 GB)", "GH200 (96 GB)", "arm64"],
    ["gpu_4x_gb200", "4x GB200 (186 GB)", "GB200 (186 GB)", "arm64"],
    ["gpu_1x_superchip", "1x GH200 (96 GB)", "", "arm64"],
    ["gpu_1x_a10", "1x A10 (24 GB PCIe)", "A10 (24 GB PCIe)", "x86_64"],
    [
      "gpu_8x_b200_sxm6",
      "8x B200 (180 GB SXM6)",
      "B200 (180 GB SXM6)",
      "x86_64",
    ],
    ["gpu_1x_a100", "1x A100 (40GB 300W)", "A100 (40GB 300W)", "x86_64"],
    ["cpu_4x_general", "4x vCPU General Purpose (16 GiB)", "", "x86_64"],
  ];
  for (const [name, description, gpu_description, arch] of cases) {
    await t.step(name, () => {
      assert.deepEqual(
        architecturesOf({ name, description, gpu_description }),
        [arch],
      );
    });
  }
});

Deno.test("instanceTypesFromWire: each entry equals the per-region mapping and shares no object", () => {
  const entries = instanceTypesFromWire(CATALOGUE, REGIONS);
  for (const entry of entries) {
    const wire = CATALOGUE[entry.type];
    const available = wire.regions_with_capacity_available.some((r) =>
      r.name === entry.location
    );
    assert.deepEqual(
      entry,
      instanceTypeFromWire(wire.instance_type, entry.location, available),
    );
  }
  const [a, b] = entries.filter((t) => t.type === "gpu_1x_a10");
  // Bytes are read-only in the types; plain JavaScript callers can still
  // write them.
  const writable = (bytes: object) => bytes as { value: number };
  writable(a.supportedGpus[0].memory).value = 1;
  writable(a.supportedStorage[0].size).value = 1;
  writable(a.memory).value = 1;
  a.basePrice!.amount = "0";
  a.supportedArchitectures.push("arm64");
  a.supportedUsageClasses!.push("spot");
  assert.deepEqual(
    b,
    instanceTypeFromWire(CATALOGUE.gpu_1x_a10.instance_type, b.location, true),
  );
});

Deno.test("instanceTypeFromWire: a gpu_description without memory ('NVIDIA A10') takes the memory from the description", () => {
  const type = instanceTypeFromWire(
    {
      name: "gpu_1x_a10",
      description: "1x A10 (24 GB PCIe)",
      gpu_description: "NVIDIA A10",
      price_cents_per_hour: 75,
      specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
    },
    "us-west-1",
    true,
  );
  assert.deepEqual(type.supportedGpus[0].memory, { value: 24, unit: "GB" });
  assert.equal(type.supportedGpus[0].name, "A10");
  assert.equal(type.supportedGpus[0].manufacturer, "NVIDIA");
});
