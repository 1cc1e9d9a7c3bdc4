/**
 * `deno task bench`: every performance figure of the project, each against
 * a baseline measured in the same run, as one table (stdout) and as
 * markdown with the machine's description (`bench/RESULTS.md`).
 *
 * 1. `deno bench --json` over the microbenchmarks (`*_bench.ts`);
 * 2. the emulator's heap, empty and with 10,000 instances (`heap.ts`);
 * 3. load runs (`load.ts`): the emulator, a bare `Deno.serve` sending the
 *    emulator's own bytes, and Stoplight Prism serving `openapi.json`, each
 *    in its own process, 32 keep-alive connections on loopback.
 *
 * ```sh
 * deno task bench [--duration 4] [--rounds 2] [--connections 32] [--no-prism] [--no-write]
 * ```
 *
 * Measurement only: the exit code says whether every figure could be
 * taken, not whether targets were met.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { HeapResult } from "./heap.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { BENCH } from "./names.ts";
import { API_KEY, AUTH, launchMany } from "./setup.ts";

const BENCH_DIR = new URL("./", import.meta.url);
const ROOT = new URL("../", import.meta.url);
const path = (rel: string, base = ROOT) => new URL(rel, base).pathname;
const PRISM_VERSION = "5.14.2";

// ------------------------------------------------------------------ helpers

function log(message: string): void {
  console.error(`bench: ${message}`);
}

async function runJson<T>(args: string[]): Promise<T> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: path("."),
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

/** A server process whose output goes to a log file. */
class ServerProcess {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: Deno.ChildProcess,
    readonly logFile: string,
  ) {}

  static running = new Set<ServerProcess>();

  /**
   * Starts `cmd args…` with output to a log file (so that no pipe of ours
   * must be drained during the load) and waits until the log matches
   * `ready`, whose first group is the base URL.
   */
  static async start(
    name: string,
    cmd: string,
    args: string[],
    ready: RegExp,
    timeoutMs: number,
  ): Promise<ServerProcess> {
    const logFile = await Deno.makeTempFile({ prefix: `bench-${name}-` });
    const child = new Deno.Command("sh", {
      args: [
        "-c",
        'log="$1"; shift; exec "$@" >"$log" 2>&1',
        "sh",
        logFile,
        cmd,
        ...args,
      ],
      cwd: path("."),
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    let exited = false;
    child.status.then(() => exited = true);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await Deno.readTextFile(logFile);
      const m = ready.exec(text);
      if (m) {
        const server = new ServerProcess(
          name,
          m[1].replace(/\/$/, ""),
          child,
          logFile,
        );
        ServerProcess.running.add(server);
        return server;
      }
      if (exited || Date.now() > deadline) {
        if (!exited) child.kill("SIGKILL");
        await child.status;
        throw new Error(
          `${name} did not start (${exited ? "exited" : "timed out"}):\n` +
            text.split("\n").slice(-15).join("\n"),
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    ServerProcess.running.delete(this);
    try {
      this.child.kill("SIGTERM");
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      try {
        this.child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 3000);
    await this.child.status;
    clearTimeout(timer);
    await Deno.remove(this.logFile).catch(() => {});
  }
}

async function stopAll(): Promise<void> {
  await Promise.all([...ServerProcess.running].map((s) => s.stop()));
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
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

// ---------------------------------------------------------------- the runs

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
  log(`load: ${server.name} ${target.label} (${opts.durationSec} s)`);
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
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor((s.length - 1) / 2)];
  };
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

// --------------------------------------------------------------- the table

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}

function fmtTime(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toPrecision(3)} µs`;
  return `${ns.toPrecision(3)} ns`;
}

const fmtRps = (r: LoadResult) =>
  `${r.requestsPerSec.toLocaleString("en-US")} req/s` +
  (r.errors ? ` (${r.errors} errors)` : "");
const fmtMiB = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const fmtRatio = (r: number) => `${r.toFixed(2)}×`;

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i].length))
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  return [
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
  ]
    .join("\n");
}

function markdownTable(header: string[], rows: string[][]): string {
  const esc = (s: string) => s.replaceAll("|", "\\|");
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

async function machineInfo() {
  let cpu = "unknown";
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu;
  } catch { /* not Linux */ }
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    os: `${Deno.build.os} ${Deno.build.arch}`,
    cpu,
    cores: navigator.hardwareConcurrency,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

// ---------------------------------------------------------------------- main

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      duration: { type: "string", default: "4" },
      rounds: { type: "string", default: "2" },
      warmup: { type: "string", default: "1" },
      connections: { type: "string", default: "32" },
      "no-prism": { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
    },
  });
  const rounds = Math.max(1, Number(values.rounds));
  const loadOpts = {
    connections: Number(values.connections),
    durationSec: Number(values.duration),
    warmupSec: Number(values.warmup),
  };
  const started = performance.now();
  const machine = await machineInfo();

  // 1. microbenchmarks
  log("deno bench (client and emulator microbenchmarks)");
  const micro = await runJson<BenchJson>([
    "bench",
    "--allow-all",
    "--v8-flags=--expose-gc",
    "--json",
    path("bench/"),
  ]);
  const avg = (group: string, name: string): number => {
    const b = micro.benches.find((x) => x.group === group && x.name === name);
    const ok = b?.results[0]?.ok;
    if (!ok) throw new Error(`no result for bench "${group}" / "${name}"`);
    return ok.avg;
  };

  // 2. heap
  log("emulator heap, empty and with 10,000 instances");
  const heap = await runJson<HeapResult>([
    "run",
    "--allow-all",
    "--v8-flags=--expose-gc",
    path("heap.ts", BENCH_DIR),
    "--json",
  ]);

  // 3. load
  const stopOnSignal = () => {
    stopAll().finally(() => Deno.exit(130));
  };
  Deno.addSignalListener("SIGINT", stopOnSignal);
  Deno.addSignalListener("SIGTERM", stopOnSignal);
  const emulatorLoad: LoadResult[] = [];
  const bareLoad: LoadResult[] = [];
  let prismLoad: LoadResult[] | string = [];
  const fixtures = await Deno.makeTempFile({
    prefix: "bench-fixtures-",
    suffix: ".json",
  });
  try {
    const emulator = await ServerProcess.start(
      "emulator",
      Deno.execPath(),
      [
        "run",
        "--allow-net=127.0.0.1",
        path("servers/emulator.ts", BENCH_DIR),
        "--api-key",
        API_KEY,
      ],
      /listening on (http:\/\/\S+)/,
      30_000,
    );
    const [id] = await launchMany(fetch, 1, emulator.url);
    const advance = await fetch(`${emulator.url}/_mock/clock/advance`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({ ms: 10 * 60_000 }),
    });
    if (!advance.ok) throw new Error(`clock advance: ${advance.status}`);
    await advance.body?.cancel();
    const targets: Target[] = [
      { path: "/api/v1/instance-types", label: "GET /api/v1/instance-types" },
      { path: `/api/v1/instances/${id}`, label: "GET /api/v1/instances/{id}" },
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
    );
    let prism: ServerProcess | undefined;
    if (values["no-prism"]) {
      prismLoad = "skipped (--no-prism)";
    } else {
      try {
        const entry = await ensurePrism();
        prism = await ServerProcess.start(
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
        );
      } catch (err) {
        prismLoad = `not measured: ${(err as Error).message.split("\n")[0]}`;
        log(prismLoad);
      }
    }
    // Emulator and bare server take turns, so that a burst of load from
    // elsewhere on the machine falls on both rather than on one of them.
    for (const t of targets) {
      const e: LoadResult[] = [];
      const b: LoadResult[] = [];
      for (let round = 0; round < rounds; round++) {
        e.push(await loadOnce(emulator, t, loadOpts));
        b.push(await loadOnce(bare, t, loadOpts));
      }
      emulatorLoad.push(mergeRounds(e));
      bareLoad.push(mergeRounds(b));
      if (prism && Array.isArray(prismLoad)) {
        prismLoad.push(await loadOnce(prism, t, loadOpts));
      }
    }
  } finally {
    await stopAll();
    await Deno.remove(fixtures).catch(() => {});
    Deno.removeSignalListener("SIGINT", stopOnSignal);
    Deno.removeSignalListener("SIGTERM", stopOnSignal);
  }

  // 4. the table
  const rows: Row[] = [];
  const timeRow = (
    figure: string,
    group: string,
    subject: string,
    baselineName: string,
    max: number,
  ) => {
    const v = avg(group, subject);
    const b = avg(group, baselineName);
    rows.push({
      figure,
      value: fmtTime(v),
      baseline: `${fmtTime(b)} (${baselineName})`,
      ratio: fmtRatio(v / b),
      target: `≤ ${max}×`,
      pass: v / b <= max,
    });
  };
  const g = BENCH;
  timeRow(
    "client.getInstance(id), loopback socket",
    g.getInstance.group,
    g.getInstance.subject,
    g.getInstance.baseline,
    1.15,
  );
  timeRow(
    "client.listInstances(), 5,000 instances, in-process fetch",
    g.listInstances.group,
    g.listInstances.subject,
    g.listInstances.baseline,
    2,
  );
  timeRow(
    'client.getInstanceTypes({ locations: ["all"] }), 50 types × 30 regions',
    g.getInstanceTypes.group,
    g.getInstanceTypes.subject,
    g.getInstanceTypes.baseline,
    2,
  );
  const paths = ["GET /instance-types", "GET /instances/{id}"];
  paths.forEach((p, i) => {
    const e = emulatorLoad[i];
    const b = bareLoad[i];
    const ratio = e.requestsPerSec / b.requestsPerSec;
    rows.push({
      figure: `emulator throughput, ${p}, ${loadOpts.connections} connections`,
      value: fmtRps(e),
      baseline: `${fmtRps(b)} (bare Deno.serve, same bytes)`,
      ratio: fmtRatio(ratio),
      target: "≥ 0.5×",
      pass: ratio >= 0.5 && e.errors === 0,
    });
  });
  paths.forEach((p, i) => {
    const e = emulatorLoad[i];
    if (typeof prismLoad === "string") {
      rows.push({
        figure: `emulator vs Prism, ${p}`,
        value: fmtRps(e),
        baseline: `Prism: ${prismLoad}`,
        ratio: "—",
        target: "≥ 10×",
        pass: null,
      });
      return;
    }
    const pr = prismLoad[i];
    const ratio = e.requestsPerSec / pr.requestsPerSec;
    rows.push({
      figure: `emulator vs Prism ${PRISM_VERSION}, ${p}`,
      value: fmtRps(e),
      baseline: `${fmtRps(pr)} (Prism mock)`,
      ratio: fmtRatio(ratio),
      target: "≥ 10×",
      pass: ratio >= 10 && e.errors === 0,
    });
  });
  rows.push({
    figure: "emulator heap holding 10,000 instances",
    value: `+${fmtMiB(heap.deltaBytes)} (${
      fmtMiB(heap.filledHeapBytes)
    } in all)`,
    baseline: `${fmtMiB(heap.emptyHeapBytes)} (empty emulator)`,
    ratio: fmtRatio(heap.filledHeapBytes / heap.emptyHeapBytes),
    target: "≤ +64 MiB",
    pass: heap.deltaBytes <= 64 * 2 ** 20,
  });
  timeRow(
    "emulator: list of 10,000 instances answered",
    g.emulatorList.group,
    g.emulatorList.subject,
    g.emulatorList.baseline,
    1.5,
  );

  const header = [
    "figure",
    "value",
    "baseline (same run)",
    "ratio",
    "target",
    "result",
  ];
  const cells = rows.map((r) => [
    r.figure,
    r.value,
    r.baseline,
    r.ratio,
    r.target,
    r.pass === null ? "n/a" : r.pass ? "pass" : "FAIL",
  ]);

  // Parts of figures, to trace a miss to its side.
  const parts: string[][] = [
    [
      g.listInstances.clientOnly,
      fmtTime(avg(g.listInstances.group, g.listInstances.clientOnly)),
    ],
    [
      g.listInstances.emulatorOnly,
      fmtTime(avg(g.listInstances.group, g.listInstances.emulatorOnly)),
    ],
    [
      g.getInstanceTypes.clientOnly,
      fmtTime(avg(g.getInstanceTypes.group, g.getInstanceTypes.clientOnly)),
    ],
  ];
  const loadHeader = [
    "server",
    "path",
    "req/s",
    "p50",
    "p99",
    "errors",
    "statuses",
  ];
  const loadRows: string[][] = [];
  const addLoad = (server: string, results: LoadResult[] | string) => {
    if (typeof results === "string") {
      loadRows.push([server, "—", results, "", "", "", ""]);
      return;
    }
    results.forEach((r, i) =>
      loadRows.push([
        server,
        paths[i],
        r.requestsPerSec.toLocaleString("en-US"),
        `${r.latencyMs.p50} ms`,
        `${r.latencyMs.p99} ms`,
        String(r.errors),
        JSON.stringify(r.statuses),
      ])
    );
  };
  addLoad("emulator", emulatorLoad);
  addLoad("bare Deno.serve", bareLoad);
  addLoad(`Prism ${PRISM_VERSION}`, prismLoad);

  const machineLine =
    `Deno ${machine.deno} (V8 ${machine.v8}), ${machine.os}, ` +
    `${machine.cpu}, ${machine.cores} cores, ${machine.date}`;
  const elapsed = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`\n${machineLine}\n`);
  console.log(textTable(header, cells));
  console.log(
    `\nparts (no target):\n${textTable(["bench", "time/iter"], parts)}`,
  );
  console.log(
    `\nload runs (${loadOpts.connections} connections; emulator and bare: ${rounds} ` +
      `alternating rounds of ${loadOpts.durationSec} s, Prism: one; each after ` +
      `${loadOpts.warmupSec} s warm-up):\n${textTable(loadHeader, loadRows)}`,
  );
  const met = rows.filter((r) => r.pass).length;
  console.log(`\n${met}/${rows.length} targets met; ${elapsed} s in all`);

  if (!values["no-write"]) {
    const md = [
      "# Benchmark results",
      "",
      "Written by `deno task bench` (`bench/run.ts`); every ratio is against a",
      "baseline measured in the same run. Microbenchmark times are `deno bench`",
      "averages per iteration.",
      "",
      `- Deno: ${machine.deno} (V8 ${machine.v8}), ${machine.os}`,
      `- CPU: ${machine.cpu}, ${machine.cores} cores`,
      `- Date: ${machine.date}`,
      `- Load: ${loadOpts.connections} keep-alive connections, ${loadOpts.durationSec} s ` +
      `per run after ${loadOpts.warmupSec} s warm-up; emulator and bare server in ` +
      `${rounds} alternating rounds each (req/s = mean, latency = median of rounds), ` +
      `Prism in one; generator \`bench/load.ts\` (raw ` +
      "HTTP/1.1) in the orchestrator's process, every server in a process of its own",
      "",
      markdownTable(header, cells),
      "",
      `${met}/${rows.length} targets met.`,
      "",
      "## Parts of figures (no target)",
      "",
      markdownTable(["bench", "time/iter"], parts),
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
    await stopAll();
    console.error(`bench: ${(err as Error).stack ?? err}`);
    Deno.exit(1);
  }
}
