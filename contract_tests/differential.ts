/**
 * The differential report of `deno task contract:live`: the read-only
 * scenarios run against the real API and against the emulator the suite
 * uses (as unkind as the real API, holding one object of each kind so that
 * every listing has something to show), and the answers compared request by
 * request: status codes, error codes, and the fields present in one answer
 * and not the other. Values differ by nature and are not compared.
 *
 * @module
 */
import type { MockLambda } from "../mock/mod.ts";
import { findOperation } from "./conformance.ts";
import type { Scenario } from "./scenario.ts";
import { SCENARIOS } from "./scenarios/mod.ts";
import { type Exchange, openTarget, type TargetKind } from "./target.ts";

/**
 * One scenario's run on one side.
 *
 * @example
 * ```ts
 * import { diffRuns, type SideRun } from "./differential.ts";
 * const exchange = { method: "GET", path: "/api/v1/regions", status: 200, requestBody: undefined, body: { data: [] } };
 * const live: SideRun = { scenario: "regions", outcome: "passed", exchanges: [exchange] };
 * const emulator: SideRun = { scenario: "regions", outcome: "passed", exchanges: [exchange] };
 * console.log(diffRuns([live], [emulator])); // []
 * ```
 */
export interface SideRun {
  scenario: string;
  /** `"passed"`, or the first line of the failure. */
  outcome: string;
  exchanges: Exchange[];
}

/**
 * One difference between the sides.
 *
 * @example
 * ```ts
 * import { type Difference, formatDifferences } from "./differential.ts";
 * const d: Difference = { scenario: "s", request: "GET /api/v1/regions #1", what: "status", live: "200", emulator: "429 global/too-many-requests" };
 * console.log(formatDifferences([d]).split("\n").at(-1)); // "| s | GET /api/v1/regions #1 | status | 200 | 429 global/too-many-requests |"
 * ```
 */
export interface Difference {
  scenario: string;
  /** The request, e.g. `GET /api/v1/regions #1`. */
  request: string;
  /** `status`, `fields of <path>`, `request`, or `outcome`. */
  what: string;
  live: string;
  emulator: string;
}

/** Paths whose objects are maps keyed by data (type names), not records. */
const MAP_PATHS: Readonly<Record<string, readonly string[]>> = {
  listInstanceTypes: ["data"],
  getAuditEvents: ["data[].additional_details"],
};

/**
 * The field names of every object in a JSON body, by path (`data[]`,
 * `data[].region`); array elements share their array's path.
 *
 * @example
 * ```ts
 * import { fieldsByPath } from "./differential.ts";
 * const fields = fieldsByPath({ data: [{ id: "a", region: { name: "r" } }] });
 * console.log([...fields.get("data[]")!]); // ["id", "region"]
 * ```
 */
export function fieldsByPath(
  body: unknown,
  operationId?: string,
): Map<string, Set<string>> {
  const maps = new Set(MAP_PATHS[operationId ?? ""] ?? []);
  const out = new Map<string, Set<string>>();
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, `${path}[]`);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const entries = Object.entries(node);
    if (maps.has(path)) {
      for (const [, value] of entries) walk(value, `${path}{}`);
      return;
    }
    const fields = out.get(path) ?? new Set<string>();
    for (const [key, value] of entries) {
      fields.add(key);
      walk(value, path === "" ? key : `${path}.${key}`);
    }
    out.set(path, fields);
  };
  walk(body, "");
  return out;
}

function statusText(e: Exchange): string {
  const code = (e.body as { error?: { code?: unknown } } | undefined)?.error
    ?.code;
  return e.status >= 400 && typeof code === "string"
    ? `${e.status} ${code}`
    : String(e.status);
}

function label(e: Exchange): string {
  return `${e.method} ${e.path}`;
}

/** Exchanges by operation (or method and path), in order. */
function byOperation(exchanges: readonly Exchange[]): Map<string, Exchange[]> {
  const out = new Map<string, Exchange[]>();
  for (const e of exchanges) {
    const key = findOperation(e.method, e.path) ?? label(e);
    const list = out.get(key) ?? [];
    list.push(e);
    out.set(key, list);
  }
  return out;
}

