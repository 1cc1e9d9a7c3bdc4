/**
 * `client.getInstance(id)` against the emulator in its own process, over a
 * loopback socket, next to a raw `fetch` + `JSON.parse` of the same URL
 * (the floor) and the peer client's `getRunningInstance(id)`: what the
 * provider adds to one round trip (request building, timeout, validation,
 * mapping, the firewall cache).
 *
 * ```sh
 * deno bench -A --lock=deno.dev.lock bench/get_instance_bench.ts
 * ```
 *
 * @module
 */
import { type Contender, interleaved } from "./blocks.ts";
import { benchClient } from "./client_setup.ts";
import { BENCH } from "./names.ts";
import { peerClient } from "./peer.ts";
import { emulatorUrl } from "./servers/spawn.ts";
import { AUTH, call } from "./setup.ts";

const base = await emulatorUrl({ instances: 1 });
const [{ id }] = await call(fetch, base, "GET", "/api/v1/instances") as {
  id: string;
}[];
const url = `${base}/api/v1/instances/${id}`;
const client = benchClient(undefined, base);
const peer = peerClient(base);
const { group, baseline, subject, peer: peerName } = BENCH.getInstance;

/** Each contender checks what it read, so that none can skip the work. */
function same(readId: string): void {
  if (readId !== id) throw new Error(`read ${readId}, expected ${id}`);
}

const contenders: Contender[] = [
  {
    name: baseline,
    async fn() {
      const res = await fetch(url, { headers: AUTH });
      same(JSON.parse(await res.text()).data.id);
    },
  },
  {
    name: subject,
    async fn() {
      same((await client.getInstance(id)).cloudId);
    },
  },
  {
    name: peerName,
    async fn() {
      same((await peer.getRunningInstance(id)).id);
    },
  },
];
interleaved(group, contenders, { n: 200, warmup: 100, blocksPerRound: 5 });
