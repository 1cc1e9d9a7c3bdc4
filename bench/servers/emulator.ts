/**
 * The emulator standalone in its own process, for the benches and the load
 * runs.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 bench/servers/emulator.ts [--port 0] \
 *   [--instances N] [--catalogue TYPESxREGIONS]
 * ```
 *
 * The bench key (`bench/setup.ts`), manual clock, no rate limits, room for 20,000 instances of `gpu_1x_a10` in `us-west-1` on
 * top of the default catalogue (or a generated catalogue of `TYPES` ×
 * `REGIONS`, see `bigCatalogue`). `--instances N` launches N instances
 * through the emulator's own API before it listens and moves its clock on
 * until they are active (IP, hostname, Jupyter fields). Prints
 * `listening on http://127.0.0.1:<port>`; exits cleanly on SIGINT/SIGTERM
 * (so `deno run --cpu-prof …` writes its profile).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DEFAULT_CAPACITY } from "../../mock/state/catalogue.ts";
import { createMockLambda, type MockLambdaOptions } from "../../mock/mod.ts";
import {
  API_KEY,
  bigCatalogue,
  LAUNCH_REGION,
  LAUNCH_TYPE,
  launchMany,
} from "../setup.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    port: { type: "string", default: "0" },
    hostname: { type: "string", default: "127.0.0.1" },
    instances: { type: "string", default: "0" },
    catalogue: { type: "string" },
  },
});
const ROOM = 20_000;
const instances = Number(values.instances);
if (!(Number.isInteger(instances) && instances >= 0 && instances <= ROOM)) {
  console.error(`--instances must be a whole number from 0 to ${ROOM}`);
  Deno.exit(2);
}
let catalogue: MockLambdaOptions = {
  capacity: {
    ...DEFAULT_CAPACITY,
    [LAUNCH_REGION]: {
      ...DEFAULT_CAPACITY[LAUNCH_REGION],
      [LAUNCH_TYPE]: ROOM,
    },
  },
};
if (values.catalogue !== undefined) {
  const m = /^(\d+)x(\d+)$/.exec(values.catalogue);
  if (!m) {
    console.error("--catalogue must be TYPESxREGIONS, e.g. 50x30");
    Deno.exit(2);
  }
  catalogue = bigCatalogue(Number(m[1]), Number(m[2]));
}
const mock = createMockLambda({
  apiKey: API_KEY,
  seed: 1,
  clock: "manual",
  // The bench's choice, not the suite's: a benchmark measures answers, not
  // Lambda's request budget.
  rateLimits: "off",
  quota: ROOM,
  ...catalogue,
});
if (instances > 0) {
  await launchMany(mock.fetch, instances);
  mock.clock.advance(10 * 60_000);
}
const server = await mock.listen({
  hostname: values.hostname,
  port: Number(values.port),
});
console.log(`listening on ${server.url}`);
// A clean exit on a signal, so that `--cpu-prof` can write its profile.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => {
    server.close().finally(() => Deno.exit(0));
  });
}
