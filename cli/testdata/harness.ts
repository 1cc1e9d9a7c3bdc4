/**
 * The tool wired to one emulator on a manual clock that waits move, for the
 * in-process tests of the CLI.
 *
 * @module
 */

import assert from "node:assert/strict";
import { LambdaLabsClient } from "../../mod.ts";
import { createMockLambda, type MockLambdaOptions } from "../../mock/mod.ts";
import { EXIT_OK, runCli } from "../main.ts";
import type { CliIo } from "../output.ts";
import type { CliDeps } from "../target.ts";

/** The key the in-process emulator expects. */
export const KEY = "test-key";

/** What one run printed. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  /** Append `--mock` (default true): most tests talk to the embedded emulator. */
  mock?: boolean;
  /** Whether stderr is a terminal. */
  isTerminal?: boolean;
  /** Answers to prompts, in order; present means stdin is a terminal. */
  answers?: string[];
}

/**
 * A harness: `run` runs the tool in-process, `json` runs it with `--json`
 * and parses stdout. Credentials are looked up under a HOME that does not
 * exist, so the machine's own `~/.lambda_cloud` is never read.
 */
export function harness(
  options: MockLambdaOptions = {},
  extra: Partial<CliDeps> = {},
) {
  const mock = createMockLambda({
    apiKey: KEY,
    seed: 1,
    clock: "manual",
    bootSeconds: 60,
    ...options,
  });
  const sleep = (ms: number) => {
    mock.clock.advance(ms);
    return Promise.resolve();
  };
  const deps: CliDeps = {
    createClient: (client) =>
      new LambdaLabsClient({
        refId: "cli-test",
        apiKey: client.apiKey,
        baseUrl: client.baseUrl,
        fetch: client.fetch as typeof globalThis.fetch,
        maxCreateRequestsPerMinute: Infinity,
        sleep,
        now: () => mock.clock.now(),
      }),
    createEmulator: () => mock,
    emulator: mock,
    sleep,
    now: () => mock.clock.now(),
    ...extra,
  };
  const prompts: string[] = [];
  const run = async (
    args: string[],
    env: Record<string, string> = {},
    opts: RunOptions = {},
  ): Promise<RunResult> => {
    let stdout = "";
    let stderr = "";
    const answers = opts.answers ? [...opts.answers] : undefined;
    const io: CliIo = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      isTerminal: () => opts.isTerminal ?? false,
      ...(answers
        ? {
          prompt: (question: string) => {
            prompts.push(question);
            return Promise.resolve(answers.shift() ?? null);
          },
        }
        : {}),
    };
    const code = await runCli(
      opts.mock === false ? args : [...args, "--mock"],
      { HOME: "/nonexistent-home-of-cli-tests", ...env },
      io,
      deps,
    );
    return { code, stdout, stderr };
  };
  /** Runs with --json, expects `code`, and parses stdout as one document. */
  const json = async <T = Record<string, unknown>>(
    args: string[],
    code = EXIT_OK,
    env: Record<string, string> = {},
    opts: RunOptions = {},
  ): Promise<T> => {
    const result = await run([...args, "--json"], env, opts);
    assert.equal(
      result.code,
      code,
      `${args.join(" ")}: ${result.stderr}${result.stdout}`,
    );
    return JSON.parse(result.stdout) as T;
  };
  return { mock, deps, run, json, prompts };
}

/** A launch on the emulator, for tests that need an instance. */
export const LAUNCH = [
  "launch",
  "--type",
  "gpu_1x_a10",
  "--region",
  "us-west-1",
];
