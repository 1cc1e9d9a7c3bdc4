/**
 * Errors in the tool's own words: the library's field names become flags,
 * its method names and API paths become commands, a connection failure
 * names the URL and the cause, and every error after a request names the
 * URL the tool talked to. No stack trace unless `--debug`.
 *
 * @module
 */

import {
  ApiError,
  CloudError,
  InvalidArgumentError,
  ServiceUnavailableError,
} from "../src/v1/mod.ts";
import { InvalidParametersError } from "../src/lambda/mod.ts";
import { UsageError } from "./args.ts";
import { clean } from "./clean.ts";
import { InterruptedError } from "./interrupt.ts";
import { NoCredentialsError } from "./target.ts";

/** Exit code: the API or the cloud refused or failed. @example `if (code === EXIT_API_ERROR) console.log("API error");` */
export const EXIT_API_ERROR = 1;
/** Exit code: the tool was called wrongly. @example `if (code === EXIT_USAGE) console.log("see --help");` */
export const EXIT_USAGE = 2;
/** Exit code: no credentials for Lambda Cloud, and no emulator asked for. @example `if (code === EXIT_NO_CREDENTIALS) console.log("set LAMBDA_API_KEY");` */
export const EXIT_NO_CREDENTIALS = 3;
/** Exit code: interrupted (Ctrl-C, SIGTERM), as shells report it. @example `if (code === EXIT_INTERRUPTED) console.log("interrupted");` */
export const EXIT_INTERRUPTED = 130;

/**
 * Which command each API path is read by, for suggestions that name paths.
 * Longer paths first, so that the most specific one matches.
 */
const COMMAND_OF_PATH: readonly [RegExp, string][] = [
  [/\/api\/v1\/instance-operations\/launch\b/, "launch"],
  [/\/api\/v1\/instance-operations\/terminate\b/, "terminate"],
  [/\/api\/v1\/instance-operations\/restart\b/, "reboot"],
  [/\/api\/v1\/instance-types\b/, "types"],
  [/\/api\/v1\/instances\b/, "instances"],
  [/\/api\/v1\/regions\b/, "regions"],
  [/\/api\/v1\/images\b/, "images"],
  [/\/api\/v1\/ssh-keys\b/, "ssh-keys"],
  [/\/api\/v1\/firewall-rule(set)?s\b/, "firewall list"],
];

/** Library methods a message may name, and the command that does the same. */
const COMMAND_OF_METHOD: Readonly<Record<string, string>> = {
  getLocations: "regions",
  getInstanceTypes: "types",
  getImages: "images",
  listInstances: "instances",
  getInstance: "instances show",
  listSshKeys: "ssh-keys",
};

/** Fields any command's arguments may map to. */
const COMMON_FIELDS: Readonly<Record<string, string>> = {
  instanceId: "ID",
  "args.instanceId": "ID",
  id: "ID",
};

/**
 * What the error report needs to know about the run.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError } from "@gpufleet/lambda";
 * import { describeError, type ErrorContext } from "./errors.ts";
 * const ctx: ErrorContext = { program: "lambda", command: "launch", fields: { "attrs.name": "--name" }, url: "https://cloud.lambda.ai", debug: false };
 * console.log(describeError(new InvalidArgumentError("attrs.name", "must be at most 64 characters"), ctx).message); // "bad --name: must be at most 64 characters"
 * ```
 */
export interface ErrorContext {
  /** How the tool was invoked, e.g. `"lambda"`. */
  program: string;
  /** The command, when known. */
  command?: string;
  /** The command's map of library fields to flags. */
  fields?: Readonly<Record<string, string>>;
  /** The URL (or label) requests went to, when any was sent. */
  url?: string;
  /** Where the key came from, to name it when it is refused. */
  keySource?: string;
  /** Print the stack and the chain of causes. */
  debug: boolean;
}

/**
 * An error described for the terminal and for `--json`.
 *
 * @example
 * ```ts
 * import { UsageError } from "./args.ts";
 * import { type DescribedError, describeError } from "./errors.ts";
 * const described: DescribedError = describeError(new UsageError("missing --type", "launch"), { program: "lambda", command: "launch", debug: false });
 * console.log(described.code, described.exitCode); // usage 2
 * ```
 */
export interface DescribedError {
  /** The one-line message after `error: `. */
  message: string;
  /** Further lines: suggestions, hints. */
  lines: string[];
  /** A stable code, e.g. `"usage"`, `"api-error"`. */
  code: string;
  /** The tool's exit code. */
  exitCode: number;
  /** Extra fields of the JSON error (the library error's own). */
  json: Record<string, unknown>;
}

