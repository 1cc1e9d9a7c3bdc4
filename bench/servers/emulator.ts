/**
 * The emulator standalone in its own process, for the load runs.
 *
 * ```sh
 * deno run --allow-net bench/servers/emulator.ts [--port 0] [--api-key bench-key]
 * ```
 *
 * Manual clock (advance it with `POST /_mock/clock/advance`), room for
 * 20,000 instances of `gpu_1x_a10` in `us-west-1` on top of the default
 * catalogue. Prints `listening on http://127.0.0.1:<port>`; exits cleanly on
 * SIGINT/SIGTERM (so `deno run --cpu-prof …` writes its profile).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DEFAULT_CAPACITY } from "../../mock/state/catalogue.ts";
import { createMockLambda } from "../../mock/mod.ts";
import { API_KEY, LAUNCH_REGION, LAUNCH_TYPE } from "../setup.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    port: { type: "string", default: "0" },
    hostname: { type: "string", default: "127.0.0.1" },
    "api-key": { type: "string", default: API_KEY },
  },
});
const mock = createMockLambda({
  apiKey: values["api-key"],
  seed: 1,
  clock: "manual",
  quota: 20_000,
  capacity: {
    ...DEFAULT_CAPACITY,
    [LAUNCH_REGION]: {
      ...DEFAULT_CAPACITY[LAUNCH_REGION],
      [LAUNCH_TYPE]: 20_000,
    },
  },
});
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
