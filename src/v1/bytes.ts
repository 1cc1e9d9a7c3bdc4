/**
 * Sizes with explicit units (memory, disks, GPU memory).
 *
 * @module
 */

import { InvalidArgumentError } from "./errors.ts";

/**
 * A unit of size: decimal (`KB` = 1000 B) or binary (`KiB` = 1024 B).
 *
 * @example
 * ```ts
 * import { type ByteUnit, convertBytes } from "@gpufleet/lambda";
 * const unit: ByteUnit = "GiB";
 * console.log(convertBytes({ value: 2048, unit: "MiB" }, unit)); // { value: 2, unit: "GiB" }
 * ```
 */
export type ByteUnit =
  | "B"
  | "KB"
  | "MB"
  | "GB"
  | "TB"
  | "KiB"
  | "MiB"
  | "GiB"
  | "TiB";

/**
 * How many bytes one of each {@link ByteUnit} is.
 *
 * @example
 * ```ts
 * import { BYTES_PER_UNIT } from "@gpufleet/lambda";
 * console.log(BYTES_PER_UNIT.GiB); // 1073741824
 * ```
 */
export const BYTES_PER_UNIT: Readonly<Record<ByteUnit, number>> = Object
  .freeze({
    B: 1,
    KB: 1e3,
    MB: 1e6,
    GB: 1e9,
    TB: 1e12,
    KiB: 2 ** 10,
    MiB: 2 ** 20,
    GiB: 2 ** 30,
    TiB: 2 ** 40,
  });

/**
 * A size: a non-negative number of some {@link ByteUnit}.
 *
 * @example
 * ```ts
 * import { type Bytes, formatBytes } from "@gpufleet/lambda";
 * const memory: Bytes = { value: 80, unit: "GiB" };
 * console.log(formatBytes(memory, "GB")); // "85.9 GB"
 * ```
 */
export interface Bytes {
  /** The amount, a finite number ≥ 0 (fractions allowed). */
  readonly value: number;
  /** The unit of `value`. */
  readonly unit: ByteUnit;
}

function checkUnit(unit: string, field: string): ByteUnit {
  if (!Object.hasOwn(BYTES_PER_UNIT, unit)) {
    throw new InvalidArgumentError(
      field,
      `must be one of ${Object.keys(BYTES_PER_UNIT).join(", ")}`,
    );
  }
  return unit as ByteUnit;
}

/**
 * Makes a {@link Bytes}, checking that the value is finite and ≥ 0.
 *
 * @throws {InvalidArgumentError} on a negative or non-finite value or an unknown unit
 * @example
 * ```ts
 * import { bytes } from "@gpufleet/lambda";
 * console.log(bytes(512, "GiB")); // { value: 512, unit: "GiB" }
 * ```
 */
export function bytes(value: number, unit: ByteUnit = "B"): Bytes {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError("value", "must be a finite number >= 0");
  }
  return { value, unit: checkUnit(unit, "unit") };
}

/**
 * The size in bytes.
 *
 * @throws {InvalidArgumentError} on an unknown unit
 * @example
 * ```ts
 * import { toBytes } from "@gpufleet/lambda";
 * console.log(toBytes({ value: 2, unit: "KiB" })); // 2048
 * ```
 */
export function toBytes(size: Bytes): number {
  return size.value * BYTES_PER_UNIT[checkUnit(size.unit, "size.unit")];
}

/**
 * The same size expressed in another unit.
 *
 * @throws {InvalidArgumentError} on an unknown unit
 * @example
 * ```ts
 * import { convertBytes } from "@gpufleet/lambda";
 * console.log(convertBytes({ value: 1, unit: "TiB" }, "GiB")); // { value: 1024, unit: "GiB" }
 * ```
 */
export function convertBytes(size: Bytes, unit: ByteUnit): Bytes {
  const target = checkUnit(unit, "unit");
  return { value: toBytes(size) / BYTES_PER_UNIT[target], unit: target };
}

/**
 * Compares two sizes: negative when `a < b`, 0 when equal, positive when `a > b`.
 *
 * @example
 * ```ts
 * import { compareBytes } from "@gpufleet/lambda";
 * console.log(compareBytes({ value: 1, unit: "GB" }, { value: 1, unit: "GiB" }) < 0); // true
 * ```
 */
export function compareBytes(a: Bytes, b: Bytes): number {
  return Math.sign(toBytes(a) - toBytes(b));
}

/**
 * A human-readable size such as `"80 GiB"` or `"1.5 TB"`, optionally
 * converted to `unit` first; at most two fraction digits.
 *
 * @example
 * ```ts
 * import { formatBytes } from "@gpufleet/lambda";
 * console.log(formatBytes({ value: 1536, unit: "MiB" }, "GiB")); // "1.5 GiB"
 * ```
 */
export function formatBytes(size: Bytes, unit?: ByteUnit): string {
  const shown = unit === undefined ? size : convertBytes(size, unit);
  const value = Math.round(shown.value * 100) / 100;
  return `${value} ${checkUnit(shown.unit, "size.unit")}`;
}
