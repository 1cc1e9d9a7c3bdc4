/**
 * `client.getInstanceTypes({ locations: ["all"] })` over a catalogue of 50
 * types × 30 regions (emulator's in-process fetch), against the same
 * response fetched and parsed raw. A part without a target: the client
 * on canned instance-types bytes.
 *
 * ```sh
 * deno bench -A bench/instance_types_bench.ts
 * ```
 *
 * No forced collection before iterations here (unlike the 5,000- and
 * 10,000-instance benches): at this size a full GC per iteration makes every
 * iteration two to three times slower than in real use.
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
  async fn() {
    await (await mock.fetch(url, { headers: AUTH })).json();
  },
});

Deno.bench({
  name: subject,
  group,
  async fn() {
    await client.getInstanceTypes({ locations: ["all"] });
  },
});

Deno.bench({
  name: clientOnly,
  group,
  async fn() {
    await cannedClient.getInstanceTypes({ locations: ["all"] });
  },
});
