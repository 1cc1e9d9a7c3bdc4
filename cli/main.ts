/**
 * The tool's core: the command table, and one run of the tool: parse the
 * command line (with `node:util` `parseArgs`, against the flags of the
 * table), find the command, pick the target, run the command, print its
 * result in the chosen output mode, and turn every outcome into an exit
 * code (0 ok, 1 API or cloud error, 2 usage error, 3 no credentials, 130
 * interrupted).
 *
 * @module
 */

import denoConfig from "../deno.json" with { type: "json" };
import {
  checkFlags,
  type FlagSpec,
  type FlagValues,
  splitCommandLine,
  stringFlag,
  UsageError,
} from "./args.ts";
import { clean, cleanOutput, say } from "./clean.ts";
import type { Command, CommandResult, OutputMode } from "./command.ts";
import {
  imagesCommand,
  regionsCommand,
  typesCommand,
} from "./commands/catalog.ts";
import { completionCommand } from "./commands/completion.ts";
import {
  firewallAddCommand,
  firewallListCommand,
  firewallRevokeCommand,
} from "./commands/firewall.ts";
import {
  instancesCommand,
  instancesShowCommand,
  rebootCommand,
  terminateCommand,
} from "./commands/instances.ts";
import { launchCommand } from "./commands/launch.ts";
import { mockCommand } from "./commands/mock.ts";
import {
  sshKeysAddCommand,
  sshKeysCommand,
  sshKeysDeleteCommand,
} from "./commands/ssh_keys.ts";
import { debugLines, describeError } from "./errors.ts";
import { commandHelp, mainHelp, programName } from "./help.ts";
import {
  InterruptedError,
  Interrupts,
  processInterrupts,
} from "./interrupt.ts";
import { type CliIo, writeJson } from "./output.ts";
import { closest } from "./suggest.ts";
import { createContext, type RunContext } from "./context.ts";
import type { CliDeps, ResolvedTarget } from "./target.ts";

export {
  EXIT_API_ERROR,
  EXIT_INTERRUPTED,
  EXIT_NO_CREDENTIALS,
  EXIT_USAGE,
} from "./errors.ts";

/** Exit code: success. @example `if (code === EXIT_OK) console.log("done");` */
export const EXIT_OK = 0;

/** The package's version, as `--version` prints it. @example `console.log(VERSION)` */
export const VERSION: string = denoConfig.version;

/**
 * Every command of the tool, in help order: the one description that the
 * parser, help, completion and "did you mean" are made from.
 *
 * @example
 * ```ts
 * import { COMMANDS } from "./main.ts";
 * console.log(COMMANDS.slice(0, 4).map((c) => c.name).join(", ")); // "types, regions, images, instances"
 * ```
 */
export const COMMANDS: readonly Command[] = [
  typesCommand,
  regionsCommand,
  imagesCommand,
  instancesCommand,
  instancesShowCommand,
  launchCommand,
  rebootCommand,
  terminateCommand,
  sshKeysCommand,
  sshKeysAddCommand,
  sshKeysDeleteCommand,
  firewallListCommand,
  firewallAddCommand,
  firewallRevokeCommand,
  mockCommand,
  completionCommand,
];

const OUTPUT_MODES: readonly OutputMode[] = ["table", "json", "ids"];

/**
 * Flags every command accepts.
 *
 * @example
 * ```ts
 * import { GLOBAL_FLAGS } from "./main.ts";
 * console.log(GLOBAL_FLAGS.map((f) => `--${f.name}`).join(" ")); // "--output --json --mock --base-url --send-key-to --verbose --debug --help --version"
 * ```
 */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  {
    name: "output",
    kind: "string",
    short: "o",
    valueName: "FORMAT",
    choices: OUTPUT_MODES,
    description:
      "How to print results: table (default), json, or ids (one per line)",
  },
  {
    name: "json",
    kind: "boolean",
    description: "The same as -o json",
  },
  {
    name: "mock",
    kind: "boolean",
    description:
      "Use the emulator (embedded, or the server at --base-url); never sends your key",
  },
  {
    name: "base-url",
    kind: "string",
    valueName: "URL",
    description:
      "API base URL (default $LAMBDA_BASE_URL or https://cloud.lambda.ai)",
  },
  {
    name: "send-key-to",
    kind: "string",
    valueName: "HOST",
    description:
      "Send your Lambda API key to this host of --base-url (a proxy in front of Lambda)",
  },
  {
    name: "verbose",
    kind: "boolean",
    short: "v",
    description: "Say which target and key are used, and log each request",
  },
  {
    name: "debug",
    kind: "boolean",
    description: "Print stack traces and causes of errors",
  },
  { name: "help", kind: "boolean", short: "h", description: "Show help" },
  { name: "version", kind: "boolean", description: "Print the version" },
];

