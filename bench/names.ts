/**
 * Group and bench names shared by the `deno bench` files and `run.ts`,
 * which finds the results by these names in `deno bench --json` output.
 *
 * @module
 */

/** The peer: a thin client of the same API, without validation. */
export const PEER = "lambda-cloud-node-api 1.0.1";

/** The instance counts of the list figures. */
export const LIST_COUNTS = [5_000, 20_000] as const;

/** Names of the listInstances group of `count` instances. */
export function listNames(count: number) {
  const n = count.toLocaleString("en-US");
  return {
    group: `listInstances, ${n} instances, emulator in its own process`,
    baseline: "raw fetch + JSON.parse",
    subject: "client.listInstances()",
    peer: `${PEER} listRunningInstances()`,
    partsGroup: `listInstances, ${n} instances, canned bytes (no server)`,
    partsBaseline: "JSON.parse of the bytes",
    partsSubject: "client.listInstances() on canned bytes",
  };
}

/** Names of the microbenchmarks, per group. */
export const BENCH = {
  getInstance: {
    group: "getInstance, emulator in its own process",
    baseline: "raw fetch + JSON.parse",
    subject: "client.getInstance(id)",
    peer: `${PEER} getRunningInstance(id)`,
  },
  getInstanceTypes: {
    group:
      "getInstanceTypes, 50 types × 30 regions, emulator in its own process",
    baseline: "raw fetch + JSON.parse of both, expanded by hand",
    subject: 'client.getInstanceTypes({ locations: ["all"] })',
    peer: `${PEER} listInstanceTypes()`,
  },
  emulatorList: {
    group: "emulator: list of 10,000 instances",
    baseline: "JSON.stringify of the same data",
    subject: "emulator GET /instances (handler + body read)",
  },
} as const;
