/**
 * Which Lambda Cloud the tool talks to, and with which key: the real API,
 * an emulator server in another process (so several calls share its
 * state), or an emulator embedded in this process.
 *
 * The user's real key (`LAMBDA_API_KEY`, or `~/.lambda_cloud/lambda_keys`)
 * goes only to Lambda's own origin, `https://cloud.lambda.ai`. Any other
 * base URL gets the key meant for it: `LAMBDA_MOCK_API_KEY`, or the
 * emulator's default key. The one exception is explicit and names the
 * host: `--send-key-to HOST` (or `LAMBDA_SEND_KEY_TO`), for a proxy in
 * front of Lambda; even then a key never travels over plain `http` except
 * to this machine.
 *
 * @module
 */

import type { LambdaLabsClient } from "../src/lambda/client.ts";
import { UsageError } from "./args.ts";
import type { InterruptSource } from "./interrupt.ts";
import { CREDENTIALS_FILE, findLambdaKey } from "./credentials.ts";

/** Lambda's public API. */
export const LAMBDA_BASE_URL = "https://cloud.lambda.ai";

/** The only origin that ever receives the user's real key (unless `--send-key-to`). */
const LAMBDA_ORIGIN = new URL(LAMBDA_BASE_URL).origin;

/**
 * The key the emulator accepts unless told otherwise; the tool sends it to
 * emulators when `LAMBDA_MOCK_API_KEY` is unset. It is no secret.
 */
export const EMULATOR_API_KEY = "test-key";

/** The variable holding the key for a base URL other than Lambda's. */
export const MOCK_KEY_VARIABLE = "LAMBDA_MOCK_API_KEY";

/**
 * Seconds an instance of the embedded emulator takes to boot: short, so a
 * `launch --wait` in a demo finishes while one watches.
 */
export const EMBEDDED_BOOT_SECONDS = 3;

/**
 * A `fetch`-shaped function: what the client and the emulator exchange.
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, type FetchLike, runCli } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const server = await createMockLambda().listen({ port: 0 });
 * let requests = 0;
 * const counting: FetchLike = (input, init) => {
 *   requests++;
 *   return fetch(input, init);
 * };
 * const io: CliIo = { stdout: () => {}, stderr: () => {}, isTerminal: () => false };
 * await runCli(["regions", "--base-url", server.url], {}, io, { ...defaultCliDeps(), fetch: counting });
 * console.log(requests); // 2 (instance types and regions)
 * await server.close();
 * ```
 */
export type FetchLike = (
  input: Request | URL | string,
  init?: RequestInit,
) => Promise<Response>;

/**
 * What the tool needs of an emulator (`createMockLambda` from `mock/mod.ts`
 * returns one).
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, type Emulator, runCli } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * // One emulator for several runs, so that the second sees what the first launched.
 * const mock = createMockLambda();
 * const emulator: Emulator = mock;
 * const { sleep, now } = mock.clientOptions();
 * const deps = { ...defaultCliDeps(), emulator, sleep, now };
 * let out = "";
 * const io: CliIo = { stdout: (t) => { out += t; }, stderr: () => {}, isTerminal: () => false };
 * await runCli(["launch", "--mock", "--type", "gpu_1x_a10", "--region", "us-west-1", "--wait", "-o", "ids"], {}, io, deps);
 * const launched = out.trim();
 * out = "";
 * await runCli(["instances", "--mock", "-o", "ids"], {}, io, deps);
 * console.log(out.trim() === launched); // true
 * ```
 */
export interface Emulator {
  /** An in-process `fetch` served by the emulator. */
  fetch: FetchLike;
  /** Serves the emulator over HTTP. */
  listen(
    options?: { hostname?: string; port?: number },
  ): Promise<{ url: string; port: number; close(): Promise<void> }>;
  /** The options in force; the tool reads the API key it expects. */
  readonly options: { readonly apiKey: string };
}

/**
 * Options for making an emulator.
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, type EmulatorOptions, runCli } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * let asked: EmulatorOptions | undefined;
 * const deps = {
 *   ...defaultCliDeps(),
 *   createEmulator: (options: EmulatorOptions) => {
 *     asked = options;
 *     return createMockLambda(options);
 *   },
 * };
 * const io: CliIo = { stdout: () => {}, stderr: () => {}, isTerminal: () => false };
 * await runCli(["regions", "--mock"], {}, io, deps);
 * console.log(asked); // { apiKey: "test-key", clock: "real", bootSeconds: 3 }
 * ```
 */
