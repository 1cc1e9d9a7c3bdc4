/**
 * Help texts, generated from the command table, in the name the tool was
 * invoked by.
 *
 * @module
 */

import type { FlagSpec } from "./args.ts";
import type { Command } from "./command.ts";

/**
 * The name the tool was invoked by, for help and messages:
 * `LAMBDA_CLI_NAME` (the project's `deno task cli` sets it), else the
 * command the shell ran (bash and zsh put its path in `_`; an installed
 * `lambda` is found so), else `lambda`, the name of the install recipe.
 *
 * @example
 * ```ts
 * import { programName } from "./help.ts";
 * console.log(programName({ _: "/home/me/.deno/bin/gpu" })); // "gpu"
 * console.log(programName({ LAMBDA_CLI_NAME: "deno task cli" })); // "deno task cli"
 * ```
 */
export function programName(
  env: Readonly<Record<string, string | undefined>>,
): string {
  const named = env.LAMBDA_CLI_NAME?.trim();
  if (named) return named;
  const ran = env._?.split(/[\\/]/).pop() ?? "";
  if (
    /^[\w.-]+$/.test(ran) &&
    !/^(deno|node|npx|env|sh|bash|zsh)(\.exe)?$/.test(ran)
  ) {
    return ran;
  }
  return "lambda";
}

function flagLabel(flag: FlagSpec): string {
  const value = flag.kind === "string"
    ? ` ${flag.choices ? flag.choices.join("|") : flag.valueName ?? "VALUE"}`
    : "";
  return `${flag.short ? `-${flag.short}, ` : "    "}--${flag.name}${value}`;
}

function flagLines(flags: readonly FlagSpec[]): string {
  const labels = flags.map(flagLabel);
  const width = Math.max(...labels.map((l) => l.length));
  return flags.map((f, i) =>
    `  ${labels[i].padEnd(width)}  ${f.description}${
      f.multiple ? " (repeatable)" : ""
    }`
  ).join("\n");
}

function commandLabel(command: Command): string {
  return command.aliases?.length
    ? `${command.name} (${command.aliases.join(", ")})`
    : command.name;
}

/**
 * The tool's help text.
 *
 * @example
 * ```ts
 * import { mainHelp } from "./help.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * console.log(mainHelp("lambda", COMMANDS, GLOBAL_FLAGS));
 * ```
 */
export function mainHelp(
  program: string,
  commands: readonly Command[],
  globalFlags: readonly FlagSpec[],
): string {
  const labels = commands.map(commandLabel);
  const width = Math.max(...labels.map((l) => l.length));
  return `Lambda Cloud GPU instances from the command line.

Usage: ${program} COMMAND [FLAGS]

Commands:
${
    commands.map((c, i) => `  ${labels[i].padEnd(width)}  ${c.summary}`).join(
      "\n",
    )
  }

Global flags:
${flagLines(globalFlags)}

Credentials and targets:
  LAMBDA_API_KEY        Your API key; else \`api_key = …\` in ~/.lambda_cloud/lambda_keys.
                        Without either, cloud commands exit with code 3 (add --mock
                        for the emulator). -v says which one was used.
  LAMBDA_BASE_URL       Another API URL (--base-url wins). Your key goes only to
                        https://cloud.lambda.ai: any other URL gets LAMBDA_MOCK_API_KEY
                        (or the emulator's key "test-key"), unless --send-key-to
                        (or LAMBDA_SEND_KEY_TO) names its host.
  LAMBDA_MOCK_API_KEY   The key for an emulator or any other URL.
  LAMBDA_DEBUG=1        As --debug.

The emulator:
  With --mock and no URL the tool talks to a Lambda Cloud emulator embedded
  in the process, and says so on stderr: its state lives only for that one
  command. To share one emulator between calls, serve it and point the tool
  at it:
    ${program} mock --port 8787 &
    export LAMBDA_BASE_URL=http://127.0.0.1:8787
    ${program} launch --type gpu_1x_a10 --region us-west-1 --wait
    ${program} instances

Output: tables on stdout; -o json (or --json) prints one JSON document that
names the target that answered (errors too, as {"error": …}); -o ids prints
one id per line. Notes, errors and progress go to stderr; progress is drawn
only when stderr is a terminal. Text from the API is printed with control
characters escaped. No colours.

Money: launch prints the instance id on stderr as soon as it is accepted;
Ctrl-C terminates what it launched (a second Ctrl-C stops waiting and prints
the command to terminate it). terminate and ssh-keys delete ask first; --yes
skips the question and is needed without a terminal.

Exit codes: 0 ok, 1 API or cloud error, 2 usage error, 3 no credentials,
130 interrupted.

Run '${program} COMMAND --help' for a command's flags, and
'${program} completion bash|zsh|fish' for shell completion.
`;
}

/**
 * The help text of one command.
 *
 * @example
 * ```ts
 * import { commandHelp } from "./help.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * console.log(commandHelp("lambda", COMMANDS[0], GLOBAL_FLAGS));
 * ```
 */
export function commandHelp(
  program: string,
  command: Command,
  globalFlags: readonly FlagSpec[],
): string {
  const details = command.details?.replaceAll("{program}", program);
  const aliases = command.aliases?.length
    ? `\nAlso: ${command.aliases.map((a) => `${program} ${a}`).join(", ")}\n`
    : "";
  return `Usage: ${program} ${command.usage}
${aliases}
${command.summary}.${details ? `\n\n${details}` : ""}
${command.flags.length > 0 ? `\nFlags:\n${flagLines(command.flags)}\n` : ""}
Global flags:
${flagLines(globalFlags)}
`;
}
