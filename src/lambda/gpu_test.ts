import assert from "node:assert/strict";
import type { Gpu } from "../v1/instance_type.ts";
import { gpuManufacturerOf, parseGpuDescription } from "./gpu.ts";

interface Case {
  description: string;
  gpuDescription?: string;
  gpuCount?: number;
  expected: Gpu[];
}

function gpu(
  count: number,
  name: string,
  gb: number,
  type: string,
  networkDetails?: string,
): Gpu {
  const g: Gpu = {
    count,
    name,
    manufacturer: "NVIDIA",
    memory: { value: gb, unit: "GB" },
    type,
  };
  if (networkDetails !== undefined) g.networkDetails = networkDetails;
  return g;
}

/** Every format Lambda uses, given as description, gpu_description and specs.gpus. */
const LAMBDA_FORMATS: Case[] = [
  {
    description: "1x A10 (24 GB PCIe)",
    gpuDescription: "A10 (24 GB PCIe)",
    gpuCount: 1,
    expected: [gpu(1, "A10", 24, "A10 (24 GB PCIe)", "PCIe")],
  },
  {
    description: "8x A100 (80 GB SXM4)",
    gpuDescription: "A100 (80 GB SXM4)",
    gpuCount: 8,
    expected: [gpu(8, "A100", 80, "A100 (80 GB SXM4)", "SXM4")],
  },
  {
    description: "4x A100 (40 GB SXM4)",
    gpuDescription: "A100 (40 GB SXM4)",
    gpuCount: 4,
    expected: [gpu(4, "A100", 40, "A100 (40 GB SXM4)", "SXM4")],
  },
  {
    description: "1x H100 (80 GB PCIe)",
    gpuDescription: "H100 (80 GB PCIe)",
    gpuCount: 1,
    expected: [gpu(1, "H100", 80, "H100 (80 GB PCIe)", "PCIe")],
  },
  {
    description: "8x H100 (80 GB SXM5)",
    gpuDescription: "H100 (80 GB SXM5)",
    gpuCount: 8,
    expected: [gpu(8, "H100", 80, "H100 (80 GB SXM5)", "SXM5")],
  },
  {
    description: "1x GH200 (96 GB)",
    gpuDescription: "GH200 (96 GB)",
    gpuCount: 1,
    expected: [gpu(1, "GH200", 96, "GH200 (96 GB)")],
  },
  {
    description: "8x B200 (180 GB SXM6)",
    gpuDescription: "B200 (180 GB SXM6)",
    gpuCount: 8,
    expected: [gpu(8, "B200", 180, "B200 (180 GB SXM6)", "SXM6")],
  },
  {
    description: "2x A6000 (48 GB)",
    gpuDescription: "A6000 (48 GB)",
    gpuCount: 2,
    expected: [gpu(2, "A6000", 48, "A6000 (48 GB)")],
  },
  {
    description: "8x Tesla V100 (16 GB)",
    gpuDescription: "Tesla V100 (16 GB)",
    gpuCount: 8,
    expected: [gpu(8, "V100", 16, "Tesla V100 (16 GB)")],
  },
  {
    description: "1x RTX 6000 (24 GB)",
    gpuDescription: "RTX 6000 (24 GB)",
    gpuCount: 1,
    expected: [gpu(1, "RTX 6000", 24, "RTX 6000 (24 GB)")],
  },
  {
    description: "8x H200 (141 GB SXM5)",
    gpuDescription: "H200 (141 GB SXM5)",
    gpuCount: 8,
    expected: [gpu(8, "H200", 141, "H200 (141 GB SXM5)", "SXM5")],
  },
  {
    description: "4x GB200 (186 GB)",
    gpuDescription: "GB200 (186 GB)",
    gpuCount: 4,
    expected: [gpu(4, "GB200", 186, "GB200 (186 GB)")],
  },
];

Deno.test("parseGpuDescription reads every Lambda GPU format", async (t) => {
  for (const c of LAMBDA_FORMATS) {
    await t.step(c.description, () => {
      assert.deepEqual(
        parseGpuDescription(c.description, c.gpuDescription, c.gpuCount),
        c.expected,
      );
    });
  }
});

Deno.test("parseGpuDescription reads the description alone", async (t) => {
  for (const c of LAMBDA_FORMATS) {
    await t.step(c.description, () => {
      // Without gpu_description the GPU text is what follows "Nx ".
      assert.deepEqual(parseGpuDescription(c.description), c.expected);
    });
  }
});

Deno.test("parseGpuDescription: CPU-only types have no GPUs", async (t) => {
  const cases: Array<[string, string | undefined, number | undefined]> = [
    ["4x vCPU General Purpose (16 GiB)", "", 0],
    ["16x vCPU General Purpose (64 GiB)", "", 0],
    ["4x vCPU General Purpose (16 GiB)", undefined, undefined],
    ["CPU only", "", undefined],
    ["", "", undefined],
    // specs.gpus is authoritative: 0 means no GPU whatever the text says.
    ["1x A10 (24 GB PCIe)", "A10 (24 GB PCIe)", 0],
  ];
  for (const [description, gpuDescription, gpuCount] of cases) {
    await t.step(`${description} / ${gpuDescription} / ${gpuCount}`, () => {
      assert.deepEqual(
        parseGpuDescription(description, gpuDescription, gpuCount),
        [],
      );
    });
  }
});

