/**
 * The standalone emulator server:
 *
 * ```sh
 * LAMBDA_MOCK_API_KEY=k deno task mock --port 8787 [--seed 1] [--boot-seconds 60]
 *   [--clock real|manual] [--hostname 127.0.0.1] [--fault-rate 0.2]
 *   [--admin-token TOKEN|generate] [--allowed-host NAME]… [--request-log 500]
 *   [--rate-limits lambda|off] [--answers omit-optional,nulls,extra-fields]
 * ```
 *
 * Prints `listening on http://<hostname>:<port>` and the console's address
 * (`console: …/_mock/`), and serves until killed. The clock is real by
 * default here (a manual clock moves only through
 * `POST /_mock/clock/advance`), and Lambda's rate limits are on (admin
 * routes are never limited). Admin routes: `POST /_mock/reset`,
 * `POST /_mock/clock/advance` `{"ms": n}`, `GET /_mock/state`,
 * `GET|POST|DELETE /_mock/faults`, `GET|POST /_mock/rate-limits`
 * `{"mode": "lambda"|"off"}`, `POST /_mock/instances/{id}/status`,
 * `POST /_mock/instances/{id}/terminate`, and the console at `GET /_mock/`.
 *
 * The API key comes from `LAMBDA_MOCK_API_KEY` (or `--api-key`, which every
 * user of the machine can read in the process list); the admin token from
 * `LAMBDA_MOCK_ADMIN_TOKEN` or `--admin-token` (`generate` makes one and
 * prints it in the console's address).
 *
 * @module
 */
import { parseArgs as parseFlags } from "node:util";
import { spreadFaultRate } from "./faults.ts";
import {
  createMockLambda,
  type MockAnswerOptions,
  type MockLambdaOptions,
} from "./mod.ts";

/**
 * Parsed command line and environment.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./main.ts";
 * console.log(parseArgs(["--port", "8787"], { LAMBDA_MOCK_API_KEY: "k" }).options.apiKey); // "k"
 * ```
 */
export interface MainArgs {
  /** Port (default 8787; 0 = any free port). */
  port: number;
  /** Interface (default 127.0.0.1). */
  hostname: string;
  /** More `Host` names to serve (`--allowed-host`, repeatable). */
  allowedHosts: string[];
  /** Whether the admin token was generated here (and must be printed). */
  generatedAdminToken: boolean;
  /** Emulator options. */
  options: MockLambdaOptions;
  /** Warnings to print on stderr before serving. */
  warnings: string[];
}

const USAGE =
  `usage: deno task mock [--port N] [--seed N] [--boot-seconds N] [--clock real|manual]
                      [--hostname HOST] [--fault-rate R] [--allowed-host NAME]...
                      [--admin-token TOKEN|generate] [--request-log N] [--api-key KEY]
                      [--rate-limits lambda|off]
                      [--answers omit-optional,nulls,extra-fields|complete]
environment: LAMBDA_MOCK_API_KEY (the API key, default "test-key"),
             LAMBDA_MOCK_ADMIN_TOKEN (the admin token; none by default)`;

