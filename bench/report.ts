/**
 * Formatting of `bench/run.ts`'s results: numbers, medians, and the same
 * table as text (stdout) and as markdown (`bench/RESULTS.md`).
 *
 * @module
 */

/** The median of `xs` (the lower middle one for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

/** A time in ns as ns, µs or ms with three significant digits. */
export function fmtTime(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toPrecision(3)} µs`;
  return `${ns.toPrecision(3)} ns`;
}

/** A signed time difference in ns, as {@link fmtTime}. */
export function fmtAdded(ns: number): string {
  return `${ns < 0 ? "−" : "+"}${fmtTime(Math.abs(ns))}`;
}

/** A ratio as `1.23×`. */
export function fmtRatio(r: number): string {
  return `${r.toFixed(2)}×`;
}

/** Bytes as MiB with one decimal. */
export function fmtMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** Requests per second with thousands separators. */
export function fmtRps(rps: number): string {
  return `${Math.round(rps).toLocaleString("en-US")} req/s`;
}

/** A table as aligned text. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i].length))
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
  ].join("\n");
}

/** A table as markdown (`deno fmt` aligns it). */
export function markdownTable(header: string[], rows: string[][]): string {
  const esc = (s: string) => s.replaceAll("|", "\\|");
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

/** The load average of the last minute (Linux), or `undefined`. */
export function loadAverage(): number | undefined {
  try {
    return Number(Deno.readTextFileSync("/proc/loadavg").split(" ")[0]);
  } catch {
    return undefined;
  }
}

/** The machine a run was taken on. */
export interface MachineInfo {
  deno: string;
  v8: string;
  os: string;
  cpu: string;
  cores: number;
  date: string;
}

/** Describes this machine. */
export async function machineInfo(): Promise<MachineInfo> {
  let cpu = "unknown";
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu;
  } catch { /* not Linux */ }
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    os: `${Deno.build.os} ${Deno.build.arch}`,
    cpu,
    cores: navigator.hardwareConcurrency,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}
