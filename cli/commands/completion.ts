/**
 * The `completion` command: prints a shell completion script.
 *
 * @module
 */

import type { Command } from "../command.ts";
import { COMPLETION_SHELLS, completionScript } from "../completion.ts";

/**
 * `completion bash|zsh|fish`: a completion script generated from the
 * command table.
 *
 * @example
 * ```ts
 * import { completionCommand } from "./completion.ts";
 * console.log(completionCommand.usage); // "completion bash|zsh|fish"
 * ```
 */
export const completionCommand: Command = {
  name: "completion",
  summary: "Print a shell completion script",
  usage: "completion bash|zsh|fish",
  details: [
    "bash:  source <({program} completion bash)     (or put it in ~/.bashrc)",
    "zsh:   source <({program} completion zsh)      (after compinit)",
    "fish:  {program} completion fish | source",
  ].join("\n"),
  arguments: { name: "SHELL", min: 1, max: 1, choices: COMPLETION_SHELLS },
  flags: [],
  printsIds: false,
  run(ctx) {
    const shell = ctx.positionals[0] as typeof COMPLETION_SHELLS[number];
    const script = completionScript(
      shell,
      ctx.program,
      ctx.commands,
      ctx.globalFlags,
    );
    return { json: { shell, script }, text: script };
  },
};
