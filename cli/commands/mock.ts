/**
 * The `mock` command: serves the emulator until stopped.
 *
 * @module
 */

import { parseNonNegativeInt, stringFlag, UsageError } from "../args.ts";
import { say } from "../clean.ts";
import type { Command } from "../command.ts";
import {
  EMBEDDED_BOOT_SECONDS,
  EMULATOR_API_KEY,
  MOCK_KEY_VARIABLE,
} from "../target.ts";

/** Resolves when `signal` aborts. */
function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/**
 * `mock [--port N] [--hostname H] [--boot-seconds S] [--seed N]`: serves
 * the emulator over HTTP so several CLI calls (or other programs) share one.
 *
 * @example
 * ```ts
 * import { mockCommand } from "./mock.ts";
 * console.log(mockCommand.usage); // "mock [--port N] [--hostname HOST] [--boot-seconds S] [--seed N]"
 * ```
 */
export const mockCommand: Command = {
  name: "mock",
  summary: "Serve the Lambda Cloud emulator until stopped",
  printsIds: false,
  usage: "mock [--port N] [--hostname HOST] [--boot-seconds S] [--seed N]",
  details: [
    `Prints \`listening on URL\` and serves until Ctrl-C. It accepts the key in ${MOCK_KEY_VARIABLE},`,
    `or "${EMULATOR_API_KEY}" (never your LAMBDA_API_KEY, which goes only to Lambda).`,
    "Point other calls at it to share its state:",
    "  {program} mock --port 8787 &",
    "  {program} --base-url http://127.0.0.1:8787 launch --type gpu_1x_a10 --region us-west-1",
    "  {program} --base-url http://127.0.0.1:8787 instances",
    "`deno task mock` serves the same emulator with more options (faults, clock).",
  ].join("\n"),
  flags: [
    {
      name: "port",
      kind: "string",
      valueName: "N",
      description: "Port (default 8787; 0 = any free port)",
    },
    {
      name: "hostname",
      kind: "string",
      valueName: "HOST",
      description: "Address to bind (default 127.0.0.1)",
    },
    {
      name: "boot-seconds",
      kind: "string",
      valueName: "S",
      description:
        `Seconds from launch to running (default ${EMBEDDED_BOOT_SECONDS})`,
    },
    {
      name: "seed",
      kind: "string",
      valueName: "N",
      description: "Seed of ids and addresses (default 0)",
    },
  ],
  async run(ctx) {
    const port = parseNonNegativeInt(
      stringFlag(ctx.flags, "port") ?? "8787",
      "--port",
      ctx.command,
    );
    if (port > 65535) {
      throw new UsageError(`bad --port "${port}": at most 65535`, ctx.command);
    }
    const bootSeconds = parseNonNegativeInt(
      stringFlag(ctx.flags, "boot-seconds") ?? String(EMBEDDED_BOOT_SECONDS),
      "--boot-seconds",
      ctx.command,
    );
    const seedText = stringFlag(ctx.flags, "seed");
    const apiKey = ctx.env[MOCK_KEY_VARIABLE]?.trim() || EMULATOR_API_KEY;
    const emulator = ctx.deps.createEmulator({
      apiKey,
      clock: "real",
      bootSeconds,
      ...(seedText === undefined
        ? {}
        : { seed: parseNonNegativeInt(seedText, "--seed", ctx.command) }),
    });
    const hostname = stringFlag(ctx.flags, "hostname") ?? "127.0.0.1";
    let server;
    try {
      server = await emulator.listen({ hostname, port });
    } catch (err) {
      if (err instanceof Deno.errors.AddrInUse) {
        throw new Error(
          say`port ${port} on ${hostname} is already in use (taken by another program): choose another with --port, or --port 0 for any free port`,
          { cause: err },
        );
      }
      if (err instanceof Deno.errors.AddrNotAvailable) {
        throw new UsageError(
          say`bad --hostname "${hostname}": not an address of this machine`,
          ctx.command,
        );
      }
      throw err;
    }
    // Printed at once (not as the result): scripts read it to find the URL.
    ctx.io.stdout(
      ctx.output === "json"
        ? JSON.stringify({ url: server.url, port: server.port }) + "\n"
        : `listening on ${server.url}\n`,
    );
    try {
      await (ctx.deps.untilStopped ?? (() => untilAborted(ctx.signal)))();
    } finally {
      await server.close();
    }
    return {};
  },
};
