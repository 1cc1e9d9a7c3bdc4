// The contract suite: every scenario against every selected target. By
// default (and in CI) the targets are the emulator through its in-process
// fetch and over a loopback socket; `deno task contract:live` selects the real
// API. On the emulator every response is also checked against openapi.json,
// and after cleanup the emulator's account must be as the run found it. The
// emulator is as unkind as the real API (rate limits, sparse answers); the
// scenarios the provider cannot pass yet are in provider_gaps.ts, and must
// fail there for the reason given.
import assert from "node:assert/strict";
import { runOrExpectGap } from "./provider_gaps.ts";
import { SCENARIOS } from "./scenarios/mod.ts";
import { emulatorLeftovers, openTarget, selectedKinds } from "./target.ts";

for (const kind of selectedKinds()) {
  for (const scenario of SCENARIOS) {
    const live = kind === "live";
    const allowLaunch = Deno.env.get("LAMBDA_CONTRACT_ALLOW_LAUNCH") === "1";
    Deno.test({
      name: `[${kind}] ${scenario.name}`,
      ignore: live && (scenario.emulatorOnly !== undefined ||
        (scenario.mutates && !allowLaunch)),
      async fn() {
        const target = await openTarget(kind);
        const keysBefore = target.mock?.state.sshKeys.map((k) => k.id) ?? [];
        const run = () => scenario.run(target).finally(() => target.close());
        // A known gap of the provider must fail, for the reason named.
        if (live) await run();
        else if (
          await runOrExpectGap(
            [`[${kind}] ${scenario.name}`, scenario.name],
            run,
          )
        ) return;
        assert.deepEqual(
          target.violations,
          [],
          "every emulator response conforms to openapi.json",
        );
        if (target.mock) {
          assert.deepEqual(
            emulatorLeftovers(target.mock, keysBefore),
            [],
            "cleanup leaves the account as the run found it",
          );
        }
      },
    });
  }
}