/**
 * Every flag of every command, for the parser: a flag's name means one
 * thing across the tool (the same kind and one-letter alias everywhere),
 * which this checks once.
 */
const ALL_FLAGS: readonly FlagSpec[] = (() => {
  const byName = new Map<string, FlagSpec>();
  for (
    const flag of [...GLOBAL_FLAGS, ...COMMANDS.flatMap((c) => c.flags)]
  ) {
    const seen = byName.get(flag.name);
    if (seen && (seen.kind !== flag.kind || seen.short !== flag.short)) {
      throw new Error(`--${flag.name} is defined two ways in the table`);
    }
    byName.set(flag.name, flag);
  }
  return [...byName.values()];
})();

/** Each command under its name and its aliases. */
const BY_NAME = new Map(
  COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])].map((n) => [n, c])),
);

/** Finds the command named by the first one or two positionals. */
function findCommand(
  positionals: readonly string[],
): { command: Command; words: number } | undefined {
  for (const words of [2, 1]) {
    if (positionals.length < words) continue;
    const command = BY_NAME.get(positionals.slice(0, words).join(" "));
    if (command) return { command, words };
  }
  return undefined;
}

/** The error for words that name no command, with the closest name. */
function unknownCommand(positionals: readonly string[]): UsageError {
  const names = [...BY_NAME.keys()];
  const two = positionals.slice(0, 2).join(" ");
  const groups = new Set(
    names.filter((n) => n.includes(" ")).map((n) => n.split(" ")[0]),
  );
  const typed = groups.has(positionals[0]) && positionals.length > 1
    ? two
    : positionals[0];
  const guess = closest(
    typed,
    names.filter((n) => n.split(" ").length === typed.split(" ").length),
  );
  return new UsageError(
    say`unknown command "${typed}"${
      guess ? ` (did you mean "${guess}"?)` : ""
    }`,
  );
}

/** Checks the positional arguments against the command's {@link Command.arguments}. */
function checkArguments(command: Command, args: readonly string[]): void {
  const spec = command.arguments;
  if (spec === undefined) {
    if (args.length > 0) {
      // `instances shwo`: a mistyped subcommand rather than an argument.
      const sub = BY_NAME.has(`${command.name} ${args[0]}`)
        ? undefined
        : [...BY_NAME.keys()].filter((n) => n.startsWith(`${command.name} `));
      if (sub && sub.length > 0) {
        const guess = closest(`${command.name} ${args[0]}`, sub);
        if (guess) {
          throw new UsageError(
            say`unknown command "${command.name} ${
              args[0]
            }" (did you mean "${guess}"?)`,
          );
        }
      }
      throw new UsageError(
        say`unexpected argument "${args[0]}"`,
        command.name,
      );
    }
    return;
  }
  if (args.length < spec.min) {
    throw new UsageError(`missing ${spec.name}`, command.name);
  }
  if (spec.max !== undefined && args.length > spec.max) {
    throw new UsageError(
      spec.max === 0
        ? say`unexpected argument "${args[0]}"`
        : `${command.name} takes ${
          spec.max === 1 ? "one" : `at most ${spec.max}`
        } ${spec.name}`,
      command.name,
    );
  }
  for (const arg of args) {
    if (spec.choices && !spec.choices.includes(arg)) {
      throw new UsageError(
        say`bad ${spec.name} "${arg}": expected ${spec.choices.join(", ")}`,
        command.name,
      );
    }
  }
}

/** The output mode from `-o` and `--json`. */
function outputMode(flags: FlagValues, command?: string): OutputMode {
  const asked = stringFlag(flags, "output");
  if (asked !== undefined && !OUTPUT_MODES.includes(asked as OutputMode)) {
    throw new UsageError(
      say`bad -o "${asked}": expected table, json or ids`,
      command,
    );
  }
  if (flags.json && asked !== undefined && asked !== "json") {
    throw new UsageError(`--json and -o ${asked} disagree`, command);
  }
  return flags.json ? "json" : (asked as OutputMode | undefined) ?? "table";
}

/** An io whose text has control characters neutralised (see `clean.ts`). */
function cleanedIo(io: CliIo): CliIo {
  return {
    stdout: (text) => io.stdout(cleanOutput(text)),
    stderr: (text) => io.stderr(cleanOutput(text)),
    isTerminal: () => io.isTerminal(),
    ...(io.prompt ? { prompt: io.prompt.bind(io) } : {}),
  };
}

function printResult(
  io: CliIo,
  output: OutputMode,
  result: CommandResult,
  target: ResolvedTarget | undefined,
): void {
  if (result.json === undefined && result.text === undefined) return;
  if (output === "json") {
    writeJson(io, {
      ...(target ? { target: target.json } : {}),
      ...result.json,
    });
  } else if (output === "ids") {
    const ids = result.ids ?? [];
    io.stdout(ids.map((id) => `${clean(id)}\n`).join(""));
  } else io.stdout(result.text ?? "");
}

