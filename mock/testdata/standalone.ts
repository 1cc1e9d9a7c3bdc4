/**
 * Test helper: `mock/main.ts` in its own process, as `deno task mock`
 * runs it.
 *
 * @module
 */

function passThrough(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A running standalone emulator. */
export interface Standalone {
  /** Its base URL (`http://127.0.0.1:PORT`). */
  url: string;
  /** Everything it printed on stdout before serving. */
  out: string;
  /** Stops it; resolves to what it printed on stderr. */
  stop(): Promise<string>;
}

/**
 * Starts `mock/main.ts --port 0 …args` with `env` (and the permissions of
 * `deno task mock`), and waits for its `console:` line.
 */
export async function startStandalone(
  args: string[],
  env: Record<string, string> = {},
): Promise<Standalone> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env=LAMBDA_MOCK_API_KEY,LAMBDA_MOCK_ADMIN_TOKEN",
      new URL("../main.ts", import.meta.url).pathname,
      "--port",
      "0",
      ...args,
    ],
    // Only what Deno needs to find its cache, and `env`: a developer's own
    // LAMBDA_MOCK_* never leaks in.
    env: { ...passThrough(), ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await reader.cancel().catch(() => {});
    await child.status;
    return await stderr;
  };
  let out = "";
  for (let i = 0; i < 100 && !/^console: \S+$/m.test(out); i++) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  const url = /^listening on (http:\/\/\S+)$/m.exec(out)?.[1];
  if (url === undefined) {
    const err = await stop();
    throw new Error(`the emulator did not start:\n${out}\n${err}`);
  }
  return { url, out, stop };
}

/**
 * Runs `mock/main.ts --port 0 …flags`, calls `fn` with its URL once it
 * listens, and stops it afterwards (also when `fn` throws).
 *
 * @example
 * ```ts
 * import { withStandalone } from "./standalone.ts";
 * await withStandalone(["--api-key", "k"], async (url) => {
 *   console.log((await fetch(`${url}/_mock/state`)).status); // 200
 * });
 * ```
 */
export async function withStandalone(
  flags: readonly string[],
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const server = await startStandalone([...flags]);
  try {
    await fn(server.url);
  } finally {
    await server.stop();
  }
}