export interface EmulatorOptions {
  /** The key clients must send. */
  apiKey?: string;
  /** Seed of ids, addresses and generated keys. */
  seed?: number;
  /** `"real"` follows wall time; `"manual"` moves only when advanced. */
  clock?: "real" | "manual";
  /** Seconds from launch to running. */
  bootSeconds?: number;
}

/**
 * Options for making a client.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { type ClientOptions, type CliIo, defaultCliDeps, runCli } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const server = await createMockLambda().listen({ port: 0 });
 * const baseUrls: string[] = [];
 * const deps = {
 *   ...defaultCliDeps(),
 *   createClient: (options: ClientOptions) => {
 *     baseUrls.push(options.baseUrl);
 *     return new LambdaLabsClient({ refId: "my-tool", ...options });
 *   },
 * };
 * const io: CliIo = { stdout: () => {}, stderr: () => {}, isTerminal: () => false };
 * await runCli(["regions", "--base-url", server.url], {}, io, deps);
 * console.log(baseUrls[0] === server.url); // true
 * await server.close();
 * ```
 */
export interface ClientOptions {
  /** The API key. */
  apiKey: string;
  /** Where the API is. */
  baseUrl: string;
  /** The fetch to send requests with. */
  fetch: FetchLike;
  /**
   * Lets the client send the key over plain http to a host that is not
   * loopback (the library refuses it otherwise): set only for an emulator
   * server, whose key is the emulator's own.
   */
  allowInsecureHttp?: boolean;
}

/**
 * The outside world of the tool, injected so tests run it in-process
 * against an emulator with no real waiting.
 *
 * @example
 * ```ts
 * import { type CliDeps, type CliIo, defaultCliDeps, runCli } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * // The emulator's manual clock: `launch --wait` returns without waiting for the boot.
 * const mock = createMockLambda();
 * const { sleep, now } = mock.clientOptions();
 * const deps: CliDeps = { ...defaultCliDeps(), emulator: mock, sleep, now };
 * const io: CliIo = { stdout: () => {}, stderr: () => {}, isTerminal: () => false };
 * const code = await runCli(["launch", "--mock", "--type", "gpu_1x_a10", "--region", "us-west-1", "--wait"], {}, io, deps);
 * console.log(code, mock.state.instances[0].status); // 0 active
 * ```
 */
export interface CliDeps {
  /** Makes the Lambda client (the tool passes `LambdaLabsClient`). */
  createClient(options: ClientOptions): LambdaLabsClient;
  /** Makes an emulator, for `--mock` and the `mock` command. */
  createEmulator(options: EmulatorOptions): Emulator;
  /** An emulator to use for `--mock` instead of a fresh one (tests share one across calls). */
  emulator?: Emulator;
  /** The fetch for real and server targets (default: global `fetch`). */
  fetch?: FetchLike;
  /** Replaces the timer of waits (tests advance a manual clock instead). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Replaces `Date.now` in waits. */
  now?: () => number;
  /** Reads a file (default `Deno.readTextFile`): key files, the credentials file. */
  readTextFile?: (path: string) => Promise<string>;
  /** Resolves when `mock` should stop serving (default: at the first interrupt). */
  untilStopped?: () => Promise<void>;
  /** Where interrupts come from (default: the process's SIGINT and SIGTERM). */
  interrupts?: InterruptSource;
}

/**
 * Where requests go and with which key: what a client is made from.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { resolveTarget, type Target } from "./target.ts";
 * const target: Target = await resolveTarget({ mock: true }, {}, defaultCliDeps());
 * if (target.kind === "embedded-emulator") console.log("state is lost on exit"); // printed
 * ```
 */
export interface Target {
  /**
   * `lambda`: the user's real key, to Lambda (or to the host named by
   * `--send-key-to`); `emulator-server`: another base URL, with the key
   * meant for it; `embedded-emulator`: an emulator inside this process.
   */
  kind: "lambda" | "emulator-server" | "embedded-emulator";
  /** The base URL requests go to. */
  baseUrl: string;
  /** The key sent; never printed. */
  apiKey: string;
  /** The fetch requests go through. */
  fetch: FetchLike;
}

/**
 * Which target answered, as every `--json` document states it.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { resolveTarget, type TargetJson } from "./target.ts";
 * const json: TargetJson = (await resolveTarget({ mock: false }, { LAMBDA_API_KEY: "secret" }, defaultCliDeps())).json;
 * console.log(json); // { kind: "lambda", url: "https://cloud.lambda.ai", key: "LAMBDA_API_KEY" }
 * ```
 */