/**
 * Runs the tool once: `args` as on the command line (without the program),
 * `env` its environment, `io` its streams, `deps` the client and emulator
 * factories. Resolves with the exit code; never throws, and prints no
 * stack trace unless `--debug` (or `LAMBDA_DEBUG=1`).
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, EXIT_NO_CREDENTIALS, runCli } from "@gpufleet/lambda/cli";
 * let out = "";
 * let errors = "";
 * const io: CliIo = { stdout: (t) => { out += t; }, stderr: (t) => { errors += t; }, isTerminal: () => false };
 * console.log(await runCli(["types", "--available", "--json", "--mock"], {}, io, defaultCliDeps())); // 0
 * console.log(JSON.parse(out).types.length > 0); // true
 * // No key and no --mock: the tool refuses rather than pretending.
 * console.log(await runCli(["instances"], {}, io, defaultCliDeps()) === EXIT_NO_CREDENTIALS); // true
 * console.log(errors.includes("no Lambda Cloud API key")); // true
 * ```
 */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  rawIo: CliIo,
  deps: CliDeps,
): Promise<number> {
  const program = programName(env);
  const io = cleanedIo(rawIo);
  const interrupts = new Interrupts(deps.interrupts ?? processInterrupts());
  let command: Command | undefined;
  let output: OutputMode = "table";
  let debug = env.LAMBDA_DEBUG === "1";
  let context: RunContext | undefined;
  try {
    const line = splitCommandLine(args, ALL_FLAGS);
    // Known before the flags are checked, so that even a usage error is
    // reported in the output mode asked for.
    const asked = line.flags.findLast((f) => f.name === "output")?.value;
    if (asked === "json" || line.flags.some((f) => f.name === "json")) {
      output = "json";
    }
    debug ||= line.flags.some((f) => f.name === "debug");
    if (line.positionals[0] === "help") {
      const found = findCommand(line.positionals.slice(1));
      io.stdout(
        found
          ? commandHelp(program, found.command, GLOBAL_FLAGS)
          : mainHelp(program, COMMANDS, GLOBAL_FLAGS),
      );
      return EXIT_OK;
    }
    const found = findCommand(line.positionals);
    if (found === undefined && line.positionals.length > 0) {
      throw unknownCommand(line.positionals);
    }
    command = found?.command;
    const flags = checkFlags(
      line.flags,
      [...GLOBAL_FLAGS, ...(command?.flags ?? [])],
      command?.name,
    );
    output = outputMode(flags, command?.name);
    if (flags.help) {
      io.stdout(
        command
          ? commandHelp(program, command, GLOBAL_FLAGS)
          : mainHelp(program, COMMANDS, GLOBAL_FLAGS),
      );
      return EXIT_OK;
    }
    if (flags.version) {
      if (output === "json") writeJson(io, { version: VERSION });
      else io.stdout(`lambda ${VERSION}\n`);
      return EXIT_OK;
    }
    if (command === undefined) {
      io.stderr(mainHelp(program, COMMANDS, GLOBAL_FLAGS));
      throw new UsageError("missing command");
    }
    const positionals = line.positionals.slice(found!.words);
    checkArguments(command, positionals);
    if (output === "ids" && command.printsIds === false) {
      throw new UsageError(
        `-o ids: ${command.name} prints no ids`,
        command.name,
      );
    }

    const run = createContext({
      command,
      program,
      positionals,
      flags,
      output,
      io,
      env,
      deps,
      interrupts,
      commands: COMMANDS,
      globalFlags: GLOBAL_FLAGS,
    });
    context = run;
    const result = await command.run(run.ctx);
    printResult(io, output, result, run.target());
    return result.exitCode ?? EXIT_OK;
  } catch (thrown) {
    const target = context?.target();
    const err =
      interrupts.first.aborted && !(thrown instanceof InterruptedError)
        ? new InterruptedError()
        : thrown;
    const described = describeError(err, {
      program,
      command: command?.name,
      fields: command?.fields,
      url: context && context.requests() > 0 ? target?.label : undefined,
      keySource: target?.keySource,
      debug,
    });
    const lines = [
      ...described.lines,
      ...(command?.hints?.(err, program) ?? []),
    ];
    io.stderr(
      (err instanceof InterruptedError
        ? "interrupted\n"
        : `error: ${described.message}\n`) +
        lines.map((l) => `${l}\n`).join(""),
    );
    if (debug) io.stderr(debugLines(thrown).join("\n") + "\n");
    if (output === "json") {
      writeJson(io, {
        ...(target ? { target: target.json } : {}),
        error: {
          ...described.json,
          code: described.code,
          message: described.message,
        },
      });
    }
    return described.exitCode;
  } finally {
    interrupts.dispose();
  }
}
