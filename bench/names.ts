/**
 * Group and bench names shared by the `deno bench` files and `run.ts`,
 * which finds the results by these names in `deno bench --json` output.
 *
 * @module
 */

/** Names of the microbenchmarks, per group. */
export const BENCH = {
  getInstance: {
    group: "getInstance over a loopback socket",
    baseline: "raw fetch + JSON.parse",
    subject: "client.getInstance(id)",
  },
  listInstances: {
    group: "listInstances, 5,000 instances, in-process fetch",
    baseline: "JSON.parse of the same bytes",
    subject: "client.listInstances()",
    clientOnly: "client.listInstances() on canned bytes (no emulator)",
    emulatorOnly: "emulator alone: mock.fetch + body read",
  },
  getInstanceTypes: {
    group: "getInstanceTypes, 50 types × 30 regions",
    baseline: "raw mock.fetch + res.json()",
    subject: 'client.getInstanceTypes({ locations: ["all"] })',
    clientOnly: "client on canned instance-types bytes",
  },
  emulatorList: {
    group: "emulator: list of 10,000 instances",
    baseline: "JSON.stringify of the same data",
    subject: "emulator GET /instances (handler + body read)",
  },
} as const;