/** Library method names in text, as commands: `(see getLocations())` → `(see: lambda regions)`. */
function methodsAsCommands(text: string, program: string): string {
  return text
    .replace(
      /\bsee (\w+)\(\)/g,
      (whole, method: string) =>
        COMMAND_OF_METHOD[method]
          ? `see: ${program} ${COMMAND_OF_METHOD[method]}`
          : whole,
    )
    .replace(
      /\b(\w+)\(\)/g,
      (whole, method: string) =>
        COMMAND_OF_METHOD[method]
          ? `'${program} ${COMMAND_OF_METHOD[method]}'`
          : whole,
    );
}

/** The flag (or argument name) of a library field, by exact name or prefix. */
function flagOf(
  field: string,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  const all = { ...COMMON_FIELDS, ...fields };
  let best: string | undefined;
  for (const key of Object.keys(all)) {
    const matches = field === key || field.startsWith(`${key}.`) ||
      field.startsWith(`${key}[`);
    if (matches && (best === undefined || key.length > best.length)) {
      best = key;
    }
  }
  return best === undefined ? undefined : all[best];
}

/** The messages of an error and its causes, outermost first. */
function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && chain.length < 8;) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

/**
 * Why a connection failed, in a few words, from the chain of causes of a
 * network error (Deno's fetch errors name the failing layer).
 *
 * @example
 * ```ts
 * import { connectionCause } from "./errors.ts";
 * console.log(connectionCause(new TypeError("tcp connect error: Connection refused (os error 111)"))); // "connection refused (is anything listening there?)"
 * ```
 */
export function connectionCause(err: unknown): string {
  const chain = causeChain(err);
  if (
    chain.some((e) =>
      e instanceof Deno.errors.NotCapable ||
      e instanceof Deno.errors.PermissionDenied
    )
  ) {
    return "no network permission: run the tool with --allow-net (deno task cli and `deno install -A` have it)";
  }
  const text = chain.map((e) => (e as Error)?.message ?? String(e)).join(
    " | ",
  );
  if (/connection refused/i.test(text)) {
    return "connection refused (is anything listening there?)";
  }
  if (
    /dns error|failed to lookup|name or service not known|no address associated|nodename nor servname/i
      .test(text)
  ) {
    return "the host name could not be resolved (DNS)";
  }
  if (/certificate|tls|ssl|handshake/i.test(text)) {
    return "the TLS handshake failed (certificate or protocol)";
  }
  if (/connection reset|broken pipe|connection closed/i.test(text)) {
    return "the connection was reset";
  }
  if (/timed? ?out|did not answer/i.test(text)) return "no answer in time";
  const last = chain[chain.length - 1];
  return clean((last as Error)?.message ?? String(last));
}

/** A network failure: unavailable without an HTTP status, the fetch error its cause. */
function isConnectionFailure(err: unknown): err is ServiceUnavailableError {
  return err instanceof ServiceUnavailableError && err.status === undefined &&
    err.cause !== undefined;
}

/** `listInstances: the …` → `the …`: the operation is the library's word. */
function withoutOperation(message: string): string {
  return message.replace(/^[a-z][A-Za-z]+: /, "");
}

/** A suggestion in the tool's words: API paths become `see:` lines. */
function suggestionLines(suggestion: string, program: string): string[] {
  const commands = COMMAND_OF_PATH.filter(([path]) => path.test(suggestion))
    .map(([, command]) => command);
  if (commands.length > 0) {
    return [...new Set(commands)].map((c) => `see: ${program} ${c}`);
  }
  return [`suggestion: ${clean(methodsAsCommands(suggestion, program))}`];
}

function findSuggestion(err: unknown): string | undefined {
  for (const e of causeChain(err)) {
    const suggestion = (e as { suggestion?: unknown }).suggestion;
    if (typeof suggestion === "string" && suggestion !== "") return suggestion;
  }
  return undefined;
}

function helpHint(program: string, command: string | undefined): string {
  return `Run '${program} ${command ? `${command} ` : ""}--help' for usage.`;
}

function fromUrl(ctx: ErrorContext): string {
  return ctx.url === undefined ? "" : ` from ${ctx.url}`;
}

/**
 * Describes any error the tool can meet, in its own words.
 *
 * @example
 * ```ts
 * import { describeError } from "./errors.ts";
 * import { InvalidArgumentError } from "@gpufleet/lambda";
 * const d = describeError(new InvalidArgumentError("attrs.name", "must be at most 64 characters"), {
 *   program: "lambda",
 *   command: "launch",
 *   fields: { "attrs.name": "--name" },
 *   debug: false,
 * });
 * console.log(d.message); // "bad --name: must be at most 64 characters"
 * ```
 */