const FLAGS = {
  port: { type: "string" },
  hostname: { type: "string" },
  "api-key": { type: "string" },
  seed: { type: "string" },
  "boot-seconds": { type: "string" },
  clock: { type: "string" },
  "fault-rate": { type: "string" },
  "admin-token": { type: "string" },
  "allowed-host": { type: "string", multiple: true },
  "request-log": { type: "string" },
  "rate-limits": { type: "string" },
  answers: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseFlagValues(argv: readonly string[]) {
  return parseFlags({
    args: [...argv],
    options: FLAGS,
    strict: true,
    allowPositionals: false,
  }).values;
}

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

/** Environment variables read (`--allow-env` needs only these). @example `ENV_VARS[0] // "LAMBDA_MOCK_API_KEY"` */
export const ENV_VARS = [
  "LAMBDA_MOCK_API_KEY",
  "LAMBDA_MOCK_ADMIN_TOKEN",
] as const;

/**
 * Parses the flags (`--name value` or `--name=value`) and the environment;
 * throws an `Error` naming the flag, with the usage, on bad input.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./main.ts";
 * console.log(parseArgs(["--clock=manual", "--fault-rate", "0.2"]).options.clock); // "manual"
 * ```
 */
export function parseArgs(
  argv: readonly string[],
  env: Readonly<Partial<Record<(typeof ENV_VARS)[number], string>>> = {},
): MainArgs {
  const fail = (msg: string): never => {
    throw new Error(`${msg}\n${USAGE}`);
  };
  let values: ReturnType<typeof parseFlagValues>;
  try {
    values = parseFlagValues(argv);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (values.help) fail("");
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n)) {
      fail(`--${name} needs a number`);
    }
    return n;
  };
  const out: MainArgs = {
    port: 8787,
    hostname: values.hostname ?? "127.0.0.1",
    allowedHosts: values["allowed-host"] ?? [],
    generatedAdminToken: false,
    options: { clock: "real", requestLog: 500, rateLimits: "lambda" },
    warnings: [],
  };
  if (out.hostname === "") fail("--hostname must not be empty");
  const hostName = (h: string) =>
    /^[A-Za-z0-9.-]+$/.test(h) ||
    (/^\[?[0-9A-Fa-f:.]+\]?$/.test(h) && h.split(":").length > 2);
  if (!out.allowedHosts.every(hostName)) {
    fail("--allowed-host must be a host name or IP, without port");
  }
  if (values.port !== undefined) {
    const p = num("port", values.port);
    if (!Number.isInteger(p) || p < 0 || p > 65535) {
      fail("--port must be 0–65535");
    }
    out.port = p;
  }
  const apiKey = values["api-key"] ?? env.LAMBDA_MOCK_API_KEY;
  if (values["api-key"] !== undefined) {
    out.warnings.push(
      "warning: --api-key is visible to every user of this machine in the process list; set LAMBDA_MOCK_API_KEY instead",
    );
  }
  if (apiKey !== undefined) {
    if (apiKey === "") {
      fail(
        values["api-key"] !== undefined
          ? "--api-key must not be empty"
          : "LAMBDA_MOCK_API_KEY must not be empty",
      );
    }
    out.options.apiKey = apiKey;
  }
  if (values.seed !== undefined) out.options.seed = num("seed", values.seed);
  if (values["boot-seconds"] !== undefined) {
    const s = num("boot-seconds", values["boot-seconds"]);
    if (s < 0) fail("--boot-seconds must be >= 0");
    out.options.bootSeconds = s;
  }
  if (values.clock !== undefined) {
    if (values.clock !== "real" && values.clock !== "manual") {
      fail("--clock must be real or manual");
    }
    out.options.clock = values.clock as "real" | "manual";
  }
  if (values["fault-rate"] !== undefined) {
    const r = num("fault-rate", values["fault-rate"]);
    if (r < 0 || r > 1) fail("--fault-rate must be from 0 to 1");
    out.options.faults = spreadFaultRate(r);
  }
  if (values["rate-limits"] !== undefined) {
    const limits = values["rate-limits"];
    if (limits !== "lambda" && limits !== "off") {
      fail("--rate-limits must be lambda or off");
    }
    out.options.rateLimits = limits as "lambda" | "off";
  }
  if (values.answers !== undefined) {
    out.options.answers = parseAnswers(values.answers) ?? fail(
      "--answers takes omit-optional, nulls, extra-fields (comma-separated) or complete",
    );
  }
  if (values["request-log"] !== undefined) {
    const n = num("request-log", values["request-log"]);
    if (!Number.isInteger(n) || n < 0 || n > 100_000) {
      fail("--request-log must be an integer from 0 to 100000");
    }
    out.options.requestLog = n;
  }
  const token = values["admin-token"] ?? env.LAMBDA_MOCK_ADMIN_TOKEN;
  if (token !== undefined) {
    if (token.length < 8 || /\s/.test(token)) {
      fail("--admin-token must be at least 8 characters, without spaces");
    }
    if (token === "generate") {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      out.options.adminToken = [...bytes]
        .map((b) => b.toString(16).padStart(2, "0"))
        .join("");
      out.generatedAdminToken = true;
    } else {
      out.options.adminToken = token;
    }
  }
  if (out.options.faults && out.options.seed !== undefined) {
    out.options.faults.seed = out.options.seed;
  }
  return out;
}

function readEnv(): Partial<Record<(typeof ENV_VARS)[number], string>> {
  const env: Partial<Record<(typeof ENV_VARS)[number], string>> = {};
  for (const name of ENV_VARS) {
    try {
      const value = Deno.env.get(name);
      if (value !== undefined) env[name] = value;
    } catch {
      // No permission to read it: as if unset.
    }
  }
  return env;
}

if (import.meta.main) {
  let args: MainArgs;
  try {
    args = parseArgs(Deno.args, readEnv());
  } catch (err) {
    console.error((err as Error).message.trim());
    Deno.exit(2);
  }
  for (const warning of args.warnings) console.error(warning);
  const mock = createMockLambda(args.options);
  const server = await mock.listen({
    hostname: args.hostname,
    port: args.port,
    allowedHosts: args.allowedHosts,
  });
  console.log(`listening on ${server.url}`);
  // The token goes in the fragment: browsers never send it to a server.
  const fragment = args.generatedAdminToken
    ? `#token=${args.options.adminToken}`
    : "";
  console.log(`console: ${server.url}/_mock/${fragment}`);
  if (args.generatedAdminToken) {
    console.log(
      `admin token: ${args.options.adminToken} (send it as X-Mock-Admin-Token)`,
    );
  }
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