Deno.test("parseGpuDescription: specs.gpus wins over the text count", () => {
  const [parsed] = parseGpuDescription(
    "1x H100 (80 GB SXM5)",
    "H100 (80 GB SXM5)",
    2,
  );
  assert.equal(parsed.count, 2);
});

Deno.test("parseGpuDescription: text count is used when specs.gpus is not a positive integer", () => {
  assert.equal(
    parseGpuDescription("8x H100 (80 GB SXM5)", "", 1.5)[0].count,
    8,
  );
  assert.equal(parseGpuDescription("8x H100 (80 GB SXM5)", "", -1)[0].count, 8);
});

Deno.test("parseGpuDescription: unknown shapes fall back to specs.gpus, never throw", async (t) => {
  const cases: Array<[string, string | undefined, number, Gpu]> = [
    ["Quantum Widget", "", 2, {
      count: 2,
      name: "Quantum Widget",
      manufacturer: "unknown",
      memory: { value: 0, unit: "B" },
      type: "Quantum Widget",
    }],
    ["something odd", "Mystery Accelerator", 3, {
      count: 3,
      name: "Mystery Accelerator",
      manufacturer: "unknown",
      memory: { value: 0, unit: "B" },
      type: "Mystery Accelerator",
    }],
    ["2x Foo (48 GB)", undefined, 2, {
      count: 2,
      name: "Foo",
      manufacturer: "unknown",
      memory: { value: 48, unit: "GB" },
      type: "Foo (48 GB)",
    }],
    ["(((", undefined, 1, {
      count: 1,
      name: "(((",
      manufacturer: "unknown",
      memory: { value: 0, unit: "B" },
      type: "(((",
    }],
    ["1x A10 24GB", undefined, 1, {
      count: 1,
      name: "A10",
      manufacturer: "NVIDIA",
      memory: { value: 24, unit: "GB" },
      type: "A10 24GB",
    }],
    ["8x AMD MI300X (192 GB OAM)", undefined, 8, {
      count: 8,
      name: "MI300X",
      manufacturer: "AMD",
      memory: { value: 192, unit: "GB" },
      type: "AMD MI300X (192 GB OAM)",
      networkDetails: "OAM",
    }],
    ["1x NVIDIA L40S (48 GiB pcie)", undefined, 1, {
      count: 1,
      name: "L40S",
      manufacturer: "NVIDIA",
      memory: { value: 48, unit: "GiB" },
      type: "NVIDIA L40S (48 GiB pcie)",
      networkDetails: "PCIe",
    }],
  ];
  for (const [description, gpuDescription, gpuCount, expected] of cases) {
    await t.step(description, () => {
      assert.deepEqual(
        parseGpuDescription(description, gpuDescription, gpuCount),
        [expected],
      );
    });
  }
});

Deno.test("parseGpuDescription: a positive specs.gpus trusts a GPU text that mentions a CPU", () => {
  const gpus = parseGpuDescription(
    "1x GH200 Grace CPU Superchip (96 GB)",
    "",
    1,
  );
  assert.equal(gpus.length, 1);
  assert.equal(gpus[0].manufacturer, "NVIDIA");
  assert.deepEqual(gpus[0].memory, { value: 96, unit: "GB" });
});

Deno.test("parseGpuDescription: no count anywhere gives no GPUs", () => {
  assert.deepEqual(parseGpuDescription("H100 (80 GB SXM5)"), []);
});

Deno.test("gpuManufacturerOf names the maker of each family", async (t) => {
  const cases: Array<[string, string]> = [
    ["A10", "NVIDIA"],
    ["A100", "NVIDIA"],
    ["A6000", "NVIDIA"],
    ["H100", "NVIDIA"],
    ["H200", "NVIDIA"],
    ["GH200", "NVIDIA"],
    ["B200", "NVIDIA"],
    ["GB200", "NVIDIA"],
    ["V100", "NVIDIA"],
    ["Tesla V100", "NVIDIA"],
    ["RTX 6000", "NVIDIA"],
    ["Quadro RTX 8000", "NVIDIA"],
    ["NVIDIA Anything", "NVIDIA"],
    ["L40S", "NVIDIA"],
    ["MI300X", "AMD"],
    ["AMD Instinct MI250", "AMD"],
    ["Gaudi2", "INTEL"],
    ["Max Power 9000", "unknown"],
    ["Quantum Widget", "unknown"],
    ["", "unknown"],
  ];
  for (const [name, maker] of cases) {
    await t.step(`${name} → ${maker}`, () => {
      assert.equal(gpuManufacturerOf(name), maker);
    });
  }
});

Deno.test("parseGpuDescription: memory and form factor missing from gpu_description are read from the description", () => {
  assert.deepEqual(
    parseGpuDescription("1x A10 (24 GB PCIe)", "NVIDIA A10", 1),
    [{
      count: 1,
      name: "A10",
      manufacturer: "NVIDIA",
      memory: { value: 24, unit: "GB" },
      networkDetails: "PCIe",
      type: "NVIDIA A10",
    }],
  );
  // What gpu_description says wins over the description.
  assert.deepEqual(
    parseGpuDescription("8x H100 (80 GB SXM5)", "H100 (94 GB NVL)", 8)[0]
      .memory,
    { value: 94, unit: "GB" },
  );
  // A description without a size leaves the memory unknown.
  assert.deepEqual(
    parseGpuDescription("1x A10", "NVIDIA A10", 1)[0].memory,
    { value: 0, unit: "B" },
  );
});