/**
 * The differences between the runs of the same scenarios on both sides.
 * Requests are paired by operation and by their order within it.
 *
 * @example
 * ```ts
 * import { diffRuns } from "./differential.ts";
 * const ex = (status: number, body: unknown) => ({ method: "GET", path: "/api/v1/regions", status, requestBody: undefined, body });
 * const d = diffRuns(
 *   [{ scenario: "s", outcome: "passed", exchanges: [ex(200, { data: [] })] }],
 *   [{ scenario: "s", outcome: "passed", exchanges: [ex(429, { error: { code: "global/too-many-requests", message: "x" } })] }],
 * );
 * console.log(d[0].what, d[0].live, d[0].emulator); // "status" "200" "429 global/too-many-requests"
 * ```
 */
export function diffRuns(
  live: readonly SideRun[],
  emulator: readonly SideRun[],
): Difference[] {
  const out: Difference[] = [];
  for (const l of live) {
    const e = emulator.find((run) => run.scenario === l.scenario);
    if (!e) continue;
    const scenario = l.scenario;
    if (l.outcome !== e.outcome) {
      out.push({
        scenario,
        request: "—",
        what: "outcome",
        live: l.outcome,
        emulator: e.outcome,
      });
    }
    const lives = byOperation(l.exchanges);
    const emus = byOperation(e.exchanges);
    for (const op of new Set([...lives.keys(), ...emus.keys()])) {
      const a = lives.get(op) ?? [];
      const b = emus.get(op) ?? [];
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const x = a[i];
        const y = b[i];
        const request = `${label((x ?? y)!)} #${i + 1}`;
        if (!x || !y) {
          out.push({
            scenario,
            request,
            what: "request",
            live: x ? statusText(x) : "not sent",
            emulator: y ? statusText(y) : "not sent",
          });
          continue;
        }
        if (statusText(x) !== statusText(y)) {
          out.push({
            scenario,
            request,
            what: "status",
            live: statusText(x),
            emulator: statusText(y),
          });
          continue;
        }
        const fx = fieldsByPath(x.body, op);
        const fy = fieldsByPath(y.body, op);
        for (const [path, fields] of fx) {
          const other = fy.get(path);
          if (!other) continue;
          const onlyLive = [...fields].filter((f) => !other.has(f)).sort();
          const onlyEmu = [...other].filter((f) => !fields.has(f)).sort();
          if (onlyLive.length === 0 && onlyEmu.length === 0) continue;
          out.push({
            scenario,
            request,
            what: `fields of ${path || "the body"}`,
            live: onlyLive.join(", ") || "—",
            emulator: onlyEmu.join(", ") || "—",
          });
        }
      }
    }
  }
  return out;
}

/**
 * The differences as a Markdown table (or a line saying there are none).
 *
 * @example
 * ```ts
 * import { formatDifferences } from "./differential.ts";
 * console.log(formatDifferences([])); // "No differences: …"
 * ```
 */
