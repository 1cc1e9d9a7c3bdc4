/**
 * The tool's core: finds the command, parses flags, picks the target, runs
 * the command and turns every outcome into an exit code (0 ok, 1 API or
 * cloud error, 2 usage error).
 *
 * @module
 */

import { CloudError, InvalidArgumentError } from "../src/v1/mod.ts";
import { type FlagSpec, parseFlags, stringFlag, UsageError } from "./args.ts";
import type { Command, CommandContext } from "./command.ts";
import {
  imagesCommand,
  regionsCommand,
  typesCommand,
} from "./commands/catalog.ts";
import {
  firewallAddCommand,
  firewallRevokeCommand,
  firewallShowCommand,
} from "./commands/firewall.ts";
import {
  instancesCommand,
  launchCommand,
  rebootCommand,
  terminateCommand,
} from "./commands/instances.ts";
import { mockCommand } from "./commands/mock.ts";
import { sshKeysCommand } from "./commands/ssh_keys.ts";
import { type CliIo, writeJson } from "./output.ts";
import { type CliDeps, resolveTarget, type Target } from "./target.ts";

/** How the tool is started, for help texts. */
export const PROGRAM = "deno task cli";

/** Exit code: success. @example `if (code === EXIT_OK) console.log("done");` */
export const EXIT_OK = 0;
/** Exit code: the API or the cloud refused or failed. @example `if (code === EXIT_API_ERROR) console.log("API error");` */
export const EXIT_API_ERROR = 1;
/** Exit code: the tool was called wrongly. @example `if (code === EXIT_USAGE) console.log("see --help");` */
export const EXIT_USAGE = 2;

/** Emulators answer at once; polling them faster keeps waits short. */
const EMULATOR_POLL_MS = 500;

/**
 * Every command of the tool, in help order.
 *
 * @example
 * ```ts
 * import { COMMANDS } from "./main.ts";
 * console.log(COMMANDS.map((c) => c.name).join(", "));
 * ```
 */
export const COMMANDS: readonly Command[] = [
  typesCommand,
  regionsCommand,
  imagesCommand,
  instancesCommand,
  launchCommand,
  rebootCommand,
  terminateCommand,
  sshKeysCommand,
  firewallShowCommand,
  firewallAddCommand,
  firewallRevokeCommand,
  mockCommand,
];

/**
 * Flags every command accepts.
 *
 * @example
 * ```ts
 * import { GLOBAL_FLAGS } from "./main.ts";
 * console.log(GLOBAL_FLAGS.map((f) => `--${f.name}`).join(" "));
 * ```
 */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  {
    name: "json",
    kind: "boolean",
    description: "Print one JSON document on stdout instead of tables",
  },
  {
    name: "mock",
    kind: "boolean",
    description:
      "Use the emulator even when LAMBDA_API_KEY is set (the default without it)",
  },
  {
    name: "base-url",
    kind: "string",
    valueName: "URL",
    description:
      "API base URL (default $LAMBDA_BASE_URL or https://cloud.lambda.ai); with --mock, an emulator server",
  },
  { name: "help", kind: "boolean", short: "h", description: "Show help" },
];

function flagLines(flags: readonly FlagSpec[]): string {
  const labels = flags.map((f) =>
    `${f.short ? `-${f.short}, ` : "    "}--${f.name}${
      f.kind === "string" ? ` ${f.valueName ?? "VALUE"}` : ""
    }`
  );
  const width = Math.max(...labels.map((l) => l.length));
  return flags.map((f, i) =>
    `  ${labels[i].padEnd(width)}  ${f.description}${
      f.multiple ? " (repeatable)" : ""
    }`
  ).join("\n");
}

/**
 * The tool's help text.
 *
 * @example
 * ```ts
 * import { mainHelp } from "./main.ts";
 * console.log(mainHelp());
 * ```
 */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Lambda Cloud GPU instances from the command line.

Usage: ${PROGRAM} [--json] [--mock] [--base-url URL] COMMAND [FLAGS]
       deno run -A jsr:@gpufleet/lambda/cli COMMAND [FLAGS]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Global flags:
${flagLines(GLOBAL_FLAGS)}

Environment:
  LAMBDA_API_KEY   Your API key. Without it the tool uses the emulator.
  LAMBDA_BASE_URL  The API URL, or an emulator server's (--base-url wins).

The emulator:
  Without LAMBDA_API_KEY, or with --mock, the tool talks to the Lambda Cloud
  emulator, and says so on stderr. With no URL given it is embedded in the
  process: its state lives only for that one command, so an instance
  launched by one call is gone by the next. To share one emulator between
  calls, serve it and point the tool at it:
    ${PROGRAM} mock --port 8787 &
    export LAMBDA_BASE_URL=http://127.0.0.1:8787
    ${PROGRAM} launch --type gpu_1x_a10 --region us-west-1 --wait
    ${PROGRAM} instances

Output: tables on stdout; with --json one JSON document on stdout (errors
too, as {"error": …}). Notes, errors and progress go to stderr; progress is
drawn only when stderr is a terminal.

Exit codes: 0 ok, 1 API or cloud error, 2 usage error.

Run '${PROGRAM} COMMAND --help' for a command's flags.
`;
}

/**
 * The help text of one command.
 *
 * @example
 * ```ts
 * import { commandHelp, COMMANDS } from "./main.ts";
 * console.log(commandHelp(COMMANDS[0]));
 * ```
 */
export function commandHelp(command: Command): string {
  return `Usage: ${PROGRAM} ${command.usage}

