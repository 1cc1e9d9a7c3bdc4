/**
 * Peak resident memory of one way of reading a list of instances, in a
 * fresh process: `raw` (fetch + `JSON.parse`), `client`
 * (`client.listInstances()`) or `peer` (the peer's
 * `listRunningInstances()`), a few times in a row, against an emulator
 * already running elsewhere. Every process imports and builds all three
 * readers, whichever it runs, so that the figure is the reading's memory,
 * not the size of the code loaded. Linux only (`VmHWM` of
 * `/proc/self/status`); prints one JSON line.
 *
 * ```sh
 * deno run -A --lock=deno.dev.lock bench/rss.ts --url http://127.0.0.1:PORT --path client --expect 5000
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { benchClient } from "./client_setup.ts";
import { peerClient } from "./peer.ts";
import { AUTH } from "./setup.ts";

/** What `bench/rss.ts` prints. */
export interface RssResult {
  path: "raw" | "client" | "peer";
  count: number;
  /** Resident memory before the first read. */
  startRssBytes: number;
  /** The most resident memory the process ever had (`VmHWM`). */
  peakRssBytes: number;
}

/** The ways of reading a list. */
export const READ_PATHS = ["raw", "client", "peer"] as const;

function statusBytes(field: string): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
  if (!m) throw new Error(`no ${field} in /proc/self/status`);
  return Number(m[1]) * 1024;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      url: { type: "string" },
      path: { type: "string" },
      expect: { type: "string" },
      iterations: { type: "string", default: "3" },
    },
  });
  const path = values.path as RssResult["path"];
  if (!values.url || !READ_PATHS.includes(path) || !values.expect) {
    console.error(
      "usage: rss.ts --url BASE --path raw|client|peer --expect N [--iterations 3]",
    );
    Deno.exit(2);
  }
  const base = values.url;
  const expected = Number(values.expect);
  const client = benchClient(undefined, base);
  const peer = peerClient(base);
  const read: Record<RssResult["path"], () => Promise<number>> = {
    raw: async () => {
      const res = await fetch(`${base}/api/v1/instances`, { headers: AUTH });
      return JSON.parse(await res.text()).data.length;
    },
    client: async () => (await client.listInstances()).length,
    peer: async () => (await peer.listRunningInstances()).length,
  };
  const startRssBytes = statusBytes("VmRSS");
  for (let i = 0; i < Number(values.iterations); i++) {
    const length = await read[path]();
    if (length !== expected) {
      throw new Error(`read ${length}, expected ${expected}`);
    }
  }
  const result: RssResult = {
    path,
    count: expected,
    startRssBytes,
    peakRssBytes: statusBytes("VmHWM"),
  };
  console.log(JSON.stringify(result));
}
