/**
 * Command lines, parsed by the runtime's own parser (`node:util`
 * `parseArgs`) against flags described as {@link FlagSpec}s: long flags
 * (`--name value`, `--name=value`), one-letter aliases (`-o json`,
 * `-ojson`, `-vy`), repeatable flags, positionals and `--`. The tokens it
 * returns are checked here, so that every mistake gets a message that says
 * exactly what was wrong (and what was probably meant), and the tool exits
 * with a usage error.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { closest } from "./suggest.ts";

/**
 * A flag a command accepts.
 *
 * @example
 * ```ts
 * import { type FlagSpec, parseFlags } from "./args.ts";
 * const tag: FlagSpec = { name: "tag", kind: "string", multiple: true, valueName: "k=v", description: "Only instances with this tag" };
 * console.log(parseFlags(["--tag", "team=ml", "--tag=env=dev"], [tag]).flags); // { tag: ["team=ml", "env=dev"] }
 * ```
 */
export interface FlagSpec {
  /** The long name without dashes, e.g. `"region"`. */
  name: string;
  /** `"boolean"` switches take no value; `"string"` flags take one. */
  kind: "boolean" | "string";
  /** Whether the flag may be given more than once (values are collected). */
  multiple?: boolean;
  /** A one-letter alias, e.g. `"h"` for `-h`. */
  short?: string;
  /** What the value is called in help, e.g. `"REGION"`. */
  valueName?: string;
  /** The values it takes, when they are a fixed list (help and completion show them). */
  choices?: readonly string[];
  /** One line for the help text. */
  description: string;
}

/**
 * The values of parsed flags: `true` for switches, a string for single-valued
 * flags, a string array for repeatable flags. Absent flags are missing.
 *
 * @example
 * ```ts
 * import { type FlagValues, listFlag, stringFlag } from "./args.ts";
 * const flags: FlagValues = { json: true, region: "us-west-1", tag: ["team=ml"] };
 * console.log(stringFlag(flags, "region"), listFlag(flags, "tag")); // us-west-1 ["team=ml"]
 * ```
 */
export type FlagValues = Record<string, string | boolean | string[]>;

/**
 * The result of {@link parseFlags}.
 *
 * @example
 * ```ts
 * import { type ParsedArgs, parseFlags } from "./args.ts";
 * const parsed: ParsedArgs = parseFlags(["types", "--json"], [{ name: "json", kind: "boolean", description: "JSON" }]);
 * console.log(parsed); // { flags: { json: true }, positionals: ["types"] }
 * ```
 */
export interface ParsedArgs {
  /** Flag values by long name. */
  flags: FlagValues;
  /** Everything that is not a flag, in order. */
  positionals: string[];
}

/**
 * A mistake in how the tool was called: unknown command or flag, missing
 * argument, bad value. The tool prints it with a hint to `--help` and exits
 * with code 2.
 *
 * @example
 * ```ts
 * import { UsageError } from "./args.ts";
 * const err = new UsageError("unknown flag --colour", "types");
 * console.log(err.command); // "types"
 * ```
 */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override readonly name: string = "UsageError";
  /** The command being parsed, when known, so the hint can name its help. */
  readonly command?: string;

  /**
   * Creates the error.
   *
   * @param message what was wrong, e.g. `"missing --type"`
   * @param command the command in question, if any
   */
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/**
 * One flag as it appeared on the command line.
 *
 * @example
 * ```ts
 * import { type FlagToken, splitCommandLine } from "./args.ts";
 * const [token]: FlagToken[] = splitCommandLine(["--region=us-west-1"], [{ name: "region", kind: "string", description: "" }]).flags;
 * console.log(token.name, token.value, token.inline); // region us-west-1 true
 * ```
 */
export interface FlagToken {
  /** The long name (`parseArgs` resolves known one-letter aliases). */
  name: string;
  /** As typed, e.g. `"-o"` or `"--regoin"`. */
  raw: string;
  /** The value, if one was given or taken from the next argument. */
  value?: string;
  /** Whether the value was written into the same argument (`--x=v`, `-ov`). */
  inline?: boolean;
}

