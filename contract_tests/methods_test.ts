// The method table against the interface, the provider and the scenarios.
import assert from "node:assert/strict";
import {
  ALL_CAPABILITIES,
  CLOUD_CLIENT_METHODS,
  type CloudClientMethod,
  NotImplementedError,
} from "../mod.ts";
import {
  METHOD_TABLE,
  SCENARIO_CAPABILITIES,
  supportedMethods,
  unsupportedMethods,
} from "./methods.ts";
import { SCENARIOS } from "./scenarios/mod.ts";
import { openTarget } from "./target.ts";

Deno.test("the table names every CloudClient method, and nothing else", () => {
  assert.deepEqual(
    Object.keys(METHOD_TABLE).sort(),
    [...CLOUD_CLIENT_METHODS].sort(),
  );
});

Deno.test("every supported method has a behaviour scenario", () => {
  const covered = new Set<CloudClientMethod>(
    SCENARIOS.flatMap((s) => s.covers),
  );
  const uncovered = supportedMethods().filter((m) => !covered.has(m));
  assert.deepEqual(uncovered, [], "supported methods without a scenario");
  const unsupportedCovered = unsupportedMethods().filter((m) => covered.has(m));
  assert.deepEqual(
    unsupportedCovered,
    [],
    "scenarios claim unsupported methods",
  );
});

Deno.test("the table and getCapabilities() agree", async () => {
  const target = await openTarget("emulator-fetch");
  try {
    const claimed = new Set(await target.client.getCapabilities());
    for (const capability of ALL_CAPABILITIES) {
      const methods = CLOUD_CLIENT_METHODS.filter((m) =>
        METHOD_TABLE[m].capability === capability
      );
      const expected = methods.length > 0
        ? methods.every((m) => METHOD_TABLE[m].support === "supported")
        : capability in SCENARIO_CAPABILITIES;
      assert.equal(
        claimed.has(capability),
        expected,
        `capability ${capability}: claimed ${claimed.has(capability)}`,
      );
    }
  } finally {
    await target.close();
  }
});

for (const method of unsupportedMethods()) {
  Deno.test(`unsupported: ${method} rejects with NotImplementedError and sends nothing`, async () => {
    const target = await openTarget("emulator-fetch");
    try {
      const fn = target.client[method] as (...args: unknown[]) => unknown;
      const err = await Promise.resolve()
        .then(() => fn.call(target.client, "i-1", "gpu_1x_a10"))
        .then(() => assert.fail(`${method} resolved`), (e: unknown) => e);
      assert.ok(err instanceof NotImplementedError, String(err));
      assert.equal(err.code, "not-implemented");
      assert.equal(target.exchanges.length, 0, "no request was sent");
    } finally {
      await target.close();
    }
  });
}
