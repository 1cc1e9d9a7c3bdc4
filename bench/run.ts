/**
 * `deno task bench`: every performance figure of the project, each against
 * a baseline measured in the same run, as one table (stdout) and as
 * markdown with the machine's description (`bench/RESULTS.md`).
 *
 * 1. The emulators the client figures read from, each in its own process
 *    (`servers/emulator.ts`: one instance; 5,000; 20,000; a catalogue of
 *    50 types × 30 regions), started once and handed to the benches.
 * 2. `deno bench --json` over each microbenchmark file (`*_bench.ts`) in a
 *    process of its own, `--runs` times; in each run every contender (the
 *    raw floor, the client, the peer) runs in interleaved blocks
 *    (`blocks.ts`). A run's time of a
 *    contender is the median of its blocks; a figure is the median over
 *    the runs of the run's ratio (and of its added time).
 * 3. Peak resident memory of reading each list, raw, through the client and
 *    through the peer, each in a fresh process (`rss.ts`), `--rss-runs`
 *    times in turns; the figure is each path's median.
 * 4. The emulator's heap, empty and with 10,000 instances (`heap.ts`).
 * 5. Load runs (`load.ts`): the emulator and a bare `Deno.serve` sending
 *    the emulator's own bytes, in alternating rounds, at each connection
 *    count; Stoplight Prism serving `openapi.json` once, at 32.
 *
 * ```sh
 * deno task bench [--runs 3] [--rounds 3] [--rss-runs 3] [--duration 3] \
 *   [--load-rounds 4] [--connections 1,8,32,128] [--no-prism] [--no-write]
 * ```
 *
 * Measurement only: the exit code says whether every figure could be
 * taken, not whether targets were met.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { parseBlockName } from "./blocks.ts";
import type { HeapResult } from "./heap.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { BENCH, LIST_COUNTS, listNames, PEER } from "./names.ts";
import {
  fmtAdded,
  fmtMiB,
  fmtRatio,
  fmtRps,
  fmtTime,
  loadAverage,
  machineInfo,
  markdownTable,
  median,
  textTable,
} from "./report.ts";
import { READ_PATHS, type RssResult } from "./rss.ts";
import {
  emulatorKey,
  type EmulatorSpec,
  ServerProcess,
  SERVERS_ENV,
  startEmulator,
} from "./servers/spawn.ts";
import { AUTH, call } from "./setup.ts";

const BENCH_DIR = new URL("./", import.meta.url);
const ROOT = new URL("../", import.meta.url);
const path = (rel: string, base = ROOT) => new URL(rel, base).pathname;
const PRISM_VERSION = "5.14.2";
/** The microbenchmark files, each run in a process of its own. */
const BENCH_FILES = [
  "get_instance_bench.ts",
  "list_instances_bench.ts",
  "instance_types_bench.ts",
  "emulator_list_bench.ts",
];
const PRISM_CONNECTIONS = 32;

function log(message: string): void {
  console.error(`bench: ${message}`);
}

async function runJson<T>(
  args: string[],
  env: Record<string, string> = {},
): Promise<T> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: path("."),
    env,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`deno ${args.join(" ")} failed (${out.code})\n${text}`);
  }
  return JSON.parse(text) as T;
}

interface BenchJson {
  benches: {
    group: string | null;
    name: string;
    results: { ok?: { avg: number; n: number }; failed?: unknown }[];
  }[];
}

/** One run's time (ns) per group and bench: the median of its blocks. */
type RunTimes = Map<string, Map<string, number>>;

function blockMedians(json: BenchJson): RunTimes {
  const blocks = new Map<string, Map<string, number[]>>();
  for (const bench of json.benches) {
    const ok = bench.results[0]?.ok;
    const parsed = parseBlockName(bench.name);
    const name = parsed?.name ?? bench.name;
    const group = bench.group ?? "";
    if (!ok) throw new Error(`bench "${group}" / "${bench.name}" failed`);
    const byName = blocks.get(group) ?? new Map<string, number[]>();
    blocks.set(group, byName);
    byName.set(name, [...(byName.get(name) ?? []), ok.avg]);
  }
  return new Map(
    [...blocks].map((
      [group, byName],
    ) => [group, new Map([...byName].map(([n, xs]) => [n, median(xs)]))]),
  );
}

