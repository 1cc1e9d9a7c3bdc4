/**
 * Which Lambda Cloud the tool talks to: the real API, an emulator server in
 * another process (so several calls share its state), or an emulator
 * embedded in this process.
 *
 * @module
 */

import type { LambdaLabsClient } from "../src/lambda/client.ts";

/** Lambda's public API. */
export const LAMBDA_BASE_URL = "https://cloud.lambda.ai";

/**
 * The key the emulator accepts unless told otherwise; the tool sends it to
 * emulators when `LAMBDA_API_KEY` is unset.
 */
export const EMULATOR_API_KEY = "test-key";

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
 * import type { FetchLike } from "./target.ts";
 * const viaProxy: FetchLike = (input, init) => fetch(input, init);
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
 * import type { Emulator } from "./target.ts";
 * declare const emulator: Emulator;
 * const server = await emulator.listen({ hostname: "127.0.0.1", port: 0 });
 * console.log(server.url);
 * await server.close();
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
 * import type { EmulatorOptions } from "./target.ts";
 * const options: EmulatorOptions = { apiKey: "test-key", clock: "real", bootSeconds: 3 };
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
 * import type { ClientOptions } from "./target.ts";
 * const options: ClientOptions = { apiKey: "k", baseUrl: "https://cloud.lambda.ai", fetch };
 * ```
 */
export interface ClientOptions {
  /** The API key. */
  apiKey: string;
  /** Where the API is. */
  baseUrl: string;
  /** The fetch to send requests with. */
  fetch: FetchLike;
}

/**
 * The outside world of the tool, injected so tests run it in-process
 * against an emulator with no real waiting.
 *
 * @example
 * ```ts
 * import type { CliDeps } from "./target.ts";
 * declare const deps: CliDeps;
 * const client = deps.createClient({ apiKey: "k", baseUrl: "https://cloud.lambda.ai", fetch });
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
  /** Reads a file (default `Deno.readTextFile`). */
  readTextFile?: (path: string) => Promise<string>;
  /** Resolves when `mock` should stop serving (default: on SIGINT or SIGTERM). */
  untilStopped?: () => Promise<void>;
}

/**
 * The API the tool talks to.
 *
 * @example
 * ```ts
 * import type { Target } from "./target.ts";
 * declare const target: Target;
 * if (target.kind === "embedded-emulator") console.log("state is lost on exit");
 * ```
 */
export interface Target {
  /** `lambda`: the real API (or any server given with a key); `emulator-server`: a standalone emulator; `embedded-emulator`: one inside this process. */
  kind: "lambda" | "emulator-server" | "embedded-emulator";
  /** The base URL requests go to. */
  baseUrl: string;
  /** The key sent; never printed. */
  apiKey: string;
  /** The fetch requests go through. */
  fetch: FetchLike;
}

/**
 * Chooses the target from flags and environment:
 *
 * - `LAMBDA_API_KEY` set and no `--mock` → the API at `--base-url`,
 *   `LAMBDA_BASE_URL` or Lambda's public URL;
 * - otherwise (no key, or `--mock`) → an emulator: the server at
 *   `--base-url` / `LAMBDA_BASE_URL` when one is given, else an embedded
 *   one that lives as long as this process.
 *
 * @example
 * ```ts
 * import { resolveTarget } from "./target.ts";
 * import type { CliDeps } from "./target.ts";
 * declare const deps: CliDeps;
 * const target = resolveTarget({ mock: false, baseUrl: undefined }, { LAMBDA_API_KEY: "k" }, deps);
 * console.log(target.kind); // "lambda"
 * ```
 */
export function resolveTarget(
  options: { mock: boolean; baseUrl: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
  deps: CliDeps,
): Target {
  const apiKey = nonEmpty(env.LAMBDA_API_KEY);
  const baseUrl = trimSlash(
    options.baseUrl ?? nonEmpty(env.LAMBDA_BASE_URL),
  );
  const fetchFn: FetchLike = deps.fetch ??
    ((input, init) => fetch(input, init));
  if (apiKey !== undefined && !options.mock) {
    return {
      kind: "lambda",
      baseUrl: baseUrl ?? LAMBDA_BASE_URL,
      apiKey,
      fetch: fetchFn,
    };
  }
  // An emulator never gets the real key: a server may be plain HTTP on a
  // shared host, and it accepts the emulator's own key anyway.
  if (baseUrl !== undefined) {
    return {
      kind: "emulator-server",
      baseUrl,
      apiKey: EMULATOR_API_KEY,
      fetch: fetchFn,
    };
  }
  const emulator = deps.emulator ?? deps.createEmulator({
    apiKey: EMULATOR_API_KEY,
    clock: "real",
    bootSeconds: EMBEDDED_BOOT_SECONDS,
  });
  return {
    kind: "embedded-emulator",
    // The in-process fetch ignores the origin; https because the client
    // sends a key over plain http only to loopback.
    baseUrl: "https://emulator.invalid",
    apiKey: emulator.options.apiKey,
    fetch: emulator.fetch,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function trimSlash(url: string | undefined): string | undefined {
  return url?.replace(/\/+$/, "");
}