/**
 * A command line split by `parseArgs` into flags and positionals, before
 * it is checked against one command's flags.
 *
 * @example
 * ```ts
 * import { type CommandLine, splitCommandLine } from "./args.ts";
 * const line: CommandLine = splitCommandLine(["types", "--colour"], []);
 * console.log(line.positionals, line.flags.map((f) => f.raw)); // ["types"] ["--colour"] (checkFlags reports it)
 * ```
 */
export interface CommandLine {
  /** The flags, in order. */
  flags: FlagToken[];
  /** The positionals, in order (those after `--` included). */
  positionals: string[];
}

/**
 * Splits `argv` with `node:util` `parseArgs`, knowing `known` flags (so
 * that a string flag takes the next argument as its value wherever it
 * appears). Unknown flags are kept as tokens for {@link checkFlags} to
 * report; this never throws.
 *
 * @example
 * ```ts
 * import { splitCommandLine } from "./args.ts";
 * const line = splitCommandLine(["launch", "-ojson", "--type", "t"], [
 *   { name: "output", kind: "string", short: "o", description: "" },
 *   { name: "type", kind: "string", description: "" },
 * ]);
 * console.log(line.positionals, line.flags.map((f) => f.value)); // ["launch"] ["json", "t"]
 * ```
 */
export function splitCommandLine(
  argv: readonly string[],
  known: readonly FlagSpec[],
): CommandLine {
  const options: Record<
    string,
    { type: "boolean" | "string"; short?: string; multiple: true }
  > = {};
  for (const spec of known) {
    options[spec.name] = {
      type: spec.kind,
      multiple: true,
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const line: CommandLine = { flags: [], positionals: [] };
  let negativeAt = -1;
  for (const token of tokens) {
    if (token.kind === "positional") line.positionals.push(token.value);
    else if (token.kind === "option" && /^-\d/.test(argv[token.index])) {
      // A negative number is a positional, though parseArgs reads `-5.5`
      // as a group of one-letter flags.
      if (token.index !== negativeAt) line.positionals.push(argv[token.index]);
      negativeAt = token.index;
    } else if (token.kind === "option") {
      let value = token.value;
      // `-o=ids`: parseArgs keeps the "=" of a short flag's inline value.
      if (
        value !== undefined && token.inlineValue &&
        !token.rawName.startsWith("--")
      ) {
        value = value.replace(/^=/, "");
      }
      line.flags.push({
        name: token.name,
        raw: token.rawName,
        ...(value === undefined ? {} : { value, inline: token.inlineValue }),
      });
    }
  }
  return line;
}

/**
 * Checks the flags of a split command line against the flags one command
 * accepts and returns their values. Throws {@link UsageError} on an unknown
 * flag (suggesting the closest known one), a missing value, a value given
 * to a switch, or a single-valued flag given twice.
 *
 * @example
 * ```ts
 * import { checkFlags, splitCommandLine } from "./args.ts";
 * const specs = [{ name: "wait", kind: "boolean" as const, description: "Wait" }];
 * const flags = checkFlags(splitCommandLine(["--wait"], specs).flags, specs);
 * console.log(flags.wait); // true
 * ```
 */
export function checkFlags(
  tokens: readonly FlagToken[],
  specs: readonly FlagSpec[],
  command?: string,
): FlagValues {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const flags: FlagValues = {};
  for (const token of tokens) {
    const spec = byName.get(token.name);
    if (
      spec === undefined ||
      (token.raw.length === 2 && spec.short !== token.raw[1])
    ) {
      const guess = token.raw.startsWith("--")
        ? closest(token.raw.slice(2), specs.map((s) => s.name))
        : undefined;
      throw new UsageError(
        `unknown flag ${token.raw}${
          guess ? ` (did you mean --${guess}?)` : ""
        }`,
        command,
      );
    }
    const shown = token.raw.startsWith("--")
      ? token.raw
      : `${token.raw} (--${spec.name})`;
    let value: string | boolean;
    if (spec.kind === "boolean") {
      if (token.value !== undefined) {
        throw new UsageError(`${shown} takes no value`, command);
      }
      value = true;
    } else if (
      token.value === undefined ||
      (!token.inline && token.value.startsWith("--") && token.value.length > 2)
    ) {
      throw new UsageError(
        `${shown} needs a value (${spec.valueName ?? "VALUE"})`,
        command,
      );
    } else value = token.value;
    if (spec.multiple) {
      const list = flags[spec.name];
      flags[spec.name] = [...(Array.isArray(list) ? list : []), String(value)];
    } else if (spec.name in flags && spec.kind === "string") {
      throw new UsageError(`--${spec.name} given more than once`, command);
    } else {
      flags[spec.name] = value;
    }
  }
  return flags;
}

/**
 * Parses `argv` against the given flags: {@link splitCommandLine} then
 * {@link checkFlags}. Flags may appear anywhere; `--` ends flag parsing.
 *
 * @example
 * ```ts
 * import { parseFlags } from "./args.ts";
 * const { flags, positionals } = parseFlags(
 *   ["terminate", "i-1", "i-2", "--wait"],
 *   [{ name: "wait", kind: "boolean", description: "Wait" }],
 * );
 * console.log(flags.wait, positionals); // true ["terminate", "i-1", "i-2"]
 * ```
 */
export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  command?: string,
): ParsedArgs {
  const line = splitCommandLine(argv, specs);
  return {
    flags: checkFlags(line.flags, specs, command),
    positionals: line.positionals,
  };
}

/**
 * The string value of a single-valued flag, or `undefined` when absent.
 *
 * @example
 * ```ts
 * import { stringFlag } from "./args.ts";
 * console.log(stringFlag({ region: "us-west-1" }, "region")); // "us-west-1"
 * ```
 */
export function stringFlag(
  flags: FlagValues,
  name: string,
): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The values of a repeatable flag (empty when absent).
 *
 * @example
 * ```ts
 * import { listFlag } from "./args.ts";
 * console.log(listFlag({ tag: ["a=1", "b=2"] }, "tag")); // ["a=1", "b=2"]
 * ```
 */
export function listFlag(flags: FlagValues, name: string): string[] {
  const value = flags[name];
  if (Array.isArray(value)) return value;
  return typeof value === "string" ? [value] : [];
}

/**
 * Parses `k=v` tag arguments into an object; throws {@link UsageError} on a
 * missing `=` or an empty key.
 *
 * @example
 * ```ts
 * import { parseTags } from "./args.ts";
 * console.log(parseTags(["team=ml", "env=dev"])); // { team: "ml", env: "dev" }
 * ```
 */
export function parseTags(
  values: readonly string[],
  command?: string,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0) {
      throw new UsageError(
        `bad --tag "${value}": expected KEY=VALUE`,
        command,
      );
    }
    tags[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return tags;
}

/**
 * Parses a port or port range `P` / `P-Q` (1–65535, P ≤ Q); throws
 * {@link UsageError} otherwise.
 *
 * @example
 * ```ts
 * import { parsePortRange } from "./args.ts";
 * console.log(parsePortRange("8000-8080")); // { fromPort: 8000, toPort: 8080 }
 * console.log(parsePortRange("22")); // { fromPort: 22, toPort: 22 }
 * ```
 */
export function parsePortRange(
  text: string,
  command?: string,
): { fromPort: number; toPort: number } {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  const fromPort = match ? Number(match[1]) : NaN;
  const toPort = match?.[2] !== undefined ? Number(match[2]) : fromPort;
  if (
    !match || fromPort < 1 || toPort > 65535 || fromPort > toPort
  ) {
    throw new UsageError(
      `bad --port "${text}": expected a port (1-65535) or a range P-Q`,
      command,
    );
  }
  return { fromPort, toPort };
}

/**
 * Parses a whole-number flag value (0 or more); throws {@link UsageError} otherwise.
 *
 * @example
 * ```ts
 * import { parseNonNegativeInt } from "./args.ts";
 * console.log(parseNonNegativeInt("8787", "--port")); // 8787
 * ```
 */
export function parseNonNegativeInt(
  text: string,
  flag: string,
  command?: string,
): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(
      `bad ${flag} "${text}": expected a whole number`,
      command,
    );
  }
  return Number(text);
}
