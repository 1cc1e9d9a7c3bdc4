/**
 * GPUs of Lambda instance types, read from the human-readable descriptions
 * the API gives (`"8x H100 (80 GB SXM5)"`), since the API has no structured
 * GPU fields beyond a count.
 *
 * @module
 */

import type { Bytes, ByteUnit } from "../v1/bytes.ts";
import type { Gpu, GpuManufacturer } from "../v1/instance_type.ts";

/** Marketing prefixes that name a product line, not the model. */
const BRAND_PREFIX = /^(?:nvidia|amd|intel|tesla|quadro|geforce)\s+/i;

/** NVIDIA data-centre and workstation families, tried after brand prefixes are removed. */
const NVIDIA_MODEL =
  /^(?:A\d+|H\d+|GH\d+|B\d+|GB\d+|[VPK]\d+|T4|L4|L40S?|RTX\b.*|TITAN\b.*)/i;
const AMD_MODEL = /^(?:MI\d+|Instinct\b.*|Radeon\b.*)/i;
const INTEL_MODEL = /^Gaudi\d*/i;

/** `"8x H100 (…)"`: a GPU count, an `x` and the rest. */
const COUNT_PREFIX = /^\s*(\d+)\s*[x×]\s*(.*)$/i;
/** A size such as `80 GB`, `96GB` or `16 GiB`. */
const MEMORY = /(\d+(?:\.\d+)?)\s*(TiB|GiB|MiB|TB|GB|MB)\b/i;
/** Form factors / interconnects. */
const INTERCONNECT = /\b(PCIe|SXM\d*|NVL\d*|OAM)\b/i;
/** Words that mark a CPU-only description such as `"4x vCPU General Purpose"`. */
const CPU_ONLY = /\b(?:v?CPUs?|cpu[\s_-]?only)\b/i;

const UNIT_BY_LOWER: Readonly<Record<string, ByteUnit>> = {
  tib: "TiB",
  gib: "GiB",
  mib: "MiB",
  tb: "TB",
  gb: "GB",
  mb: "MB",
};

/**
 * The maker of a GPU, from its model name (brand prefixes such as
 * `"NVIDIA"` or `"Tesla"` allowed): `"NVIDIA"` for the A/H/GH/B/GB/V/P/K/T/L
 * series, RTX and TITAN; `"AMD"` for MI, Instinct and Radeon; `"INTEL"` for Gaudi;
 * otherwise `"unknown"`.
 *
 * @example
 * ```ts
 * import { gpuManufacturerOf } from "./gpu.ts";
 * gpuManufacturerOf("GH200"); // "NVIDIA"
 * gpuManufacturerOf("MI300X"); // "AMD"
 * gpuManufacturerOf("Quantum Widget"); // "unknown"
 * ```
 */
export function gpuManufacturerOf(name: string): GpuManufacturer {
  const trimmed = name.trim();
  const brand = /^(nvidia|amd|intel)\b/i.exec(trimmed)?.[1].toLowerCase();
  if (brand === "nvidia") return "NVIDIA";
  if (brand === "amd") return "AMD";
  if (brand === "intel") return "INTEL";
  if (/^(?:tesla|quadro|geforce)\b/i.test(trimmed)) return "NVIDIA";
  const model = stripBrand(trimmed);
  if (NVIDIA_MODEL.test(model)) return "NVIDIA";
  if (AMD_MODEL.test(model)) return "AMD";
  if (INTEL_MODEL.test(model)) return "INTEL";
  return "unknown";
}

function stripBrand(text: string): string {
  let model = text.trim();
  while (BRAND_PREFIX.test(model)) model = model.replace(BRAND_PREFIX, "");
  return model;
}

/** `"pcie"` → `"PCIe"`, `"sxm5"` → `"SXM5"`. */
function normalizeInterconnect(raw: string): string {
  return raw.toLowerCase() === "pcie" ? "PCIe" : raw.toUpperCase();
}

function isPositiveCount(n: number | undefined): n is number {
  return n !== undefined && Number.isSafeInteger(n) && n > 0;
}

