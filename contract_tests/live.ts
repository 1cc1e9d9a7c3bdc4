/**
 * `deno task contract:live`: the contract suite against the real Lambda Cloud
 * API. Without `LAMBDA_API_KEY` it says it was skipped and exits 0. With a key
 * it runs the read-only scenarios; scenarios that launch instances (and cost
 * money) run only with `LAMBDA_CONTRACT_ALLOW_LAUNCH=1`, and terminate what
 * they launched even when a step fails. Then it runs the read-only scenarios
 * on the emulator as well and prints a table of the differences (status
 * codes, error codes, fields present on one side only): a fidelity report
 * to send back.
 *
 * @module
 */
if (!Deno.env.get("LAMBDA_API_KEY")) {
  console.log("contract:live skipped: LAMBDA_API_KEY is not set");
  Deno.exit(0);
}
const launching = Deno.env.get("LAMBDA_CONTRACT_ALLOW_LAUNCH") === "1";
console.log(
  `contract:live against ${
    Deno.env.get("LAMBDA_BASE_URL") ?? "https://cloud.lambda.ai"
  }: ${
    launching
      ? "read-only and launching scenarios (billed)"
      : "read-only scenarios"
  }`,
);
const { code } = await new Deno.Command(Deno.execPath(), {
  // The suite imports test-only packages, locked in deno.dev.lock.
  args: [
    "test",
    "--lock=deno.dev.lock",
    "--allow-all",
    "contract_tests/contract_test.ts",
  ],
  env: { CONTRACT_TARGET: "live" },
  stdout: "inherit",
  stderr: "inherit",
}).output();

// The fidelity report: the same read-only scenarios on the emulator the
// suite uses, compared with the live answers. Differences are reported,
// not failed on: they are what the emulator has to learn.
const { runDifferential } = await import("./differential.ts");
const { differences, table } = await runDifferential();
console.log(
  `\nDifferential report: the live API vs the emulator (${differences.length} differences; values are not compared)\n`,
);
console.log(table);
Deno.exit(code);
