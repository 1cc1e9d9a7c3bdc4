/**
 * Heap the emulator needs for 10,000 instances: `heapUsed` after full
 * garbage collections, empty and then filled through the API. Needs
 * `--v8-flags=--expose-gc`; prints one JSON line with `--json`.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/heap.ts [--json]
 * ```
 *
 * @module
 */
import { AUTH, createBenchMock, launchMany } from "./setup.ts";

/** What `bench/heap.ts` prints with `--json`. */
export interface HeapResult {
  instances: number;
  emptyHeapBytes: number;
  filledHeapBytes: number;
  deltaBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("run with --v8-flags=--expose-gc");
  Deno.exit(2);
}

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc!();
  return Deno.memoryUsage().heapUsed;
}

const COUNT = 10_000;
const mock = createBenchMock(COUNT);
// Warm the paths used below so that their compiled code and lazily built
// tables count in the empty figure, not as the instances' cost.
await launchMany(mock.fetch, 0);
await (await mock.fetch("/api/v1/instances", { headers: AUTH })).arrayBuffer();
const emptyHeapBytes = settledHeap();

await launchMany(mock.fetch, COUNT);
mock.clock.advance(10 * 60_000);
const listed = mock.state.instances.length;
if (listed !== COUNT) throw new Error(`expected ${COUNT}, got ${listed}`);
const filledHeapBytes = settledHeap();

const result: HeapResult = {
  instances: COUNT,
  emptyHeapBytes,
  filledHeapBytes,
  deltaBytes: filledHeapBytes - emptyHeapBytes,
};
if (Deno.args.includes("--json")) {
  console.log(JSON.stringify(result));
} else {
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  console.log(
    `heap: empty ${mib(emptyHeapBytes)} MiB, with ${COUNT} instances ` +
      `${mib(filledHeapBytes)} MiB (+${mib(result.deltaBytes)} MiB)`,
  );
}
// Keep the emulator reachable until the measurement is taken.
if (mock.state.instances.length < 0) console.log("unreachable");
