/**
 * The standalone emulator server:
 *
 * ```sh
 * deno task mock --port 8787 --api-key k [--seed 1] [--boot-seconds 60]
 *   [--clock real|manual] [--hostname 127.0.0.1] [--fault-rate 0.2]
 *   [--rate-limits lambda|off] [--answers omit-optional,nulls,extra-fields]
 * ```
 *
 * Prints `listening on http://<hostname>:<port>` and serves until killed.
 * The clock is real by default here (a manual clock moves only through
 * `POST /_mock/clock/advance`), and Lambda's rate limits are on (admin
 * routes are never limited). Admin routes: `POST /_mock/reset`,
 * `POST /_mock/clock/advance` `{"ms": n}`, `GET /_mock/state`,
 * `GET|POST|DELETE /_mock/faults`, `POST /_mock/instances/{id}/status`.
 *
 * @module
 */
import { spreadFaultRate } from "./faults.ts";
import {
  createMockLambda,
  type MockAnswerOptions,
  type MockLambdaOptions,
} from "./mod.ts";

/**
 * Parsed command-line flags.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./main.ts";
 * parseArgs(["--port", "8787", "--api-key", "k"]).port; // 8787
 * ```
 */
export interface MainArgs {
  /** Port (default 8787; 0 = any free port). */
  port: number;
  /** Interface (default 127.0.0.1). */
  hostname: string;
  /** Emulator options. */
  options: MockLambdaOptions;
}

const USAGE =
  `usage: deno task mock [--port N] [--api-key KEY] [--seed N] [--boot-seconds N]
                      [--clock real|manual] [--hostname HOST] [--fault-rate R]
                      [--rate-limits lambda|off]
                      [--answers omit-optional,nulls,extra-fields|complete]`;

/** `omit-optional,nulls,extra-fields` → answer options; `complete` → none. */
function parseAnswers(value: string): MockAnswerOptions | undefined {
  if (value === "complete") return {};
  const out: MockAnswerOptions = {};
  for (const kind of value.split(",")) {
    if (kind === "omit-optional") out.omitOptional = true;
    else if (kind === "nulls") out.nulls = true;
    else if (kind === "extra-fields") out.extraFields = true;
    else return undefined;
  }
  return out;
}

/**
 * Parses the flags (`--name value` or `--name=value`); throws an `Error`
 * with the usage on a bad flag.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./main.ts";
 * parseArgs(["--clock=manual", "--fault-rate", "0.2"]).options.clock; // "manual"
 * ```
 */
export function parseArgs(argv: readonly string[]): MainArgs {
  const out: MainArgs = {
    port: 8787,
    hostname: "127.0.0.1",
    options: { clock: "real", rateLimits: "lambda" },
  };
  const fail = (msg: string): never => {
    throw new Error(`${msg}\n${USAGE}`);
  };
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n)) {
      fail(`--${name} needs a number`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    if (arg === "--help" || arg === "-h") fail("");
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (!arg.startsWith("--")) fail(`unexpected argument: ${arg}`);
    const name = arg.slice(2);
    if (value === undefined) {
      if (i + 1 >= argv.length) fail(`--${name} needs a value`);
      value = argv[++i];
    }
    switch (name) {
      case "port": {
        const p = num(name, value);
        if (!Number.isInteger(p) || p < 0 || p > 65535) {
          fail("--port must be 0–65535");
        }
        out.port = p;
        break;
      }
      case "api-key":
        if (value === "") fail("--api-key must not be empty");
        out.options.apiKey = value;
        break;
      case "seed":
        out.options.seed = num(name, value);
        break;
      case "boot-seconds": {
        const s = num(name, value);
        if (s < 0) fail("--boot-seconds must be >= 0");
        out.options.bootSeconds = s;
        break;
      }
      case "clock":
        if (value !== "real" && value !== "manual") {
          fail("--clock must be real or manual");
        }
        out.options.clock = value as "real" | "manual";
        break;
      case "hostname":
        out.hostname = value;
        break;
      case "rate-limits":
        if (value !== "lambda" && value !== "off") {
          fail("--rate-limits must be lambda or off");
        }
        out.options.rateLimits = value as "lambda" | "off";
        break;
      case "answers":
        out.options.answers = parseAnswers(value) ?? fail(
          "--answers takes omit-optional, nulls, extra-fields (comma-separated) or complete",
        );
        break;
      case "fault-rate": {
        const r = num(name, value);
        if (r < 0 || r > 1) fail("--fault-rate must be from 0 to 1");
        out.options.faults = spreadFaultRate(r);
        break;
      }
      default:
        fail(`unknown flag: --${name}`);
    }
  }
  if (out.options.faults && out.options.seed !== undefined) {
    out.options.faults.seed = out.options.seed;
  }
  return out;
}

if (import.meta.main) {
  let args: MainArgs;
  try {
    args = parseArgs(Deno.args);
  } catch (err) {
    console.error((err as Error).message.trim());
    Deno.exit(2);
  }
  const mock = createMockLambda(args.options);
  const server = await mock.listen({
    hostname: args.hostname,
    port: args.port,
  });
  console.log(`listening on ${server.url}`);
  const stop = async () => {
    await server.close();
    Deno.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(signal, stop);
    } catch {
      // Not every platform has every signal.
    }
  }
}
