/**
 * The command-line tool for Lambda Cloud GPU instances.
 *
 * ```sh
 * deno task cli types --available
 * deno task cli launch --type gpu_1x_a10 --region us-west-1 --ssh-key-file ~/.ssh/id_ed25519.pub --wait
 * deno task cli instances --json
 * deno run -A jsr:@gpufleet/lambda/cli --help
 * ```
 *
 * Without `LAMBDA_API_KEY` (or with `--mock`) it talks to the bundled
 * emulator; `deno task cli mock` serves one that several calls can share.
 * Exit codes: 0 ok, 1 API or cloud error, 2 usage error.
 *
 * The core, {@link runCli}, takes its arguments, environment, streams and
 * dependencies, so a program (or a test) can run the tool in-process.
 *
 * @example
 * ```ts
 * import { defaultCliDeps, runCli } from "./cli.ts";
 * let out = "";
 * const code = await runCli(
 *   ["regions", "--json", "--mock"],
 *   {},
 *   { stdout: (t) => { out += t; }, stderr: () => {}, isTerminal: () => false },
 *   defaultCliDeps(),
 * );
 * console.log(code, JSON.parse(out).length);
 * ```
 *
 * @module
 */

import { LambdaLabsClient } from "./mod.ts";
import { createMockLambda } from "./mock/mod.ts";
import { processIo } from "./cli/output.ts";
import { runCli } from "./cli/main.ts";
import type { CliDeps } from "./cli/target.ts";

export { EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, runCli } from "./cli/main.ts";
export type { CliIo } from "./cli/output.ts";
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
 * import { defaultCliDeps, runCli } from "./cli.ts";
 * import { processIo } from "./cli/output.ts";
 * Deno.exit(await runCli(Deno.args, Deno.env.toObject(), processIo(), defaultCliDeps()));
 * ```
 */
export function defaultCliDeps(): CliDeps {
  return {
    createClient: ({ apiKey, baseUrl, fetch }) =>
      new LambdaLabsClient({ refId: "gpufleet-cli", apiKey, baseUrl, fetch }),
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