export interface TargetJson {
  /** As {@link Target.kind}. */
  kind: Target["kind"];
  /** The base URL, or `"in-process"` for the embedded emulator. */
  url: string;
  /** Where the key came from (never the key). */
  key: string;
}

/**
 * A {@link Target} and what the tool says about it.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { type ResolvedTarget, resolveTarget } from "./target.ts";
 * const target: ResolvedTarget = await resolveTarget({ mock: true }, {}, defaultCliDeps());
 * console.log(target.json.url, target.label); // in-process the embedded emulator
 * ```
 */
export interface ResolvedTarget extends Target {
  /** Where the key came from: a variable, the credentials file, or the emulator's default. */
  keySource: string;
  /** What `--json` documents say about it. */
  json: TargetJson;
  /** Lines for stderr: always shown for anything but Lambda itself. */
  notes: string[];
  /** Lines for stderr shown with `-v`. */
  verboseNotes: string[];
  /** How errors name it: its URL, or "the embedded emulator". */
  label: string;
}

/**
 * No credentials for Lambda Cloud, and no emulator asked for: the tool
 * exits with its own code (3) instead of quietly using a fake cloud.
 *
 * @example
 * ```ts
 * import { NoCredentialsError } from "./target.ts";
 * const err = new NoCredentialsError();
 * console.log(err.code); // "no-credentials"
 * ```
 */
export class NoCredentialsError extends Error {
  /** Always `"NoCredentialsError"`. */
  override readonly name: string = "NoCredentialsError";
  /** Always `"no-credentials"`. */
  readonly code = "no-credentials";

  /** Creates the error with a message that says how to fix it. */
  constructor() {
    super(
      `no Lambda Cloud API key: set LAMBDA_API_KEY, or write \`api_key = …\` to ${CREDENTIALS_FILE} (create a key at ${LAMBDA_BASE_URL}/api-keys). To try the tool offline, add --mock.`,
    );
  }
}

/**
 * How the user asked for a target.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { resolveTarget, type TargetOptions } from "./target.ts";
 * const options: TargetOptions = { mock: false, baseUrl: "http://127.0.0.1:8787" };
 * const target = await resolveTarget(options, { LAMBDA_API_KEY: "secret" }, defaultCliDeps());
 * console.log(target.kind, target.keySource); // emulator-server emulator default (the real key stays home)
 * ```
 */
export interface TargetOptions {
  /** `--mock`: an emulator, never the real key. */
  mock: boolean;
  /** `--base-url` (wins over `LAMBDA_BASE_URL`). */
  baseUrl?: string;
  /** `--send-key-to` (wins over `LAMBDA_SEND_KEY_TO`). */
  sendKeyTo?: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/**
 * Parses a base URL; throws {@link UsageError} naming where it came from.
 *
 * @example
 * ```ts
 * import { checkBaseUrl } from "./target.ts";
 * console.log(checkBaseUrl("http://127.0.0.1:8787/", "--base-url").origin); // "http://127.0.0.1:8787"
 * ```
 */
export function checkBaseUrl(url: string, source: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`bad ${source} "${url}": not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`bad ${source} "${url}": expected http(s)://…`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new UsageError(
      `bad ${source}: a URL with a user or password would put a secret on the command line`,
    );
  }
  return parsed;
}

/**
 * Chooses the target from flags and environment (see the module
 * documentation for where keys go):
 *
 * - `--mock` → an emulator: the server at `--base-url` / `LAMBDA_BASE_URL`
 *   when one is given, else one embedded in this process;
 * - no URL, or Lambda's own → Lambda with the user's key, or
 *   {@link NoCredentialsError} when there is none;
 * - another URL → that server with `LAMBDA_MOCK_API_KEY` (or the emulator's
 *   default key), unless `--send-key-to` names its host.
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { resolveTarget } from "./target.ts";
 * const target = await resolveTarget({ mock: false }, { LAMBDA_API_KEY: "k" }, defaultCliDeps());
 * console.log(target.kind, target.baseUrl); // lambda https://cloud.lambda.ai
 * ```
 */
