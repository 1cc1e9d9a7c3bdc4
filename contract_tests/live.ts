/**
 * `deno task contract:live`: the contract suite against the real Lambda Cloud
 * API. Without `LAMBDA_API_KEY` it says it was skipped and exits 0. With a key
 * it runs the read-only scenarios; scenarios that launch instances (and cost
 * money) run only with `LAMBDA_CONTRACT_ALLOW_LAUNCH=1`, and terminate what
 * they launched even when a step fails.
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
  args: ["test", "--allow-all", "contract_tests/contract_test.ts"],
  env: { CONTRACT_TARGET: "live" },
  stdout: "inherit",
  stderr: "inherit",
}).output();
Deno.exit(code);