${command.summary}.${command.details ? `\n\n${command.details}` : ""}
${command.flags.length > 0 ? `\nFlags:\n${flagLines(command.flags)}\n` : ""}
Global flags:
${flagLines(GLOBAL_FLAGS)}
`;
}

/**
 * Finds the command words among `args`, skipping global flags and their
 * values: one word, or two for `firewall …` and `help …`.
 */
function findCommand(
  args: readonly string[],
): { command?: Command; words: string[]; unknown?: string } {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 3; i++) {
    const arg = args[i];
    if (arg === "--") break;
    if (arg.startsWith("-")) {
      const spec = GLOBAL_FLAGS.find((f) => `--${f.name}` === arg);
      if (spec?.kind === "string") i++;
      continue;
    }
    words.push(arg);
  }
  if (words[0] === "help") return { words };
  // Commands are one word, or two for `firewall …`.
  const used = words[0] === "firewall" ? words.slice(0, 2) : words.slice(0, 1);
  if (used.length === 0) return { words: used };
  const name = used.join(" ");
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return { command, words: used };
  return { words: used, unknown: name };
}

function findSuggestion(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    const suggestion = (e as { suggestion?: unknown }).suggestion;
    if (typeof suggestion === "string" && suggestion !== "") return suggestion;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function reportError(io: CliIo, json: boolean, err: unknown): number {
  if (err instanceof UsageError) {
    io.stderr(`error: ${err.message}\n`);
    io.stderr(
      `Run '${PROGRAM} ${
        err.command ? `${err.command} ` : ""
      }--help' for usage.\n`,
    );
    if (json) {
      writeJson(io, { error: { code: "usage", message: err.message } });
    }
    return EXIT_USAGE;
  }
  const message = err instanceof Error ? err.message : String(err);
  const suggestion = findSuggestion(err);
  io.stderr(`error: ${message}\n`);
  if (suggestion) io.stderr(`suggestion: ${suggestion}\n`);
  if (json) {
    const body = err instanceof CloudError
      ? { ...err.toJSON(), suggestion }
      : { code: "error", message, suggestion };
    writeJson(io, { error: body });
  }
  return err instanceof InvalidArgumentError ? EXIT_USAGE : EXIT_API_ERROR;
}

function checkBaseUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`bad --base-url "${url}": not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`bad --base-url "${url}": expected http(s)://…`);
  }
  return url;
}

/**
 * Runs the tool once: `args` as on the command line (without the program),
 * `env` its environment, `io` its streams, `deps` the client and emulator
 * factories. Resolves with the exit code; never throws for a usage or API
 * error.
 *
 * @example
 * ```ts
 * import { runCli } from "./main.ts";
 * import { processIo } from "./output.ts";
 * import type { CliDeps } from "./target.ts";
 * declare const deps: CliDeps;
 * const code = await runCli(["types", "--available", "--json"], Deno.env.toObject(), processIo(), deps);
 * Deno.exit(code);
 * ```
 */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  deps: CliDeps,
): Promise<number> {
  const json = args.includes("--json");
  try {
    const found = findCommand(args);
    if (found.words[0] === "help") {
      const rest = found.words.slice(1);
      const target = COMMANDS.find((c) =>
        c.name === rest.join(" ") || c.name === rest[0]
      );
      io.stdout(target ? commandHelp(target) : mainHelp());
      return EXIT_OK;
    }
    if (found.command === undefined) {
      if (found.unknown !== undefined) {
        const known = found.unknown.startsWith("firewall")
          ? "firewall show|add|revoke"
          : "a command";
        throw new UsageError(
          `unknown command "${found.unknown}" (expected ${known})`,
        );
      }
      const { flags } = parseFlags(args, GLOBAL_FLAGS);
      if (flags.help) {
        io.stdout(mainHelp());
        return EXIT_OK;
      }
      io.stderr(mainHelp());
      throw new UsageError("missing command");
    }
    const command = found.command;
    const parsed = parseFlags(
      args,
      [...GLOBAL_FLAGS, ...command.flags],
      command.name,
    );
    if (parsed.flags.help) {
      io.stdout(commandHelp(command));
      return EXIT_OK;
    }
    const positionals = parsed.positionals.slice(found.words.length);
    const baseUrl = checkBaseUrl(stringFlag(parsed.flags, "base-url"));
    if (!command.takesArguments && positionals.length > 0) {
      throw new UsageError(
        `unexpected argument "${positionals[0]}"`,
        command.name,
      );
    }

    let target: Target | undefined;
    let client: ReturnType<CliDeps["createClient"]> | undefined;
    const ctx: CommandContext = {
      command: command.name,
      positionals,
      flags: parsed.flags,
      json: parsed.flags.json === true,
      io,
      env,
      deps,
      target() {
        if (target === undefined) {
          target = resolveTarget(
            { mock: parsed.flags.mock === true, baseUrl },
            env,
            deps,
          );
          if (target.kind === "embedded-emulator") {
            io.stderr(
              `using the embedded Lambda Cloud emulator (${
                env.LAMBDA_API_KEY ? "--mock" : "LAMBDA_API_KEY is unset"
              }); its state lasts for this command only\n`,
            );
          } else if (target.kind === "emulator-server") {
            io.stderr(`using the Lambda Cloud emulator at ${target.baseUrl}\n`);
          }
        }
        return target;
      },
      client() {
        if (client === undefined) {
          const t = ctx.target();
          client = deps.createClient({
            apiKey: t.apiKey,
            baseUrl: t.baseUrl,
            fetch: t.fetch,
          });
        }
        return client;
      },
      pollMs() {
        return ctx.target().kind === "lambda"
          ? ctx.client().getInstancePollTime()
          : EMULATOR_POLL_MS;
      },
    };
    return (await command.run(ctx)) ?? EXIT_OK;
  } catch (err) {
    return reportError(io, json, err);
  }
}
