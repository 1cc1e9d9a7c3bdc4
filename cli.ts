/**
 * The command-line tool for Lambda Cloud GPU instances.
 *
 * ```sh
 * deno install -g -A -n lambda jsr:@gpufleet/lambda/cli
 * lambda types --available
 * lambda launch --type gpu_1x_a10 --region us-west-1 --ssh-key-file ~/.ssh/id_ed25519.pub --wait
 * lambda instances -o json
 * lambda --mock launch --type gpu_1x_a10 --region us-west-1   # the offline emulator
 * ```
 *
 * The key comes from `LAMBDA_API_KEY` or `~/.lambda_cloud/lambda_keys` and
 * goes only to `https://cloud.lambda.ai`; without one, cloud commands exit
 * with code 3 unless `--mock` asks for the bundled emulator. Exit codes: 0
 * ok, 1 API or cloud error, 2 usage error, 3 no credentials, 130
 * interrupted.
 *
 * The core, {@link runCli}, takes its arguments, environment, streams and
 * dependencies, so a program (or a test) can run the tool in-process.
 *
 * @example
 * ```ts
 * import { defaultCliDeps, runCli } from "@gpufleet/lambda/cli";
 * let out = "";
 * const code = await runCli(
 *   ["regions", "--json", "--mock"],
 *   {},
 *   { stdout: (t) => { out += t; }, stderr: () => {}, isTerminal: () => false },
 *   defaultCliDeps(),
 * );
 * console.log(code, JSON.parse(out).regions.length); // 0 12
 * ```
 *
 * @module
 */

import { LambdaLabsClient } from "./mod.ts";
import { createMockLambda } from "./mock/mod.ts";
import { processIo } from "./cli/output.ts";
import { runCli } from "./cli/main.ts";
import type { CliDeps } from "./cli/target.ts";

export {
  EXIT_API_ERROR,
  EXIT_INTERRUPTED,
  EXIT_NO_CREDENTIALS,
  EXIT_OK,
  EXIT_USAGE,
  runCli,
} from "./cli/main.ts";
export type { CliIo } from "./cli/output.ts";
export type { InterruptSource } from "./cli/interrupt.ts";
export type {
  CliDeps,
  ClientOptions,
  Emulator,
  EmulatorOptions,
  FetchLike,
} from "./cli/target.ts";
/** The provider-neutral types the tool speaks (also exported by the package root). */
export type * from "./src/v1/mod.ts";

/**
 * The real dependencies: {@link LambdaLabsClient} for clients and
 * `createMockLambda` for emulators.
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, runCli } from "@gpufleet/lambda/cli";
 * const encoder = new TextEncoder();
 * const io: CliIo = {
 *   stdout: (text) => Deno.stdout.writeSync(encoder.encode(text)),
 *   stderr: (text) => Deno.stderr.writeSync(encoder.encode(text)),
 *   isTerminal: () => Deno.stderr.isTerminal(),
 * };
 * const code = await runCli(["types", "--available", "--mock"], Deno.env.toObject(), io, defaultCliDeps());
 * console.log(code); // 0 (after the table of the emulator's instance types)
 * ```
 */
export function defaultCliDeps(): CliDeps {
  return {
    createClient: ({ apiKey, baseUrl, fetch, allowInsecureHttp }) =>
      new LambdaLabsClient({
        refId: "gpufleet-cli",
        apiKey,
        baseUrl,
        fetch,
        allowInsecureHttp,
      }),
    createEmulator: (options) => createMockLambda(options),
  };
}

if (import.meta.main) {
  Deno.exit(
    await runCli(
      Deno.args,
      Deno.env.toObject(),
      processIo(),
      defaultCliDeps(),
    ),
  );
}