export function describeError(
  err: unknown,
  ctx: ErrorContext,
): DescribedError {
  const { program } = ctx;
  if (err instanceof UsageError) {
    return {
      message: clean(err.message),
      lines: [helpHint(program, err.command)],
      code: "usage",
      exitCode: EXIT_USAGE,
      json: {},
    };
  }
  if (err instanceof NoCredentialsError) {
    return {
      message: err.message,
      lines: [],
      code: err.code,
      exitCode: EXIT_NO_CREDENTIALS,
      json: {},
    };
  }
  if (err instanceof InterruptedError) {
    return {
      message: "interrupted",
      lines: [],
      code: err.code,
      exitCode: EXIT_INTERRUPTED,
      json: { terminated: err.terminated, leftRunning: err.leftRunning },
    };
  }
  if (err instanceof InvalidArgumentError) {
    const flag = flagOf(err.field, ctx.fields ?? {});
    const rule = clean(methodsAsCommands(err.rule, program));
    const message = flag === undefined
      ? `invalid value: ${rule}`
      : `bad ${flag}: ${rule}`;
    if (err instanceof InvalidParametersError) {
      // The API refused the request: the flags parsed, so it is not a
      // usage error, and the API's suggestion is worth more than --help.
      const suggestion = findSuggestion(err);
      return {
        message: `${message} (HTTP ${err.status} ${clean(err.providerCode)}${
          fromUrl(ctx)
        })`,
        lines: suggestion ? suggestionLines(suggestion, program) : [],
        code: err.code,
        exitCode: EXIT_API_ERROR,
        json: { ...err.toJSON(), ...(flag ? { flag } : {}) },
      };
    }
    return {
      message,
      lines: [helpHint(program, ctx.command)],
      code: err.code,
      exitCode: EXIT_USAGE,
      json: { ...err.toJSON(), ...(flag ? { flag } : {}) },
    };
  }
  if (isConnectionFailure(err)) {
    const attempts = /\(attempt (\d+)\)/.exec(err.message)?.[1];
    return {
      message: `cannot reach ${ctx.url ?? "the API"}: ${
        connectionCause(err.cause)
      }${attempts && attempts !== "1" ? ` (after ${attempts} attempts)` : ""}`,
      lines: [],
      code: "connection-failed",
      exitCode: EXIT_API_ERROR,
      json: err.toJSON() as unknown as Record<string, unknown>,
    };
  }
  if (err instanceof ApiError) {
    const lines: string[] = [];
    const suggestion = findSuggestion(err);
    if (suggestion) lines.push(...suggestionLines(suggestion, program));
    if (err.providerCode === "global/invalid-api-key" && ctx.keySource) {
      lines.push(`the key (${ctx.keySource}) was refused`);
    }
    return {
      message: `${
        clean(methodsAsCommands(err.providerMessage, program))
      } (HTTP ${err.status} ${clean(err.providerCode)}${fromUrl(ctx)})`,
      lines,
      code: err.code,
      exitCode: EXIT_API_ERROR,
      json: { ...err.toJSON(), suggestion },
    };
  }
  if (err instanceof CloudError) {
    const suggestion = findSuggestion(err);
    return {
      message: `${
        clean(methodsAsCommands(withoutOperation(err.message), program))
      }${ctx.url === undefined ? "" : ` (${ctx.url})`}`,
      lines: suggestion ? suggestionLines(suggestion, program) : [],
      code: err.code,
      exitCode: EXIT_API_ERROR,
      json: { ...err.toJSON(), suggestion },
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  const permission = causeChain(err).some((e) =>
    e instanceof Deno.errors.NotCapable ||
    e instanceof Deno.errors.PermissionDenied
  );
  return {
    message: clean(message),
    lines: permission || ctx.debug ? [] : ["(run with --debug for details)"],
    code: permission ? "permission-denied" : "error",
    exitCode: EXIT_API_ERROR,
    json: {},
  };
}

/**
 * The stack and the causes of `err`, for `--debug`.
 *
 * @example
 * ```ts
 * import { debugLines } from "./errors.ts";
 * const lines = debugLines(new Error("boom", { cause: new Error("root") }));
 * console.log(lines.some((l) => l.includes("root"))); // true (the cause is shown too)
 * ```
 */
export function debugLines(err: unknown): string[] {
  return causeChain(err).map((e, i) =>
    `${i === 0 ? "" : "caused by: "}${
      clean(e instanceof Error ? e.stack ?? e.message : String(e))
        .replaceAll("\\n", "\n")
    }`
  );
}