export function formatDifferences(differences: readonly Difference[]): string {
  if (differences.length === 0) {
    return "No differences: every status, error code and field matched.";
  }
  const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
  const rows = differences.map((d) =>
    `| ${cell(d.scenario)} | ${cell(d.request)} | ${cell(d.what)} | ${
      cell(d.live)
    } | ${cell(d.emulator)} |`
  );
  return [
    "| scenario | request | what differs | only live / live | only emulator / emulator |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/**
 * How to furnish an emulator: an authenticated `POST` that returns the
 * answer's `data`, and a way to move its clock.
 *
 * @example
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { furnish, type Furnisher } from "./differential.ts";
 * // An emulator server furnished over HTTP, its clock moved through the admin route.
 * const mock = createMockLambda({ apiKey: "k" });
 * const server = await mock.listen();
 * const send = async (path: string, body: unknown) => {
 *   const res = await fetch(`${server.url}${path}`, {
 *     method: "POST",
 *     headers: { authorization: "Bearer k", "content-type": "application/json" },
 *     body: JSON.stringify(body),
 *   });
 *   return (await res.json()).data;
 * };
 * const overHttp: Furnisher = {
 *   post: (path, body) => send(path, body),
 *   advance: async (ms) => void await send("/_mock/clock/advance", { ms }),
 * };
 * await furnish(overHttp);
 * console.log(mock.state.instances.length); // 1
 * await server.close();
 * ```
 */
export interface Furnisher {
  post(path: string, body: unknown): Promise<{ id?: string }>;
  advance(ms: number): Promise<void>;
}

/**
 * A {@linkcode Furnisher} of an in-process emulator.
 *
 * @example
 * ```ts
 * import { furnish, mockFurnisher } from "./differential.ts";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda();
 * await furnish(mockFurnisher(mock));
 * console.log(mock.state.instances.length); // 1
 * ```
 */
export function mockFurnisher(mock: MockLambda): Furnisher {
  return {
    async post(path, body) {
      const response = await mock.fetch(path, {
        method: "POST",
        headers: { authorization: `Bearer ${mock.options.apiKey}` },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (response.status !== 200) {
        throw new Error(`furnishing ${path}: ${JSON.stringify(answer)}`);
      }
      return answer.data;
    },
    advance: (ms) => Promise.resolve(mock.clock.advance(ms)),
  };
}

/**
 * Gives an emulator one object of each kind an account holds (an SSH key,
 * a filesystem, a firewall ruleset, an active instance using them), so that
 * its listings have fields to compare. Made through the API, a second
 * apart (rate limits apply), outside the recorded exchanges.
 *
 * @example
 * ```ts
 * import { furnish, mockFurnisher } from "./differential.ts";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const mock = createMockLambda({ rateLimits: "lambda" });
 * await furnish(mockFurnisher(mock));
 * console.log(mock.state.sshKeys.length); // 1
 * ```
 */
export async function furnish(api: Furnisher): Promise<void> {
  const post = async (path: string, body: unknown) => {
    await api.advance(1_000);
    return await api.post(path, body);
  };
  await post("/api/v1/ssh-keys", { name: "laptop" });
  await post("/api/v1/filesystems", { name: "data", region: "us-west-1" });
  const ruleset = await post("/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [{
      protocol: "tcp",
      port_range: [443, 443],
      source_network: "0.0.0.0/0",
      description: "https",
    }],
  });
  await post("/api/v1/instance-operations/launch", {
    region_name: "us-west-1",
    instance_type_name: "gpu_1x_a10",
    ssh_key_names: ["laptop"],
    file_system_names: ["data"],
    firewall_rulesets: [{ id: ruleset.id }],
    name: "trainer",
    tags: [{ key: "team", value: "ml" }],
  });
  await api.advance(60 * 60_000);
}

/**
 * The scenarios the report runs: those that change nothing, live too.
 *
 * @example
 * ```ts
 * import { readOnlyScenarios } from "./differential.ts";
 * console.log(readOnlyScenarios().every((s) => !s.mutates)); // true
 * ```
 */
export function readOnlyScenarios(
  scenarios: readonly Scenario[] = SCENARIOS,
): Scenario[] {
  return scenarios.filter((s) => !s.mutates && s.emulatorOnly === undefined);
}

async function runSide(
  kind: TargetKind,
  scenarios: readonly Scenario[],
): Promise<SideRun[]> {
  const runs: SideRun[] = [];
  for (const scenario of scenarios) {
    const target = await openTarget(kind);
    if (target.mock) await furnish(mockFurnisher(target.mock));
    let outcome = "passed";
    try {
      await scenario.run(target);
    } catch (err) {
      outcome = `failed: ${
        String((err as Error)?.message ?? err).split("\n")[0]
      }`;
    } finally {
      await target.close().catch(() => {});
    }
    runs.push({
      scenario: scenario.name,
      outcome,
      exchanges: target.exchanges,
    });
  }
  return runs;
}

/**
 * Runs the read-only scenarios live and on the emulator and compares them.
 *
 * @example
 * ```ts
 * import { runDifferential } from "./differential.ts";
 * // Talks to the real API: needs LAMBDA_API_KEY (and network); read-only.
 * if (Deno.env.get("LAMBDA_API_KEY")) {
 *   const { differences, table } = await runDifferential();
 *   console.log(differences.length === 0 ? "the emulator answers as Lambda does" : table);
 * }
 * ```
 */
export async function runDifferential(
  scenarios: readonly Scenario[] = readOnlyScenarios(),
): Promise<{ differences: Difference[]; table: string }> {
  const live = await runSide("live", scenarios);
  const emulator = await runSide("emulator-fetch", scenarios);
  const differences = diffRuns(live, emulator);
  return { differences, table: formatDifferences(differences) };
}