/**
 * The GPUs described by a Lambda instance type. Never throws.
 *
 * - `description` is the type's description (`"8x H100 (80 GB SXM5)"`),
 *   `gpuDescription` its `gpu_description` (`"H100 (80 GB SXM5)"`) and
 *   `gpuCount` its `specs.gpus`.
 * - The count is `gpuCount` when given (the structured field wins over the
 *   text), else the `Nx` prefix of the description. `gpuCount === 0`, no
 *   count at all, or (when `gpuCount` is absent) a CPU-only description
 *   such as `"4x vCPU General Purpose (16 GiB)"` gives `[]`.
 * - The name is the model without brand words (`"Tesla V100"` → `"V100"`,
 *   `"RTX 6000"` stays), `type` the GPU text as the API wrote it, `memory`
 *   the per-GPU size in the unit of the text (`"80 GB"` → `{ value: 80,
 *   unit: "GB" }`), `networkDetails` the form factor (`"PCIe"`, `"SXM4"`,
 *   `"SXM5"`, `"SXM6"`) or absent. When `gpuDescription` names the GPU
 *   without its size or form factor (`"NVIDIA A10"`), they are read from
 *   `description` (`"1x A10 (24 GB PCIe)"`).
 * - A text of unknown shape still yields one entry with the whole text as
 *   the name; its memory is `{ value: 0, unit: "B" }` when no size can be
 *   read, and its manufacturer is `"unknown"` unless the name starts with a
 *   known model (see {@link gpuManufacturerOf}).
 *
 * @example
 * ```ts
 * import { parseGpuDescription } from "./gpu.ts";
 * parseGpuDescription("8x B200 (180 GB SXM6)", "B200 (180 GB SXM6)", 8);
 * // [{ count: 8, name: "B200", manufacturer: "NVIDIA", memory: { value: 180, unit: "GB" },
 * //    networkDetails: "SXM6", type: "B200 (180 GB SXM6)" }]
 * parseGpuDescription("4x vCPU General Purpose (16 GiB)", "", 0); // []
 * ```
 */
export function parseGpuDescription(
  description: string,
  gpuDescription?: string,
  gpuCount?: number,
): Gpu[] {
  if (gpuCount === 0) return [];
  const prefixed = COUNT_PREFIX.exec(description ?? "");
  const textCount = prefixed ? Number(prefixed[1]) : undefined;
  const described = (prefixed ? prefixed[2] : description ?? "").trim();
  const gpuText = (gpuDescription ?? "").trim() || described;
  if (gpuText === "") return [];
  if (isPositiveCount(gpuCount)) {
    return [gpuFromText(gpuText, gpuCount, described)];
  }
  // Without a structured count the text must be read with care: "4x vCPU"
  // counts CPUs, not GPUs.
  if (!isPositiveCount(textCount) || CPU_ONLY.test(gpuText)) return [];
  return [gpuFromText(gpuText, textCount, described)];
}

/**
 * One GPU entry from its text; a size or form factor the text lacks
 * (`"NVIDIA A10"`) is taken from `fallback`, the GPU part of the type's
 * description (`"A10 (24 GB PCIe)"`).
 */
function gpuFromText(text: string, count: number, fallback: string): Gpu {
  const paren = text.indexOf("(");
  const nameText = (paren >= 0 ? text.slice(0, paren) : text).trim();
  const memoryMatch = MEMORY.exec(text);
  const fallbackMemory = memoryMatch ? null : MEMORY.exec(fallback);
  const interconnect = INTERCONNECT.exec(text)?.[1] ??
    INTERCONNECT.exec(fallback)?.[1];
  // Without parentheses a size may follow the name inline ("A10 24GB").
  const bareName = paren < 0 && memoryMatch
    ? text.slice(0, memoryMatch.index).trim()
    : nameText;
  const name = stripBrand(bareName) || text;
  const size = memoryMatch ?? fallbackMemory;
  const memory: Bytes = size
    ? { value: Number(size[1]), unit: UNIT_BY_LOWER[size[2].toLowerCase()] }
    : { value: 0, unit: "B" };
  const gpu: Gpu = {
    count,
    name,
    manufacturer: gpuManufacturerOf(bareName || text),
    memory,
    type: text,
  };
  if (interconnect !== undefined) {
    gpu.networkDetails = normalizeInterconnect(interconnect);
  }
  return gpu;
}
