/**
 * `client.getInstanceTypes({ locations: ["all"] })` over a catalogue of 50
 * types × 30 regions (emulator's in-process fetch), against the same
 * response fetched and parsed raw. A part without a target: the client
 * on canned instance-types bytes.
 *
 * ```sh
 * deno bench -A --v8-flags=--expose-gc bench/instance_types_bench.ts
 * ```
 *
 * @module
 */
import { benchClient } from "./client_setup.ts";
import { BENCH } from "./names.ts";
import {
  AUTH,
  bigCatalogue,
  bytesOf,
  cannedFetch,
  collectGarbage,
  createBenchMock,
} from "./setup.ts";

const TYPES = 50;
const REGIONS = 30;
const mock = createBenchMock(0, bigCatalogue(TYPES, REGIONS));
const url = "https://cloud.lambda.ai/api/v1/instance-types";
const bytes = await bytesOf(mock.fetch, url);
const client = benchClient(mock.fetch);
// Canned instance types; any other path the client asks for (e.g. the
// regions) still goes to the emulator.
const cannedClient = benchClient(
  cannedFetch("/api/v1/instance-types", bytes, mock.fetch),
);
const types = await client.getInstanceTypes({ locations: ["all"] });
if (types.length !== TYPES * REGIONS) {
  console.error(
    `note: getInstanceTypes returned ${types.length} entries for ${TYPES} types × ${REGIONS} regions`,
  );
}
const { group, baseline, subject, clientOnly } = BENCH.getInstanceTypes;

Deno.bench({
  name: baseline,
  group,
  baseline: true,
  async fn(b) {
    collectGarbage();
    b.start();
    await (await mock.fetch(url, { headers: AUTH })).json();
    b.end();
  },
});

Deno.bench({
  name: subject,
  group,
  async fn(b) {
    collectGarbage();
    b.start();
    await client.getInstanceTypes({ locations: ["all"] });
    b.end();
  },
});

Deno.bench({
  name: clientOnly,
  group,
  async fn(b) {
    collectGarbage();
    b.start();
    await cannedClient.getInstanceTypes({ locations: ["all"] });
    b.end();
  },
});
