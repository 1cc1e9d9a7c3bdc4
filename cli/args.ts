/**
 * A small command-line parser: long flags (`--name value`, `--name=value`),
 * boolean switches, repeatable flags, positionals and `--`, with errors that
 * say exactly what was wrong so the tool can exit with a usage error.
 *
 * @module
 */

/**
 * A flag a command accepts.
 *
 * @example
 * ```ts
 * import type { FlagSpec } from "./args.ts";
 * const tag: FlagSpec = { name: "tag", kind: "string", multiple: true, valueName: "k=v", description: "Only instances with this tag" };
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
  /** One line for the help text. */
  description: string;
}

/**
 * The values of parsed flags: `true` for switches, a string for single-valued
 * flags, a string array for repeatable flags. Absent flags are missing.
 *
 * @example
 * ```ts
 * import type { FlagValues } from "./args.ts";
 * const flags: FlagValues = { json: true, region: "us-west-1", tag: ["team=ml"] };
 * ```
 */
export type FlagValues = Record<string, string | boolean | string[]>;

/**
 * The result of {@link parseFlags}.
 *
 * @example
 * ```ts
 * import type { ParsedArgs } from "./args.ts";
 * const parsed: ParsedArgs = { flags: { json: true }, positionals: ["types"] };
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
 * Parses `argv` against the given flags. Flags may appear anywhere; `--`
 * ends flag parsing. Throws {@link UsageError} on an unknown flag, a missing
 * value, a value given to a switch, or a single-valued flag given twice.
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
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(
    specs.filter((s) => s.short).map((s) => [s.short!, s]),
  );
  const flags: FlagValues = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let spec: FlagSpec | undefined;
    let inlineValue: string | undefined;
    let shown = arg;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      shown = `--${name}`;
      if (eq !== -1) inlineValue = arg.slice(eq + 1);
      spec = byName.get(name);
    } else if (arg.startsWith("-") && arg.length > 1 && !isNumber(arg)) {
      spec = byShort.get(arg.slice(1));
    } else {
      positionals.push(arg);
      continue;
    }
    if (spec === undefined) {
      throw new UsageError(`unknown flag ${shown}`, command);
    }
    let value: string | boolean;
    if (spec.kind === "boolean") {
      if (inlineValue !== undefined) {
        throw new UsageError(`${shown} takes no value`, command);
      }
      value = true;
    } else if (inlineValue !== undefined) {
      value = inlineValue;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) {
        throw new UsageError(
          `${shown} needs a value (${spec.valueName ?? "VALUE"})`,
          command,
        );
      }
      value = next;
      i++;
    }
    if (spec.multiple) {
      const list = flags[spec.name];
      flags[spec.name] = [...(Array.isArray(list) ? list : []), String(value)];
    } else if (spec.name in flags && spec.kind === "string") {
      throw new UsageError(`--${spec.name} given more than once`, command);
    } else {
      flags[spec.name] = value;
    }
  }
  return { flags, positionals };
}

function isNumber(text: string): boolean {
  return /^-\d/.test(text);
}

/**
 * The string value of a single-valued flag, or `undefined` when absent.
 *
 * @example
 * ```ts
 * import { stringFlag } from "./args.ts";
 * stringFlag({ region: "us-west-1" }, "region"); // "us-west-1"
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
 * listFlag({ tag: ["a=1", "b=2"] }, "tag"); // ["a=1", "b=2"]
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
 * parseTags(["team=ml", "env=dev"]); // { team: "ml", env: "dev" }
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
 * parsePortRange("8000-8080"); // { fromPort: 8000, toPort: 8080 }
 * parsePortRange("22"); // { fromPort: 22, toPort: 22 }
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
 * parseNonNegativeInt("8787", "--port"); // 8787
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