/** Installs Prism once into a cache outside the repository; returns its entry. */
async function ensurePrism(): Promise<string> {
  const cache = `${
    Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME") ?? "/tmp"}/.cache`
  }/gpufleet-bench/prism-${PRISM_VERSION}`;
  const entry = `${cache}/node_modules/@stoplight/prism-cli/dist/index.js`;
  try {
    await Deno.stat(entry);
    return entry;
  } catch { /* not installed yet */ }
  log(
    `installing @stoplight/prism-cli@${PRISM_VERSION} from npm into ${cache}`,
  );
  await Deno.mkdir(cache, { recursive: true });
  const out = await new Deno.Command("npm", {
    args: [
      "install",
      "--prefix",
      cache,
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `@stoplight/prism-cli@${PRISM_VERSION}`,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `npm install failed: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return entry;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

// ------------------------------------------------------------------- load

interface Target {
  path: string;
  label: string;
}

interface LoadOpts {
  connections: number;
  durationSec: number;
  warmupSec: number;
}

function loadOnce(
  server: ServerProcess,
  target: Target,
  opts: LoadOpts,
): Promise<LoadResult> {
  log(
    `load: ${server.name} ${target.label}, ${opts.connections} connections (${opts.durationSec} s)`,
  );
  return runLoad({
    url: `${server.url}${target.path}`,
    headers: { ...AUTH },
    ...opts,
  });
}

/**
 * Rounds of one server and path as one figure: requests and errors add up
 * (so req/s is the mean over the rounds), latencies are the rounds' medians.
 */
function mergeRounds(rounds: LoadResult[]): LoadResult {
  const durationSec = rounds.reduce((a, r) => a + r.durationSec, 0);
  const requests = rounds.reduce((a, r) => a + r.requests, 0);
  const statuses: Record<string, number> = {};
  for (const r of rounds) {
    for (const [k, v] of Object.entries(r.statuses)) {
      statuses[k] = (statuses[k] ?? 0) + v;
    }
  }
  const lat = (k: keyof LoadResult["latencyMs"]) =>
    median(rounds.map((r) => r.latencyMs[k]));
  return {
    url: rounds[0].url,
    connections: rounds[0].connections,
    durationSec,
    requests,
    requestsPerSec: Math.round(requests / durationSec),
    latencyMs: {
      p50: lat("p50"),
      p90: lat("p90"),
      p99: lat("p99"),
      max: Math.max(...rounds.map((r) => r.latencyMs.max)),
      mean: lat("mean"),
    },
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    statuses,
    bytes: rounds.reduce((a, r) => a + r.bytes, 0),
  };
}

