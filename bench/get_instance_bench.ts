/**
 * `client.getInstance(id)` over a loopback socket to the emulator, against
 * a raw `fetch` + `JSON.parse` of the same URL: what the provider adds to
 * one round trip (validation, mapping, middleware).
 *
 * ```sh
 * deno bench -A bench/get_instance_bench.ts
 * ```
 *
 * @module
 */
import { benchClient } from "./client_setup.ts";
import { BENCH } from "./names.ts";
import { AUTH, createBenchMock, launchMany } from "./setup.ts";

const mock = createBenchMock(10);
const server = await mock.listen({ hostname: "127.0.0.1", port: 0 });
const [id] = await launchMany(mock.fetch, 1);
mock.clock.advance(10 * 60_000); // active: IP, hostname, Jupyter fields
const url = `${server.url}/api/v1/instances/${id}`;
const client = benchClient(undefined, server.url);
if ((await client.getInstance(id)).cloudId !== id) {
  throw new Error("getInstance returned another instance");
}
// Warm both paths (connection pool, JIT) so that neither bench pays for
// it in its first iterations.
for (let i = 0; i < 200; i++) {
  await (await fetch(url, { headers: AUTH })).text();
  await client.getInstance(id);
}
const { group, baseline, subject } = BENCH.getInstance;

Deno.bench({
  name: baseline,
  group,
  baseline: true,
  async fn() {
    const res = await fetch(url, { headers: AUTH });
    JSON.parse(await res.text());
  },
});

Deno.bench({
  name: subject,
  group,
  async fn() {
    await client.getInstance(id);
  },
});
