/**
 * `client.listInstances()` with 5,000 instances through the emulator's
 * in-process fetch, against `JSON.parse` of the same response bytes. Two
 * parts without a target split the figure: the client on canned bytes (no
 * emulator), and the emulator alone.
 *
 * ```sh
 * deno bench -A --v8-flags=--expose-gc bench/list_instances_bench.ts
 * ```
 *
 * @module
 */
import { benchClient } from "./client_setup.ts";
import { BENCH } from "./names.ts";
import {
  AUTH,
  bytesOf,
  cannedFetch,
  collectGarbage,
  createBenchMock,
  launchMany,
} from "./setup.ts";

const COUNT = 5_000;
const mock = createBenchMock(COUNT);
await launchMany(mock.fetch, COUNT);
mock.clock.advance(10 * 60_000);
const url = "https://cloud.lambda.ai/api/v1/instances";
const bytes = await bytesOf(mock.fetch, url);
const client = benchClient(mock.fetch);
const cannedClient = benchClient(
  cannedFetch("/api/v1/instances", bytes, mock.fetch),
);
const listed = await client.listInstances();
if (listed.length !== COUNT) {
  throw new Error(`expected ${COUNT} instances, got ${listed.length}`);
}
const decoder = new TextDecoder();
const { group, baseline, subject, clientOnly, emulatorOnly } =
  BENCH.listInstances;

Deno.bench({
  name: baseline,
  group,
  baseline: true,
  fn(b) {
    collectGarbage();
    b.start();
    JSON.parse(decoder.decode(bytes));
    b.end();
  },
});

Deno.bench({
  name: subject,
  group,
  async fn(b) {
    collectGarbage();
    b.start();
    await client.listInstances();
    b.end();
  },
});

Deno.bench({
  name: clientOnly,
  group,
  async fn(b) {
    collectGarbage();
    b.start();
    await cannedClient.listInstances();
    b.end();
  },
});

Deno.bench({
  name: emulatorOnly,
  group,
  async fn(b) {
    collectGarbage();
    b.start();
    await (await mock.fetch(url, { headers: AUTH })).arrayBuffer();
    b.end();
  },
});