async function captureAnswer(url: string) {
  const res = await fetch(url, { headers: AUTH });
  const body = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body}`);
  return {
    status: res.status,
    headers: {
      "content-type": res.headers.get("content-type") ?? "application/json",
    },
    body,
  };
}

// ------------------------------------------------------------------ table

interface Row {
  figure: string;
  client: string;
  floor: string;
  ratio: string;
  added: string;
  peer: string;
  target: string;
  pass: boolean | null;
}

const HEADER = [
  "figure",
  "client",
  "floor (same run)",
  "ratio",
  "added",
  `peer (${PEER})`,
  "target",
  "result",
];

function cells(r: Row): string[] {
  return [
    r.figure,
    r.client,
    r.floor,
    r.ratio,
    r.added,
    r.peer,
    r.target,
    r.pass === null ? "n/a" : r.pass ? "pass" : "FAIL",
  ];
}

// ------------------------------------------------------------------- main

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      runs: { type: "string", default: "3" },
      rounds: { type: "string", default: "3" },
      "rss-runs": { type: "string", default: "3" },
      duration: { type: "string", default: "1.5" },
      warmup: { type: "string", default: "0.5" },
      "load-rounds": { type: "string", default: "4" },
      connections: { type: "string", default: "1,8,32,128" },
      "no-prism": { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
    },
  });
  const runs = Math.max(1, Number(values.runs));
  const rounds = Math.max(1, Number(values.rounds));
  const rssRuns = Math.max(1, Number(values["rss-runs"]));
  const loadRounds = Math.max(1, Number(values["load-rounds"]));
  const connectionCounts = values.connections.split(",").map(Number);
  const durationSec = Number(values.duration);
  const warmupSec = Number(values.warmup);
  const started = performance.now();
  const machine = await machineInfo();
  const loadAtStart = loadAverage();

  const stopOnSignal = () => {
    ServerProcess.stopAll().finally(() => Deno.exit(130));
  };
  Deno.addSignalListener("SIGINT", stopOnSignal);
  Deno.addSignalListener("SIGTERM", stopOnSignal);
  const fixtures = await Deno.makeTempFile({
    prefix: "bench-fixtures-",
    suffix: ".json",
  });

  const times: RunTimes[] = [];
  const rss = new Map<number, Map<RssResult["path"], number[]>>();
  let heap: HeapResult;
  const emulatorLoad = new Map<string, LoadResult>();
  const bareLoad = new Map<string, LoadResult>();
  /** Per connection count and path: the median of the rounds' ratios. */
  const loadRatio = new Map<string, number>();
  const prismLoad = new Map<string, LoadResult>();
  let prismNote: string | undefined;
  let targets: Target[] = [];
  try {
    // 1. the emulators
    const specs: EmulatorSpec[] = [
      { instances: 1 },
      ...LIST_COUNTS.map((instances) => ({ instances })),
      { instances: 0, catalogue: { types: 50, regions: 30 } },
    ];
    const servers = new Map<string, ServerProcess>();
    for (const spec of specs) {
      log(`starting the emulator (${emulatorKey(spec)})`);
      servers.set(emulatorKey(spec), await startEmulator(spec));
    }
    const env = {
      [SERVERS_ENV]: JSON.stringify(
        Object.fromEntries([...servers].map(([k, s]) => [k, s.url])),
      ),
      GPUFLEET_BENCH_ROUNDS: String(rounds),
    };

    // 2. microbenchmarks
    for (let run = 1; run <= runs; run++) {
      // Each file in a process of its own: one file's data (the emulator
      // holding 10,000 instances in-process, a 20,000-instance answer)
      // must not weigh on another file's collections.
      const benches: BenchJson["benches"] = [];
      for (const file of BENCH_FILES) {
        log(`deno bench ${file}, run ${run} of ${runs} (${rounds} rounds)`);
        const json = await runJson<BenchJson>([
          "bench",
          "--allow-all",
          "--lock=deno.dev.lock",
          "--v8-flags=--expose-gc",
          "--json",
          path(file, BENCH_DIR),
        ], env);
        benches.push(...json.benches);
      }
      times.push(blockMedians({ benches }));
    }

    // 3. peak RSS of each way of reading a list, in turns
    for (const count of LIST_COUNTS) {
      const byPath = new Map<RssResult["path"], number[]>();
      rss.set(count, byPath);
      const url = servers.get(emulatorKey({ instances: count }))!.url;
      for (let run = 1; run <= rssRuns; run++) {
        for (const readPath of READ_PATHS) {
          log(`peak RSS: ${readPath}, ${count} instances (${run}/${rssRuns})`);
          const result = await runJson<RssResult>([
            "run",
            "--allow-all",
            "--lock=deno.dev.lock",
            path("rss.ts", BENCH_DIR),
            "--url",
            url,
            "--path",
            readPath,
            "--expect",
            String(count),
          ]);
          byPath.set(readPath, [
            ...(byPath.get(readPath) ?? []),
            result.peakRssBytes,
          ]);
        }
      }
    }

    // 4. heap
    log("emulator heap, empty and with 10,000 instances");
    heap = await runJson<HeapResult>([
      "run",
      "--allow-all",
      "--v8-flags=--expose-gc",
      path("heap.ts", BENCH_DIR),
      "--json",
    ]);

    // 5. load: the one-instance emulator, the bare server, Prism
    const emulator = servers.get(emulatorKey({ instances: 1 }))!;
    const [{ id }] = await call(
      fetch,
      emulator.url,
      "GET",
      "/api/v1/instances",
    ) as { id: string }[];
    targets = [
      { path: "/api/v1/instance-types", label: "GET /instance-types" },
      { path: `/api/v1/instances/${id}`, label: "GET /instances/{id}" },
    ];
    // The bare server sends exactly what the emulator sent.
    const answers: Record<string, unknown> = {};
    for (const t of targets) {
      answers[t.path] = await captureAnswer(`${emulator.url}${t.path}`);
    }
    await Deno.writeTextFile(fixtures, JSON.stringify(answers));
    const bare = await ServerProcess.start(
      "bare",
      Deno.execPath(),
      [
        "run",
        "--allow-net=127.0.0.1",
        `--allow-read=${fixtures}`,
        path("servers/bare.ts", BENCH_DIR),
        "--fixtures",
        fixtures,
      ],
      /listening on (http:\/\/\S+)/,
      30_000,
      path("."),
    );
    // Emulator and bare server take turns, so that a burst of load from
    // elsewhere on the machine falls on both rather than on one of them.
    for (const connections of connectionCounts) {
      const opts = { connections, durationSec, warmupSec };
      for (const t of targets) {
        const e: LoadResult[] = [];
        const b: LoadResult[] = [];
        for (let round = 0; round < loadRounds; round++) {
          // Short rounds in alternating order (E B, B E, …): a burst of
          // load from elsewhere falls on one pair, whose ratio the median
          // then leaves out.
          if (round % 2 === 0) {
            e.push(await loadOnce(emulator, t, opts));
            b.push(await loadOnce(bare, t, opts));
          } else {
            b.push(await loadOnce(bare, t, opts));
            e.push(await loadOnce(emulator, t, opts));
          }
        }
        loadRatio.set(
          `${connections} ${t.label}`,
          median(e.map((r, i) => r.requestsPerSec / b[i].requestsPerSec)),
        );
        emulatorLoad.set(`${connections} ${t.label}`, mergeRounds(e));
        bareLoad.set(`${connections} ${t.label}`, mergeRounds(b));
      }
    }
    await bare.stop();
    if (values["no-prism"]) {
      prismNote = "skipped (--no-prism)";
    } else {
      try {
        const entry = await ensurePrism();
        const prism = await ServerProcess.start(
          "prism",
          "node",
          [
            entry,
            "mock",
            "-h",
            "127.0.0.1",
            "-p",
            String(freePort()),
            path("openapi.json"),
          ],
          /listening on (http:\/\/\S+)/,
          120_000,
          path("."),
        );
        for (const t of targets) {
          prismLoad.set(
            t.label,
            await loadOnce(prism, t, {
              connections: PRISM_CONNECTIONS,
              durationSec,
              warmupSec,
            }),
          );
        }
        await prism.stop();
      } catch (err) {
        prismNote = `not measured: ${(err as Error).message.split("\n")[0]}`;
        log(prismNote);
      }
    }
  } finally {
    await ServerProcess.stopAll();
    await Deno.remove(fixtures).catch(() => {});
    Deno.removeSignalListener("SIGINT", stopOnSignal);
    Deno.removeSignalListener("SIGTERM", stopOnSignal);
  }

  // 6. the table
  const perRun = (group: string, name: string): number[] =>
    times.map((t) => {
      const v = t.get(group)?.get(name);
      if (v === undefined) {
        throw new Error(`no result for "${group}" / "${name}"`);
      }
      return v;
    });
  const rows: Row[] = [];
  const timeRow = (
    figure: string,
    names: { group: string; baseline: string; subject: string; peer?: string },
    target: { maxRatio: number } | { maxAddedNs: number },
  ) => {
    const floor = perRun(names.group, names.baseline);
    const client = perRun(names.group, names.subject);
    const ratio = median(client.map((c, i) => c / floor[i]));
    const added = median(client.map((c, i) => c - floor[i]));
    let peer = "—";
    if (names.peer !== undefined) {
      const p = perRun(names.group, names.peer);
      peer = `${fmtTime(median(p))} (${
        fmtRatio(median(p.map((v, i) => v / floor[i])))
      }, ${fmtAdded(median(p.map((v, i) => v - floor[i])))})`;
    }
    rows.push({
      figure,
      client: fmtTime(median(client)),
      floor: `${fmtTime(median(floor))} (${names.baseline})`,
      ratio: fmtRatio(ratio),
      added: fmtAdded(added),
      peer,
      target: "maxRatio" in target
        ? `≤ ${target.maxRatio}×`
        : `≤ +${fmtTime(target.maxAddedNs)}`,
      pass: "maxRatio" in target
        ? ratio <= target.maxRatio
        : added <= target.maxAddedNs,
    });
  };
  timeRow("getInstance(id)", BENCH.getInstance, { maxAddedNs: 40_000 });
  for (const count of LIST_COUNTS) {
    const names = listNames(count);
    timeRow(
      `listInstances(), ${count.toLocaleString("en-US")} instances`,
      names,
      { maxRatio: 1.5 },
    );
    const byPath = rss.get(count)!;
    const peak = (p: RssResult["path"]) => median(byPath.get(p) ?? []);
    rows.push({
      figure: `listInstances(), ${
        count.toLocaleString("en-US")
      } instances: peak RSS`,
      client: fmtMiB(peak("client")),
      floor: `${fmtMiB(peak("raw"))} (raw fetch + JSON.parse)`,
      ratio: fmtRatio(peak("client") / peak("raw")),
      added: `+${fmtMiB(peak("client") - peak("raw"))}`,
      peer: `${fmtMiB(peak("peer"))} (${fmtRatio(peak("peer") / peak("raw"))})`,
      target: "≤ 1.5×",
      pass: peak("client") / peak("raw") <= 1.5,
    });
  }
  timeRow(
    'getInstanceTypes({ locations: ["all"] }), 50 types × 30 regions',
    BENCH.getInstanceTypes,
    { maxRatio: 1.3 },
  );
  for (const connections of connectionCounts) {
    for (const t of targets) {
      const e = emulatorLoad.get(`${connections} ${t.label}`)!;
      const b = bareLoad.get(`${connections} ${t.label}`)!;
      const ratio = loadRatio.get(`${connections} ${t.label}`)!;
      rows.push({
        figure: `emulator ${t.label}, ${connections} connection${
          connections === 1 ? "" : "s"
        }`,
        client: fmtRps(e.requestsPerSec) +
          (e.errors ? ` (${e.errors} errors)` : ""),
        floor: `${fmtRps(b.requestsPerSec)} (bare Deno.serve, same bytes)`,
        ratio: fmtRatio(ratio),
        added: "",
        peer: "—",
        target: "≥ 0.75×",
        pass: ratio >= 0.75 && e.errors === 0,
      });
    }
  }
  for (const t of targets) {
    const e = emulatorLoad.get(`${PRISM_CONNECTIONS} ${t.label}`);
    const p = prismLoad.get(t.label);
    if (e === undefined) continue;
    const ratio = p ? e.requestsPerSec / p.requestsPerSec : NaN;
    rows.push({
      figure:
        `emulator vs Prism ${PRISM_VERSION}, ${t.label}, ${PRISM_CONNECTIONS} connections`,
      client: fmtRps(e.requestsPerSec),
      floor: p
        ? `${fmtRps(p.requestsPerSec)} (Prism mock)`
        : `Prism: ${prismNote ?? "not measured"}`,
      ratio: p ? fmtRatio(ratio) : "—",
      added: "",
      peer: "—",
      target: "≥ 10×",
      pass: p ? ratio >= 10 && e.errors === 0 : null,
    });
  }
  rows.push({
    figure: "emulator heap holding 10,000 instances",
    client: `+${fmtMiB(heap.deltaBytes)} (${
      fmtMiB(heap.filledHeapBytes)
    } in all)`,
    floor: `${fmtMiB(heap.emptyHeapBytes)} (empty emulator)`,
    ratio: fmtRatio(heap.filledHeapBytes / heap.emptyHeapBytes),
    added: "",
    peer: "—",
    target: "≤ +64 MiB",
    pass: heap.deltaBytes <= 64 * 2 ** 20,
  });
  timeRow("emulator: list of 10,000 instances answered", BENCH.emulatorList, {
    maxRatio: 1.5,
  });

  // Parts of figures, to trace a miss to its side.
  const partsHeader = ["part (no target)", "time", "floor", "ratio"];
  const parts: string[][] = LIST_COUNTS.map((count) => {
    const n = listNames(count);
    const floor = perRun(n.partsGroup, n.partsBaseline);
    const client = perRun(n.partsGroup, n.partsSubject);
    return [
      `${n.partsSubject}, ${count.toLocaleString("en-US")} instances`,
      fmtTime(median(client)),
      `${fmtTime(median(floor))} (${n.partsBaseline})`,
      fmtRatio(median(client.map((c, i) => c / floor[i]))),
    ];
  });
  const loadHeader = [
    "server",
    "path",
    "connections",
    "req/s",
    "p50",
    "p99",
    "errors",
  ];
  const loadRows: string[][] = [];
  const addLoad = (server: string, results: Map<string, LoadResult>) => {
    for (const [key, r] of results) {
      const label = key.replace(/^\d+ /, "");
      loadRows.push([
        server,
        label,
        String(r.connections),
        r.requestsPerSec.toLocaleString("en-US"),
        `${r.latencyMs.p50} ms`,
        `${r.latencyMs.p99} ms`,
        String(r.errors),
      ]);
    }
  };
  addLoad("emulator", emulatorLoad);
  addLoad("bare Deno.serve", bareLoad);
  addLoad(`Prism ${PRISM_VERSION}`, prismLoad);

  const table = rows.map(cells);
  const loadAtEnd = loadAverage();
  const loadLine = loadAtStart === undefined
    ? "unknown"
    : `${loadAtStart} at the start, ${loadAtEnd} at the end (1-minute load average; other work shares the machine)`;
  const machineLine =
    `Deno ${machine.deno} (V8 ${machine.v8}), ${machine.os}, ` +
    `${machine.cpu}, ${machine.cores} cores, ${machine.date}; load ${loadLine}`;
  const method =
    `${runs} runs of \`deno bench\`, each with ${rounds} interleaved blocks per contender ` +
    `(figure = median over runs of the run's ratio; a run's time = median of its blocks); ` +
    `peak RSS: median of ${rssRuns} fresh processes per path; load: ${durationSec} s per ` +
    `run after ${warmupSec} s warm-up, emulator and bare server in ${loadRounds} ` +
    `paired rounds in alternating order (ratio = median of the rounds' ratios; req/s = ` +
    `mean, latency = median of rounds), Prism once at ` +
    `${PRISM_CONNECTIONS} connections`;
  const met = rows.filter((r) => r.pass).length;
  const judged = rows.filter((r) => r.pass !== null).length;
  const elapsed = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`\n${machineLine}\n${method}\n`);
  console.log(textTable(HEADER, table));
  console.log(`\n${textTable(partsHeader, parts)}`);
  console.log(`\nload runs:\n${textTable(loadHeader, loadRows)}`);
  console.log(`\n${met}/${judged} targets met; ${elapsed} s in all`);

  if (!values["no-write"]) {
    const md = [
      "# Benchmark results",
      "",
      "Written by `deno task bench` (`bench/run.ts`); every ratio is against a",
      "floor measured in the same run. Times are per call. The client, the",
      "floor and the peer read from the emulator in its own process over",
      "loopback.",
      "",
      `- Deno: ${machine.deno} (V8 ${machine.v8}), ${machine.os}`,
      `- CPU: ${machine.cpu}, ${machine.cores} cores`,
      `- Date: ${machine.date}`,
      `- Load: ${loadLine}`,
      `- Method: ${method}`,
      "",
      markdownTable(HEADER, table),
      "",
      `${met}/${judged} targets met.`,
      "",
      "## Parts of figures (no target)",
      "",
      markdownTable(partsHeader, parts),
      "",
      "## Load runs",
      "",
      markdownTable(loadHeader, loadRows),
      "",
    ].join("\n");
    const results = path("RESULTS.md", BENCH_DIR);
    await Deno.writeTextFile(results, md);
    // Formatted as `deno fmt` wants it, so `deno fmt --check` stays clean.
    await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", results],
      stdout: "null",
      stderr: "inherit",
    }).output();
    log("wrote bench/RESULTS.md");
  }
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (err) {
    await ServerProcess.stopAll();
    console.error(`bench: ${(err as Error).stack ?? err}`);
    Deno.exit(1);
  }
}
