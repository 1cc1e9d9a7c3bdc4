/**
 * The `mock` command: serves the emulator until stopped.
 *
 * @module
 */

import { parseNonNegativeInt, stringFlag, UsageError } from "../args.ts";
import type { Command } from "../command.ts";
import { writeJson } from "../output.ts";
import { EMBEDDED_BOOT_SECONDS, EMULATOR_API_KEY } from "../target.ts";

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const signals = ["SIGINT", "SIGTERM"] as const;
    const stop = () => {
      for (const s of signals) Deno.removeSignalListener(s, stop);
      resolve();
    };
    for (const s of signals) Deno.addSignalListener(s, stop);
  });
}

/**
 * `mock [--port N] [--hostname H] [--boot-seconds S] [--seed N]`: serves
 * the emulator over HTTP so several CLI calls (or other programs) share one.
 *
 * @example
 * ```ts
 * import { mockCommand } from "./mock.ts";
 * console.log(mockCommand.usage);
 * ```
 */
export const mockCommand: Command = {
  name: "mock",
  summary: "Serve the Lambda Cloud emulator until stopped",
  usage: "mock [--port N] [--hostname HOST] [--boot-seconds S] [--seed N]",
  details: [
    `Prints \`listening on URL\` and serves until Ctrl-C. It accepts the key "${EMULATOR_API_KEY}"`,
    "(never your LAMBDA_API_KEY, which is not sent to emulators). Point other",
    "calls at it to share its state:",
    "  deno task cli mock --port 8787 &",
    "  deno task cli --base-url http://127.0.0.1:8787 launch --type gpu_1x_a10 --region us-west-1",
    "  deno task cli --base-url http://127.0.0.1:8787 instances",
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
    const emulator = ctx.deps.createEmulator({
      apiKey: EMULATOR_API_KEY,
      clock: "real",
      bootSeconds,
      ...(seedText === undefined
        ? {}
        : { seed: parseNonNegativeInt(seedText, "--seed", ctx.command) }),
    });
    const server = await emulator.listen({
      hostname: stringFlag(ctx.flags, "hostname") ?? "127.0.0.1",
      port,
    });
    if (ctx.json) writeJson(ctx.io, { url: server.url, port: server.port });
    else ctx.io.stdout(`listening on ${server.url}\n`);
    try {
      await (ctx.deps.untilStopped ?? untilSignal)();
    } finally {
      await server.close();
    }
  },
};
