/**
 * The physical floor: a bare `Deno.serve` handler that answers each known
 * path with bytes serialised once, before the first request — no routing
 * beyond one map lookup, no auth, no state, no JSON work.
 *
 * ```sh
 * deno run --allow-net --allow-read bench/servers/bare.ts --fixtures FILE [--port 0]
 * ```
 *
 * `FILE` is JSON `{ "<path>": { "status": 200, "headers": {…}, "body": "…" } }`,
 * written by `bench/run.ts` from the emulator's own answers so that both
 * servers send the same bytes. Prints `listening on http://127.0.0.1:<port>`.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** One canned answer. */
export interface Fixture {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    fixtures: { type: "string" },
    port: { type: "string", default: "0" },
    hostname: { type: "string", default: "127.0.0.1" },
  },
});
if (!values.fixtures) {
  console.error("--fixtures FILE is required");
  Deno.exit(2);
}
const fixtures: Record<string, Fixture> = JSON.parse(
  await Deno.readTextFile(values.fixtures),
);
const encoder = new TextEncoder();
const routes = new Map(
  Object.entries(fixtures).map((
    [path, f],
  ) => [path, {
    status: f.status,
    headers: f.headers,
    bytes: encoder.encode(f.body),
  }]),
);
const notFound = encoder.encode(
  '{"error":{"code":"global/not-found","message":"Not found."}}',
);

const server = Deno.serve({
  hostname: values.hostname,
  port: Number(values.port),
  onListen: ({ port }) =>
    console.log(`listening on http://${values.hostname}:${port}`),
}, (request) => {
  const url = request.url;
  // The path starts after "http://host"; find it without building a URL.
  const path = url.slice(url.indexOf("/", 8));
  const route = routes.get(path);
  if (!route) {
    return new Response(notFound, {
      status: 404,
      headers: { "content-type": "application/json" },
    });
  }
  return new Response(route.bytes, {
    status: route.status,
    headers: route.headers,
  });
});
// A clean exit on a signal, so that `--cpu-prof` can write its profile.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => {
    server.shutdown().finally(() => Deno.exit(0));
  });
}