export async function resolveTarget(
  options: TargetOptions,
  env: Readonly<Record<string, string | undefined>>,
  deps: CliDeps,
): Promise<ResolvedTarget> {
  const urlSource = options.baseUrl !== undefined
    ? "--base-url"
    : "LAMBDA_BASE_URL";
  const urlText = options.baseUrl ?? nonEmpty(env.LAMBDA_BASE_URL);
  const url = urlText === undefined
    ? undefined
    : checkBaseUrl(urlText, urlSource);
  const baseUrl = url?.href.replace(/\/+$/, "");
  const sendKeyTo = options.sendKeyTo ?? nonEmpty(env.LAMBDA_SEND_KEY_TO);
  const fetchFn: FetchLike = deps.fetch ??
    ((input, init) => fetch(input, init));
  const readTextFile = deps.readTextFile ?? Deno.readTextFile;

  if (options.mock && options.sendKeyTo !== undefined) {
    throw new UsageError(
      "--send-key-to cannot be used with --mock: emulators never get your key",
    );
  }
  if (options.mock && url === undefined) {
    const emulator = deps.emulator ?? deps.createEmulator({
      apiKey: EMULATOR_API_KEY,
      clock: "real",
      bootSeconds: EMBEDDED_BOOT_SECONDS,
    });
    const keySource = "the emulator's own key";
    return {
      kind: "embedded-emulator",
      // The in-process fetch ignores the origin; https because the client
      // sends a key over plain http only to loopback.
      baseUrl: "https://emulator.invalid",
      apiKey: emulator.options.apiKey,
      fetch: emulator.fetch,
      keySource,
      json: { kind: "embedded-emulator", url: "in-process", key: keySource },
      notes: [
        "using the embedded Lambda Cloud emulator (--mock); its state lasts for this command only",
      ],
      verboseNotes: [],
      label: "the embedded emulator",
    };
  }
  if (!options.mock && (url === undefined || url.origin === LAMBDA_ORIGIN)) {
    const key = await findLambdaKey(env, readTextFile);
    if (key === undefined) throw new NoCredentialsError();
    const base = baseUrl ?? LAMBDA_BASE_URL;
    return {
      kind: "lambda",
      baseUrl: base,
      apiKey: key.apiKey,
      fetch: fetchFn,
      keySource: key.source,
      json: { kind: "lambda", url: base, key: key.source },
      notes: [],
      verboseNotes: [`using Lambda Cloud at ${base} (key from ${key.source})`],
      label: base,
    };
  }
  const server = url!;
  const base = baseUrl!;
  if (
    !options.mock && sendKeyTo !== undefined &&
    [server.host, server.hostname].includes(sendKeyTo.toLowerCase())
  ) {
    if (server.protocol === "http:" && !isLoopback(server.hostname)) {
      throw new UsageError(
        `refusing to send your Lambda API key to ${server.host} over plain http: use https`,
      );
    }
    const key = await findLambdaKey(env, readTextFile);
    if (key === undefined) throw new NoCredentialsError();
    return {
      kind: "lambda",
      baseUrl: base,
      apiKey: key.apiKey,
      fetch: fetchFn,
      keySource: key.source,
      json: { kind: "lambda", url: base, key: key.source },
      notes: [
        `sending your Lambda API key (key from ${key.source}) to ${server.host}, as --send-key-to asks`,
      ],
      verboseNotes: [],
      label: base,
    };
  }
  if (sendKeyTo !== undefined && !options.mock) {
    throw new UsageError(
      `--send-key-to ${sendKeyTo} does not name the host of ${base} (${server.host})`,
    );
  }
  const mockKey = nonEmpty(env[MOCK_KEY_VARIABLE]);
  const keySource = mockKey !== undefined
    ? `key from ${MOCK_KEY_VARIABLE}`
    : `the emulator's default key; ${MOCK_KEY_VARIABLE} sets another`;
  const withheld = nonEmpty(env.LAMBDA_API_KEY) !== undefined
    ? [
      `LAMBDA_API_KEY is not sent to it: your key goes only to ${LAMBDA_BASE_URL} (--send-key-to ${server.host} would send it here)`,
    ]
    : [];
  return {
    kind: "emulator-server",
    baseUrl: base,
    apiKey: mockKey ?? EMULATOR_API_KEY,
    fetch: fetchFn,
    keySource: mockKey !== undefined ? MOCK_KEY_VARIABLE : "emulator default",
    json: {
      kind: "emulator-server",
      url: base,
      key: mockKey !== undefined ? MOCK_KEY_VARIABLE : "emulator default",
    },
    notes: [
      `using the Lambda Cloud emulator at ${base} (${keySource})`,
      ...withheld,
    ],
    verboseNotes: [],
    label: base,
  };
}
