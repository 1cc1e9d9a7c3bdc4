/**
 * Shared set-up of the benchmarks: an emulator sized for load, a way to
 * fill it with instances through its own API, and a large generated
 * catalogue (types × regions).
 *
 * @module
 */
import {
  createMockLambda,
  type MockInstanceType,
  type MockLambda,
  type MockLambdaOptions,
} from "../mock/mod.ts";

/** The key every benchmark uses. */
export const API_KEY = "bench-key";

/** Headers that authenticate against the emulator. */
export const AUTH: Readonly<Record<string, string>> = Object.freeze({
  authorization: `Bearer ${API_KEY}`,
});

/** The region and type instances are launched into. */
export const LAUNCH_REGION = "us-west-1";
/** The instance type launched (it exists in the default catalogue). */
export const LAUNCH_TYPE = "gpu_1x_a10";

/** A `fetch`-shaped function (the global one, or the emulator's). */
export type FetchLike = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/**
 * An emulator with room for `instances` instances in {@link LAUNCH_REGION}
 * on the manual clock, without rate limits; any other option overrides.
 */
export function createBenchMock(
  instances = 20_000,
  options: MockLambdaOptions = {},
): MockLambda {
  return createMockLambda({
    apiKey: API_KEY,
    seed: 1,
    clock: "manual",
    // The bench's choice, not the suite's: a benchmark measures answers,
    // not Lambda's request budget.
    rateLimits: "off",
    quota: instances,
    capacity: { [LAUNCH_REGION]: { [LAUNCH_TYPE]: instances } },
    ...options,
  });
}

/** Calls the API and returns `data`; throws with the answer on non-2xx. */
export async function call(
  fetch: FetchLike,
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined
      ? AUTH
      : { ...AUTH, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (JSON.parse(text) as { data: unknown }).data;
}

/**
 * Launches `count` instances one by one through the API (as a user
 * would), each with a name and the tags the provider writes, and returns their ids. The
 * emulator's lifecycle is not advanced: call `/_mock/clock/advance` or
 * `mock.clock.advance` to make them active.
 */
export async function launchMany(
  fetch: FetchLike,
  count: number,
  base = "http://mock.invalid",
): Promise<string[]> {
  const keyName = "bench-key-pair";
  const keys = await call(fetch, base, "GET", "/api/v1/ssh-keys") as {
    name: string;
  }[];
  if (!keys.some((k) => k.name === keyName)) {
    await call(fetch, base, "POST", "/api/v1/ssh-keys", { name: keyName });
  }
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const data = await call(
      fetch,
      base,
      "POST",
      "/api/v1/instance-operations/launch",
      {
        region_name: LAUNCH_REGION,
        instance_type_name: LAUNCH_TYPE,
        ssh_key_names: [keyName],
        name: `bench-${i}`,
        // The tags the provider writes at launch, plus one of the user's.
        tags: [
          { key: "gpufleet:ref-id", value: `ref-${i}` },
          { key: "gpufleet:cred-ref-id", value: "bench" },
          { key: "gpufleet:created-at", value: "2026-01-01T00:00:00.000Z" },
          { key: "team", value: "ml" },
        ],
      },
    ) as { instance_ids: string[] };
    ids.push(...data.instance_ids);
  }
  return ids;
}

const GPUS = [
  ["a10", "A10 (24 GB PCIe)", 1, 30, 200],
  ["a6000", "A6000 (48 GB)", 1, 14, 100],
  ["a100_sxm4", "A100 (40 GB SXM4)", 1, 30, 200],
  ["a100_80gb_sxm4", "A100 (80 GB SXM4)", 8, 240, 1800],
  ["h100_pcie", "H100 (80 GB PCIe)", 1, 26, 200],
  ["h100_sxm5", "H100 (80 GB SXM5)", 8, 208, 1800],
  ["gh200", "GH200 (96 GB)", 1, 64, 432],
  ["b200_sxm6", "B200 (180 GB SXM6)", 8, 208, 2900],
] as const;

/**
 * A catalogue of `typeCount` realistic instance types over `regionCount`
 * regions, with capacity in two pairs out of three.
 */
export function bigCatalogue(
  typeCount = 50,
  regionCount = 30,
): Pick<MockLambdaOptions, "regions" | "instanceTypes" | "capacity"> {
  const regions = Array.from({ length: regionCount }, (_, i) => ({
    name: `bench-region-${i + 1}`,
    description: `Benchmark region ${i + 1}`,
  }));
  const instanceTypes: MockInstanceType[] = Array.from(
    { length: typeCount },
    (_, i) => {
      const [slug, gpu, count, vcpus, memory] = GPUS[i % GPUS.length];
      const variant = Math.floor(i / GPUS.length);
      return {
        name: `gpu_${count}x_${slug}_v${variant}`,
        description: `${count}x ${gpu}`,
        gpu_description: gpu,
        price_cents_per_hour: 100 + 37 * i,
        specs: {
          vcpus,
          memory_gib: memory,
          storage_gib: 512 + 64 * variant,
          gpus: count,
        },
        architecture: slug === "gh200" ? "arm64" : "x86_64",
      };
    },
  );
  const capacity: Record<string, Record<string, number>> = {};
  regions.forEach((r, ri) => {
    capacity[r.name] = {};
    instanceTypes.forEach((t, ti) => {
      capacity[r.name][t.name] = (ri + ti) % 3 === 0 ? 0 : 1 + ((ri * ti) % 7);
    });
  });
  return { regions, instanceTypes, capacity };
}

/**
 * A full garbage collection when the isolate runs with
 * `--v8-flags=--expose-gc`, else nothing. The large-data benches collect
 * before each timed iteration so that garbage left by the previous
 * iteration (or by the other bench of the group) is not billed to it.
 */
export const collectGarbage: () => void =
  (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * A fetch that answers `GET <path>` with a copy of the same bytes and
 * passes every other request to `fallback`: the client's own cost on a
 * fixed answer, whatever else it asks for.
 */
export function cannedFetch(
  path: string,
  bytes: Uint8Array,
  fallback: FetchLike,
): FetchLike {
  return (input, init) => {
    const href = input instanceof Request ? input.url : String(input);
    if (new URL(href).pathname !== path) return fallback(input, init);
    return Promise.resolve(
      new Response(bytes.slice(), {
        status: 200,
        headers: { "content-type": "application/json" },
      }),
    );
  };
}

/** The body of a successful GET, as bytes. */
export async function bytesOf(
  fetch: FetchLike,
  url: string,
): Promise<Uint8Array> {
  const res = await fetch(url, { headers: AUTH });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
