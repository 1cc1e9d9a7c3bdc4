/**
 * Aligned plain-text tables for human output. Every cell is server text
 * until proven otherwise, so each is {@link clean}ed before it is measured
 * and printed.
 *
 * @module
 */

import { clean } from "./clean.ts";

/**
 * A column of a table.
 *
 * @example
 * ```ts
 * import { type Column, formatTable } from "./table.ts";
 * const price: Column = { header: "PRICE/H", align: "right" };
 * console.log(formatTable([{ header: "TYPE" }, price], [["gpu_1x_a10", "$0.86"], ["gpu_8x_h100_sxm5", "$23.92"]])); // "TYPE              PRICE/H\ngpu_1x_a10          $0.86\ngpu_8x_h100_sxm5   $23.92\n"
 * ```
 */
export interface Column {
  /** The header text (conventionally upper case). */
  header: string;
  /** `"right"` for numbers; default `"left"`. */
  align?: "left" | "right";
}

/** Columns are separated by this many spaces. */
const GAP = "  ";

/**
 * Characters on screen (code points; the tool prints no wide characters in
 * its own columns, and user text is not truncated).
 */
function width(text: string): number {
  return [...text].length;
}

/**
 * Renders rows under headers with every column padded to its widest cell,
 * columns separated by two spaces, no trailing spaces, and a final newline.
 * A table without rows is just its header line. Control characters in
 * cells are shown as escapes (`\x1b`), so a cell is always one line.
 *
 * @example
 * ```ts
 * import { formatTable } from "./table.ts";
 * const text = formatTable(
 *   [{ header: "TYPE" }, { header: "GPUS", align: "right" }],
 *   [["gpu_1x_a10", "1"], ["gpu_8x_h100_sxm5", "8"]],
 * );
 * console.log(text);
 * // TYPE              GPUS
 * // gpu_1x_a10           1
 * // gpu_8x_h100_sxm5     8
 * ```
 */
export function formatTable(
  columns: readonly Column[],
  dirtyRows: readonly (readonly string[])[],
): string {
  const rows = dirtyRows.map((row) => row.map(clean));
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...rows.map((row) => width(row[i] ?? "")))
  );
  const line = (cells: readonly string[]) =>
    columns.map((column, i) => {
      const cell = cells[i] ?? "";
      const pad = " ".repeat(widths[i] - width(cell));
      return column.align === "right" ? pad + cell : cell + pad;
    }).join(GAP).trimEnd();
  return [columns.map((c) => c.header), ...rows].map(line).join("\n") + "\n";
}

/**
 * Renders label/value pairs as an aligned two-column list, for the details
 * of one object. Values are cleaned like table cells.
 *
 * @example
 * ```ts
 * import { formatDetails } from "./table.ts";
 * console.log(formatDetails([["id", "i-1"], ["status", "running"]])); // "id      i-1\nstatus  running\n"
 * ```
 */
export function formatDetails(
  pairs: readonly (readonly [string, string])[],
): string {
  const labelWidth = Math.max(0, ...pairs.map(([label]) => width(label)));
  return pairs.map(([label, value]) =>
    `${label}${" ".repeat(labelWidth - width(label))}${GAP}${clean(value)}`
      .trimEnd()
  ).join("\n") + "\n";
}
