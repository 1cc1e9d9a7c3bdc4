/**
 * Test support: the standalone server (`mock/main.ts`, as `deno task mock`
 * runs it) in a process of its own, on any free port, for the length of a
 * callback.
 *
 * @module
 */

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
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      new URL("../main.ts", import.meta.url).pathname,
      "--port",
      "0",
      ...flags,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    while (!out.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out)?.[1];
    if (!url) {
      throw new Error(`the server did not say where it listens: ${out}`);
    }
    await fn(url);
  } finally {
    child.kill("SIGTERM");
    await reader.cancel();
    await child.status;
  }
}
