/**
 * `client.listInstances()` of 5,000 and of 20,000 instances, against the
 * emulator in its own process, next to a raw `fetch` + `JSON.parse` of the
 * same answer through the same socket (the floor) and the peer client's
 * `listRunningInstances()`. A part without a target splits the figure: the
 * client on canned bytes (no server) next to `JSON.parse` of those bytes.
 *
 * A full collection runs before each timed iteration (with
 * `--v8-flags=--expose-gc`), so that the garbage of one iteration is not
 * billed to the next.
 *
 * ```sh
 * deno bench -A --lock=deno.dev.lock --v8-flags=--expose-gc bench/list_instances_bench.ts
 * ```
 *
 * @module
 */
import { type Contender, interleaved } from "./blocks.ts";
import { benchClient } from "./client_setup.ts";
import { LIST_COUNTS, listNames } from "./names.ts";
import { peerClient } from "./peer.ts";
import { emulatorUrl } from "./servers/spawn.ts";
import { AUTH, bytesOf, cannedFetch, collectGarbage } from "./setup.ts";

const decoder = new TextDecoder();

for (const count of LIST_COUNTS) {
  const base = await emulatorUrl({ instances: count });
  const url = `${base}/api/v1/instances`;
  const bytes = await bytesOf(fetch, url);
  const client = benchClient(undefined, base);
  const cannedClient = benchClient(
    cannedFetch("/api/v1/instances", bytes, fetch),
    base,
  );
  const peer = peerClient(base);
  const names = listNames(count);
  /** Each contender checks what it read, so that none can skip the work. */
  const same = (length: number) => {
    if (length !== count) throw new Error(`read ${length}, expected ${count}`);
  };
  // Fewer iterations per block for the larger list; both take seconds.
  const plan = count > 10_000
    ? { n: 2, warmup: 1, blocksPerRound: 3 }
    : { n: 4, warmup: 2, blocksPerRound: 3 };

  const contenders: Contender[] = [
    {
      name: names.baseline,
      async fn(b) {
        collectGarbage();
        b.start();
        const res = await fetch(url, { headers: AUTH });
        same(JSON.parse(await res.text()).data.length);
        b.end();
      },
    },
    {
      name: names.subject,
      async fn(b) {
        collectGarbage();
        b.start();
        same((await client.listInstances()).length);
        b.end();
      },
    },
    {
      name: names.peer,
      async fn(b) {
        collectGarbage();
        b.start();
        same(Object.keys(await peer.listRunningInstances()).length);
        b.end();
      },
    },
  ];
  interleaved(names.group, contenders, plan);

  interleaved(names.partsGroup, [
    {
      name: names.partsBaseline,
      fn(b) {
        collectGarbage();
        b.start();
        same(JSON.parse(decoder.decode(bytes)).data.length);
        b.end();
      },
    },
    {
      name: names.partsSubject,
      async fn(b) {
        collectGarbage();
        b.start();
        same((await cannedClient.listInstances()).length);
        b.end();
      },
    },
  ], plan);
}
