/**
 * The emulator holding 10,000 instances answering `GET /instances`,
 * against `JSON.stringify` of the same data: the floor of any server that
 * builds its answer per request.
 *
 * ```sh
 * deno bench -A --v8-flags=--expose-gc bench/emulator_list_bench.ts
 * ```
 *
 * @module
 */
import { interleaved } from "./blocks.ts";
import { BENCH } from "./names.ts";
import { AUTH, collectGarbage, createBenchMock, launchMany } from "./setup.ts";

const COUNT = 10_000;
const mock = createBenchMock(COUNT);
await launchMany(mock.fetch, COUNT);
mock.clock.advance(10 * 60_000); // every instance active: IPs, hostnames, …
const url = "http://mock.invalid/api/v1/instances";
const sameData = await (await mock.fetch(url, { headers: AUTH })).json();
if (sameData.data.length !== COUNT) {
  throw new Error(`expected ${COUNT} instances, got ${sameData.data.length}`);
}
const { group, baseline, subject } = BENCH.emulatorList;

interleaved(group, [
  {
    name: baseline,
    fn(b) {
      collectGarbage();
      b.start();
      JSON.stringify(sameData);
      b.end();
    },
  },
  {
    name: subject,
    async fn(b) {
      collectGarbage();
      b.start();
      const res = await mock.handler(new Request(url, { headers: AUTH }));
      await res.arrayBuffer();
      b.end();
    },
  },
], { n: 10, warmup: 3 });
